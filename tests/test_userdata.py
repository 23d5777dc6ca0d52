"""A user's imported table as a session-only indicator (pure functions)."""

import numpy as np
import pandas as pd

from kommunekart.analysis import stats
from kommunekart.pipeline import userdata
from kommunekart.readers import importer
from tests.helpers import texts


def test_prepare_values_reports_years_and_codes_that_cannot_be_drawn():
    data = pd.DataFrame(
        {
            "kommunenummer": ["0301", "9999", "0301"],
            "year": [2024, 2024, 2019],
            "indicator": ["x", "x", "x"],
            "value": [1.0, 2.0, 3.0],
            "status": ["", "", ""],
        }
    )
    values, notes = userdata.prepare_values(data, "x", {2024: {"0301"}, 2018: {"0301"}})
    notes = texts(notes)
    assert list(values["kommunenummer"]) == ["0301"]
    assert any("2019" in n for n in notes) and any("9999 (2024)" in n for n in notes)


def test_user_indicator_is_added_for_the_session_only(real_dataset):
    res = importer.read_table(b"kommune;tjenester 2024\n0301;12\n1508;7\n")
    codes = {y: set(real_dataset.kommuner[y]["kommunenummer"]) for y in real_dataset.years}
    values, _ = userdata.prepare_values(res.data, "tjenester", codes)
    ind = userdata.make_indicator(
        "Tjenester <b>", "stk", "fil.csv", True, real_dataset.catalogue.ids
    )
    overlay = userdata.with_user_indicator(real_dataset, ind, values, {})
    assert (
        ind.id.startswith("egen_")
        and ind.id in overlay.catalogue
        and ind.id not in real_dataset.catalogue
    )
    assert "egne" in overlay.catalogue.themes and overlay.catalogue[ind.id].data_label.startswith(
        "Egne data"
    )
    from datetime import date

    from kommunekart.base import fmt
    from kommunekart.base.strings import language

    # when it was loaded
    assert "fil.csv" in ind.definition and fmt.date_text(date.today()) in ind.definition
    with language("en"):
        assert ind.definition.startswith("Loaded by the user on")
    tab = stats.view_table(overlay, ind.id, 2024)
    assert len(tab) == 357 and tab.set_index("kommunenummer").at["0301", "value"] == 12
    assert np.isnan(
        tab.set_index("kommunenummer").at[
            "0101" if "0101" in set(tab["kommunenummer"]) else "3101", "value"
        ]
    )
    assert overlay.tables is not real_dataset.tables


def test_an_upload_on_2019_numbers_is_carried_to_the_2024_map(real_dataset):
    """1504 Ålesund, 1523 Ørskog, 1529 Skodje and 1546 Sandøy are today's 1508 Ålesund; 1534 Haram
    is 1580."""
    data = pd.DataFrame(
        {
            "kommunenummer": ["1504", "1523", "1529", "1546", "1534", "0301"],
            "year": 2019,
            "indicator": "x",
            "value": [100.0, 10, 20, 5, 30, np.nan],
            "status": ["", "", "", "", "", ":"],
        }
    )
    summed, notes = userdata.carry_user_values(real_dataset, data, "x", 2019, "sum")
    notes = texts(notes)
    v = summed.set_index("kommunenummer")
    assert len(summed) == 357 and set(summed["year"]) == {2024}
    assert v.at["1508", "value"] == 135 and v.at["1580", "value"] == 30
    assert np.isnan(v.at["0301", "value"]) and v.at["0301", "status"] == ":"  # SSB's symbol kept
    assert "passer best med kommuneinndelingen 1. januar 2019 (6 av 6" in notes[0]
    assert (
        "kommunenumrene fra 2019" in notes[1]
        and "1 slått sammen" in notes[1]
        and "1 med nytt nummer" in notes[1]
    )
    weighted, notes = userdata.carry_user_values(real_dataset, data, "x", 2019, "weighted_mean")
    notes = texts(notes)
    w = weighted.set_index("kommunenummer").at["1508", "value"]
    assert 5 < w < 100 and w != 135 / 4  # population-weighted, not a plain mean
    # the data's own year, in its own numbering
    assert any("folketallet 1. januar 2019" in n for n in notes)


