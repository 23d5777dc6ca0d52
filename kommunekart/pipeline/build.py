"""The build step, in the style of a data pipeline, and the artefact it leaves on disk.

    sources (mirror / cache / URL + sha256)
      -> readers (load.py: one per source)
      -> assemble (attributes, population checks) -> demo model -> real indicators -> class breaks
      -> a frozen Dataset, written once as Parquet + JSON under data/cache/build/<key>/

The key is a sha256 of everything the data is made from: the sources files (which carry each input
file's sha256), the catalogue and alias files, and the code of the modules that shape the data. The
server only loads the artefact (``load_or_build``); ``python -m kommunekart.pipeline.build`` (run by
``make run``) makes it ahead of the first visitor. An artefact folder is written under a temporary
name and renamed when complete, so a half-written artefact is never read, and replicas sharing the
folder read the same files. Indicators saved by the CLI (data/egne) are an overlay added after
loading (``with_saved``), never written into the artefact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd

from kommunekart.base.constants import SURVEY_YEARS
from kommunekart.base.files import ROOT
from kommunekart.sources import mirror
from kommunekart.sources.mirror import sha256_of

BUILD_ENV = "KOMMUNEKART_BUILD"  # where artefacts live (default data/cache/build)
FORMAT = 3
FRAMES = ("attrs", "values", "changes", "kommsummer", "population", "klass")
# the kommune lists kept (KLASS 131): which numbers were in use each year
KLASS_YEARS = range(2010, 2027)
_INPUT_FILES = (
    "geo/sources.yaml",
    "data/sources.yaml",
    "data/indicators.yaml",
    "data/kommune_aliases.yaml",
    "data/demo_targets.yaml",
    "data/kommune_domener.yaml",
)
# geoassets: the static geometry files are keyed by the dataset key
_CODE_FILES = (
    "pipeline/build.py",
    "pipeline/dataset.py",
    "pipeline/demo.py",
    "readers/load.py",
    "pipeline/realdata.py",
    "lineage/reform.py",
    "readers/importer.py",
    "lineage/kommuner.py",
    "pipeline/breaks.py",
    "sources/catalogue.py",
    "pipeline/websites.py",
    "pipeline/registers.py",
    "lineage/names.py",
    "readers/workbook.py",
    "pipeline/geoassets.py",
)

Progress = Callable[[str], None]  # receives a string-catalogue key naming the step


def build_dir() -> Path:
    return Path(os.environ.get(BUILD_ENV) or ROOT / "data" / "cache" / "build")


def build_key() -> str:
    h = hashlib.sha256(f"format {FORMAT}".encode())
    for rel in _INPUT_FILES:
        h.update(rel.encode() + (ROOT / rel).read_bytes())
    for name in _CODE_FILES:
        h.update(name.encode() + (ROOT / "kommunekart" / name).read_bytes())
    return h.hexdigest()[:20]


# ---------------------------------------------------------------- the pipeline
def build_dataset(progress: Progress = lambda step: None, key: str | None = None):
    """Run the pipeline from the sources. Raises DataSourceError / JoinError (codes)."""
    from kommunekart.lineage.kommuner import (
        SHOWN_ON_LATER_MAP,
        klass_frame,
        load_aliases,
        search_index,
    )
    from kommunekart.lineage.names import KommuneNames
    from kommunekart.pipeline import demo, realdata
    from kommunekart.pipeline.dataset import JoinError, assemble_attrs, make, population_values
    from kommunekart.readers import load
    from kommunekart.sources.catalogue import load_catalogue

    progress("bygg.grenser")
    survey = SURVEY_YEARS
    kommuner = {y: load.read_kommuner(y) for y in survey}
    fylker = {y: load.read_fylker(y) for y in survey}
    progress("bygg.folketall")
    population = load.read_population()
    population_all = pd.concat(
        [load.read_population_2015_2017(), population[["year", "kommunenummer", "population"]]],
        ignore_index=True,
    )
    for (
        extra,
        same,
    ) in load.EXTRA_YEARS.items():  # the same borders: the same geometry, its own population
        in_use = set(
            population_all.loc[
                (population_all["year"] == extra) & (population_all["population"] > 0),
                "kommunenummer",
            ]
        )
        if in_use != set(kommuner[same]["kommunenummer"]):
            raise JoinError("bygg.andre_grenser", aar=extra, kart=same)
        kommuner[extra], fylker[extra] = kommuner[same], fylker[same]
    for (
        earlier,
        later,
    ) in SHOWN_ON_LATER_MAP.items():  # older measurements, drawn on the earliest map they fit
        kommuner[earlier], fylker[earlier] = kommuner[later], fylker[later]
    years = sorted(kommuner)
    changes = load.read_changes()
    kommsummer = load.read_kommsummer()
    klass = klass_frame(
        json.loads(mirror.path_of("data", "klass131_2017").read_text(encoding="utf-8")),
        changes,
        2017,
        KLASS_YEARS,
    )
    catalogue = load_catalogue()
    attrs = assemble_attrs(kommuner, population)
    progress("bygg.demo")
    pop = population[population["year"].isin(survey)]
    values = [
        demo.generate(pop, changes, catalogue, years=tuple(survey)),
        population_values(population, years),
    ]
    progress("bygg.ekte")
    codes = {y: set(kommuner[y]["kommunenummer"]) for y in years}
    values.append(
        realdata.broadband(
            mirror.path_of("data", "broadband").read_bytes(),
            population_all,
            changes,
            kommsummer,
            codes,
        )[0]
    )
    values.append(
        realdata.digisos(
            pd.read_csv(mirror.path_of("data", "digisos"), dtype=str),
            population_all,
            changes,
            kommsummer,
            codes,
        )[0]
    )
    # built once: names and the dataset
    search = {y: search_index(kommuner[y], load_aliases()) for y in years}
    names = KommuneNames(search, attrs, changes, population_all).resolve
    values += website_values(names, changes, codes)
    values += register_values(names, changes, codes, attrs)
    values = pd.concat(values, ignore_index=True)
    progress("bygg.klasser")
    breaks = precompute_breaks(values, catalogue)
    return make(
        key or build_key(),
        catalogue,
        kommuner,
        fylker,
        attrs,
        values,
        changes,
        kommsummer,
        search=search,
        breaks=breaks,
        built_at=datetime.now().strftime("%Y-%m-%d %H:%M"),
        population=population_all,
        klass=klass,
    )


def website_values(names, changes, codes: dict[int, set]) -> list[pd.DataFrame]:
    """The website measurements (kommunekart/websites.py); ``names``: the picker's matcher."""
    from kommunekart.pipeline import websites

    raw = mirror.path_of("data", "website_weight").read_bytes()
    snapshots = {
        y: mirror.path_of("data", f"website_weight_{y}").read_bytes() for y in (2024, 2025)
    }
    weight, _ = websites.website_weight(raw, snapshots, names, changes, codes)
    rating = websites.website_rating(raw, weight, names, changes, codes)
    wcag, _ = websites.website_wcag(
        pd.read_csv(mirror.path_of("data", "website_wcag")), names, codes
    )
    return [weight, rating, wcag]


