"""Sammenheng (AppTest): a link opens the two indicators' chart with its n and rank correlation,
the table of every kommune, and the controls and the address agree."""

import pytest

from kommunekart.analysis.relation import pair
from kommunekart.base import fmt
from tests.helpers import open_page, shown

pytestmark = pytest.mark.mirror
PAGE = "sider/sammenheng.py"


def captions(at) -> str:
    return " ".join(shown(c.value) for c in at.caption)


def test_weight_against_population_says_n_and_the_rank_correlation(real_dataset):
    at = open_page(PAGE, indikator="nettside_vekt", aar="2025", kommune="1804")
    assert not at.exception, at.exception
    assert (
        shown(at.title[0].value) == "Sammenheng: Forsidens vekt (MB) og Folketall 1. januar, 2025"
    )
    p = pair(real_dataset, "nettside_vekt", "folketall", 2025)
    both = p.table[p.table["both"]]
    rho = both["x"].rank().corr(both["y"].rank())
    text = captions(at)
    assert f"{len(both)} av {len(p.table)} kommuner har tall for begge" in text
    assert f"ρ = {fmt.number(rho, 2)} (n = {len(both)})" in text
    assert "Kilde: SSB, tabell 07459" not in text or "Website Carbon" in text
    table = at.dataframe[0].value
    assert len(table) == len(real_dataset.codes(2025))  # every kommune, those without both too
    assert at.query_params["mot"] == "folketall"  # the link names both indicators
    assert at.selectbox(key="w_sammenheng_mot").value == "folketall"


def test_a_second_indicator_without_the_year_is_read_in_its_nearest_year_and_said():
    at = open_page(PAGE, indikator="strategi", mot="uu_brudd", aar="2024")
    assert not at.exception, at.exception
    assert "er fra 2026, nærmeste år med tall og samme kommuneinndeling" in captions(at)
    assert any("Demonstrasjonsdata" in shown(w.value) for w in at.warning)  # strategi is demo


def test_the_controls_change_the_view_and_the_address():
    at = open_page(PAGE, indikator="nettside_vekt", aar="2025")
    at.selectbox(key="w_sammenheng_mot").select("nettside_co2").run()
    assert "Forsidens CO₂-karakter" in shown(at.title[0].value)
    assert at.query_params["mot"] == "nettside_co2"
    at.radio(key="w_sammenheng_farge").set_value("fylke").run()
    assert at.query_params["farge"] == "fylke"


def test_a_bad_second_indicator_in_a_link_is_said():
    at = open_page(PAGE, indikator="nettside_vekt", mot="<b>ingen</b>")
    assert not at.exception
    notes = " ".join(shown(i.value) for i in [*at.info, *at.warning])
    assert "Indikatoren «<b>ingen</b>» i lenkens «mot» er ukjent" in notes  # as text, not markup
    assert at.query_params["mot"] == "folketall"


def test_the_chosen_kommunes_dot_is_said_in_words(real_dataset):
    """A keyboard or screen-reader user cannot hover the dot: its two values are in the text."""
    at = open_page(PAGE, indikator="nettside_vekt", aar="2025", kommune="1804")
    row = pair(real_dataset, "nettside_vekt", "folketall", 2025).table
    row = row.set_index("kommunenummer").loc["1804"]
    ind = real_dataset.catalogue
    expected = (
        f"Valgt kommune, Bodø: {ind['nettside_vekt'].name}: "
        f"{fmt.format_value(row['x'], ind['nettside_vekt'])}; {ind['folketall'].name}: "
        f"{fmt.format_value(row['y'], ind['folketall'])}."
    )
    assert expected.replace("\xa0", " ") in captions(at).replace("\xa0", " ")
