"""The server's two answers outside Streamlit's: /innebygd (a view's static embed, web.static_embed)
and /oembed (how a CMS embeds by a view's address). ASGI middleware in front of Streamlit's app
(serve.mend_streamlit): a reader of a static embed never opens a Streamlit session. Bad input (an
unknown view value, a foreign address, a huge query) gets an answer in words, never a traceback."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from urllib.parse import parse_qs, urlencode

HASHED = ("app/static/geo/", "app/static/embed/")  # file names with their content's hash
YEAR = 365 * 86400
MAX_QUERY = 2000  # bytes of query string: a view's address is far shorter
DAY = 86400


def _origin(scope) -> str:
    headers = {
        k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
    }
    scheme = headers.get("x-forwarded-proto", scope.get("scheme", "http")).split(",")[0].strip()
    host = headers.get("host", "localhost")
    return f"{scheme}://{host}"


def _lasting(send, hashed: bool):
    """Streamlit (1.67) sends its static files with «Cache-Control: public» and no lifetime, so a
    returning visitor asks for the geometry again: a content-hashed file gets a year, immutable;
    the others (Leaflet, whose version changes with the project's pin) a day."""

    async def wrapped(message):
        if message["type"] == "http.response.start" and message.get("status") == 200:
            headers = [
                (k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"
            ]
            life = f"public, max-age={YEAR}, immutable" if hashed else f"public, max-age={DAY}"
            headers.append((b"cache-control", life.encode()))
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


class StaticEmbed:
    def __init__(self, app):
        self.app = app
        self._pages: OrderedDict[str, tuple[str, bytes]] = OrderedDict()  # query -> (etag, body)

    @staticmethod
    def base() -> str:
        from streamlit import config

        return (config.get_option("server.baseUrlPath") or "").strip("/")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        from kommunekart.web.static_embed import OEMBED, ROUTE

        base = self.base()
        path = scope.get("path", "/").strip("/")
        if base and path.startswith(base):
            path = path[len(base) :].strip("/")
        from kommunekart.web.chart_embed import KEYS

        page_id = "kart"
        if path.startswith(ROUTE + "/") and path[len(ROUTE) + 1 :] in KEYS:
            page_id, path = path[len(ROUTE) + 1 :], ROUTE
        if path.startswith("app/static/"):  # the app's own files: a lifetime (see _lasting)
            return await self.app(scope, receive, _lasting(send, path.startswith(HASHED)))
        if path not in (ROUTE, OEMBED):
            return await self.app(scope, receive, send)
        query = scope.get("query_string", b"")
        if len(query) > MAX_QUERY:
            return await self._text(send, 414, "innebygd.for_lang")
        from kommunekart.web import data

        try:
            if not data._SHARED:  # the server is still loading its data: wait for it (a reader's
                # frame shows the map a moment later rather than an error)
                await asyncio.to_thread(data.preload)
            if path == ROUTE:
                return await self._embed(scope, send, query, page_id)
            return await self._oembed(scope, send, query)
        except Exception:
            logging.getLogger("kommunekart").exception("Innebygd visning feilet")
            return await self._text(send, 500, "innebygd.feil")

    async def _embed(self, scope, send, query: bytes, page_id: str):
        etag, body = await asyncio.to_thread(self._page, query, page_id)
        match = dict(scope.get("headers", [])).get(b"if-none-match", b"").decode("latin-1")
        if match.strip('"W/ ') == etag:
            return await self._send(send, 304, b"", "text/html; charset=utf-8", etag)
        return await self._send(send, 200, body, "text/html; charset=utf-8", etag)

    def _page(self, query: bytes, page_id: str) -> tuple[str, bytes]:
        from kommunekart.web import data, static_embed
        from kommunekart.web.page_head import PAGES

        key = page_id + "?" + query.decode("latin-1")
        if key in self._pages:
            self._pages.move_to_end(key)
            return self._pages[key]
        ds = data.shared()
        view, notices = static_embed.parse(ds, parse_qs(query.decode("latin-1")))
        # relative to the embed's own address: the same file for every host and replica
        up = "./" if page_id == "kart" else "../"
        live = f"{up}{PAGES[page_id][3]}?" + urlencode(static_embed.view_params(view, page_id))
        out = static_embed.written(ds, view, notices, live, page_id=page_id)
        self._pages[key] = out
        if len(self._pages) > 512:
            self._pages.popitem(last=False)
        return out

    async def _oembed(self, scope, send, query: bytes):
        from kommunekart.web import data, static_embed

        q = {k: v[-1] for k, v in parse_qs(query.decode("latin-1")).items()}
        url = q.get("url", "")
        base = f"{_origin(scope)}/{self.base()}".rstrip("/")
        if q.get("format", "json") != "json":
            return await self._text(send, 501, "innebygd.bare_json")
        if not url.startswith(base + "/"):
            return await self._text(send, 404, "innebygd.fremmed")
        maxwidth = q.get("maxwidth", "")
        answer = await asyncio.to_thread(
            static_embed.oembed,
            data.shared(),
            url,
            base,
            int(maxwidth) if maxwidth.isdigit() else None,
        )
        if answer is None:
            return await self._text(send, 404, "innebygd.ikke_kart")
        body = json.dumps(answer, ensure_ascii=False).encode()
        return await self._send(send, 200, body, "application/json; charset=utf-8", None)

    async def _text(self, send, status: int, key: str, retry: bool = False):
        from kommunekart.base.strings import t

        extra = [(b"retry-after", b"2")] if retry else []
        body = (t(key) + "\n").encode()
        return await self._send(send, status, body, "text/plain; charset=utf-8", None, extra)

    @staticmethod
    async def _send(send, status, body: bytes, ctype: str, etag: str | None, extra=()):
        headers = [
            (b"content-type", ctype.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"x-content-type-options", b"nosniff"),
        ]
        if etag:  # a view's page changes only with the data: a day, then asked again (ETag)
            headers += [
                (b"etag", f'"{etag}"'.encode()),
                (b"cache-control", f"public, max-age={DAY}".encode()),
            ]
        else:
            headers.append((b"cache-control", b"no-store"))
        await send({"type": "http.response.start", "status": status, "headers": [*headers, *extra]})
        await send({"type": "http.response.body", "body": body, "more_body": False})
