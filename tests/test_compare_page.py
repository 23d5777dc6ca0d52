"""Sammenlign kommuner (AppTest): kommuner from the link, every indicator beside each size class's
median, the trend across the reforms, downloads; the profile opens it with its nearest kommuner."""

import pytest

from kommunekart.analysis import compare
from kommunekart.analysis.stats import view_table
from tests.helpers import html_tables, open_page, shown

pytestmark = pytest.mark.mirror  # every test here reads the mirror's data


def test_compare_shows_each_kommune_beside_its_size_class_median(real_dataset):
    at = open_page(
        "sider/sammenlign.py", kommuner="0301,4601,1804,1515", aar="2024", indikator="strategi"
    )
    assert not at.exception
    table = html_tables(at)[0].reset_index()  # an HTML table: the indicator is each row's header
    assert list(table.columns[2:6]) == [
        "Oslo (0301)",
        "Bergen (4601)",
        "Bodø (1804)",
        "Herøy (Møre og Romsdal) (1515)",
    ]
    assert {"Median: 20 000 innbyggere og over", "Median: 5 000–19 999 innbyggere"} & set(
        table.columns
    )
    row = table[table["Indikator"] == "Har strategi for IKT/digitalisering"].iloc[0]
    assert row["Oslo (0301)"] in ("Ja", "Nei")
    # the median column is the size class's median, computed from the data directly
    bb = view_table(real_dataset, "bredband_100", 2024)
    big = bb.loc[bb["size_class"] == "stor", "value"].median()
    med_col = next(c for c in table.columns if c.startswith("Median") and "20 000" in c)
    assert (
        table[table["Indikator"].str.startswith("Bredbånd")]
        .iloc[0][med_col]
        .startswith(f"{big:.0f}".replace(".", ","))
    )
    assert len(at.get("download_button")) >= 2
    assert any("Kilde" in shown(c.value) for c in at.caption)


def test_trend_follows_the_reform_rules_for_every_kommune(real_dataset):
    tr = compare.trends(real_dataset, ["1580", "0301"], 2024, "indeks_samlet")
    haram = tr[tr["kommunenummer"] == "1580"].set_index("year")
    # NaN: 2020 Ålesund was divided, never guessed
    assert haram.at[2020, "value"] != haram.at[2020, "value"]
    assert set(tr["series"]) == {"Haram (1580)", "Oslo (0301)"}


def test_bad_and_too_many_kommuner_in_the_link_are_said():
    at = open_page("sider/sammenlign.py", kommuner="0301,9999,abc,4601,5001,1804,1103,3907,1508")
    assert not at.exception
    said = " ".join(shown(i.value) for i in at.info)
    assert "9999" in said and "abc" in said
    at = open_page("sider/sammenlign.py", kommuner="0301,4601,5001,1804,1103,3907,1508")
    assert "viser de 6 første" in " ".join(shown(i.value) for i in at.info)
    assert at.query_params["kommuner"] == "0301,4601,5001,1804,1103,3907"


def test_the_profile_lists_its_nearest_kommuner_and_opens_the_comparison():
    at = open_page("sider/kommuneprofil.py", kommune="1804", aar="2024")
    assert not at.exception
    links = [link for link in at.get("page_link") if "side om side" in str(link.proto.label)]
    assert len(links) == 1 and links[0].proto.page == "sammenlign"
    from urllib.parse import parse_qs

    linked = parse_qs(links[0].proto.query_string)["kommuner"][0].split(",")
    assert linked[0] == "1804" and len(linked) == 6
    peers = [d.value for d in at.dataframe if "Folketall" in d.value.columns and len(d.value) == 10]
    assert peers, "a table of the ten nearest kommuner with their values"


def test_the_picker_adds_exactly_one_kommune_removes_one_and_says_the_cap():
    at = open_page("sider/sammenlign.py", kommuner="0301", aar="2024")
    at.selectbox(key="w_sammenlign_kommuner").set_value("1804").run()
    assert not at.exception
    assert at.query_params["kommuner"] == "0301,1804"  # Bodø alone, not every fuzzy hit of «bodø»
    assert at.selectbox(key="w_sammenlign_kommuner").value is None  # ready for the next
    at.button(key="w_sammenlign_fjern_0301").click().run()
    assert at.query_params["kommuner"] == "1804"
    at = open_page("sider/sammenlign.py", kommuner="0301,4601,5001,1804,1103,3907", aar="2024")
    box = at.selectbox(key="w_sammenlign_kommuner")
    assert box.disabled and "Du har valgt 6 kommuner" in " ".join(
        shown(c.value) for c in at.caption
    )


def test_the_selection_survives_a_year_where_a_kommune_did_not_exist_in_its_form():
    """Sandnes 2024 (1108) is Sandnes + Forsand of 2018: left out in 2018, said, and back in
    2024."""
    at = open_page(
        "sider/sammenlign.py", kommuner="1108,3205,0301", aar="2024", indikator="strategi"
    )
    at.selectbox(key="w_sammenlign_kommuner").set_value(
        "4601"
    ).run()  # chosen here: 2024 is its home
    at.radio(key="w_aar").set_value(2018).run()
    assert not at.exception
    assert at.query_params["kommuner"] == "0301,1201"  # Oslo and Bergen (1201 in 2018)
    said = " ".join(shown(i.value) for i in at.info)
    assert (
        "Ikke med i 2018" in said and "Sandnes" in said and "Lillestrøm" in said and "2024" in said
    )
    at.radio(key="w_aar").set_value(2024).run()
    assert at.query_params["kommuner"] == "1108,3205,0301,4601"  # back whole


def test_each_themes_dot_chart_says_what_it_shows_and_has_its_places_in_a_table(real_dataset):
    """The «Per tema» charts had no caption and their places lived only in unrounded aria-labels:
    each now says what it shows and has a table of the places (rounded) and values."""
    at = open_page("sider/sammenlign.py", kommuner="0301,1804", aar="2024", indikator="strategi")
    assert not at.exception
    long = compare.frame(real_dataset, ["0301", "1804"], 2024)
    themes = [th for th, g in long.groupby("theme") if g["percentile"].notna().any()]
    said = [shown(c.value) for c in at.caption if shown(c.value).startswith("Prikkdiagram:")]
    assert len(said) == len(themes) and "Oslo, Bodø" in said[0]
    places = html_tables(at)[1:]  # after the table of every indicator
    assert len(places) == len(themes)
    cell = long[(long["kommunenummer"] == "0301") & (long["indicator"] == "ikt_prosjekter")].iloc[0]
    table = next(p for p in places if "Pågående IKT-prosjekter" in p.index)
    shown_place = table.loc["Pågående IKT-prosjekter", "Oslo (0301)"]
    assert shown_place.startswith(f"{int(cell['percentile'] + 0.5)} av 100 ("), shown_place
