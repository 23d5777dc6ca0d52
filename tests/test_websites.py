"""The two real website measurements: counts per year equal a direct count from the raw files, the
2020-era numbers land on each year's map, skipped and untested kommuner are missing with a reason.
"""

import json

import pandas as pd
import pytest

from kommunekart.analysis.stats import view_table
from kommunekart.sources import mirror
from tests.helpers import open_page, shown

pytestmark = pytest.mark.mirror  # every test here reads the mirror's data


@pytest.fixture(scope="module")
def raw_weight():
    return pd.read_csv(mirror.path_of("data", "website_weight"), dtype={"kommunenummer": str})


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_weight_counts_match_the_raw_file_and_each_year_has_its_own_map(
    real_dataset, raw_weight, year
):
    table = view_table(real_dataset, "nettside_vekt", year)
    # the year's own map: 356 kommuner, 357 from 2024
    assert len(table) == len(real_dataset.codes(year))
    assert table["value"].notna().sum() == (raw_weight["year"] == year).sum()
    raw = raw_weight[raw_weight["year"] == year].set_index("kommunenummer")["median_bytes"]
    shown_ = table.set_index("kommunenummer")["value"]
    assert shown_["0301"] == pytest.approx(raw["0301"] / 1e6, abs=1e-4)
    # 2020-2023 numbers carried: Tromsø 5401 -> 5501, Ålesund 1507 -> 1508 by name, Haram 1580
    if year >= 2024:
        assert shown_["5501"] == pytest.approx(raw["5401"] / 1e6, abs=1e-4)
        assert shown_["1508"] == pytest.approx(raw["1507"] / 1e6, abs=1e-4)
        assert shown_["1580"] == pytest.approx(raw["1580"] / 1e6, abs=1e-4)


@pytest.mark.parametrize("year", [2024, 2025])
def test_kommuner_the_collector_skipped_are_missing_as_failed(real_dataset, year):
    snapshot = json.loads(mirror.path_of("data", f"website_weight_{year}").read_bytes())
    skipped = {r["name"] for r in snapshot if r.get("errored")}
    table = view_table(real_dataset, "nettside_vekt", year)
    failed = table[table["status"] == "feilet"]
    assert set(failed["name"]) == skipped == {"Kristiansand", "Vadsø", "Berlevåg"}
    assert failed["value"].isna().all()


@pytest.mark.parametrize("year", [2025, 2026])
def test_wcag_counts_match_the_raw_file_and_the_untested_are_not_measured(real_dataset, year):
    daily = pd.read_csv(mirror.path_of("data", "website_wcag"))
    names = set(daily.loc[daily["date"].str.startswith(str(year)), "kommune_name_fixed"])
    # tested under old names; Nordre Follo has its own
    own_names = names - {
        "Ski kommune",
        "Oppegård kommune",
    }
    table = view_table(real_dataset, "nettside_wcag", year)
    assert table["value"].notna().sum() == len(own_names)
    untested = table[table["value"].isna()]
    assert (untested["status"] == "ikke_malt").all() and len(untested) == 357 - len(own_names)
    bergen = daily[
        daily["date"].str.startswith(str(year)) & (daily["kommune_name_fixed"] == "Bergen kommune")
    ]
    assert (
        table.set_index("kommunenummer").at["4601", "value"] == bergen["violation_count"].median()
    )


@pytest.mark.parametrize("indicator, year", [("nettside_vekt", 2023), ("nettside_wcag", 2026)])
def test_each_measurement_year_draws_with_coverage_caveat_and_source(indicator, year):
    at = open_page(indikator=indicator, aar=str(year), kommune="4601")
    assert not at.exception
    assert f", {year}" in shown(at.title[0].value)
    text = " ".join(shown(e.value) for e in [*at.caption, *at.info, *at.warning, *at.markdown])
    assert "Kilde: " in text and "SSB" not in text.split("Kilde: ")[1][:40]
    if indicator == "nettside_wcag":
        assert (
            "28 av 357 kommuner i 2025 og 2026 er testet" in text
            and "bare en del av bruddene" in text
        )
    else:
        assert "Måler én side, forsiden" in text


def test_an_indicator_link_without_a_year_opens_its_latest_year():
    at = open_page(indikator="nettside_wcag")
    assert "2026" in shown(at.title[0].value)
    assert at.radio(key="w_aar").options == ["2025", "2026"]  # only the years it has numbers for


