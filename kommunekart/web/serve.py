"""Start the app the way `make run` does: `streamlit run app.py` in this process, with the shared
dataset (the build artefact) and the modules the pages use loaded in a background thread as soon as
the server listens, while the first visitor's browser is still loading Streamlit's frontend (~1 s),
so their page does not wait for them (bench/bench_start.py measures server start to first painted
map). Arguments are passed on to `streamlit run`.

    python -m kommunekart.web.serve [--server.port 8501 ...]
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import threading
from functools import lru_cache
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def _server_started(timeout_s: float = 60) -> None:
    """Wait until Streamlit's runtime is up: loading before that slows the server's own start (both
    want the interpreter), while the browser's ~1 s of loading Streamlit's frontend leaves it idle.
    """
    import time

    from streamlit.runtime import Runtime, RuntimeState

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if Runtime.exists() and Runtime.instance().state not in (RuntimeState.INITIAL,):
            return
        time.sleep(0.02)


def _preload() -> bool:
    from kommunekart.base.errors import Problem
    from kommunekart.base.strings import message

    try:
        import kommunekart.analysis.stats
        import kommunekart.render.export  # noqa: F401  (what the map page imports)
        from kommunekart.web import data, map_component, widgets  # noqa: F401  (loaded ahead)

        data.preload()
        return True
    except Problem as err:  # the data are missing or wrong: said in words (the page says the same)
        logging.getLogger("kommunekart").error(message(err))
        return False
    except Exception:  # the first visitor then loads it and sees what is wrong, in words
        logging.getLogger("kommunekart").exception("Forhåndslasting av datasettet mislyktes")
        return False


def _load_and_warm() -> None:
    """Once the runtime (and its caches) exist: the dataset and the pages' modules, then data.warm
    (what the first visitor would wait for). A visitor who comes sooner waits for the dataset's
    lock, not a second load. Started after the server listens rather than before (as until the
    seventh session): the server answers ~0,7 s sooner, and interleaved bench_start runs (6-8 starts
    each, three rounds) drew the first map 0,2-0,5 s sooner (decision 0009)."""
    _server_started()
    try:  # the page's head for the first visitors (its words: ~0,15 s, off the server's event loop)
        for code in ("nb", "nn", "en"):
            PageHead.page("kart", code, False)
    except Exception:
        logging.getLogger("kommunekart").exception("Sidehodet kunne ikke lages på forhånd")
    if not _preload():
        return
    from kommunekart.web import data

    try:
        data.warm()
        from kommunekart.web import first_pixels

        first_pixels.template(b"", False)  # the front page's drawing (the year's outlines: ~0,3 s)
    except Exception:
        logging.getLogger("kommunekart").exception("Oppvarming mislyktes")


class PageHead:
    """ASGI middleware: Streamlit's page (index.html) comes with what every page of the app needs
    before Streamlit's frontend starts (only Streamlit's own index.html is changed; a download of an
    HTML file, such as the standalone map, is passed on as it is):

    - the app's own address as ``window.__streamlit.BACKEND_BASE_URL`` (Streamlit's frontend setting
      for it). Without it the frontend guesses from the page's address: on /kommuneprofil it first
      asks for /kommuneprofil/_stcore/health, gets a 404 and tries / about 0,11 s later (seen in
      Chromium). The address is the browser's own origin and server.baseUrlPath, so it holds behind
      nginx too.
    - the page's title and description (Streamlit's says "Streamlit": a shared link's preview and
      the browser tab before the script has run), ``<html lang>`` and the app's styles and words,
      for the address's page, language and view (page_head); the script then sends no element for
      them."""

    def __init__(self, app):
        self.app = app

    @staticmethod
    @lru_cache(maxsize=1)
    def index() -> bytes:
        from streamlit import file_util

        return (Path(file_util.get_static_dir()) / "index.html").read_bytes()

    @staticmethod
    def base() -> str:
        from streamlit import config

        return (config.get_option("server.baseUrlPath") or "").strip("/")

    @staticmethod
    @lru_cache(maxsize=32)
    def page(page_id: str | None = "kart", code: str = "nb", embedded_only: bool = False) -> bytes:
        from kommunekart.web import page_head

        base = PageHead.base()
        script = (
            "<script>window.__streamlit=Object.assign({},window.__streamlit,"
            f"{{BACKEND_BASE_URL:location.origin+{json.dumps('/' + base)}}})</script>"
        )
        page = PageHead.index().replace(b'<html lang="en">', f'<html lang="{code}">'.encode(), 1)
        page = page.replace(b"<title>Streamlit</title>", b"", 1)  # page_head gives the page's own
        head = page_head.head(page_id, code, embedded_only)
        return page.replace(b"<head>", b"<head>" + script.encode() + head, 1)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "GET":
            return await self.app(scope, receive, send)
        held: list[dict] = []

        async def send_changed(message):
            if not held and message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                if not headers.get(b"content-type", b"").startswith(b"text/html"):
                    return await send(message)
                held.append(message)
                return None
            if not held:
                return await send(message)
            held.append(message)
            if message.get("more_body"):
                return None
            body = b"".join(m.get("body", b"") for m in held[1:])
            if body == self.index():
                try:
                    from kommunekart.web import page_head

                    page_id = page_head.page_of(scope.get("path", "/"), self.base())
                    query = scope.get("query_string", b"")
                    code, embedded = page_head.view_of(query)
                    body = self.page(page_id, code, embedded)
                    if page_id == "kart":  # a drawing of the address's map (web.first_pixels)
                        from kommunekart.web import first_pixels

                        drawn = await asyncio.to_thread(first_pixels.template, query, embedded)
                        body = body.replace(b"</body>", drawn + b"</body>", 1)
                # Streamlit's page as it is: it works, without the app's title, styles and words
                except Exception:
                    logging.getLogger("kommunekart").exception("Kunne ikke skrive sidehodet")
            start = dict(held[0])
            start["headers"] = [
                (k, str(len(body)).encode() if k == b"content-length" else v)
                for k, v in held[0].get("headers") or []
            ]
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})

        return await self.app(scope, receive, send_changed)


def _with_page_head() -> None:
    """Add PageHead to Streamlit's own middleware (innermost: before its gzip)."""
    # Streamlit's own function (1.67); if a later Streamlit moves it, the pages still work (0,1 s
    # slower)
    try:
        from starlette.middleware import Middleware
        from streamlit.web.server.starlette import starlette_app

        streamlit_middleware = starlette_app.create_streamlit_middleware
    except (ImportError, AttributeError):
        logging.getLogger("kommunekart").warning(
            "Fant ikke Streamlits mellomvare; sidene gjetter appens adresse"
        )
        # and the script sends the styles and the language as elements (page_head.IN_PAGE stays
        # False)
        return
    from kommunekart.web import page_head
    from kommunekart.web.embed_server import StaticEmbed

    starlette_app.create_streamlit_middleware = lambda: [
        *streamlit_middleware(),
        Middleware(PageHead),
        Middleware(StaticEmbed),  # /innebygd and /oembed: answered without a Streamlit session
    ]
    page_head.IN_PAGE = True


