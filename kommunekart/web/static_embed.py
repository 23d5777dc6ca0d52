"""Static embeds: a map view as one small HTML page that needs no Streamlit session (no websocket,
no script run, no server memory per reader), and the snippet and oEmbed answer that point to it.

The page is the app's own kart.js with the view's spec (classes, value texts, legend inside the
map, the sources, the demonstration label), Leaflet and the geometry from the app's static files
(/app/static: content-hashed, shared by every view), and under the map the title, the sources, the
data's date and version and a link back to the live view. It tells the page that embeds it its
height (postMessage), which the snippet's small script sets on the frame. Written once per view
into static/embed/<token>.html (content-addressed: the dataset, the language and the view), then
served as that file by serve.StaticEmbed, or by nginx with long-lived caching. Text from data is
escaped (the spec's texts are escaped where they are made, spec.py)."""

from __future__ import annotations

import hashlib
import html
import json
import os
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from kommunekart.base.strings import language, message, t
from kommunekart.pipeline.geoassets import STATIC_DIR, STATIC_URL
from kommunekart.render.legend import built_date, footer_lines, map_legend
from kommunekart.web.chart_embed import PAGE_CSS, RESIZE_JS
from kommunekart.web.map_component.standalone import EXPORT, MAP_CSS, MAP_JS

EMBED_DIR = STATIC_DIR / "embed"
ROUTE = "innebygd"  # /innebygd?<the view's parameters>: the static embed of that view
OEMBED = "oembed"  # /oembed?url=<a view's address>: how a CMS embeds by address
MAP_KEYS = ("indikator", "aar", "fra", "kommune", "klasser", "storrelse", "fylke", "verdi", "sprak")
HEIGHT = 620  # the frame's first height (the page then reports its own)

# the snippet's listener: the height of the frame the message came from, from the app's origin only
LISTENER_JS = (
    "<script>addEventListener('message',function(e){var d=e.data;"
    "if(!d||d.kommunekart!=='hoyde')return;"
    "document.querySelectorAll('iframe[data-kommunekart]').forEach(function(f){"
    "if(f.contentWindow===e.source&&new URL(f.src).origin===e.origin)"
    "f.style.height=Math.min(+d.hoyde,4000)+'px'})});</script>"
)


def view_params(view, page_id: str = "kart") -> dict[str, str]:
    """The parameters a page's static embed keeps (the map's, or a chart page's)."""
    from kommunekart.web.chart_embed import KEYS
    from kommunekart.web.urlstate import to_params

    return to_params(view, MAP_KEYS if page_id == "kart" else KEYS[page_id])


def parse(ds, query: dict):
    """The view a static embed's address asks for (bad values fall back, with notices)."""
    from kommunekart.web import state, urlstate

    return urlstate.parse(
        query,
        ds.catalogue,
        ds.years,
        ds.codes_by_year(),
        state._translate_for(ds),
        years_of=ds.years_with,
    )


