"""Sammenheng: the pair of two indicators per kommune, the rank correlation, the axis scale and the
caption's words (hand-made dataset and hand-worked numbers)."""

import math

import pandas as pd
import pytest

from kommunekart.analysis import relation
from kommunekart.base.strings import message


def test_spearman_is_the_correlation_of_the_ranks_with_ties_sharing_a_rank():
    # the same order: 1; the reverse order: -1; any monotone change keeps it
    x = pd.Series([1.0, 2.0, 3.0, 4.0])
    assert relation.spearman(x, x**3) == pytest.approx(1.0)
    assert relation.spearman(x, -x) == pytest.approx(-1.0)
    # ranks x 1,2,3,4 against y 1,2.5,2.5,4 (a tie): Pearson of the ranks by hand
    y = pd.Series([10.0, 20.0, 20.0, 30.0])
    rx, ry = [1, 2, 3, 4], [1, 2.5, 2.5, 4]
    mx, my = 2.5, 2.5
    num = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    den = math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))
    assert relation.spearman(x, y) == pytest.approx(num / den)
    assert math.isnan(relation.spearman(x[:2], y[:2]))  # too few
    assert math.isnan(relation.spearman(x, pd.Series([5.0] * 4)))  # one value only


def test_the_pair_keeps_every_kommune_and_counts_those_with_both(small_dataset):
    p = relation.pair(small_dataset, "egne_ansatte", "ikt_prosjekter", 2018)
    assert p.total == 12 and len(p.table) == 12  # no kommune dropped
    # Lambda has no egne_ansatte in 2018: 11 with both
    assert p.n == 11 and not p.table.set_index("kommunenummer").at["9205", "both"]
    both = p.table[p.table["both"]]
    assert p.rho == pytest.approx(both["x"].rank().corr(both["y"].rank()))


def test_the_second_indicator_is_read_in_the_nearest_year_with_the_same_borders(small_dataset):
    ds = small_dataset
    assert relation.y_year(ds, "egne_ansatte", 2020) == 2020
    # an indicator without numbers in this dataset has no year to be read in
    assert relation.y_year(ds, "nettside_vekt", 2018) is None
    p = relation.pair(ds, "egne_ansatte", "nettside_vekt", 2018)
    assert p.y_year is None and p.n == 0
    assert relation.caption(
        p, ds.catalogue["egne_ansatte"], ds.catalogue["nettside_vekt"]
    ).code == ("sammenheng.ingen_aar")


def test_a_log_scale_only_where_the_values_span_orders_of_magnitude():
    assert relation.scale_type(pd.Series([200, 5_000, 700_000]), "count") == "log"
    assert relation.scale_type(pd.Series([0, 5, 900]), "count") == "symlog"
    assert relation.scale_type(pd.Series([0.5, 3.0, 12.0]), "count") == "linear"
    assert relation.scale_type(pd.Series([0, 1, 1]), "yesno") == "linear"


def test_the_caption_says_n_the_correlation_in_words_and_what_it_does_not_mean(small_dataset):
    ds = small_dataset
    p = relation.pair(ds, "egne_ansatte", "ikt_prosjekter", 2018)
    text = message(
        relation.caption(p, ds.catalogue["egne_ansatte"], ds.catalogue["ikt_prosjekter"])
    )
    assert "11 av 12 kommuner har tall for begge" in text
    assert f"(n = {p.n})" in text and "ikke at det ene fører til det andre" in text
    words = message(
        relation.caption(p, ds.catalogue["egne_ansatte"], ds.catalogue["ikt_prosjekter"])
    )
    assert ("sterk" in words) == (abs(p.rho) >= 0.5)