def _no_delay() -> None:
    """Every connection the server accepts sends at once (TCP_NODELAY). Streamlit (1.67) binds its
    own listening socket with ``socket.socket(family)``, whose protocol number is 0, and asyncio
    turns Nagle's algorithm off only for sockets that say IPPROTO_TCP; so each answer's second write
    (the body after the headers, a websocket message after another) waited for the browser's delayed
    ACK, about 40 ms: a reused connection took 43 ms per request (curl), and the ~60 files of
    Streamlit's frontend came over the browser's 6 connections in ~0,6 s. Set on the listening
    socket, the option is inherited by every accepted socket (Linux)."""
    import socket

    try:
        from streamlit.web.server.starlette import starlette_server

        bind = starlette_server._bind_socket
    except (ImportError, AttributeError):
        logging.getLogger("kommunekart").warning(
            "Fant ikke Streamlits socket-oppsett; svarene kan bli forsinket"
        )
        return

    def bind_no_delay(address: str, port: int, backlog: int) -> socket.socket:
        sock = bind(address, port, backlog)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    starlette_server._bind_socket = bind_no_delay


def _no_repl_check() -> None:
    """Streamlit's first element in a process checks whether it runs in a Python REPL, to warn those
    who did not start it with `streamlit run`: ``inspect.stack()``, which resolved the path of every
    loaded module, 0,33 s of the first visitor's first run (py-spy of a start). This server is
    `streamlit run`."""
    from streamlit import delta_generator

    if hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True


STOP_WITHIN_S = 10.0


def _stop_within(seconds: float = STOP_WITHIN_S) -> None:
    """A server told to stop (SIGTERM, Ctrl+C) is gone within ``seconds``: once in about 200 test
    starts, a server that had just answered its health check printed «Stopping...» and was still
    there 20 s later (not reproduced in 12 starts, idle or with the cores busy). A replica that does
    not stop holds its port through a redeploy. After ``seconds`` the stacks of every thread go to
    the log (what held it) and the process ends with status 1."""

    def arm() -> None:
        def give_up() -> None:
            import faulthandler
            import os

            logging.getLogger("kommunekart").error(
                "Serveren stoppet ikke på %s s; trådene:", seconds
            )
            faulthandler.dump_traceback(all_threads=True)
            os._exit(1)

        timer = threading.Timer(seconds, give_up)
        timer.daemon = True
        timer.start()

    # Streamlit's own SIGTERM/SIGINT handler (it prints «Stopping...»): the hang came after it,
    # where uvicorn's handle_exit is not called
    from streamlit.web import bootstrap

    set_up = bootstrap._set_up_signal_handler

    def set_up_then_arm(server) -> None:
        import signal

        set_up(server)
        for sig in (signal.SIGTERM, signal.SIGINT):
            theirs = signal.getsignal(sig)
            if callable(theirs):

                def handler(number, frame, theirs=theirs) -> None:
                    arm()
                    theirs(number, frame)

                signal.signal(sig, handler)

    bootstrap._set_up_signal_handler = set_up_then_arm
    try:
        import uvicorn.server
    except ImportError:  # a Streamlit without uvicorn: its own stop, as it is
        return
    original = uvicorn.server.Server.handle_exit

    def handle_exit(self, sig, frame) -> None:
        arm()
        original(self, sig, frame)

    uvicorn.server.Server.handle_exit = handle_exit


def mend_streamlit() -> None:
    """This server's changes to Streamlit's (each logs and steps aside if a later Streamlit moved
    what it changes): the app's address, styles and language in the page, answers without Nagle's
    delay, no REPL check, uploads bounded per session, a stop that ends the process."""
    from kommunekart.web.uploads import cap_uploads, return_big_buffers

    _with_page_head()
    _no_delay()
    _no_repl_check()
    cap_uploads()
    return_big_buffers()
    _stop_within()


def main(argv: list[str] | None = None) -> int:
    # Streamlit is imported whole here before the loading thread starts: the thread imported
    # streamlit.runtime while this thread imported streamlit.web.cli, and one start in ten died with
    # «DeltaGeneratorSingleton instance already exists!» (two threads running Streamlit's package
    # import at once). The thread waits for the server anyway (_server_started), so nothing is lost.
    import streamlit  # noqa: F401  (fails early when missing)
    from streamlit.web import cli

    mend_streamlit()
    threading.Thread(target=_load_and_warm, name="kommunekart-load", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
