"""Static exports: the map PNG/SVG and the XLSX with its metadata sheet (pure functions)."""

import io
import xml.etree.ElementTree as ET

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from PIL import Image
from shapely.geometry import box

from kommunekart.analysis import classify
from kommunekart.render import charts, export, figures


@pytest.fixture
def view(catalogue):
    kommuner = gpd.GeoDataFrame(
        {"kommunenummer": ["0001", "0002", "0003"]},
        geometry=[box(0, 0, 1e5, 1e5), box(1e5, 0, 2e5, 1e5), box(0, 1e5, 1e5, 3e5)],
        crs=25833,
    )
    fylker = gpd.GeoDataFrame({"fylkenummer": ["01"]}, geometry=[box(0, 0, 2e5, 3e5)], crs=25833)
    table = pd.DataFrame(
        {
            "kommunenummer": ["0001", "0002", "0003"],
            "name": ["Aby", "Bby", "Cby"],
            "value": [1.0, 0.0, float("nan")],
        }
    )
    ind = catalogue["strategi"]
    return kommuner, fylker, table, classify.classify(table["value"], kind="yesno"), ind


@pytest.mark.parametrize("size, px", [("lysbilde", (2000, 1125)), ("artikkel", (975, 1200))])
def test_map_png_has_the_slide_or_column_size(view, size, px):
    k, f, table, classes, ind = view
    png = figures.figure_bytes(
        figures.map_figure(k, f, table, classes, ind, 2024, "0002", size), "png"
    )
    img = Image.open(io.BytesIO(png))
    assert abs(img.size[0] - px[0]) <= 2 and abs(img.size[1] - px[1]) <= 2


def test_map_svg_is_valid_xml_with_title_legend_source_and_demo_label(view):
    k, f, table, classes, ind = view
    svg = figures.figure_bytes(
        figures.map_figure(k, f, table, classes, ind, 2024, "0002"), "svg"
    ).decode()
    ET.fromstring(svg)  # raises if not well-formed
    for text in (
        "Har strategi for IKT/digitalisering",
        "Mangler data",
        "Kartverket (CC BY 4.0)",
        "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall",
        "2024",
        "Bby",
    ):
        assert any(
            text in (el.text or "")
            for el in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
        ), text


def test_map_images_and_the_standalone_file_say_where_they_come_from(view):
    """The line a reader of a slide needs to find the view again, under the sources: in the image
    and in the standalone HTML (as text)."""
    from kommunekart.render.legend import map_legend
    from kommunekart.web.map_component.standalone import standalone_html

    k, f, table, classes, ind = view
    cite = "Kommunekart, data fra 2026-12-03: /?a=<1>"
    svg = figures.figure_bytes(
        figures.map_figure(k, f, table, classes, ind, 2024, None, cite=cite), "svg"
    ).decode()
    texts = " ".join(
        el.text or "" for el in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    )
    assert cite in texts
    page = standalone_html(
        k.to_crs(4326),
        f.to_crs(4326),
        table.assign(status="", size_class="liten"),
        classes,
        ind,
        2024,
        None,
        map_legend(classes, ind, 2024),
        cite,
    )
    assert "Kommunekart, data fra 2026-12-03: /?a=&lt;1&gt;" in page and "<1>" not in page


def test_xlsx_opens_has_metadata_sheet_and_neutralised_formulas(catalogue):
    frame = pd.DataFrame({"Kommune": ["=cmd|' /C calc'!A0", "Oslo"], "Verdi": [1.0, 2.0]})
    raw = export.frame_xlsx(
        export.pd.DataFrame(frame).map(export.neutralise), {"Tittel": "Test", "Kilde": "SSB"}
    )
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == ["Data", "Om dataene"]
    assert wb["Data"]["A2"].value.startswith("'=")
    meta = {r[0]: r[1] for r in wb["Om dataene"].iter_rows(min_row=2, values_only=True)}
    assert meta["Tittel"] == "Test" and meta["Kilde"] == "SSB" and "Laget" in meta


