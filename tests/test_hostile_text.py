"""Text from files, links and APIs is shown as text: no link, autolink or HTML element is made from
it on any page (a user's indicator named with the payloads, a link with them) or in any export."""

import io
import re

import pandas as pd
import pytest

from kommunekart.pipeline import userdata
from kommunekart.render import export
from kommunekart.sources.catalogue import Indicator
from kommunekart.web import state as S
from tests.helpers import ROOT, shown, shown_before

pytestmark = pytest.mark.mirror  # every test here reads the mirror's data

PAYLOAD = (
    "[Klikk her](https://example.invalid/login) <img src=x onerror=alert(1)> "
    "www.example.invalid $x$"
)
# what Markdown would turn into a link, an autolink, an element or LaTeX when not escaped
LINK_MARKS = re.compile(r"(?<!\\)\]\(http|https:/|www\.example|(?<!\\)<img|(?<!\\)\$x(?<!\\)\$")


def markdown_of(at):
    kinds = (
        "title",
        "subheader",
        "header",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    )
    out = [el.value for kind in kinds for el in getattr(at, kind)]
    out += [str(link.proto.label) for link in at.get("page_link")]
    # st.table (none now: tables.text_table) reads cells, row labels and columns as Markdown
    for table in at.table:
        out += [str(v) for v in table.value.to_numpy().ravel()] + [
            str(i) for i in table.value.index
        ]
        out += [str(c) for c in table.value.columns]
    return out


def html_of(at):
    """The bodies of st.html elements (the map's legend): HTML, where the payload must be escaped
    text."""
    return [el.proto.body for el in at.get("html")]


def overlay(real_dataset):
    ind = Indicator(
        id="egen_x",
        names={"nb": PAYLOAD},
        theme="egne",
        kind="count",
        unit_names="",
        higher_is_better=True,
        decimals=0,
        data="egen",
        definitions={"nb": PAYLOAD},
        source_names=PAYLOAD,
        caveats={"nb": PAYLOAD},
    )
    values = pd.DataFrame(
        {
            "kommunenummer": sorted(real_dataset.codes(2024)),
            "year": 2024,
            "value": 1.0,
            "status": "",
        }
    )
    values.loc[0, "value"] = 5.0
    return userdata.with_user_indicator(real_dataset, ind, values)


@pytest.mark.parametrize(
    "page",
    ["app.py", "sider/kommuneprofil.py", "sider/storrelsesgrupper.py", "sider/sammenlign.py"],
)
def test_a_users_indicator_named_with_links_and_html_makes_no_link_on_any_page(real_dataset, page):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    shown_before(at)
    at.session_state[S.OVERLAY] = overlay(real_dataset)
    for k, v in {"indikator": "egen_x", "aar": "2024", "kommune": "0301"}.items():
        at.query_params[k] = v
    if page != "app.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    texts = markdown_of(at)
    assert any("Klikk her" in shown(x) for x in texts)  # the name is there, as text
    for text in texts:
        assert not LINK_MARKS.search(text), text
    bodies = html_of(at)
    for body in bodies:  # no element or link made of the payload in the page's own HTML
        assert "<img src=x" not in body and "<a " not in body, body
    # the map's legend, the profile's and comparison's tables
    if page != "sider/storrelsesgrupper.py":
        assert any("&lt;img src" in b for b in bodies)  # name the indicator, as text


def test_a_link_with_a_payload_gets_a_notice_that_shows_it_as_text():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    shown_before(at)
    at.query_params["indikator"] = PAYLOAD
    at.query_params["kommune"] = "<b>0301</b>"
    at.run()
    assert not at.exception
    notices = [i.value for i in at.info]
    assert any("Klikk her" in shown(n) for n in notices)
    assert not any(LINK_MARKS.search(n) for n in notices)


def test_exports_keep_the_payload_as_inert_text(real_dataset):
    ds = overlay(real_dataset)
    ind = ds.catalogue["egen_x"]
    frame = export.view_frame(ds.tables[("egen_x", 2024)], ind, 2024)
    meta = export.export_meta(ind.name, 2024, ds.built_at, [ind])
    xlsx = export.frame_xlsx(frame, meta)
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.hyperlink is None and cell.data_type != "f"


def test_every_download_works_for_an_imported_indicator(real_dataset):
    """PNG, SVG, the standalone HTML, CSV and XLSX of a user's own indicator (they once failed)."""
    import xml.etree.ElementTree as ET

    from kommunekart.render import figures
    from kommunekart.render.figures import UTM33
    from kommunekart.render.legend import map_legend
    from kommunekart.web import data
    from kommunekart.web.map_component.standalone import standalone_html
    from kommunekart.web.urlstate import View

    ds = overlay(real_dataset)
    view = View("egen_x", 2024, "0301")
    ind, table, classes = (
        ds.catalogue["egen_x"],
        ds.tables[("egen_x", 2024)],
        data.classes(ds, view),
    )
    k, f = ds.kommuner[2024].to_crs(UTM33), ds.fylker[2024].to_crs(UTM33)
    png = figures.figure_bytes(
        figures.map_figure(k, f, table, classes, ind, 2024, "0301", "lysbilde"), "png"
    )
    assert png.startswith(b"\x89PNG")
    svg = figures.figure_bytes(
        figures.map_figure(k, f, table, classes, ind, 2024, "0301", "artikkel"), "svg"
    )
    texts = " ".join(
        "".join(el.itertext()) for el in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    )
    assert "Klikk her" in texts and "$x$" in texts  # the name as text, "$" not read as mathtext
    page = standalone_html(
        ds.kommuner[2024],
        ds.fylker[2024],
        table,
        classes,
        ind,
        2024,
        "0301",
        map_legend(classes, ind, 2024),
    )
    # JSON in a script is not HTML
    outside_scripts = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
    assert "<img src=x" not in outside_scripts and "&lt;img src=x" in outside_scripts
    # the data cannot close a script
    assert "</script><" not in re.sub(r"</script>\s*(<script|</body>)", "", page)
    frame = export.view_frame(table, ind, 2024)
    assert export.frame_csv(frame).startswith(b"\xef\xbb\xbf") and export.frame_xlsx(
        frame, {"Tittel": ind.name}
    )


@pytest.mark.parametrize("page", [None, "sider/data.py", "sider/kommuneprofil.py"])
def test_a_repeated_link_key_and_a_bad_value_are_said_on_every_page(page):
    from tests.helpers import open_page

    at = open_page(page, aar=["2024", "2022"], indikator="finnesikke")
    assert not at.exception
    said = " ".join(shown(i.value) for i in at.info)
    assert "«aar» flere ganger" in said and "«2024»" in said, said
    assert "Fant ikke indikatoren «finnesikke»" in said, said
