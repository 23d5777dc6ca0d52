"""The map as a Streamlit custom component (v2, in the page itself, no iframe): kart.js + kart.css.

``draw`` sends one view (a MapSpec); the browser keeps the Leaflet map and each year's polygons and
only restyles them. On a session's first view the page sends the map alone (``stop_until_drawn``):
the component sends the READY trigger once Leaflet and the geometry are loaded, and that rerun
sends the rest of the page (see docs/decisions and bench/bench_vs_peer.py)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kommunekart.web import state
from kommunekart.web.map_component import protocol
from kommunekart.web.map_component.spec import EncodedSpec

HERE = Path(__file__).parent
_COMPONENT = None


def _component():
    global _COMPONENT
    if _COMPONENT is None:
        _COMPONENT = st.components.v2.component(
            protocol.COMPONENT,
            js=(HERE / "kart.js").read_text(encoding="utf-8"),
            css=(HERE / "kart.css").read_text(encoding="utf-8"),
            isolate_styles=False,
        )
    return _COMPONENT


def _on_click(codes: frozenset) -> None:
    """A click on a kommune selects it (a callback: it runs before the page, so no extra rerun)."""
    code = (st.session_state.get(protocol.KEY) or {}).get(protocol.CLICK)
    if code in codes:
        state.set_kommune(code)


def _on_ready() -> None:
    st.session_state[state.MAP_DRAWN] = True


# A changed map is sent, then the script pauses this long before the rest of the page: Streamlit's
# frontend renders the messages that arrive together in one batch, so without the pause the new map
# waited for the whole page (a change of year, click -> map painted, median 0,21 s; with 40 ms: 0,11
# s; 80 ms: 0,13 s; measured in Chromium, bench/bench_targets.py). The thread sleeps: no server CPU.
PAINT_FIRST_S = 0.04
LAST_TOKEN = "kk_map_token"  # the last map view sent to this session


def draw(spec: EncodedSpec) -> None:
    """Send one view (data.map_spec: made once per view, shared by every session)."""
    import time

    drawn = bool(st.session_state.get(state.MAP_DRAWN))
    _component()(
        data=spec.drawn if drawn else spec.waiting,
        key=protocol.KEY,
        **{
            f"on_{protocol.CLICK}_change": lambda: _on_click(spec.codes),
            f"on_{protocol.READY}_change": _on_ready,
        },
    )
    if drawn and st.session_state.get(LAST_TOKEN) not in (None, spec.token):
        # let the browser paint the new map before the rest of the page comes
        time.sleep(PAINT_FIRST_S)
    st.session_state[LAST_TOKEN] = spec.token


def stop_until_drawn() -> None:
    """On a session's first view, stop after the map; the READY trigger's rerun sends the rest."""
    if not st.session_state.get(state.MAP_DRAWN):
        state.stop_run()