def test_the_profile_has_a_website_section_for_every_measured_year_and_groups_page_the_weight():
    at = open_page("sider/kommuneprofil.py", kommune="4601", aar="2024")
    assert not at.exception
    site = next(
        d.value
        for d in at.dataframe
        if "År" in d.value and "Forsidens vekt (MB)" in set(d.value.get("Indikator", []))
    )
    years = site.groupby("Indikator")["År"].apply(list).to_dict()
    assert years == {
        "Forsidens vekt (MB)": ["2022", "2023", "2024", "2025"],
        "Brudd på WCAG-regler på forsiden (automatisk test)": ["2025", "2026"],
        "Brudd på WCAG-krav på hovednettstedet (egenerklæring, Uutilsynet)": ["2026"],
        "Tilgjengelighetserklæringer publisert (Uutilsynet)": ["2026"],
        "Tilgjengelighetserklæringer oppdatert i tide (Uutilsynet)": ["2026"],
        "Kvalitet på nett: samlet (Difi)": ["2010", "2011", "2013"],
    }
    rows = site.set_index(["Indikator", "År"])
    assert (
        rows.loc[
            ("Brudd på WCAG-krav på hovednettstedet (egenerklæring, Uutilsynet)", "2026"),
            "Kommunen",
        ].replace("\xa0", " ")
        == "2 krav"
    )
    # Bergen 1201 in 2013
    assert (
        rows.loc[("Kvalitet på nett: samlet (Difi)", "2013"), "Kommunen"].replace("\xa0", " ")
        == "71 %"
    )
    groups = open_page("sider/storrelsesgrupper.py", indikator="nettside_vekt", aar="2024")
    assert not groups.exception and "Forsidens vekt (MB), 2024" in shown(groups.title[0].value)


def test_the_co2_rating_is_an_ordered_grade_with_letters_everywhere(real_dataset):
    from kommunekart.analysis import classify
    from kommunekart.base import fmt
    from kommunekart.render import export

    raw = pd.read_csv(mirror.path_of("data", "website_weight"), dtype={"kommunenummer": str})
    table = view_table(real_dataset, "nettside_co2", 2025)
    assert table["value"].notna().sum() == raw.loc[raw["year"] == 2025, "last_rating"].notna().sum()
    oslo = raw[(raw["year"] == 2025) & (raw["kommunenummer"] == "0301")]["last_rating"].iloc[0]
    assert fmt.grade_text(table.set_index("kommunenummer").at["0301", "value"]) == oslo
    assert fmt.grade_text(2.5) == "A–B" and fmt.grade_text(1) == "A+"
    ind = real_dataset.catalogue["nettside_co2"]
    classes = classify.classify(table["value"], "kvantiler", ind.kind)
    assert classes.labels == ["A+", "A", "B", "C", "D", "E", "F", "Mangler data"]
    frame = export.view_frame(table, ind, 2025)
    assert set(frame["Verdi"].dropna()) <= set(fmt.GRADES)
    assert real_dataset.years_with("nettside_co2") == (2024, 2025)


@pytest.mark.parametrize(
    "code, year, shown_as",
    [  # median_bytes in the raw file / 1e6, rounded once
        ("3305", 2024, "3,29"),  # Ringerike: 3 294 969 bytes (rounding 3,2950 again gave 3,30)
        ("3332", 2024, "1,22"),  # Sigdal: 1 224 994
        ("4623", 2023, "2,42"),  # Samnanger: 2 424 994 (was 2,43)
        ("5423", 2023, "0,41"),  # Karlsøy: 414 994 (was 0,42)
    ],
)
def test_website_weight_is_rounded_once_when_shown(real_dataset, code, year, shown_as):
    from kommunekart.base import fmt

    ind = real_dataset.catalogue["nettside_vekt"]
    value = (
        view_table(real_dataset, "nettside_vekt", year).set_index("kommunenummer").at[code, "value"]
    )
    assert fmt.number(value, ind.decimals) == shown_as


def test_coverage_in_a_caveat_is_counted_from_the_data(real_dataset):
    from kommunekart.sources.catalogue import coverage_text

    assert (
        coverage_text(
            {2022: (355, 356), 2023: (353, 356), 2024: (354, 357), 2025: (354, 357)}, "nb"
        )
        == "355 av 356 kommuner i 2022, 353 av 356 i 2023 og 354 av 357 i 2024 og 2025"
    )
    for ind in real_dataset.catalogue.indicators:
        assert "{dekning}" not in ind.caveat, ind.id
    caveat = real_dataset.catalogue["nettside_vekt"].caveat
    for year in (2022, 2023, 2024, 2025):
        table = view_table(real_dataset, "nettside_vekt", year)
        assert f"{int(table['value'].notna().sum())} av " in caveat and str(year) in caveat
