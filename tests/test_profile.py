"""Pure statistics of the profile on small hand-made frames."""

import numpy as np
import pandas as pd
import pytest

from kommunekart.analysis import profile as P


def test_rank_ties_share_the_best_rank_and_missing_is_not_ranked():
    r = P.rank_and_percentile(pd.Series([10, 30, 30, np.nan, 5]), higher_is_better=True)
    assert list(r["rank"].iloc[[1, 2, 0, 4]]) == [1, 1, 3, 4]
    assert np.isnan(r["rank"].iloc[3]) and np.isnan(r["percentile"].iloc[3])
    assert (r["n_ranked"] == 4).all()
    # percentile = share of the other ranked kommuner strictly worse
    assert r["percentile"].iloc[1] == pytest.approx(100 * 2 / 3)
    assert r["percentile"].iloc[4] == 0


def test_lower_is_better_ranks_the_smallest_first():
    r = P.rank_and_percentile(pd.Series([0.2, 0.9, 0.5]), higher_is_better=False)
    assert list(r["rank"]) == [1, 3, 2]
    assert r["percentile"].iloc[0] == 100


def test_group_value_median_ignores_missing_and_yesno_is_a_share():
    assert P.group_value(pd.Series([1, np.nan, 3, 10]), "count") == 3
    assert P.group_value(pd.Series([1, 0, 1, np.nan]), "yesno") == pytest.approx(2 / 3)
    assert np.isnan(P.group_value(pd.Series([np.nan]), "share"))


def test_compare_to_group_respects_direction_and_missing():
    rows = pd.DataFrame(
        {
            "value": [5, 5, np.nan, 1, 0],
            "size_median": [3, 3, 3, 0.8, 0.8],
            "kind": ["count", "count", "count", "yesno", "yesno"],
            "higher_is_better": [True, False, True, True, False],
        }
    )
    assert list(P.compare_to_group(rows).fillna(99)) == [1, -1, 99, 1, 1]


def test_carry_sums_counts_only_when_complete_and_weights_the_rest():
    from kommunekart.lineage.reform import combine

    assert combine(pd.Series([2.0, 3.0]), pd.Series([10, 30]), "sum") == 5
    assert np.isnan(combine(pd.Series([2.0, np.nan]), pd.Series([10, 30]), "sum"))
    assert combine(pd.Series([1.0, 0.0]), pd.Series([10, 30]), "weighted_mean") == pytest.approx(
        0.25
    )


def test_history_of_a_tiny_change_table(tiny_changes):
    lines = P.history(tiny_changes, "2001", 2024, since="2019-01-01")
    assert lines[0].startswith("1.1.2020: 1001 AB ble opprettet ved sammenslåing av 0001 A, 0002 B")
    assert "1001 AB ble delt i 2001 A2 og 2002 B2" in lines[1]
    assert len(lines) == 2
    assert P.history(tiny_changes, "1003", 2024, since="2019-01-01")[-1].endswith(
        "«C» til «C - Čé»."
    )


def test_kommsummer_lines_for_todays_and_former_kommuner():
    ks = pd.DataFrame(
        {
            "group": ["1508", "1508", "1508", "Rest"],
            "group_name": ["Ålesund", "Ålesund", "Ålesund", "Delte kommuner"],
            "code": ["1508", "1507", "1504", "1850"],
            "name": ["Ålesund", "Ålesund (2020-2023)", "Ålesund (-2019)", "Tysfjord (-2019)"],
        }
    )
    assert P.kommsummer_lines(ks, "1508", 2024) == [
        "I SSBs statistikkbank summeres tall for disse tidligere kommunenumrene inn i Ålesund: "
        "1507 Ålesund (2020-2023), 1504 Ålesund (-2019)."
    ]
    assert "inn i dagens kommune 1508 Ålesund" in P.kommsummer_lines(ks, "1504", 2018)[0]
    assert "ble delt" in P.kommsummer_lines(ks, "1850", 2018)[0]
    assert P.kommsummer_lines(ks, "0301", 2024) == []


def test_summary_counts_only_the_survey_indicators():
    rows = pd.DataFrame(
        {
            "indicator": ["a", "b", "bredband_100", "indeks_samlet"],
            "theme": ["prioritering", "aktivitet", "infrastruktur", "indeks"],
            "kind": ["count"] * 4,
            "higher_is_better": [True] * 4,
            "value": [5, 1, 99, 120],
            "status": [""] * 4,
            "size_median": [3, 3, 50, 100],
            "rank": [1, 2, 1, 3],
            "n_ranked": [10] * 4,
        }
    )
    text = P.summary_text("Aby", "stor", rows)
    assert "på 1 av 2 indikatorer og dårligere på 1" in text


def test_places_in_words_ties_yes_no_and_no_direction():
    r = P.rank_and_percentile(pd.Series([10, 30, 30, np.nan, 5]), higher_is_better=True)
    assert list(r["rank_last"].iloc[[1, 2, 0, 4]]) == [2, 2, 3, 4]
    assert P.place_text(r.iloc[1], "count") == "delt 1.–2. av 4"
    assert P.place_text(r.iloc[0], "count") == "3. av 4"
    assert P.place_text(r.iloc[3], "count") == "–"
    # e.g. population: nothing is better
    none = P.rank_and_percentile(pd.Series([10, 30]), higher_is_better=None)
    assert none["rank"].isna().all() and P.place_text(none.iloc[0], "count") == "–"
    row = {"value": 1.0, "same_answer": 282, "n_ranked": 353}
    assert P.place_text(row, "yesno") == "Ja, som 282 av 353"


def test_yes_no_is_not_ranked_in_the_profile(real_dataset):
    rows = P.indicator_rows(real_dataset, "0301", 2024).set_index("indicator")
    strategy = rows.loc["strategi"]
    assert np.isnan(strategy["rank"]) and np.isnan(strategy["percentile"])
    table = real_dataset.tables[("strategi", 2024)]
    same = int((table["value"] == strategy["value"]).sum())
    assert strategy["same_answer"] == same and strategy["n_ranked"] == int(
        table["value"].notna().sum()
    )
    assert np.isnan(rows.loc["folketall", "rank"])  # no "1 = best" for population


def test_the_summarys_place_counts_the_kommuner_with_a_value_and_says_so(real_dataset):
    from kommunekart.analysis.stats import view_table

    rows = P.indicator_rows(real_dataset, "4601", 2024)
    text = P.summary_text("Bergen", "stor", rows)
    with_value = int(view_table(real_dataset, "indeks_samlet", 2024)["value"].notna().sum())
    # some kommuner lack the index: the place is not "of 357"
    assert with_value < len(real_dataset.codes(2024))
    assert f"av {with_value} kommuner med tall" in text


def test_alesunds_trend_says_why_a_year_is_missing_and_keeps_its_groups_median(real_dataset):
    """Ålesund 2024 (1508): in 2018 four kommuner, one of them (Sandøy) without a demo value; in
    2020 and 2022 the Ålesund that was divided in 2024. The size group's median exists every year.
    """
    from kommunekart.analysis import profile as P

    tr = P.trend(real_dataset, "1508", 2024, "strategi").set_index("year")
    assert tr["size_median"].notna().all()
    assert "1546 Sandøy mangler tall" in tr.at[2018, "note"] and pd.isna(tr.at[2018, "value"])
    assert "delt kommune" in tr.at[2020, "note"] and tr.at[2020, "size_class"] == "stor"