def test_years_without_a_map_use_the_map_of_the_same_borders(real_dataset):
    data = pd.DataFrame(
        {
            "kommunenummer": ["5061", "0301", "0301", "0301"],
            "year": [2019, 2019, 2025, 2023],
            "indicator": "x",
            "value": [1.0, 2.0, 3.0, 4.0],
            "status": "",
        }
    )
    values, notes, caveat = userdata.series_values(real_dataset, data, "x")
    notes = texts(notes)
    v = values.set_index(["kommunenummer", "year"])["value"]
    assert v[("1567", 2018)] == 1 and v[("0301", 2018)] == 2  # Rindal's 2019 number on the 2018 map
    # years with their own map (same borders) stay
    assert v[("0301", 2025)] == 3 and v[("0301", 2023)] == 4
    assert (
        any("5061 → 1567" in n for n in notes) and "Tall for 2019 vist på kartet for 2018" in caveat
    )
    both = pd.concat([data, data.assign(year=2018, value=9.0).head(1).assign(kommunenummer="1567")])
    values, notes, _ = userdata.series_values(real_dataset, both, "x")
    notes = texts(notes)
    # its own 2018 numbers win
    assert values.set_index(["kommunenummer", "year"]).at[("1567", 2018), "value"] == 9
    assert any("År uten kart" in n and "2019" in n for n in notes)


def test_default_name_carries_a_single_year_and_whole_numbers_get_no_decimals():
    data = pd.DataFrame(
        {
            "kommunenummer": ["0301", "1508"],
            "year": [2023, 2023],
            "indicator": "Personer",
            "value": [709037.0, 67000.0],
            "status": "",
        }
    )
    assert userdata.default_name(data, "Personer") == "Personer (2023)"
    assert (
        userdata.default_name(pd.concat([data, data.assign(year=2024)]), "Personer") == "Personer"
    )
    assert (
        userdata.decimals_for(data) == 0
        and userdata.decimals_for(data.assign(value=[1.5, 2.0])) == 1
    )


def test_a_2016_table_leaves_the_heirs_of_divided_stokke_missing_with_the_reason(real_dataset):
    """Vestfold's 14 kommuner of 1 January 2016 (checked by hand against KLASS 131): 0706
    Sandefjord, 0719 Andebu and 0720 Stokke existed until 31.12.2016; Stokke was divided between the
    new Sandefjord and Tønsberg, so 3905 Tønsberg and 3907 Sandefjord cannot be computed without
    guessing."""
    codes = [
        "0701",
        "0702",
        "0704",
        "0706",
        "0709",
        "0711",
        "0713",
        "0714",
        "0716",
        "0719",
        "0720",
        "0722",
        "0723",
        "0728",
    ]
    data = pd.DataFrame(
        {
            "kommunenummer": codes,
            "year": 2016,
            "indicator": "x",
            "value": np.arange(len(codes)) * 10.0 + 5,
            "status": "",
        }
    )
    carried, notes = userdata.carry_user_values(real_dataset, data, "x", 2016, "weighted_mean")
    notes = texts(notes)
    v = carried.set_index("kommunenummer")
    assert "1. januar 2016 (14 av 14" in notes[0]  # 0706, 0719 and 0720 were in use that day
    assert not any("fantes ikke" in n for n in notes)
    for heir in ("3905", "3907"):
        assert np.isnan(v.at[heir, "value"]) and v.at[heir, "status"] == "delt"
    # Svelvik alone of Drammen
    assert np.isnan(v.at["3301", "value"]) and v.at["3301", "status"] == "del_mangler"
    assert v.at["3901", "value"] == 5  # Horten, unchanged borders
    # Larvik ← 0709 (45) + 0728 (135), weighted by population
    assert 15 < v.at["3909", "value"] < 135
