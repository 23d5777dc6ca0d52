"""Assemble everything a page needs: boundaries per year, kommune attributes, indicator values.

``build`` is pure given its inputs (frames); ``load_default`` reads them through ``sources``.
The join checks raise ``JoinError`` with a Norwegian message rather than dropping rows.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from . import demo, load, sources
from .catalogue import Catalogue, load_catalogue
from .kommuner import load_aliases, search_index, size_class
from .strings import t

YEARS = load.SURVEY_YEARS


class JoinError(ValueError):
    """Rows of a data frame do not match the kommune boundaries of their year."""


@dataclass
class Dataset:
    catalogue: Catalogue
    kommuner: dict[int, gpd.GeoDataFrame]
    fylker: dict[int, gpd.GeoDataFrame]
    attrs: pd.DataFrame  # year, kommunenummer, navn, fylkenummer, fylkenavn, population, size_class
    values: pd.DataFrame  # kommunenummer, year, indicator, value, status
    changes: pd.DataFrame  # KLASS 131 change table
    search: dict[int, pd.DataFrame] = field(default_factory=dict)
    tables: dict = field(default_factory=dict)  # memo of stats.view_table, filled on use
    breaks: dict = field(default_factory=dict)  # "indicator|year|method" -> class bounds (precomputed)
    kommsummer: pd.DataFrame | None = None  # SSB's KommSummer grouping (historical codes -> 2024 kommuner)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.kommuner))

    def attrs_for(self, year: int) -> pd.DataFrame:
        return self.attrs[self.attrs["year"] == year].set_index("kommunenummer")


def check_codes(frame: pd.DataFrame, valid: dict[int, set[str]], what: str) -> None:
    """Every row's kommunenummer must be a 4-digit string valid in its year (no silent drops)."""
    bad_format = ~frame["kommunenummer"].astype(str).str.fullmatch(r"\d{4}")
    if bad_format.any():
        ex = ", ".join(frame.loc[bad_format, "kommunenummer"].astype(str).head(5))
        raise JoinError(t("feil.kobling", n=int(bad_format.sum()), hva=what, aar="datasettet", eksempler=ex))
    for year, rows in frame.groupby("year"):
        unknown = ~rows["kommunenummer"].isin(valid.get(int(year), set()))
        if unknown.any():
            ex = ", ".join(sorted(rows.loc[unknown, "kommunenummer"].unique())[:5])
            raise JoinError(t("feil.kobling", n=int(unknown.sum()), hva=what, aar=year, eksempler=ex))


def build(catalogue: Catalogue, kommuner: dict, fylker: dict, population: pd.DataFrame, changes: pd.DataFrame,
          aliases: dict | None = None) -> Dataset:
    years = sorted(kommuner)
    valid = {y: set(kommuner[y]["kommunenummer"]) for y in years}
    pop = population[population["year"].isin(years)].copy()
    check_codes(pop, valid, "folketallet")
    missing_pop = {y: valid[y] - set(pop.loc[pop["year"] == y, "kommunenummer"]) for y in years}
    if any(missing_pop.values()):
        y = next(y for y in years if missing_pop[y])
        raise JoinError(t("feil.kobling", n=len(missing_pop[y]), hva="kartet (uten folketall)", aar=y,
                          eksempler=", ".join(sorted(missing_pop[y])[:5])))
    attrs = pd.concat(
        [kommuner[y].drop(columns="geometry").assign(year=y) for y in years], ignore_index=True
    ).merge(pop[["year", "kommunenummer", "population"]], on=["year", "kommunenummer"], how="left")
    attrs["size_class"] = size_class(attrs["population"]).to_numpy()
    values = demo.generate(pop, changes, catalogue, years=tuple(years))
    real = pop.assign(indicator="folketall", value=pop["population"].astype(float), status="")
    values = pd.concat([values, real[["kommunenummer", "year", "indicator", "value", "status"]]], ignore_index=True)
    check_codes(values, valid, "indikatorverdiene")
    index = {y: search_index(kommuner[y], aliases) for y in years}
    return Dataset(catalogue, kommuner, fylker, attrs, values, changes, index)


def precompute_breaks(ds: Dataset, cache_dir: Path | None = None) -> dict:
    """Class bounds for every built-in (indicator, year, method) that needs mapclassify, computed in a
    child process and cached on disk (data/cache/, keyed by a hash of the values), so the server
    process never loads mapclassify's scipy/scikit-learn stack."""
    from .classify import breaks_in_subprocess, breaks_jobs

    jobs = {}
    for ind in ds.catalogue.indicators:
        part = ds.values[ds.values["indicator"] == ind.id].sort_values("kommunenummer")
        jobs.update(breaks_jobs(ind.id, ind.kind, {int(y): g["value"].to_numpy() for y, g in part.groupby("year")}))
    digest = hashlib.sha256(json.dumps(jobs, sort_keys=True).encode()).hexdigest()[:16]
    cache_dir = cache_dir or Path(__file__).resolve().parent.parent / "data" / "cache"
    path = cache_dir / f"breaks_{digest}.json"
    if path.is_file():
        return json.loads(path.read_text())
    result = breaks_in_subprocess(jobs)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result))
    tmp.replace(path)
    return result


