"""Endring on the map page (AppTest): a link with «fra» shows the change, its lists and its
downloads; the control and a change of year keep the view and the address in agreement."""

import pytest

from kommunekart.analysis.change import change_table
from tests.helpers import open_page, shown

pytestmark = pytest.mark.mirror

LINK = {"indikator": "nettside_vekt", "aar": "2025", "fra": "2022"}


def largest_cut(ds):
    tab = change_table(ds, "nettside_vekt", 2022, 2025)
    return tab.loc[tab["value"].idxmin()]


def test_a_change_link_shows_the_change_with_its_lists(real_dataset):
    at = open_page(**LINK)
    assert not at.exception, at.exception
    assert shown(at.title[0].value) == "Kart: Endring i Forsidens vekt (MB), 2022–2025"
    assert [s.value for s in at.subheader] == ["Størst nedgang", "Størst økning"]
    falls = at.dataframe[0].value
    first = largest_cut(real_dataset)
    assert falls.iloc[0]["Kommune"] == first["name"]
    assert falls.iloc[0]["Endring (MB)"] == pytest.approx(first["value"])
    caption = " ".join(shown(c.value) for c in at.caption)
    assert f"Størst nedgang: {first['name']}" in caption  # the map's text alternative
    assert "Kilde: Website Carbon API" in caption and "Kilde: SSB" not in caption
    # the kommuner that cannot be compared are listed, with the reason
    assert any(e.label.startswith("Ikke sammenlignet (") for e in at.expander)
    assert at.selectbox(key="w_endring_fra").value == 2022
    assert at.query_params["fra"] == "2022"


def test_the_control_starts_and_ends_a_change_and_a_later_start_is_let_go():
    at = open_page(indikator="nettside_vekt", aar="2025")
    assert "Endring" not in shown(at.title[0].value)
    at.selectbox(key="w_endring_fra").select(2023).run()
    assert shown(at.title[0].value) == "Kart: Endring i Forsidens vekt (MB), 2023–2025"
    assert at.query_params["fra"] == "2023"
    # the year moved to the start: no change from a year to itself; the year's values are shown
    at.radio(key="w_aar").set_value(2023).run()
    assert shown(at.title[0].value) == "Kart: Forsidens vekt (MB), 2023"
    assert "fra" not in at.query_params
    assert at.selectbox(key="w_endring_fra").value is None  # the control shows the view


def test_a_start_year_the_indicator_lacks_is_said_and_not_used():
    at = open_page(indikator="bredband_100", aar="2024", fra="2013")
    assert "Endring" not in shown(at.title[0].value)
    notes = " ".join(shown(i.value) for i in at.info)
    assert "Endring fra 2013 passer ikke" in notes
