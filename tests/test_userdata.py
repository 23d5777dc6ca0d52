"""A user's imported table as a session-only indicator (pure functions)."""
import numpy as np
import pandas as pd

from kommunekart import importer, stats, userdata


def test_prepare_values_reports_years_and_codes_that_cannot_be_drawn():
    data = pd.DataFrame({"kommunenummer": ["0301", "9999", "0301"], "year": [2024, 2024, 2019],
                         "indicator": ["x", "x", "x"], "value": [1.0, 2.0, 3.0], "status": ["", "", ""]})
    values, notes = userdata.prepare_values(data, "x", {2024: {"0301"}, 2018: {"0301"}})
    assert list(values["kommunenummer"]) == ["0301"]
    assert any("2019" in n for n in notes) and any("9999 (2024)" in n for n in notes)


def test_user_indicator_is_added_for_the_session_only(real_dataset):
    res = importer.read_table(b"kommune;tjenester 2024\n0301;12\n1508;7\n")
    codes = {y: set(real_dataset.kommuner[y]["kommunenummer"]) for y in real_dataset.years}
    values, _ = userdata.prepare_values(res.data, "tjenester", codes)
    ind = userdata.make_indicator("Tjenester <b>", "stk", "fil.csv", True, real_dataset.catalogue.ids)
    overlay = userdata.with_user_indicator(real_dataset, ind, values, {})
    assert ind.id.startswith("egen_") and ind.id in overlay.catalogue and ind.id not in real_dataset.catalogue
    assert "egne" in overlay.catalogue.themes and overlay.catalogue[ind.id].data_label.startswith("Egne data")
    tab = stats.view_table(overlay, ind.id, 2024)
    assert len(tab) == 357 and tab.set_index("kommunenummer").at["0301", "value"] == 12
    assert np.isnan(tab.set_index("kommunenummer").at["0101" if "0101" in set(tab["kommunenummer"]) else "3101", "value"])
    assert overlay.tables is not real_dataset.tables
