"""A page's first visit in a session comes in two parts: the page sends what a reader looks at first
(its title and main figure) and stops; a small component at the end of that part tells the server
once the browser has shown it, and that rerun sends the rest of the page. Streamlit's frontend shows
the elements of a run together, once the code of every element in it is loaded (Vega, the table
grid), so without the stop the main figure waited for the whole page (docs/decisions/0009). The map
has its own signal (map_component: Leaflet and the geometry loaded). As on the map, the sidebar's
controls come with the rest: their code (selectbox, radio) held the first part back too."""

from __future__ import annotations

import streamlit as st

from kommunekart.web import state

COMPONENT = "kommunekart.vist"
SHOWN = "vist"  # trigger: the first part is on the screen
_JS = """export default function (component) {
  const host = component.parentElement, data = component.data;
  if (data && data.trigger && !host.__kkShown) {
    host.__kkShown = true;  // once per element: a rerun that draws it again does not ask again
    // after the frame that shows the first part, so the rest does not hold it back
    requestAnimationFrame(function () { component.setTriggerValue(data.trigger, true); });
  }
}"""
_COMPONENT = None


def _component():
    global _COMPONENT
    if _COMPONENT is None:
        _COMPONENT = st.components.v2.component(COMPONENT, js=_JS)
    return _COMPONENT


def _on_shown(page_id: str) -> None:
    st.session_state.setdefault(state.SHOWN, set()).add(page_id)


def stop_until_shown(page_id: str) -> None:
    """End of the page's first part: on its first visit in this session, stop here until the browser
    has shown it; later runs go on to the rest at once."""
    if page_id in st.session_state.get(state.SHOWN, ()):
        return
    _component()(
        data={"trigger": SHOWN},
        key=f"kk_vist_{page_id}",
        **{f"on_{SHOWN}_change": lambda: _on_shown(page_id)},
    )
    state.stop_run()
