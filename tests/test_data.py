"""Checks on the real default data (read from the local mirror) and the demonstration model."""

import numpy as np
import pytest

from kommunekart.analysis import stats
from kommunekart.base import fmt
from kommunekart.pipeline import demo
from kommunekart.pipeline.dataset import JoinError, check_codes

KOMMUNER_PER_YEAR = {2018: 422, 2020: 356, 2022: 356, 2024: 357}


def test_each_year_has_its_own_borders(real_dataset):
    for year, n in KOMMUNER_PER_YEAR.items():
        k = real_dataset.kommuner[year]
        assert len(k) == n
        assert k["kommunenummer"].str.fullmatch(r"\d{4}").all()
    assert "0301" in set(real_dataset.kommuner[2018]["kommunenummer"])  # leading zero kept
    assert "1504" in set(real_dataset.kommuner[2018]["kommunenummer"])  # old Ålesund
    assert "1508" in set(real_dataset.kommuner[2024]["kommunenummer"])  # Ålesund after the split


def test_size_classes_2024_are_174_117_66(real_dataset):
    counts = real_dataset.attrs_for(2024)["size_class"].value_counts().to_dict()
    assert counts == {"liten": 174, "mellom": 117, "stor": 66}


def test_every_kommune_has_population_and_a_row_for_every_indicator(real_dataset):
    assert real_dataset.attrs["population"].notna().all()
    for ind in real_dataset.catalogue.indicators:
        for year, n in KOMMUNER_PER_YEAR.items():
            tab = stats.view_table(real_dataset, ind.id, year)
            assert len(tab) == n
            # each a reason a reader can read
            assert tab["status"].isin(["", "..", ".", *fmt.MEASURE_STATUS]).all()
            assert (tab["value"].isna() == (tab["status"] != "")).all()


def test_join_check_names_unknown_kommuner():
    import pandas as pd

    frame = pd.DataFrame({"kommunenummer": ["0301", "9999"], "year": [2024, 2024]})
    with pytest.raises(JoinError, match="9999"):
        check_codes(frame, {2024: {"0301"}}, "testdata")
    with pytest.raises(JoinError, match="301"):
        check_codes(
            pd.DataFrame({"kommunenummer": ["301"], "year": [2024]}), {2024: {"0301"}}, "testdata"
        )


@pytest.mark.parametrize("ind_id", list(demo.YESNO_TARGETS))
def test_demo_yes_shares_are_calibrated_to_ssb_targets(real_dataset, ind_id):
    v = real_dataset.values
    for year, target in demo.YESNO_TARGETS[ind_id].items():
        got = v[(v["indicator"] == ind_id) & (v["year"] == year)]["value"].mean()
        assert abs(got - target) <= 0.01, (ind_id, year, got, target)


def test_demo_has_a_few_nonresponses_each_year(real_dataset):
    v = real_dataset.values
    for year in KOMMUNER_PER_YEAR:
        n_missing = (
            v[(v["indicator"] == "ikt_prosjekter") & (v["year"] == year)]["status"] == ".."
        ).sum()
        assert 1 <= n_missing <= 15


def test_demo_large_kommuner_lead_and_trends_are_coherent(real_dataset):
    t24 = stats.view_table(real_dataset, "indeks_samlet", 2024)
    med = t24.groupby("size_class")["value"].median()
    assert med["liten"] < med["mellom"] < med["stor"]
    # the same kommune (0301 Oslo) correlates strongly with itself across years
    a = stats.view_table(real_dataset, "indeks_samlet", 2022).set_index("kommunenummer")["value"]
    b = t24.set_index("kommunenummer")["value"]
    common = a.index.intersection(b.index)
    assert np.corrcoef(a[common].fillna(100), b[common].fillna(100))[0, 1] > 0.7


def test_demo_index_is_100_at_the_2018_median(real_dataset):
    for ind in ("indeks_prioritering", "indeks_kompetanse", "indeks_aktivitet", "indeks_samlet"):
        assert stats.view_table(real_dataset, ind, 2018)["value"].median() == pytest.approx(
            100, abs=0.11
        )


def test_merged_kommune_starts_from_its_predecessors_weighted_mean(tiny_changes):
    import pandas as pd

    pop = pd.DataFrame(
        {
            "year": [2018] * 3 + [2020] * 2 + [2024] * 3,
            "kommunenummer": ["0001", "0002", "0003", "1001", "1003", "2001", "2002", "1003"],
            "population": [1000, 3000, 500, 4000, 500, 2000, 2000, 500],
        }
    )
    mat = demo.maturity(pop, tiny_changes, years=(2018, 2020, 2024), drift_sd=0.0)
    m = mat.set_index(["year", "kommunenummer"])["maturity"]
    assert m[(2020, "1001")] == pytest.approx(
        (1000 * m[(2018, "0001")] + 3000 * m[(2018, "0002")]) / 4000
    )
    # both halves of a split
    assert m[(2024, "2001")] == m[(2024, "2002")] == pytest.approx(m[(2020, "1001")])
    assert m[(2024, "1003")] == pytest.approx(m[(2018, "0003")])  # renumbered, same kommune


