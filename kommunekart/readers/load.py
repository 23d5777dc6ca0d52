"""I/O at the edge: read boundaries, population and the KLASS change table into tidy frames.

Kommunenummer are always 4-character strings (leading zero kept). Functions take an optional path so
tests can pass tiny fixtures; without one they resolve the file through ``sources``.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from kommunekart.sources import mirror

# years with real measurements between and after the surveys (the kommuner's websites), each on the
# borders of the survey year it shares its kommuner with (checked by the build: same kommunenummer)
EXTRA_YEARS = {2023: 2022, 2025: 2024, 2026: 2024}


def _read_geojson(path: Path) -> gpd.GeoDataFrame:
    """GeoJSON (WGS 84) with json + shapely: the same result as gpd.read_file for these files,
    without loading GDAL into the server (about 30 MB of memory)."""
    features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    gdf = gpd.GeoDataFrame.from_features(features, crs=4326)
    for col in gdf.columns:
        if col.endswith("_no"):
            gdf[col] = gdf[col].astype(str)
    return gdf


def read_kommuner(year: int, path: Path | None = None) -> gpd.GeoDataFrame:
    """Kommune polygons of ``year``'s own borders: kommunenummer, name, fylkenummer, fylke_name,
    geometry."""
    path = path or mirror.path_of("geo", f"kommune_{year}")
    gdf = _read_geojson(path)
    gdf = gdf.rename(
        columns={
            "kommune_no": "kommunenummer",
            "kommune_name": "name",
            "fylke_no": "fylkenummer",
        }
    )
    gdf["kommunenummer"] = gdf["kommunenummer"].astype(str).str.zfill(4)
    gdf = gdf.set_crs(4326, allow_override=True)
    return (
        gdf[["kommunenummer", "name", "fylkenummer", "fylke_name", "geometry"]]
        .sort_values("kommunenummer")
        .reset_index(drop=True)
    )


def read_fylker(year: int, path: Path | None = None) -> gpd.GeoDataFrame:
    path = path or mirror.path_of("geo", f"fylke_{year}")
    gdf = _read_geojson(path).rename(columns={"fylke_no": "fylkenummer"})
    gdf = gdf.set_crs(4326, allow_override=True)
    return gdf[["fylkenummer", "fylke_name", "geometry"]]


def read_population(path: Path | None = None) -> pd.DataFrame:
    """SSB 07459 population 1 January per kommune, in each year's own borders: year, kommunenummer,
    population."""
    path = path or mirror.path_of("data", "population")
    df = pd.read_csv(path, dtype={"kommunenummer": str})
    df["kommunenummer"] = df["kommunenummer"].str.zfill(4)
    return df[["year", "kommunenummer", "kommunenavn_klass", "population"]].rename(
        columns={"kommunenavn_klass": "name_klass"}
    )


def read_changes(path: Path | None = None) -> pd.DataFrame:
    """KLASS 131 change table: changeOccurred (date), oldCode, oldName, newCode, newName."""
    path = path or mirror.path_of("data", "klass131_changes")
    rows = json.loads(Path(path).read_text(encoding="utf-8"))["codeChanges"]
    df = pd.DataFrame(rows, columns=["changeOccurred", "oldCode", "oldName", "newCode", "newName"])
    df["changeOccurred"] = pd.to_datetime(df["changeOccurred"])
    for col in ("oldCode", "newCode"):
        df[col] = df[col].astype(str).str.zfill(4)
    return df


def read_kommsummer(path: Path | None = None) -> pd.DataFrame:
    """SSB's KommSummer grouping: group (2024 kommunenummer, or 'Rest' etc.), group_name, code,
    name."""
    path = path or mirror.path_of("data", "kommsummer")
    raw = pd.read_excel(path, dtype=str)
    df = pd.DataFrame(
        {
            "group": raw["GRUPPEKODE"].str.replace("K.", "", regex=False).str.strip(),
            "group_name": raw["GRUPPETEKST"].str.strip(),
            "code": raw["KODE"].str.strip().str.zfill(4),
            "name": raw["TEKST"].str.strip(),
        }
    )
    return df


def read_population_2015_2017(path: Path | None = None) -> pd.DataFrame:
    """Population 1 January 2015-2017 per kommune in each year's own numbering (SSB 07459 export,
    read with the importer and summed over ages): year, kommunenummer, population (kommuner with
    people)."""
    from kommunekart.readers.importer import read_table

    path = path or mirror.path_of("data", "population_2015_2018")
    res = read_table(Path(path).read_bytes(), Path(path).name)
    df = res.data[res.data["year"].isin([2015, 2016, 2017]) & (res.data["value"] > 0)]
    return df.assign(population=df["value"].astype("int64"))[
        ["year", "kommunenummer", "population"]
    ]