def token(ds, view, notices=(), page_id: str = "kart") -> str:
    """The page's name: the dataset, the view (its language included) and what was wrong with the
    address, hashed (the same view of the same data is the same file on every replica)."""
    key = json.dumps(
        [
            ds.key,
            page_id,
            sorted(view_params(view, page_id).items()),
            [str(n) for n in notices],
            EMBED_VERSION,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def page(ds, view, notices, live: str) -> str:
    """The embed's HTML for ``view`` (``live``: the live view's address, the link back)."""
    from kommunekart.web import data

    with language(view.lang or "nb"):
        ind, _table, classes = data.shown(ds, view)
        legend = map_legend(classes, ind, view.year)
        spec = json.loads(data.map_spec(ds, view, True).drawn)
        spec["height"] = "min(78vh, 560px, 118vw)"  # all of Norway at 320 x 400 and on a slide
        spec["prefetch"] = []  # a reader of one view fetches no other year's geometry
        e = html.escape
        heading = f"{legend.title}, {legend.year}"
        said = "".join(f'<p class="kk-merknad">{e(message(n))}</p>' for n in notices)
        foot = [*footer_lines(legend)]
        when = t("innebygd.data", dato=built_date(ds.built_at), versjon=ds.key[:8])
        body = (
            f'<h1 class="kk-tittel">{e(heading)}</h1>{said}<div id="kart"></div>'
            + "".join(f'<p class="kk-liten">{e(x)}</p>' for x in foot)
            + f'<p class="kk-liten">{e(when)} · <a href="{e(live)}" target="_blank" '
            f'rel="noopener">{e(t("innebygd.apne"))}</a></p>'
        )
        spec_json = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
        return (
            f'<!DOCTYPE html><html lang="{e(view.lang or "nb")}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(heading)} - Kommunekart</title>"
            f'<link rel="stylesheet" href="{STATIC_URL}/leaflet/leaflet.css">'
            f"<style>{MAP_CSS.read_text(encoding='utf-8')}{PAGE_CSS}</style></head>"
            f'<body class="kk-innebygd">{body}'
            f'<script src="{STATIC_URL}/leaflet/leaflet.js"></script>'
            "<script>window.__kommunekart={geo:{},leaflet:Promise.resolve(window.L)};"
            f"{RESIZE_JS}</script>"
            '<script type="module">'
            + MAP_JS.read_text(encoding="utf-8").replace(EXPORT, "")
            + "\nrender({data:"
            + spec_json.replace("</", "<\\/")
            + ',parentElement:document.getElementById("kart"),setTriggerValue:function(){}});'
            "</script></body></html>"
        )


EMBED_VERSION = 3  # raise when the page's form changes: every view gets a new file


def written(
    ds, view, notices, live: str, folder: Path = EMBED_DIR, page_id: str = "kart"
) -> tuple[str, bytes]:
    """(token, the page's bytes): read from its file, or made and written once (atomically: a
    reader never sees half a file; two replicas writing at once write the same bytes)."""
    name = token(ds, view, notices, page_id)
    path = folder / f"{name}.html"
    if path.is_file():
        return name, path.read_bytes()
    if page_id == "kart":
        body = page(ds, view, notices, live).encode("utf-8")
    else:
        from kommunekart.web import chart_embed

        body = chart_embed.page(ds, page_id, view, notices, live).encode("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".embed-", dir=folder)
    with os.fdopen(fd, "wb") as f:
        f.write(body)
    os.replace(tmp, path)
    return name, body


def snippet(src: str, title: str) -> str:
    """What a newsroom pastes: the frame of the static page and the listener that gives it its
    height."""
    e = html.escape
    return (
        f'<iframe src="{e(src)}" title="{e(title)}" width="100%" height="{HEIGHT}" '
        'style="border:0" loading="lazy" data-kommunekart></iframe>' + LISTENER_JS
    )


def address(base: str, view, page_id: str = "kart") -> str:
    """The static embed's address of a page's view under the app's address ``base`` (scheme and
    host, and the base path): /innebygd?… for the map, /innebygd/<page>?… for a chart page."""
    where = ROUTE if page_id == "kart" else f"{ROUTE}/{page_id}"
    return f"{base.rstrip('/')}/{where}?{urlencode(view_params(view, page_id))}"


def oembed(ds, url: str, base: str, maxwidth: int | None = None) -> dict | None:
    """The oEmbed answer (type «rich») for a view's address: the map or a chart page (its static
    embed); None for an address that is no such page (the data page)."""
    from urllib.parse import parse_qs, urlsplit

    from kommunekart.web.chart_embed import KEYS
    from kommunekart.web.page_head import PAGES

    parts = urlsplit(url)
    page_path = parts.path.rstrip("/").rsplit("/", 1)[-1] if parts.path.strip("/") else ""
    by_path = {path: pid for pid, (*_x, path) in PAGES.items() if pid == "kart" or pid in KEYS}
    page_id = by_path.get(page_path, "kart" if page_path == ROUTE else None)
    if page_id is None:
        return None
    query = {k: v for k, v in parse_qs(parts.query).items()}
    view, _notices = parse(ds, query)
    with language(view.lang or "nb"):
        if page_id == "kart":
            title = f"{ds.catalogue[view.indicator].name}, {view.year}"
        else:
            from kommunekart.web.chart_embed import chart_of

            title = chart_of(ds, page_id, view)[0]
    width = min(int(maxwidth), 1200) if maxwidth else 600
    return {
        "version": "1.0",
        "type": "rich",
        "provider_name": "Kommunekart",
        "provider_url": base.rstrip("/") + "/",
        "title": title,
        "width": width,
        "height": HEIGHT,
        "html": snippet(address(base, view, page_id), title),
    }
