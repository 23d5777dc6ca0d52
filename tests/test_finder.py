"""Finn kommuner: filters, ties at the edge, the sentence with the count, and the page (AppTest)."""

import numpy as np
import pandas as pd
import pytest

from kommunekart.analysis import finder
from kommunekart.analysis.stats import view_table
from kommunekart.base.strings import message
from tests.helpers import open_page, shown


def small():
    return pd.DataFrame(
        {
            "kommunenummer": list("abcdef"),
            "name": list("ABCDEF"),
            "fylkenummer": ["01"] * 3 + ["02"] * 3,
            "fylke_name": ["En"] * 3 + ["To"] * 3,
            "population": [1000, 4000, 6000, 30000, 60000, 3000],
            "value": [5.0, 7.0, 7.0, np.nan, 1.0, 9.0],
            "status": "",
        }
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        ("over:5", ["f", "b", "c"]),
        ("under:5", ["e"]),
        ("topp:2", ["f", "b", "c"]),  # a tie at the edge is in
        ("bunn:1", ["e"]),
        ("mangler", ["d"]),
        (None, ["f", "b", "c", "a", "e", "d"]),
        ("tull", ["f", "b", "c", "a", "e", "d"]),
    ],
)
def test_value_filters_and_order(value, expected):
    assert list(finder.apply(small(), "share", value=value)["kommunenummer"]) == expected


def test_size_and_fylke_filters_combine_with_the_value_filter():
    t = small()
    assert list(finder.apply(t, "share", size="liten")["kommunenummer"]) == ["f", "b", "a"]
    assert list(
        finder.apply(t, "share", size="liten", fylke="01", value="topp:1")["kommunenummer"]
    ) == ["b"]
    assert list(finder.apply(t, "share", size="50000+")["kommunenummer"]) == ["e"]
    assert list(
        finder.apply(t, "share", value="over:5", higher_is_better=False)["kommunenummer"]
    ) == ["b", "c", "f"]


def test_yes_no_filters_only_for_yes_no_indicators():
    t = small().assign(value=[1.0, 0.0, 0.0, np.nan, 1.0, 0.0])
    assert list(finder.apply(t, "yesno", value="nei")["kommunenummer"]) == ["b", "c", "f"]
    assert (
        not finder.fits("share", "nei")
        and finder.fits("yesno", "mangler")
        and not finder.fits("yesno", "over:1")
    )


def test_the_sentence_states_the_count_and_what_was_asked(catalogue):
    text = message(finder.caption(59, catalogue["strategi"], 2024, "liten", None, "nei"))
    assert (
        text == "59 kommuner med under 5 000 innbyggere svarte «nei» på "
        "«Har strategi for IKT/digitalisering» i 2024."
    )
    one = message(finder.caption(1, catalogue["bredband_100"], 2022, None, "Vestland", "over:90.5"))
    assert one.startswith("1 kommune i Vestland hadde over 90,5 % på")


def test_the_strategy_question_on_the_page_gives_the_count_from_the_data(real_dataset):
    at = open_page(indikator="strategi", aar="2024", storrelse="liten", verdi="nei")
    assert not at.exception
    table = view_table(real_dataset, "strategi", 2024)
    expected = int(((table["population"] < 5000) & (table["value"] == 0)).sum())
    said = " ".join(shown(m.value) for m in at.markdown)
    assert f"{expected} kommuner med under 5 000 innbyggere svarte «nei»" in said, said
    (listed,) = [d for d in at.dataframe if len(d.value) == expected]
    assert set(listed.value["Svar" if "Svar" in listed.value else "Verdi"]) == {"Nei"}
    # the filters are widgets showing the address's values, and changing one changes the address
    assert at.selectbox(key="w_finn_storrelse").value == "liten"
    at.selectbox(key="w_finn_verdi").set_value("ja").run()
    assert at.query_params["verdi"] == "ja" and at.query_params["storrelse"] == "liten"


@pytest.mark.mirror
def test_bad_filter_values_in_a_link_are_said_and_dropped():
    at = open_page(storrelse="enorm", verdi="over:x", fylke="99")
    assert not at.exception
    said = " ".join(shown(i.value) for i in at.info)
    assert "«enorm»" in said and "«over:x»" in said and "«99»" in said
    assert "storrelse" not in at.query_params and "verdi" not in at.query_params


def test_a_list_is_not_a_survey_nobody_answered_navs_list(catalogue):
    """NAV's Digisos list is a register: «hadde «ja»», never «svarte «ja»»."""
    said = message(finder.caption(76, catalogue["digisos_tidlig"], 2020, None, None, "ja"))
    assert "hadde «ja» på" in said and "svarte" not in said
    assert "svarte «ja»" in message(
        finder.caption(76, catalogue["strategi"], 2024, None, None, "ja")
    )


def test_ranks_and_top_lists_use_the_precision_shown(real_dataset):
    """Nes (Akershus) 2018 broadband shows «0 %» (0,26 %): it shares its place with every kommune
    that shows 0 %, never «201. av 422» among 213 kommuner showing 0 %."""
    from kommunekart.analysis import profile
    from kommunekart.analysis.stats import view_table
    from kommunekart.base import fmt

    s = profile.indicator_stats(real_dataset, "bredband_100", 2013)
    table = view_table(real_dataset, "bredband_100", 2013).set_index("kommunenummer")
    shown_zero = (fmt.as_shown(table["value"], 0) == 0).to_numpy()
    ranks = s["ranks"]
    nes = ranks.loc["0236"]
    assert fmt.number(table.at["0236", "value"]) == "0" and table.at["0236", "value"] > 0
    assert (
        nes["rank_last"] == nes["n_ranked"]
        and nes["rank_last"] - nes["rank"] + 1 == shown_zero.sum()
    )
    # Nes (0,26 %) and Nesodden (0 %): the same place
    assert nes["rank"] == ranks.loc["0216", "rank"]
    top = finder.apply(
        view_table(real_dataset, "bredband_100", 2013), "share", value="bunn:5", decimals=0
    )
    assert len(top) == shown_zero.sum()  # ties at the edge as shown: every kommune showing 0 %
