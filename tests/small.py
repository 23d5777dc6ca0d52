"""A small hand-made Dataset (tests/fixtures/small/): twelve kommuner of two fylker over the 2020
and 2024 reforms, with a share, a count and a yes/no indicator, for tests that run without the data
mirror. Built with the pipeline's own steps (assemble_attrs, make), the real indicator catalogue."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from kommunekart.pipeline.dataset import assemble_attrs, make
from kommunekart.sources.catalogue import load_catalogue

HERE = Path(__file__).resolve().parent / "fixtures" / "small"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(HERE / name, dtype=str, keep_default_na=False)


def small_dataset():
    rows = _read("kommuner.csv")
    rows["year"] = rows["year"].astype(int)
    rows["population"] = rows["population"].astype(int)
    kommuner, fylker = {}, {}
    for year, g in rows.groupby("year"):
        g = g.reset_index(drop=True)
        kommuner[year] = gpd.GeoDataFrame(
            g[["kommunenummer", "name", "fylkenummer", "fylke_name"]],
            geometry=[box(i, 60, i + 1, 61) for i in range(len(g))],
            crs=4326,
        )
        f = g.groupby(["fylkenummer", "fylke_name"], as_index=False).size()
        fylker[year] = gpd.GeoDataFrame(
            f[["fylkenummer", "fylke_name"]],
            geometry=[box(0, 60 + i, 20, 61 + i) for i in range(len(f))],
            crs=4326,
        )
    population = rows[["year", "kommunenummer", "population"]]
    values = _read("values.csv")
    values["year"] = values["year"].astype(int)
    values["value"] = pd.to_numeric(values["value"], errors="coerce")
    changes = _read("changes.csv")
    changes["changeOccurred"] = pd.to_datetime(changes["changeOccurred"])
    return make(
        "small",
        load_catalogue(),
        kommuner,
        fylker,
        assemble_attrs(kommuner, population),
        values,
        changes,
        population=population,
    )
