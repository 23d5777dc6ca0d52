"""AppTest of the Størrelsesgrupper page."""

import pytest

from kommunekart.web import state as S
from tests.helpers import open_page, shown

pytestmark = pytest.mark.mirror  # every test here reads the mirror's data


def open_groups(**params):
    return open_page("sider/storrelsesgrupper.py", **params)


def test_yes_no_indicator_by_ssb_size_class_with_chosen_kommune():
    at = open_groups(indikator="strategi", aar="2024", kommune="1151")
    assert not at.exception, at.exception
    assert (
        shown(at.title[0].value) == "Størrelsesgrupper: Har strategi for IKT/digitalisering, 2024"
    )
    body = " ".join(shown(m.value) for m in at.markdown)
    assert "Blant kommuner med 20 000 innbyggere og over svarer" in body
    assert "Valgt kommune: Utsira (1151), gruppe under 5 000" in body
    stats = at.dataframe[0].value
    assert list(stats["Antall kommuner"]) == [174, 117, 66]
    assert list(stats["Valgt"]) == ["◆", "", ""]
    members = at.dataframe[
        1
    ].value  # every kommune with its group; what is the same on every row is said once
    assert len(members) == 357 and members.loc[members["Valgt"] == "◆", "Kommune"].tolist() == [
        "Utsira"
    ]
    assert list(members.columns) == [
        "Valgt",
        "Kommunenummer",
        "Kommune",
        "Fylke",
        "Gruppe",
        "Verdi",
        "Merknad",
        "Folketall",
    ]
    labels = [b.proto.label for b in at.get("download_button")]
    assert {
        "Last ned tabellen (CSV)",
        "Last ned tabellen (Excel)",
        "Last ned kartene (PNG)",
    } <= set(labels)
    assert (
        labels.count("Diagram for lysbilde (PNG, 16:9)") == 2
        and labels.count("Diagram for lysbilde (SVG, 16:9)") == 2
        and labels.count("Diagram for artikkel (PNG)") == 2
    )
    assert any("Demonstrasjonsdata" in shown(w.value) for w in at.warning)


def test_numeric_indicator_finer_split_and_fylke_grouping():
    at = open_groups(indikator="ikt_prosjekter", aar="2018", grupper="fin")
    assert not at.exception
    stats = at.dataframe[0].value
    assert len(stats) == 6 and stats["Antall kommuner"].sum() == 422
    assert "Median" in stats.columns
    at.radio(key=S.W_GROUPING).set_value("fylke").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 18  # fylker in 2018


def test_bad_grouping_in_link_falls_back_with_notice():
    at = open_groups(grupper="alder")
    assert not at.exception
    assert any("Grupperingen «alder»" in shown(i.value) for i in at.info)


def test_fylke_grouping_follows_the_years_fylker_in_the_trend_and_the_small_maps():
    at = open_page(
        "sider/storrelsesgrupper.py", grupper="fylke", aar="2018", indikator="indeks_samlet"
    )
    assert not at.exception
    captions = " ".join(shown(c.value) for c in at.caption)
    assert "de 18 fylkene i 2018" in captions and "ligger i flere av dem" in captions, captions
    # the small maps: their text alternative on the image itself
    maps = at.get("image")[0].proto.imgs[0]
    assert "18 kart av Norge, ett for hver gruppe (fylke)" in maps.alt


@pytest.mark.parametrize(
    "kommune, said",
    [("4601", "den svarte ruten er Bergen"), (None, None)],
)
def test_the_charts_text_names_the_chosen_kommune_only_when_there_is_one(kommune, said):
    params = {"indikator": "nettside_vekt", "aar": "2024"} | (
        {"kommune": kommune} if kommune else {}
    )
    at = open_groups(**params)
    assert not at.exception
    text = next(shown(c.value) for c in at.caption if c.value.startswith("Diagram:"))
    assert (said in text) if said else ("ruten" not in text)
