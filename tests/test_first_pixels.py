"""The first HTML's drawing of a shared map link (render.first_drawing, web.first_pixels): the
view's kommuner in its class colours, the chosen kommune outlined, in the live map's projection and
extent; made only for the map page, never of text from the address, and never waiting for data."""

import re
from urllib.parse import urlencode

import geopandas as gpd
import pytest
from shapely.geometry import box

from kommunekart.render import first_drawing


def squares():
    return gpd.GeoDataFrame(
        {"kommunenummer": ["0301", "1804", "9999"]},
        geometry=[box(10, 59, 11, 60), box(14, 67, 15, 68), box(5, 62, 5.0001, 62.0001)],
        crs=4326,
    )


def test_each_kommune_is_drawn_in_its_class_colour_and_the_chosen_one_outlined():
    paths = first_drawing.outlines(squares())
    assert set(paths) == {"0301", "1804"}  # 9999 is smaller than a pixel at the first zoom
    svg = first_drawing.drawing(paths, {"0301": 0}, ["#111111", "#222222", "#cccccc"], "1804")
    fills = dict(re.findall(r'<path fill="(#\w+)"[^>]* d="([^"]+)"', svg))
    assert fills["#111111"] == paths["0301"]  # class 0
    assert fills["#cccccc"] == paths["1804"]  # no class: «Mangler data», the last colour
    assert (
        f'stroke="#000" stroke-width="3.5" vector-effect="non-scaling-stroke" d="{paths["1804"]}"'
        in svg
    )


def test_the_drawing_is_in_the_live_maps_projection_and_extent():
    x, y, w, h = first_drawing.frame()
    assert f'viewBox="{x:.1f} {y:.1f} {w:.1f} {h:.1f}"' in first_drawing.drawing(
        {}, {}, ["#fff"], None
    )
    # Oslo's square: its west edge at 10° E in Web Mercator pixels (zoom 0) × UNITS
    d = first_drawing.outlines(squares())["0301"]
    x0, y0 = (int(v) for v in re.match(r"M(-?\d+) (-?\d+)", d).groups())
    xs = [x0]
    for dx, _dy in re.findall(r"l(-?\d+) (-?\d+)", d):  # relative moves
        xs.append(xs[-1] + int(dx))
    assert abs(min(xs) - first_drawing.zoom0(10, 60)[0] * first_drawing.UNITS) <= 1
    # inside the frame: 10° E lies between 4,5° E and 31,2° E
    assert x < min(xs) < x + w


@pytest.mark.mirror
def test_a_shared_links_drawing_carries_the_live_specs_token(real_dataset, monkeypatch):
    import json

    from kommunekart.web import data, first_pixels, static_embed

    monkeypatch.setattr(data, "_SHARED", [real_dataset])
    query = urlencode({"indikator": "nettside_vekt", "aar": "2025", "kommune": "1804"}).encode()
    first_pixels._MADE.clear()
    tpl = first_pixels.template(query, False).decode()
    view, _ = static_embed.parse(
        real_dataset, {"indikator": ["nettside_vekt"], "aar": ["2025"], "kommune": ["1804"]}
    )
    spec = json.loads(data.map_spec(real_dataset, view, False).drawn)
    assert f'data-token="{spec["token"]}"' in tpl and "<svg" in tpl
    # text from the address is never in it
    hostile = urlencode({"indikator": "<script>x</script>"}).encode()
    assert "<script" not in first_pixels.template(hostile, False).decode()
    monkeypatch.setenv("KOMMUNEKART_FORSTE_TEGNING", "0")
    first_pixels._MADE.clear()
    assert first_pixels.template(query, False) == b""


def test_no_drawing_while_the_server_is_still_loading_its_data(monkeypatch):
    from kommunekart.web import data, first_pixels

    monkeypatch.setattr(data, "_SHARED", [])
    first_pixels._MADE.clear()
    assert first_pixels.template(b"indikator=strategi", False) == b""
