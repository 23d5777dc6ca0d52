"""Shared test helpers: open a page of the app as a visitor following a link would; read notes and
problems as the text a user sees."""

from contextlib import contextmanager
from pathlib import Path

from streamlit.testing.v1 import AppTest

from kommunekart.web.state import MAP_DRAWN, SHOWN

ROOT = Path(__file__).resolve().parent.parent


def open_page(page: str | None = None, **params) -> AppTest:
    """Run app.py (the router) with these URL parameters, on ``page`` (e.g.
    "sider/kommuneprofil.py")."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    shown_before(at)
    for k, v in params.items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    return at.run()


def shown_before(at: AppTest) -> AppTest:
    """As after a visitor's first views: the browser has reported the map drawn (kart.js) and each
    page's first part shown (web.first_part), so every run sends the whole page."""
    from kommunekart.web.widgets import PAGES

    at.session_state[MAP_DRAWN] = True
    at.session_state[SHOWN] = set(PAGES)
    return at


def texts(notes) -> list[str]:
    """Notes (codes with parameters) as the Norwegian text a user reads."""
    from kommunekart.base.strings import message

    return [message(n) for n in notes]


@contextmanager
def problem(cls, words: str | None = None, code: str | None = None):
    """Like pytest.raises, and the problem's text (made from its code) must match ``words``."""
    import re

    import pytest

    from kommunekart.base.strings import message

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


def zip_bomb_xlsx(unpacked_mb: int = 200) -> bytes:
    """A valid .xlsx (openpyxl opens it) whose one sheet unpacks to ``unpacked_mb`` MB of rows: well
    under 1 MB on disk. Written in chunks, so making it needs no 200 MB string."""
    import io
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["kommune", "verdi 2024"])
    small = io.BytesIO()
    wb.save(small)
    row = b'<row><c t="inlineStr"><is><t>0301</t></is></c><c><v>1</v></c></row>'
    out = io.BytesIO()
    with (
        zipfile.ZipFile(small) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info))
                continue
            with dst.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                chunk = row * (1024 * 1024 // len(row))
                for _ in range(unpacked_mb):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def html_tables(at: AppTest):
    """The tables drawn as HTML (tables.text_table) as frames of the text a reader sees: the first
    column (each row's header) as the index, named by its column header."""
    from html.parser import HTMLParser

    import pandas as pd

    class Tables(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tables, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.tables.append([])
            elif tag == "tr":
                self.tables[-1].append([])
            elif tag in ("th", "td"):
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("th", "td"):
                self.tables[-1][-1].append(self.cell)
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    out = []
    for el in at.get("html"):
        parser = Tables()
        parser.feed(el.proto.body)
        for head, *rows in parser.tables:
            frame = pd.DataFrame(
                [r[1:] for r in rows], columns=head[1:], index=[r[0] for r in rows]
            )
            frame.index.name = head[0]
            out.append(frame)
    return out
