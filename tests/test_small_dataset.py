"""Reform, classification, profile, groups and exports on the hand-made dataset
(tests/fixtures/small: twelve kommuner over the 2020 and 2024 reforms), so these run without the
data mirror. Every expected number is worked out by hand from the fixture's CSV files."""

import io

import numpy as np
import openpyxl
import pytest

from kommunekart.analysis import groups
from kommunekart.analysis.classify import classify
from kommunekart.analysis.profile import indicator_rows, trend
from kommunekart.analysis.stats import view_table
from kommunekart.lineage.reform import carry_to_2024
from kommunekart.render import export


def values_of(ds, indicator, year):
    v = ds.values
    return v[(v["indicator"] == indicator) & (v["year"] == year)][
        ["kommunenummer", "value", "status"]
    ]


# ---------------------------------------------------------------- reform
def test_2018_values_carried_to_the_2024_map(small_dataset):
    ds = small_dataset
    out, report = carry_to_2024(
        values_of(ds, "egne_ansatte", 2018),
        2018,
        "weighted_mean",
        ds.population,
        ds.changes,
        None,
        set(ds.codes(2024)),
    )
    got = out.set_index("kommunenummer")
    # Alfa 10 % of 1 200, Beta 20 % of 3 000, Gamma 40 % of 800 inhabitants: 104 000 / 5 000
    assert got.at["9120", "value"] == pytest.approx(20.8)
    assert got.at["9125", "value"] == 25  # Epsilon, renumbered
    # Zeta was divided in 2024: no part gets a guess
    assert got.loc[["9130", "9131"], "value"].isna().all()
    assert set(got.loc[["9130", "9131"], "status"]) == {"delt"}
    assert np.isnan(got.at["9205", "value"]) and got.at["9205", "status"] == ".."
    assert report["merged"] == [("9120", ["9101", "9102", "9103"])]
    assert report["renumbered"] == ["9125"] and report["divided"] == ["9106"]
    assert sorted(report["not_placed"]) == ["9106", "9205"]  # every input row placed or listed


def test_a_count_is_summed_over_a_merger(small_dataset):
    ds = small_dataset
    out, _ = carry_to_2024(
        values_of(ds, "ikt_prosjekter", 2018),
        2018,
        "sum",
        ds.population,
        ds.changes,
        None,
        set(ds.codes(2024)),
    )
    assert out.set_index("kommunenummer").at["9120", "value"] == 1 + 2 + 0


def test_the_profile_trend_follows_the_same_rule(small_dataset):
    tr = trend(small_dataset, "9120", 2024, "egne_ansatte").set_index("year")
    assert list(tr.index) == [2018, 2020, 2024]
    assert tr.at[2018, "value"] == pytest.approx(20.8) and tr.at[2018, "carried"]
    assert "9101 Alfa, 9102 Beta, 9103 Gamma" in tr.at[2018, "note"]
    # 5 000-19 999 in 2018: Zeta 50 and Kappa 35
    assert tr.at[2018, "size_median"] == 42.5
    divided = trend(small_dataset, "9130", 2024, "egne_ansatte").set_index("year")
    assert divided.loc[[2018, 2020], "value"].isna().all()
    assert "delt kommune (9106)" in divided.at[2018, "note"]
    assert divided.at[2024, "value"] == 55


# ---------------------------------------------------------------- classes
def test_eleven_values_in_five_classes_and_missing_apart(small_dataset):
    tb = view_table(small_dataset, "egne_ansatte", 2018)
    c = classify(tb["value"], "kvantiler", "share", "%", 0)
    missing = len(c.labels) - 1
    assert c.labels[-1] == "Mangler data" and len(c.labels) == 6
    assert list(c.assign[tb["kommunenummer"] == "9205"]) == [missing]
    assert sorted(set(c.assign[tb["value"].notna()])) == [0, 1, 2, 3, 4]
    # a higher value never lands in a lower class
    order = np.argsort(tb["value"].fillna(-1).to_numpy())
    placed = [c.assign[i] for i in order if not np.isnan(tb["value"].iloc[i])]
    assert placed == sorted(placed)