def register_values(
    names, changes, codes: dict[int, set], attrs: pd.DataFrame
) -> list[pd.DataFrame]:
    """Uutilsynet's accessibility statements and Difi's «Kvalitet på nett»
    (kommunekart/registers.py)."""
    from kommunekart.base.files import read_yaml
    from kommunekart.pipeline import registers

    year = registers.STATEMENT_YEAR
    orgnr = pd.read_csv(mirror.path_of("data", "kommune_orgnr"), dtype=str)
    kommune_names = attrs.loc[attrs["year"] == year].set_index("kommunenummer")["name"].to_dict()
    domains = {
        str(k).zfill(4): v
        for k, v in (read_yaml(ROOT / "data" / "kommune_domener.yaml")["domener"]).items()
    }
    statements, _ = registers.statement_values(
        mirror.path_of("data", "uu_statements").read_bytes(),
        orgnr,
        names,
        changes,
        kommune_names,
        domains,
    )
    version = json.loads(mirror.path_of("data", "klass131_2017").read_text(encoding="utf-8"))
    raws = {y: mirror.path_of("data", f"difi_{y}").read_bytes() for y in registers.SHOWN_ON}
    difi, _ = registers.difi_values(raws, version, changes, codes)
    return [statements, difi]


def precompute_breaks(values: pd.DataFrame, catalogue, cache_dir: Path | None = None) -> dict:
    """Class bounds for every (indicator, year, method) that needs mapclassify, computed in a child
    process (the server never loads mapclassify's scipy/scikit-learn) and cached by a hash of the
    values."""
    from kommunekart.pipeline.breaks import breaks_jobs, cached_breaks

    jobs = {}
    for ind in catalogue.indicators:
        part = values[values["indicator"] == ind.id].sort_values("kommunenummer")
        jobs.update(
            breaks_jobs(
                ind.id, ind.kind, {int(y): g["value"].to_numpy() for y, g in part.groupby("year")}
            )
        )
    return cached_breaks(jobs, cache_dir or ROOT / "data" / "cache")