def test_standalone_html_is_self_contained_and_escaped(catalogue, tiny_kommuner):
    import re

    from kommunekart.render.legend import map_legend
    from kommunekart.web.map_component.standalone import standalone_html

    k = tiny_kommuner[2018]
    f = k.dissolve(by="fylkenummer").reset_index()
    table = pd.DataFrame(
        {
            "kommunenummer": list(k["kommunenummer"]),
            "name": ["<b>A</b>", "B", "C"],
            "value": [1.0, 0.0, float("nan")],
            "status": ["", "", ".."],
            "size_class": ["liten"] * 3,
        }
    )
    classes = classify.classify(table["value"], kind="yesno")
    ind = catalogue["strategi"]
    page = standalone_html(k, f, table, classes, ind, 2018, "0001", map_legend(classes, ind, 2018))
    # nothing fetched from the net
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', page)
    assert "/app/static" not in page
    assert "L.geoJson" in page and "inline:kommune" in page
    assert (
        "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall" in page
        and "Kartverket (CC BY 4.0)" in page
    )
    assert "&lt;b&gt;A&lt;/b&gt;" in page and "<b>A</b>" not in page


def test_chart_export_png_and_svg_carry_title_source_and_label(catalogue):
    import altair as alt

    chart = (
        alt.Chart(pd.DataFrame({"gruppe": ["a", "b"], "verdi": [1, 2]}))
        .mark_bar()
        .encode(x="gruppe:N", y="verdi:Q")
    )
    from kommunekart.render.legend import chart_credits

    svg = charts.chart_export(
        chart, "Tittel med æøå", chart_credits([catalogue["strategi"]]), "svg"
    ).decode()
    texts = " ".join(
        "".join(el.itertext()) for el in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    )
    assert (
        "Tittel med æøå" in texts and "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall" in texts
    )
    real = " ".join(chart_credits([catalogue["bredband_100"]]))
    assert "Kilde: Nkom" in real and "SSB" not in real and "Demonstrasjonsdata" not in real
    png = charts.chart_export(chart, "Tittel", chart_credits([catalogue["folketall"]]), "png")
    assert Image.open(io.BytesIO(png)).format == "PNG"


def test_a_trend_image_fits_a_slide_and_its_years_do_not_overlap(real_dataset):
    """The trend PNG read «2018202020222024»: 20 px per year. A slide is 16:9, an article 760 wide,
    and the year labels stand apart; the unit is written once on the axis."""
    import re

    from kommunekart.analysis import profile
    from kommunekart.render.legend import chart_credits

    ind = real_dataset.catalogue["nettside_vekt"]
    chart = charts.trend_chart(profile.trend(real_dataset, "0301", 2024, ind.id), "Oslo", ind)
    png = Image.open(io.BytesIO(charts.chart_export(chart, "Oslo", chart_credits([ind]), "png")))
    assert png.size == (2560, 1440)  # 1280×720 at scale 2
    assert (
        Image.open(io.BytesIO(charts.chart_export(chart, "Oslo", [], "png", "artikkel"))).size[0]
        == 1520
    )
    svg = charts.chart_export(chart, "Oslo", chart_credits([ind]), "svg").decode()
    root = ET.fromstring(svg)
    years = []
    for el in root.iter("{http://www.w3.org/2000/svg}text"):
        text = "".join(el.itertext())
        if re.fullmatch(r"20\d\d", text):
            years.append(
                float(re.search(r"translate\(([-\d.]+)", el.get("transform", "")).group(1))
            )
    years.sort()
    assert len(years) == 4 and min(b - a for a, b in zip(years, years[1:])) > 100
    texts = [("".join(el.itertext())) for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Forsidens vekt (MB)" in texts and not any("(MB) (MB)" in x for x in texts)