def test_a_yes_no_indicator_has_two_classes_and_missing(small_dataset):
    c = classify(view_table(small_dataset, "strategi", 2024)["value"], kind="yesno")
    assert len(c.labels) == 3 and c.labels[-1] == "Mangler data"


# ---------------------------------------------------------------- profile
def test_a_kommune_against_its_size_class_fylke_and_the_country(small_dataset):
    rows = indicator_rows(small_dataset, "9104", 2024).set_index("indicator")
    own = rows.loc["egne_ansatte"]
    assert own["value"] == 35
    assert own["size_median"] == 50  # 20 000 and over: Delta 35, Iota 65, My 50
    assert own["fylke_median"] == 35  # Nordfylke: 25, 35, 30, 55, 48
    assert own["national_median"] == 35
    # 65, 55, 50, 48, 38, then Delta's 35: sixth of eleven
    assert (own["rank"], own["n_ranked"]) == (6, 11)
    assert np.isnan(rows.loc["strategi", "rank"])  # yes/no is not ranked


# ---------------------------------------------------------------- groups
def test_group_medians_by_ssbs_size_classes(small_dataset):
    tb = view_table(small_dataset, "egne_ansatte", 2024)
    st = groups.group_stats(tb["value"], groups.group_labels(tb, "ssb"), "share").set_index("group")
    assert st["n"].tolist() == [4, 4, 3]
    assert st["median"].tolist() == [16, 43, 50]  # (14+18)/2, (38+48)/2, 50


def test_the_share_answering_yes_per_group_over_the_years(small_dataset):
    over = groups.over_time(small_dataset, "strategi", "ssb").set_index(["year", "group"])
    assert over.at[(2018, "under 5 000"), "share_yes"] == pytest.approx(2 / 7)
    assert over.at[(2024, "5 000-19 999"), "share_yes"] == pytest.approx(3 / 4)
    assert over.at[(2024, "20 000 og over"), "n"] == 3


# ---------------------------------------------------------------- exports
def test_the_csv_of_a_view_has_every_kommune_its_source_and_says_demonstration(small_dataset):
    ds = small_dataset
    ind = ds.catalogue["strategi"]
    text = export.view_csv(view_table(ds, "strategi", 2024), ind, 2024).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 11
    assert lines[0].split(";")[:2] == ["Kommunenummer", "Kommune"]
    assert all(ind.credit in line and "Demonstrasjonsdata" in line for line in lines[1:])


def test_the_workbook_has_the_data_and_an_about_sheet_naming_the_source(small_dataset):
    ds = small_dataset
    ind = ds.catalogue["egne_ansatte"]
    frame = export.view_frame(view_table(ds, "egne_ansatte", 2018), ind, 2018)
    raw = export.frame_xlsx(frame, export.export_meta("Test", 2018, "", [ind]))
    book = openpyxl.load_workbook(io.BytesIO(raw))
    data = list(book["Data"].iter_rows(values_only=True))
    assert len(data) == 1 + 12
    lambda_row = next(r for r in data if r[0] == "9205")
    assert lambda_row[5] is None  # missing stays empty, with its status beside it
    about = " ".join(str(c) for row in book.worksheets[-1].iter_rows(values_only=True) for c in row)
    assert ind.credit in about and "Kartverket" in about


def test_the_about_sheet_says_how_to_cite_the_view(small_dataset):
    ind = small_dataset.catalogue["strategi"]
    link = "https://kommunekart.example/?indikator=strategi&aar=2024"
    meta = export.export_meta("Har strategi, 2024", 2024, "2026-12-03 13:21", [ind], link=link)
    cite = meta["Slik siterer du"]
    assert cite == (
        f"{ind.credit}; Demonstrasjonsdata (Kommunekart) – ikke SSBs tall. «Har strategi, 2024». "
        f"Kommunekart, data fra 2026-12-03. {link}"
    )
    assert "Slik siterer du" not in export.export_meta("x", 2024, "", [ind])  # no link, no claim
