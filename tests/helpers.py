"""Shared test helpers: open a page of the app as a visitor following a link would; read notes and
problems as the text a user sees."""
from contextlib import contextmanager
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


def texts(notes) -> list[str]:
    """Notes (codes with parameters) as the Norwegian text a user reads."""
    from kommunekart.strings import message

    return [message(n) for n in notes]


@contextmanager
def problem(cls, words: str | None = None, code: str | None = None):
    """Like pytest.raises, and the problem's text (made from its code) must match ``words``."""
    import re

    import pytest

    from kommunekart.strings import message

    with pytest.raises(cls) as err:
        yield err
    if code is not None:
        assert err.value.code == code
    if words is not None:
        assert re.search(words, message(err.value)), message(err.value)


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown text the app made: its backslash escapes removed (the app
    escapes every punctuation character of text that comes from data; strings.md_escape)."""
    import re

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