def test_broadband_is_a_real_indicator_of_2013_on_the_2018_map_and_carried_to_2024(real_dataset):
    import pandas as pd

    from kommunekart.sources.mirror import path_of

    ind = real_dataset.catalogue["bredband_100"]
    assert (
        ind.data == "real"
        and not ind.is_demo
        and "2013" in ind.definition
        and "delt" in ind.definition
    )
    src = pd.read_csv(path_of("data", "broadband"), encoding="utf-8-sig")
    src["knr"] = src["knr"].astype(str).str.zfill(4)
    share = src.set_index("knr")["100S_2013"]
    assert real_dataset.years_with("bredband_100") == (2013, 2024)  # its own year, not the map's
    t18 = stats.view_table(real_dataset, "bredband_100", 2013).set_index("kommunenummer")
    assert t18["value"].notna().sum() == 422
    assert t18.at["0301", "value"] == pytest.approx(100 * share["0301"])
    # Rindal: 2019 number -> 2018 map
    assert t18.at["1567", "value"] == pytest.approx(100 * share["5061"])
    t24 = stats.view_table(real_dataset, "bredband_100", 2024).set_index("kommunenummer")
    # the file's numbering
    pop = real_dataset.population.query("year == 2019").set_index("kommunenummer")["population"]
    parts = ["1103", "1141", "1142"]  # Stavanger 2020 = Stavanger + Finnøy + Rennesøy
    expected = sum(100 * share[p] * pop[p] for p in parts) / sum(pop[p] for p in parts)
    assert t24.at["1103", "value"] == pytest.approx(expected)
    # Narvik took part of divided Tysfjord: not guessed, and said
    assert t24.at["1806", "status"] == "delt"
    # Rindal: alone in its group, kept
    assert t24.at["5061", "value"] == pytest.approx(100 * share["5061"])
    # Haram 2024 has old Haram's borders
    assert t24.at["1580", "value"] == pytest.approx(100 * share["1534"])
    assert stats.view_table(real_dataset, "bredband_100", 2020)["value"].isna().all()


def test_one_measurement_shown_on_two_maps_is_one_point_not_a_trend(real_dataset):
    """Nkom's 2013 measurement is on the 2018 map and carried to 2024: Ålesund's «40 → 41 %» was the
    population weights of two numberings, not a change."""
    from kommunekart.analysis import profile

    tr = profile.trend(real_dataset, "1508", 2024, "bredband_100")
    assert (
        list(tr["year"]) == [2013]
        and "Én måling, fra 2013" in tr.at[0, "note"]
        and "2024" in tr.at[0, "note"]
    )
    assert list(profile.trend(real_dataset, "1508", 2024, "digisos_tidlig")["year"]) == [2020]
    assert list(profile.trend(real_dataset, "1508", 2024, "nettside_vekt")["year"]) == [
        2022,
        2023,
        2024,
        2025,
    ]


def test_digisos_is_a_real_yes_no_indicator_on_2020_and_2024_with_its_caveat(real_dataset):
    import pandas as pd

    from kommunekart.sources.mirror import path_of

    ind = real_dataset.catalogue["digisos_tidlig"]
    assert ind.kind == "yesno" and ind.data == "real" and "Ikke dagens status" in ind.caveat
    src = pd.read_csv(path_of("data", "digisos"), dtype=str)
    t20 = stats.view_table(real_dataset, "digisos_tidlig", 2020)
    on_the_day = (src["digisos_first_seen"] <= "2020-04-03") & (
        src["last_seen_in_list"] >= "2020-04-03"
    )
    # 199 first seen by then (PROVENANCE: 22+95+82), less Sørreisa
    assert len(t20) == 356 and t20["value"].sum() == on_the_day.sum() == 198
    t20 = t20.set_index("kommunenummer")
    assert t20.at["5419", "value"] == 0  # Sørreisa: added and removed on 2020-03-26
    assert t20.at["4601", "value"] == 1  # Bergen: on the list until 2020-05-26
    t24 = stats.view_table(real_dataset, "digisos_tidlig", 2024).set_index("kommunenummer")
    # the whole Ålesund of 2020 (1507) was on the list from 2020-03-03; both its parts of 2024 were
    assert (
        t24.at["1508", "value"] == 1
        and t24.at["1580", "value"] == 1
        and t24.at["1508", "status"] == ""
    )
    assert t24["value"].notna().sum() == 357
    assert t24["value"].sum() == t20["value"].sum() + 1  # Ålesund became two


def test_catalogue_names_every_indicator_in_bokmal_nynorsk_and_english(catalogue):
    for ind in catalogue.indicators:
        assert {"nb", "nn", "en"} <= set(ind.names), ind.id
        assert all(ind.names[lang].strip() for lang in ("nb", "nn", "en")), ind.id
        assert ind.definition and ind.source and ind.theme in catalogue.themes, ind.id


@pytest.mark.mirror
def test_the_demo_models_published_targets_are_ssbs_figures():
    """Every target marked "published" in data/demo_targets.yaml is the figure SSB published (the
    mirror's collection of SSB's survey figures, each with its page); the rest are marked "assumed".
    """
    import pandas as pd

    from kommunekart.sources.mirror import path_of

    figures = pd.read_csv(path_of("data", "ssb_published_figures"), dtype=str)
    national = figures[figures["group_type"] == "national"]
    targets = demo.load_targets()
    entries = [t for years in targets["yesno"].values() for t in years.values()] + list(
        targets["tried_to_recruit"].values()
    )
    published = [t for t in entries if t["status"] == "published"]
    assert published and all(t["status"] in ("published", "assumed") for t in entries)
    for t in published:
        fig_id, year = t["figure"].split()
        rows = national[
            (national["indicator_id_suggestion"] == fig_id) & (national["year"] == year)
        ]
        assert len(rows), t["figure"]
        assert t["url"] in set(rows["source_url"]), t["figure"]
        numbers = pd.to_numeric(rows["value"], errors="coerce").dropna()
        if len(numbers):  # a figure SSB gave in numbers is used as it is
            assert any(abs(100 * t["value"] - v) < 1e-9 for v in numbers), t["figure"]
        elif fig_id == "kom_uten_digistrategi":  # "en tredjedel" without a strategy
            assert abs(t["value"] - 2 / 3) < 0.01
