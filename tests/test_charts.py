"""Every chart a page draws is valid Vega-Lite (the pages send the spec without Altair's validation
on each run: charts.chart_spec) and carries its source inside the figure."""

import json

import pytest

from tests.helpers import open_page

pytestmark = pytest.mark.mirror  # every test here reads the mirror's data

PAGES = [
    ("sider/kommuneprofil.py", {"kommune": "4601", "aar": "2024"}),
    ("sider/storrelsesgrupper.py", {"indikator": "strategi", "aar": "2024", "kommune": "4601"}),
    (
        "sider/storrelsesgrupper.py",
        {"indikator": "nettside_vekt", "aar": "2024", "kommune": "1804", "grupper": "fylke"},
    ),
    ("sider/sammenlign.py", {"kommuner": "0301,4601,1804", "aar": "2024", "indikator": "strategi"}),
]


def charts(at) -> list[dict]:
    out, todo = [], [at._tree]
    while todo:
        node = todo.pop()
        todo.extend(getattr(node, "children", {}).values())
        if node.type == "vega_lite_chart":
            out.append(json.loads(node.proto.spec))
    return out


@pytest.mark.parametrize("page, params", PAGES)
def test_every_chart_is_valid_vega_lite_with_its_source_inside(page, params):
    import altair as alt
    from altair.utils.schemapi import validate_jsonschema

    at = open_page(page, **params)
    assert not at.exception
    specs = charts(at)
    assert specs, "the page drew no chart"
    schema = alt.vegalite.v6.schema.core.load_schema()
    for spec in specs:
        validate_jsonschema(spec, schema)  # raises on an invalid spec
        credit = " ".join(spec["title"]["text"])
        assert credit.startswith(("Kilde:", "Kilder:")), credit
        # Norwegian numbers inside the chart
        assert spec["config"]["locale"]["number"]["decimal"] == ","
        assert "continuousHeight" not in spec["config"].get("view", {})  # Streamlit sizes the chart


def test_the_fylke_grouping_draws_its_groups_by_fylke():
    """?grupper=fylke reaches the charts: their groups are the fylker, not the size classes."""
    at = open_page(
        "sider/storrelsesgrupper.py",
        indikator="nettside_vekt",
        aar="2024",
        kommune="1804",
        grupper="fylke",
    )
    assert not at.exception
    text = json.dumps(charts(at), ensure_ascii=False)
    assert "Nordland" in text and "Vestland" in text
    assert "20 000 og over" not in text
    by_size = json.dumps(
        charts(open_page("sider/storrelsesgrupper.py", indikator="nettside_vekt", aar="2024")),
        ensure_ascii=False,
    )
    assert "20 000 og over" in by_size and "Vestland" not in by_size
