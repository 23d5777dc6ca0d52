"""Group statistics on small hand-made frames: empty, all-missing and one-member groups."""

import numpy as np
import pandas as pd
import pytest

from kommunekart.analysis import groups


def table(pops, values, fylker=None):
    return pd.DataFrame(
        {
            "population": pops,
            "value": values,
            "fylke_name": fylker or ["A"] * len(pops),
            "kommunenummer": [f"{i:04d}" for i in range(len(pops))],
        }
    )


def test_ssb_groups_and_bounds():
    tb = table([4999, 5000, 19999, 20000], [1, 2, 3, 4])
    assert list(groups.group_labels(tb, "ssb").astype(str)) == [
        "under 5 000",
        "5 000-19 999",
        "5 000-19 999",
        "20 000 og over",
    ]
    fin = groups.group_labels(table([1999, 2000, 49999, 50000], [1, 2, 3, 4]), "fin").astype(str)
    assert list(fin) == ["under 2 000", "2 000-4 999", "20 000-49 999", "50 000 og over"]


def test_empty_all_missing_and_one_member_groups():
    tb = table([100, 200, 30000], [np.nan, np.nan, 7.0])
    st = groups.group_stats(tb["value"], groups.group_labels(tb, "ssb"), "count").set_index("group")
    assert st.loc["under 5 000", "n"] == 2 and st.loc["under 5 000", "n_missing"] == 2
    assert np.isnan(st.loc["under 5 000", "median"])  # all missing: NaN, not 0
    # empty group kept
    assert st.loc["5 000-19 999", "n"] == 0 and np.isnan(st.loc["5 000-19 999", "median"])
    # one member
    assert st.loc["20 000 og over", "median"] == st.loc["20 000 og over", "mean"] == 7.0


def test_yes_no_share_per_group_ignores_missing():
    tb = table([100, 200, 300, 400], [1, 0, 1, np.nan])
    st = groups.group_stats(tb["value"], groups.group_labels(tb, "ssb"), "yesno").set_index("group")
    assert st.loc["under 5 000", "share_yes"] == pytest.approx(2 / 3)
    assert st.loc["under 5 000", "n_missing"] == 1


def test_fylke_grouping_and_caption(catalogue):
    tb = table([100, 200, 300], [1, 0, 1], fylker=["Nordland", "Agder", "Agder"])
    labels = groups.group_labels(tb, "fylke")
    assert list(labels.cat.categories) == ["Agder", "Nordland"]
    st = groups.group_stats(tb["value"], labels, "yesno")
    text = groups.caption(st, catalogue["strategi"], "fylke")
    assert text.startswith("I Nordland svarer 100\u00a0% «ja»") and "mot 50\u00a0% i Agder" in text


def test_caption_compares_largest_with_smallest(catalogue):
    tb = table([100, 30000, 40000], [0, 1, 1])
    st = groups.group_stats(tb["value"], groups.group_labels(tb, "ssb"), "yesno")
    text = groups.caption(st, catalogue["strategi"], "ssb")
    assert text.startswith("Blant kommuner med 20 000 innbyggere og over svarer 100")
    assert "mot 0\u00a0% blant kommuner med under 5 000 innbyggere" in text
    only_one = groups.group_stats(
        pd.Series([np.nan, 1.0]), groups.group_labels(table([1, 2], [0, 0]), "ssb"), "count"
    )
    assert (
        groups.caption(only_one, catalogue["ikt_prosjekter"], "ssb")
        == "For få grupper med data til å sammenligne."
    )


@pytest.mark.parametrize("year, n", [(2018, 18), (2020, 11), (2024, 15)])
def test_fylke_trend_uses_the_years_own_fylker_for_every_year(real_dataset, year, n):
    over = groups.over_time(real_dataset, "indeks_samlet", "fylke", year)
    assert over["group"].nunique() == n
    per_year = over.groupby("year")
    assert all(len(g) == n for _, g in per_year)
    assert over["stat"].notna().all()  # every fylke has a line through every year
    # every kommune of every year is placed in one of the year's fylker or counted as lying in
    # several
    for y, g in per_year:
        assert g["n"].sum() + g["left_out"].iloc[0] == len(real_dataset.codes(y)), y
    assert over.loc[over["year"] == year, "left_out"].eq(0).all()