# ---------------------------------------------------------------- the artefact
def write_artifact(ds, folder: Path | None = None) -> Path:
    """Write ``ds`` as Parquet + manifest.json into build_dir()/<key>; atomic (renamed when
    complete)."""
    base = folder or build_dir()
    final = base / ds.key
    if (final / "manifest.json").is_file():
        return final
    tmp = base / f".{ds.key}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for year in ds.years:
        ds.kommuner[year].to_parquet(tmp / f"kommuner_{year}.parquet")
        ds.fylker[year].to_parquet(tmp / f"fylker_{year}.parquet")
        ds.search[year].to_parquet(tmp / f"search_{year}.parquet")
    for name in FRAMES:
        getattr(ds, name).to_parquet(tmp / f"{name}.parquet")
    manifest = {
        "format": FORMAT,
        "key": ds.key,
        "years": list(ds.years),
        "built_at": ds.built_at,
        "breaks": dict(ds.breaks),
        "files": {f.name: sha256_of(f) for f in sorted(tmp.glob("*.parquet"))},
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")  # written last
    try:
        tmp.rename(final)
    except OSError:  # another process finished the same artefact first: theirs is as good
        shutil.rmtree(tmp, ignore_errors=True)
    return final


class BrokenArtifact(Exception):
    """The stored dataset is incomplete or damaged (a file cut short, changed or gone): build it
    again."""


def check_artifact(folder: Path) -> dict:
    """The manifest of the artefact in ``folder`` once every file it lists has its checksum (~0,1 s
    for the whole artefact); BrokenArtifact names the first one that does not."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise BrokenArtifact(f"manifest.json: {err}") from err
    for name, digest in files.items():
        try:
            ok = sha256_of(folder / name) == digest
        except OSError:
            ok = False
        if not ok:
            raise BrokenArtifact(name)
    return manifest


def read_artifact(folder: Path):
    """The Dataset stored in ``folder``; BrokenArtifact when it is not complete and whole."""
    from kommunekart.pipeline.dataset import LazyFrames, make
    from kommunekart.sources.catalogue import load_catalogue

    def geo(path):
        def read():
            import geopandas as gpd

            return gpd.read_parquet(path)

        return read

    manifest = check_artifact(folder)
    years = [int(y) for y in manifest["years"]]
    # the geometry is read when first needed (static maps, exports), not at server start
    kommuner = LazyFrames({y: geo(folder / f"kommuner_{y}.parquet") for y in years})
    fylker = LazyFrames({y: geo(folder / f"fylker_{y}.parquet") for y in years})
    try:
        search = {y: pd.read_parquet(folder / f"search_{y}.parquet") for y in years}
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in FRAMES}
    except Exception as err:
        raise BrokenArtifact(f"{type(err).__name__}: {err}") from err
    return make(
        manifest["key"],
        load_catalogue(),
        kommuner,
        fylker,
        frames["attrs"],
        frames["values"],
        frames["changes"],
        frames["kommsummer"],
        breaks=manifest["breaks"],
        built_at=manifest["built_at"],
        search=search,
        population=frames["population"],
        klass=frames["klass"],
    )


def load_or_build(progress: Progress = lambda step: None):
    """The dataset of the current sources: the artefact when it exists, else built and written."""
    key = build_key()
    folder = build_dir() / key
    if (folder / "manifest.json").is_file():
        progress("bygg.laster")
        try:
            return read_artifact(folder)
        except (
            BrokenArtifact
        ) as err:  # a cache heals: set aside, built again (the operator is told)
            import logging

            logging.getLogger("kommunekart").warning(
                "Datasettet i %s er skadet (%s); bygges på nytt", folder, err
            )
            progress("bygg.skadet")
            _set_aside(folder)
    ds = build_dataset(progress, key)
    progress("bygg.lagrer")
    try:
        write_artifact(ds)
    except OSError as err:  # a read-only build folder (replicas): this process uses what it built
        import logging

        logging.getLogger("kommunekart").warning(
            "Kunne ikke lagre datasettet i %s: %s", build_dir(), err
        )
    return ds


def _set_aside(folder: Path) -> None:
    """Move a broken artefact out of the way (renamed first, so no reader finds half a folder)."""
    aside = folder.with_name(f".{folder.name}.broken.{os.getpid()}")
    try:
        folder.rename(aside)
    except OSError:
        return  # another process moved it already
    shutil.rmtree(aside, ignore_errors=True)


def with_saved(ds, folder: Path | None = None, skipped: list | None = None):
    """``ds`` plus the indicators saved by the CLI (data/egne), each an overlay with its class
    breaks; a broken saved table is left out and named in ``skipped``."""
    from kommunekart.pipeline.userdata import load_saved, user_breaks, with_user_indicator

    for ind, values in load_saved(folder, skipped):
        ds = with_user_indicator(ds, ind, values, user_breaks(ind, values, {}))
    return ds


def main(argv=None) -> int:
    import argparse

    from kommunekart.base.strings import message, t

    argparse.ArgumentParser(
        prog="python -m kommunekart.pipeline.build", description=t("bygg.hjelp")
    ).parse_args(argv)
    started = time.perf_counter()
    try:
        ds = load_or_build(lambda step: print(t(step), flush=True))
    except mirror.DataSourceError as err:
        print(message(err), file=sys.stderr)
        return 2
    from kommunekart.pipeline.geoassets import write_static_assets

    write_static_assets(ds.kommuner, ds.fylker, ds.attrs, key=ds.key)
    print(
        t(
            "bygg.ferdig",
            nokkel=ds.key,
            sek=f"{time.perf_counter() - started:.1f}".replace(".", ","),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
