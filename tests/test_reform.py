"""Carrying values over the reforms with SSB's KommSummer grouping (hand-made frames)."""
import numpy as np
import pandas as pd
import pytest

from kommunekart import reform
from kommunekart.strings import message

KS = pd.DataFrame({"group": ["2001", "2001", "2002", "Rest", "0301"], "group_name": ["AB", "AB", "C", "Delte", "Oslo"],
                   "code": ["0001", "0002", "0003", "0004", "0301"], "name": ["A (-2019)", "B (-2019)", "C (-2019)", "D (-2019)", "Oslo"]})
CODES = {"2001", "2002", "0301", "2003"}
POP = pd.Series({"0001": 1000, "0002": 3000, "0003": 500, "0004": 100, "0301": 700})


def values(v):
    return pd.DataFrame({"kommunenummer": list(v), "value": list(v.values()), "status": [""] * len(v)})


def test_counts_are_summed_shares_weighted_divided_reported():
    v = values({"0001": 10.0, "0002": 20.0, "0003": 5.0, "0004": 1.0, "0301": 7.0})
    out, rep = reform.carry_to_2024(v, KS, POP, "sum", CODES)
    o = out.set_index("kommunenummer")
    assert o.at["2001", "value"] == 30 and "Slått sammen fra 0001, 0002" in o.at["2001", "note"]
    assert o.at["2002", "value"] == 5 and o.at["2002", "note"] == "Tidligere kommunenummer 0003"
    assert np.isnan(o.at["2003", "value"]) and o.at["2003", "status"] == ".."  # nothing maps here
    assert rep["divided_not_placed"] == ["0004"] and rep["merged"] == 1 and rep["renumbered"] == 1
    w, _ = reform.carry_to_2024(v, KS, POP, "weighted_mean", CODES)
    assert w.set_index("kommunenummer").at["2001", "value"] == pytest.approx((10 * 1000 + 20 * 3000) / 4000)
    text = " ".join(message(m) for m in reform.report_messages(rep))
    assert "delte kommuner ikke fordelt, de får «mangler data» (0004)" in text
    assert "1 slått sammen fra flere (2001)" in text


def test_a_partial_sum_is_not_shown_as_the_total():
    v = values({"0001": 10.0, "0002": np.nan})
    out, _ = reform.carry_to_2024(v, KS, POP, "sum", CODES)
    assert np.isnan(out.set_index("kommunenummer").at["2001", "value"])
