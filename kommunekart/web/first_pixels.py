"""First pixels from the server (issue 34, decision 0017): the first HTML of the map page carries a
drawing of the address's map (render.first_drawing) as an inert <template>; kart.js puts it in the
map's box as soon as Streamlit's frontend mounts the map, sized and placed as Leaflet will draw the
same map, and takes it away once Leaflet has painted over it. Streamlit's frontend needs ~0,9 s
before any element of the page exists, so the drawing cannot come before the box does without
guessing where the box will be (a jump); in the box it shows while Leaflet and the year's geometry
(~0,3 MB) load.

Made only when the server already holds the data (the first HTML never waits for them), for the
map page and a view the address names; ``KOMMUNEKART_FORSTE_TEGNING=0`` turns it off (the A/B of
bench/bench_first_pixels.py). The token is the live spec's: a drawing of another view is never
shown."""

from __future__ import annotations

import html
import logging
import os
from collections import OrderedDict
from urllib.parse import parse_qs

TEMPLATE_ID = "kk-forste"
_PATHS: dict[tuple[str, int], dict[str, str]] = {}
_MADE: OrderedDict[tuple, bytes] = OrderedDict()


def enabled() -> bool:
    return os.environ.get("KOMMUNEKART_FORSTE_TEGNING", "1") != "0"


def outlines(ds, year: int, fylker: bool = False) -> dict[str, str]:
    """The year's kommune (or fylke) outlines as SVG paths, made once per dataset and year."""
    from kommunekart.render.first_drawing import outlines as make

    key = (ds.key, int(year), fylker)
    if key not in _PATHS:
        areas = (ds.fylker if fylker else ds.kommuner)[int(year)]
        _PATHS[key] = make(areas, "fylkenummer" if fylker else "kommunenummer")
    return _PATHS[key]


def template(query_string: bytes, embedded: bool) -> bytes:
    """``<template id="kk-forste" data-token=…>`` with the SVG of the address's map view, or b""
    (off, the data not loaded yet, or anything wrong: the page is then as it was)."""
    from kommunekart.web import data

    if not enabled() or not data._SHARED:
        return b""
    key = (query_string, embedded)
    if key in _MADE:
        _MADE.move_to_end(key)
        return _MADE[key]
    try:
        out = _make(data.shared(), query_string, embedded)
    except Exception:  # the live map still comes; only its early drawing is missing
        logging.getLogger("kommunekart").exception("Første tegning av kartet feilet")
        out = b""
    _MADE[key] = out
    if len(_MADE) > 256:
        _MADE.popitem(last=False)
    return out


def _make(ds, query_string: bytes, embedded: bool) -> bytes:
    import json

    from kommunekart.base.strings import language
    from kommunekart.render.first_drawing import drawing
    from kommunekart.web import data, static_embed

    view, _notices = static_embed.parse(ds, parse_qs(query_string.decode("latin-1")))
    with language(view.lang or "nb"):
        spec = data.map_spec(ds, view, embedded)
    d = json.loads(spec.drawn)
    svg = drawing(
        outlines(ds, view.year),
        d["cls"],
        d["colours"],
        d.get("selected"),
        d.get("dim") or (),
        fylker=outlines(ds, view.year, fylker=True),
    )
    e = html.escape
    return (
        f'<template id="{TEMPLATE_ID}" data-token="{e(d["token"])}" data-height="{e(d["height"])}">'
        f"{svg}</template>"
    ).encode()
