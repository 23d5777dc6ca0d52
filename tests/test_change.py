"""Endring (change between two years) on the hand-made dataset (tests/fixtures/small), every
expected number worked out by hand from its CSV files, and the change map's diverging legend."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kommunekart.analysis import change
from kommunekart.render import export
from kommunekart.web import urlstate


def row(table, code):
    return table.set_index("kommunenummer").loc[code]


def test_a_merged_kommune_is_compared_with_the_kommuner_that_made_it(small_dataset):
    tab = change.change_table(small_dataset, "egne_ansatte", 2018, 2024)
    alfabeta = row(tab, "9120")
    # Alfa 10 % of 1 200, Beta 20 % of 3 000, Gamma 40 % of 800: 20,8 % -> 21 % as shown; 25 %
    # in 2024
    assert alfabeta["start_value"] == pytest.approx(20.8)
    assert alfabeta["value"] == 4  # percentage points, of the values as shown (25 - 21)
    assert "9101 Alfa" in alfabeta["note"] and "9103 Gamma" in alfabeta["note"]
    assert alfabeta["reason"] == ""


def test_a_renumbered_kommune_says_its_old_number(small_dataset):
    epsilon = row(change.change_table(small_dataset, "egne_ansatte", 2018, 2024), "9125")
    assert epsilon["value"] == 5  # 25 % -> 30 %
    assert "9105" in epsilon["note"]


def test_a_divided_kommune_is_not_compared_and_says_why(small_dataset):
    tab = change.change_table(small_dataset, "egne_ansatte", 2018, 2024)
    for code in ("9130", "9131"):  # Zeta was divided in 2024: neither half equals old Zeta
        r = row(tab, code)
        assert math.isnan(r["value"]) and r["status"] == ".."
        assert "9106 Zeta" in r["reason"]
    assert len(tab) == len(small_dataset.codes(2024))  # no kommune dropped


def test_a_missing_start_value_is_named(small_dataset):
    lambda_ = row(change.change_table(small_dataset, "egne_ansatte", 2018, 2024), "9205")
    assert math.isnan(lambda_["value"])
    assert "2018" in lambda_["reason"] and "9205 Lambda" in lambda_["reason"]


def test_counts_of_a_merger_are_summed(small_dataset):
    # IKT projects: Alfa 1 + Beta 2 + Gamma 0 = 3 in 2018, Alfabeta 5 in 2024
    assert row(change.change_table(small_dataset, "ikt_prosjekter", 2018, 2024), "9120")[
        "value"
    ] == pytest.approx(2)


def test_yes_no_changes_and_a_merger_that_answered_differently(small_dataset):
    tab = change.change_table(small_dataset, "strategi", 2018, 2024)
    assert row(tab, "9202")["value"] == 1  # Theta: nei -> ja
    assert row(tab, "9201")["value"] == 0  # Eta: nei, nei
    alfabeta = row(tab, "9120")  # Alfa ja, Beta nei, Gamma nei: no one answer of the area
    assert math.isnan(alfabeta["value"]) and "9102 Beta" in alfabeta["reason"]


def test_the_largest_falls_and_rises_include_ties_at_the_edge(small_dataset):
    tab = change.change_table(small_dataset, "egne_ansatte", 2018, 2024)
    rises = change.biggest(tab, 2, falls=False)
    # +5: Delta, Epsilon, Iota, My (45 -> 50); +4 Alfabeta is left out
    assert set(rises["name"]) == {"Delta", "Epsilon", "Iota", "My"}
    assert change.biggest(tab, 3, falls=True).empty  # nobody fell


def test_the_change_frame_has_both_years_and_the_reasons(small_dataset):
    ds = small_dataset
    ind = ds.catalogue["egne_ansatte"]
    tab = change.change_table(ds, "egne_ansatte", 2018, 2024)
    shown = change.change_indicator(ind, 2018, 2024)
    frame = export.change_frame(tab, ind, shown, 2018, 2024).set_index("Kommunenummer")
    assert frame.at["9120", "Verdi 2018"] == 21 and frame.at["9120", "Verdi 2024"] == 25
    assert frame.at["9120", "Endring (prosentpoeng)"] == 4
    assert "9106 Zeta" in frame.at["9130", "Hvorfor ikke sammenlignet"]
    assert shown.period == "2018–2024" and shown.name == "Endring i " + ind.name


def test_a_carried_measurement_offers_no_change(catalogue):
    # Nkom's 2013 measurement carried to the 2024 map is the same measurement: no change to show
    nkom = catalogue["bredband_100"]
    assert nkom.change_starts((2013, 2024), 2024) == []
    assert catalogue["nettside_vekt"].change_starts((2022, 2023, 2024, 2025), 2024) == [2022, 2023]


def test_a_link_with_a_start_year_that_does_not_fit_says_so(catalogue):
    years = (2018, 2020, 2022, 2024)
    view, notices = urlstate.parse(
        {"indikator": "strategi", "aar": "2018", "fra": "2022"}, catalogue, years, {}
    )
    assert view.start is None and [n.code for n in notices] == ["endring.passer_ikke"]
    view, notices = urlstate.parse(
        {"indikator": "strategi", "aar": "2024", "fra": "2018"}, catalogue, years, {}
    )
    assert view.start == 2018 and notices == []
    assert urlstate.to_params(view)["fra"] == "2018"


@given(
    st.lists(
        st.integers(min_value=-500, max_value=500).map(lambda x: x / 10),
        min_size=1,
        max_size=60,
    )
)
def test_the_change_legend_is_centred_on_zero_and_the_same_both_ways(values):
    v = np.array(values + [-x for x in values] + [float("nan")])
    cls = change.change_classes(v, "change", "MB", 1)
    n = (len(cls.labels) - 2) // 2  # falls, «uendret», rises, «mangler»
    assert cls.labels[n] == "Uendret" and cls.colours[n] == change.SAME
    for x, a in zip(v, cls.assign):
        if np.isnan(x):
            assert a == len(cls.labels) - 1
        elif x < 0:
            assert cls.colours[a] in change.FALL
        elif x > 0:
            assert cls.colours[a] in change.RISE
        else:
            assert a == n
    # a fall and a rise of the same size are the same distance from the middle
    for x, a in zip(v[: len(values)], cls.assign[: len(values)]):
        assert a - n == n - cls.assign[len(values) + values.index(x)] or x == 0
