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


def draw(spec: MapSpec) -> None:
    spec.wait = not st.session_state.get(state.MAP_DRAWN)
    _component()(data=spec.to_dict(), key=protocol.KEY,
                 **{f"on_{protocol.CLICK}_change": lambda: _on_click(frozenset(spec.cls)),
                    f"on_{protocol.READY}_change": _on_ready})


def stop_until_drawn() -> None:
    """On a session's first view, stop after the map; the READY trigger's rerun sends the rest."""
    if not st.session_state.get(state.MAP_DRAWN):
        st.stop()
