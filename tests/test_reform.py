"""Carrying values over the reforms: hand-checked cases from the raw sources (KLASS 131 change
table, SSB's KommSummer grouping, SSB 07459 population), and properties that hold for any table."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kommunekart.analysis import profile
from kommunekart.base.strings import message
from kommunekart.lineage import reform


def carry(ds, year, how="sum", value=lambda code: 1.0, drop=()):
    codes = sorted(ds.codes_in(year))
    v = pd.DataFrame({"kommunenummer": [c for c in codes if c not in drop]})
    v["value"] = [float(value(c)) for c in v["kommunenummer"]]
    v["status"] = ""
    out, rep = reform.carry_to_2024(
        v, year, how, ds.population, ds.changes, ds.kommsummer, ds.codes(2024)
    )
    return out.set_index("kommunenummer"), rep, v


def test_a_merged_kommune_with_a_part_missing_is_missing_and_the_part_is_named(real_dataset):
    """2019 numbers: Moss 3103 = 0104 Moss + 0136 Rygge; Ålesund 1508 = 1504 + 1523 + 1529 +
    1546."""
    out, rep, _ = carry(real_dataset, 2019, drop={"0136", "1523"})
    assert np.isnan(out.at["3103", "value"]) and "0136" in message(out.at["3103", "note"])
    assert np.isnan(out.at["1508", "value"]) and "1523" in message(out.at["1508", "note"])
    assert rep["incomplete"] == {"1508": ["1523"], "3103": ["0136"]}
    text = " ".join(message(m) for m in reform.report_messages(rep, 2019))
    assert "3103 mangler 0136" in text and "1508 mangler 1523" in text


def test_hand_checked_cases_from_2019_numbers(real_dataset):
    pop19 = real_dataset.population.query("year == 2019").set_index("kommunenummer")["population"]
    out, rep, _ = carry(real_dataset, 2019, value=lambda c: pop19[c])
    assert out.at["3103", "value"] == pop19["0104"] + pop19["0136"]  # Moss + Rygge
    assert out.at["1508", "value"] == sum(pop19[c] for c in ("1504", "1523", "1529", "1546"))
    assert out.at["1580", "value"] == pop19["1534"]  # Haram 2024 has old Haram's borders
    assert out.at["5061", "value"] == pop19["5061"]  # Rindal: alone in its group, its own value
    for code in ("5059", "1806", "1875", "5055", "5056"):  # Orkland, Narvik, Hamarøy, Heim, Hitra
        assert np.isnan(out.at[code, "value"])  # each took part of divided Snillfjord or Tysfjord
    assert rep["divided"] == ["1850", "5012"]  # only Tysfjord and Snillfjord were divided
    assert rep["outside"] == [
        "1571",
        "1805",
        "1849",
        "1854",
        "5011",
        "5013",
        "5016",
        "5023",
        "5024",
    ]
    text = " ".join(message(m) for m in reform.report_messages(rep, 2019))
    assert "2 delte kommuner" in text and "9 hele kommuner" in text


def test_a_table_on_2017_numbers_loses_no_kommune_that_can_be_carried(real_dataset):
    """Trøndelag (16xx/17xx), Larvik (0709 + 0728) and Færder (0722 + 0723) are carried; only the
    five kommuner that took part of a divided kommune are missing."""
    pop17 = real_dataset.population.query("year == 2017").set_index("kommunenummer")["population"]
    out, rep, _ = carry(real_dataset, 2017, value=lambda c: pop17[c])
    assert sorted(out.index[out["value"].isna()]) == ["1806", "1875", "5055", "5056", "5059"]
    larvik = real_dataset.attrs_for(2024).index[real_dataset.attrs_for(2024)["name"] == "Larvik"][0]
    faerder = real_dataset.attrs_for(2024).index[real_dataset.attrs_for(2024)["name"] == "Færder"][
        0
    ]
    assert out.at[larvik, "value"] == pop17["0709"] + pop17["0728"]
    assert out.at[faerder, "value"] == pop17["0722"] + pop17["0723"]
    # Trondheim 2020 = Trondheim + Klæbu
    assert out.at["5001", "value"] == pop17["1601"] + pop17["1662"]


def test_weighted_means_use_the_population_of_the_datas_own_year(real_dataset):
    pop17 = real_dataset.population.query("year == 2017").set_index("kommunenummer")["population"]
    share = {"0709": 10.0, "0728": 40.0}
    out, _, _ = carry(real_dataset, 2017, "weighted_mean", value=lambda c: share.get(c, 1.0))
    larvik = real_dataset.attrs_for(2024).index[real_dataset.attrs_for(2024)["name"] == "Larvik"][0]
    expected = (10 * pop17["0709"] + 40 * pop17["0728"]) / (pop17["0709"] + pop17["0728"])
    assert out.at[larvik, "value"] == pytest.approx(expected)


@settings(max_examples=15, deadline=None)
@given(
    year=st.sampled_from([2015, 2017, 2019, 2021, 2023]),
    seed=st.integers(0, 10_000),
    missing=st.floats(0, 0.3),
)
def test_every_row_is_placed_or_listed_and_counts_add_up(real_dataset, year, seed, missing):
    """For counts, the 2024 total equals the old total minus the rows listed as not placed."""
    rng = np.random.default_rng(seed)
    codes = sorted(real_dataset.codes_in(year))
    v = pd.DataFrame(
        {
            "kommunenummer": codes,
            "value": rng.integers(0, 1000, len(codes)).astype(float),
            "status": "",
        }
    )
    v.loc[rng.random(len(v)) < missing, "value"] = np.nan
    out, rep = reform.carry_to_2024(
        v,
        year,
        "sum",
        real_dataset.population,
        real_dataset.changes,
        real_dataset.kommsummer,
        real_dataset.codes(2024),
    )
    not_placed = v.set_index("kommunenummer").loc[rep["not_placed"], "value"].fillna(0).sum()
    assert out["value"].sum() + not_placed == pytest.approx(v["value"].fillna(0).sum())
    # a 2024 kommune with a value has every part of its area in the table with a value
    codes_of = real_dataset.codes_in  # one object, so the change-table work is done once
    for code in out.index[out["value"].notna()]:
        members = reform.area(
            code, 2024, year, real_dataset.changes, real_dataset.kommsummer, codes_of
        ).members
        assert v.set_index("kommunenummer").loc[members, "value"].notna().all()


def test_combine_never_shows_part_of_a_whole():
    assert reform.combine(pd.Series([10.0, np.nan]), pd.Series([1, 1]), "sum") != 10
    assert np.isnan(reform.combine(pd.Series([10.0, np.nan]), pd.Series([1, 1]), "weighted_mean"))
    # alone: its own value
    assert reform.combine(pd.Series([7.0]), pd.Series([np.nan]), "weighted_mean") == 7
    assert reform.combine(
        pd.Series([10.0, 20.0]), pd.Series([1000, 3000]), "weighted_mean"
    ) == pytest.approx(17.5)


def test_the_profile_trend_follows_the_same_rule(real_dataset):
    haram = profile.trend(real_dataset, "1580", 2024, "folketall").set_index("year")
    pop18 = real_dataset.population.query("year == 2018").set_index("kommunenummer")["population"]
    assert haram.at[2018, "value"] == pop18["1534"]  # old Haram, not Ålesund 2020
    # Ålesund 2020 was divided
    assert np.isnan(haram.at[2020, "value"]) and "1507" in haram.at[2020, "note"]
    orkland = profile.trend(real_dataset, "5059", 2024, "folketall").set_index("year")
    # part of Snillfjord
    assert np.isnan(orkland.at[2018, "value"]) and "5012" in orkland.at[2018, "note"]
    assert orkland.at[2020, "value"] == real_dataset.attrs_for(2020).at["5059", "population"]


def test_a_yes_no_of_a_whole_area_is_yes_only_if_every_part_was():
    from kommunekart.lineage.reform import combine

    w = pd.Series([100.0, 5.0])
    assert combine(pd.Series([1.0, 1.0]), w, "all") == 1
    assert combine(pd.Series([1.0, 0.0]), w, "all") == 0  # not a population-weighted 0,95
    assert np.isnan(combine(pd.Series([1.0, np.nan]), w, "all"))
