"""The map as a Streamlit custom component (v2, in the page itself, no iframe): kart.js + kart.css.

``draw`` sends one view (a MapSpec); the browser keeps the Leaflet map and each year's polygons and
only restyles them. On a session's first view the page sends the map alone (``stop_until_drawn``):
the component sends the READY trigger once Leaflet and the geometry are loaded, and that rerun
sends the rest of the page (see docs/decisions and bench/bench_vs_peer.py)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from .. import state
from . import protocol
from .spec import MapSpec

HERE = Path(__file__).parent
_COMPONENT = None


def _component():
    global _COMPONENT
    if _COMPONENT is None:
        _COMPONENT = st.components.v2.component(
            protocol.COMPONENT, js=(HERE / "kart.js").read_text(encoding="utf-8"),
            css=(HERE / "kart.css").read_text(encoding="utf-8"), isolate_styles=False)
    return _COMPONENT


def _on_click(codes: frozenset) -> None:
    """A click on a kommune selects it (a callback: it runs before the page, so no extra rerun)."""
    code = (st.session_state.get(protocol.KEY) or {}).get(protocol.CLICK)
    if code in codes:
        state.set_kommune(code)


def _on_ready() -> None:
    st.session_state[state.MAP_DRAWN] = True


_ENCODED: dict = {}  # id of a shared spec dict -> (the dict, its JSON bytes with wait=False, with wait=True)


def encoded(spec: dict, wait: bool) -> bytes:
    """The spec as JSON bytes, made once per shared spec (data.map_spec's dicts live in cache_resource):
    Streamlit forwards bytes as they are, where a dict is JSON-encoded twice on every rerun (for the
    element's identity and for the message) - about a fifth of a map rerun's time (py-spy)."""
    import json

    hit = _ENCODED.get(id(spec))
    if hit is None or hit[0] is not spec:
        if len(_ENCODED) > 512:
            _ENCODED.clear()
        text = json.dumps({**spec, "wait": False}, separators=(",", ":"))
        hit = _ENCODED[id(spec)] = (spec, text.encode(), json.dumps({**spec, "wait": True}, separators=(",", ":")).encode())
    return hit[2] if wait else hit[1]


# A changed map is sent, then the script pauses this long before the rest of the page: Streamlit's
# frontend renders the messages that arrive together in one batch, so without the pause the new map
# waited for the whole page (a change of year, click -> map painted, median 0,21 s; with 40 ms: 0,11 s;
# 80 ms: 0,13 s; measured in Chromium, bench/bench_targets.py). The thread sleeps: no server CPU.
PAINT_FIRST_S = 0.04
LAST_TOKEN = "kk_map_token"  # the last map view sent to this session


def draw(spec: MapSpec | dict) -> None:
    """Send one view: a MapSpec or its ``to_dict()`` (shared by every session: not changed here)."""
    import time

    data = spec.to_dict() if isinstance(spec, MapSpec) else spec
    codes = frozenset(data["cls"])
    drawn = bool(st.session_state.get(state.MAP_DRAWN))
    _component()(data=encoded(data, not drawn), key=protocol.KEY,
                 **{f"on_{protocol.CLICK}_change": lambda: _on_click(codes),
                    f"on_{protocol.READY}_change": _on_ready})
    if drawn and st.session_state.get(LAST_TOKEN) not in (None, data["token"]):
        time.sleep(PAINT_FIRST_S)  # let the browser paint the new map before the rest of the page comes
    st.session_state[LAST_TOKEN] = data["token"]


def stop_until_drawn() -> None:
    """On a session's first view, stop after the map; the READY trigger's rerun sends the rest."""
    if not st.session_state.get(state.MAP_DRAWN):
        st.stop()
