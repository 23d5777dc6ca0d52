"""Shared AppTest helper: open a page of the app as a visitor following a link would."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

from kommunekart.web.state import MAP_DRAWN

ROOT = Path(__file__).resolve().parent.parent


def open_page(page: str | None = None, **params) -> AppTest:
    """Run app.py (the router) with these URL parameters, on ``page`` (e.g. "sider/kommuneprofil.py")."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[MAP_DRAWN] = True  # what the browser reports once the map is drawn (kart.js)
    for k, v in params.items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    return at.run()