def load_default() -> Dataset:
    """Read the default data (mirror/cache/download) and build the dataset. Raises DataSourceError."""
    kommuner = {y: load.read_kommuner(y) for y in YEARS}
    fylker = {y: load.read_fylker(y) for y in YEARS}
    ds = build(load_catalogue(), kommuner, fylker, load.read_population(), load.read_changes(), load_aliases())
    ds.kommsummer = load.read_kommsummer()
    add_broadband(ds, sources.path_of("data", "broadband").read_bytes())
    add_digisos(ds, sources.path_of("data", "digisos"))
    from .userdata import load_saved, with_user_indicator  # indicators saved by the CLI (data/egne)

    for ind, values in load_saved():
        ds = with_user_indicator(ds, ind, values)
    ds.breaks = precompute_breaks(ds)
    return ds


def add_digisos(ds: Dataset, path, cutoff: str = "2020-04-03") -> dict:
    """NAV Digisos early adopters as the real yes/no indicator ``digisos_tidlig``: on the 2020 map
    (2020 numbers) and carried over to 2024 with KommSummer. Its value is a date, so it is read here
    directly rather than through the importer (which reads numbers)."""
    from . import reform

    raw = pd.read_csv(path, dtype=str)
    codes20 = set(ds.kommuner[2020]["kommunenummer"])
    raw["kommunenummer_2020"] = raw["kommunenummer_2020"].str.zfill(4)
    check_codes(raw.rename(columns={"kommunenummer_2020": "kommunenummer"}).assign(year=2020), {2020: codes20}, "Digisos-listen")
    on_list = set(raw.loc[raw["digisos_first_seen"] <= cutoff, "kommunenummer_2020"])
    part = pd.DataFrame({"kommunenummer": sorted(codes20)})
    part["value"] = part["kommunenummer"].isin(on_list).astype(float)
    part["status"] = ""
    pop20 = ds.attrs[ds.attrs["year"] == 2020].set_index("kommunenummer")["population"]
    carried, report = reform.carry_to_2024(part, ds.kommsummer, pop20, "weighted_mean", set(ds.kommuner[2024]["kommunenummer"]))
    # yes/no stays yes/no: a kommune formed from several is "ja" only if all its parts were on the list
    carried["value"] = np.where(carried["value"].isna(), np.nan, np.floor(carried["value"] + 1e-9))
    new = pd.concat([part.assign(year=2020), carried.assign(year=2024)], ignore_index=True).assign(indicator="digisos_tidlig")
    ds.values = pd.concat([ds.values, new[["kommunenummer", "year", "indicator", "value", "status"]]], ignore_index=True)
    ds.tables.clear()
    return report


def add_broadband(ds: Dataset, raw: bytes) -> dict:
    """Nkom's 2013 100 Mbit/s coverage as the real indicator ``bredband_100``: imported with the same
    importer users get (path 3), drawn on the 2018 map (2019 numbers -> 2018 numbers) and carried
    over to the 2024 map with SSB's KommSummer grouping. Returns the carry-over report."""
    from . import importer, reform
    from .kommuner import translate_code

    res = importer.read_table(raw, "hist_coverage.csv", region_column="knr", year=2018)
    part = res.data[res.data["indicator"] == "100S"].copy()
    part["value"] = part["value"] * 100  # share 0-1 -> per cent
    codes18 = set(ds.kommuner[2018]["kommunenummer"])
    part["kommunenummer"] = [k if k in codes18 else (translate_code(ds.changes, k, 2019, 2018) or k)
                             for k in part["kommunenummer"]]
    check_codes(part.assign(year=2018), {2018: codes18}, "bredbåndstallene")
    pop18 = ds.attrs[ds.attrs["year"] == 2018].set_index("kommunenummer")["population"]
    codes24 = set(ds.kommuner[2024]["kommunenummer"])
    carried, report = reform.carry_to_2024(part, ds.kommsummer, pop18, "weighted_mean", codes24)
    rows = [part.assign(year=2018), carried.assign(year=2024)]
    new = pd.concat(rows, ignore_index=True).assign(indicator="bredband_100")
    ds.values = pd.concat([ds.values, new[["kommunenummer", "year", "indicator", "value", "status"]]], ignore_index=True)
    ds.tables.clear()
    return report
