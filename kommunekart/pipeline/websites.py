"""Two real measurements of the kommuner's own websites, read from their sources. Pure given inputs.

- ``nettside_vekt``: the front page's weight in MB (median of the year's measurements through the
  Website Carbon API, boyum/green-municipalities), 2022-2025. The file uses 2020-2023 kommunenummer
  throughout (plus 1580 Haram): read with the project's own importer, 2022-2023 on their own maps,
  2024-2025 measurements carried to 2024 numbers (SSB's change table; a number that was divided,
  1507 Ålesund, by the kommune's name with the kommune picker's matcher). Kommuner the collector
  skipped ("errored") are missing as «målingen feilet», the others not in the file as «ikke målt».
- ``nettside_wcag``: rules of WCAG violated on the front page in the automated test (axe-core,
  turbolego/uustreak), median of the year's daily tests, 2025 and 2026, for about 30 kommuner; names
  only, matched with the picker's matcher (older names to today's kommune; a kommune tested under
  its own name as well keeps its own measurement). Every other kommune is «ikke målt», never 0.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd

from kommunekart.lineage.kommuner import translate_code
from kommunekart.pipeline.dataset import VALUE_COLUMNS, check_codes


def _frame(codes: set, year: int, found: dict, missing_status: dict | None = None) -> pd.DataFrame:
    rows = [
        (
            k,
            year,
            found.get(k, np.nan),
            "" if k in found else (missing_status or {}).get(k, "ikke_malt"),
        )
        for k in sorted(codes)
    ]
    return pd.DataFrame(rows, columns=["kommunenummer", "year", "value", "status"])


def place(
    code: str, name: str, year: int, valid: set, changes: pd.DataFrame, names
) -> tuple[str | None, str]:
    """A 2020-2023 kommunenummer of the collector's file on ``year``'s map: itself, its number after
    SSB's change table, or (a divided number: 1507 Ålesund) the one kommune its name is that year.
    Returns the kommunenummer (None if there is no single one) and how: "", "nummer" or "navn"."""
    if code in valid:
        return code, ""
    now = translate_code(changes, code, 2023, year)
    if now in valid:
        return now, "nummer"
    hits = names(name, year, "")
    return (hits[0].code, "navn") if len(hits) == 1 else (None, "")


def website_weight(
    raw: bytes, snapshots: dict[int, bytes], names, changes: pd.DataFrame, codes: dict[int, set]
) -> tuple[pd.DataFrame, dict]:
    """Rows of ``nettside_vekt`` for 2022-2025 on each year's map, and a report: {year: {"n":
    kommuner with a value, "renamed": {old: new}, "by_name": {old: new}, "errored": [..]}}."""
    from kommunekart.readers import importer

    res = importer.read_table(raw, "green_municipalities_yearly.csv", region_column="kommunenummer")
    weight = res.data[res.data["indicator"] == "median_bytes"]
    names_of = (
        pd.read_csv(io.BytesIO(raw), dtype=str)
        .drop_duplicates("kommunenummer")
        .set_index("kommunenummer")["kommunenavn"]
    )
    out, report = [], {}
    for year, part in weight.groupby("year"):
        year = int(year)
        valid = codes[year]
        found, moved = {}, {"nummer": {}, "navn": {}}
        for code, value in zip(part["kommunenummer"], part["value"]):
            now, how = place(code, names_of.get(code, ""), year, valid, changes, names)
            if now is None or now in found:
                raise ValueError(f"nettside_vekt {year}: {code} kan ikke plasseres entydig")
            if how:
                moved[how][code] = now
            found[now] = float(value) / 1e6  # rounded once, when shown
        errored = []
        if year in snapshots:
            skipped = {
                str(r["id"]).zfill(4) for r in json.loads(snapshots[year]) if r.get("errored")
            }
            errored = sorted(
                {k if k in valid else translate_code(changes, k, 2023, year) for k in skipped}
                - {None}
            )
        frame = _frame(valid, year, found, {k: "feilet" for k in errored})
        check_codes(frame, {year: valid}, "nettsidemålingene")
        out.append(frame)
        report[year] = {
            "n": len(found),
            "renamed": moved["nummer"],
            "by_name": moved["navn"],
            "errored": errored,
        }
    return pd.concat(out, ignore_index=True).assign(indicator="nettside_vekt")[
        VALUE_COLUMNS
    ], report


def website_rating(
    raw: bytes,
    weight: pd.DataFrame,
    names,
    changes: pd.DataFrame,
    codes: dict[int, set],
    years=(2024, 2025),
) -> pd.DataFrame:
    """Rows of ``nettside_co2``: Website Carbon's letter rating of the year's last measurement (A+ =
    1 … F = 7, see fmt.GRADES), for the years where every measured kommune has one (from 2024:
    ratings began in November 2023), on the same kommuner and with the same missing reasons as
    ``weight``."""
    from kommunekart.base.fmt import GRADES

    raw_frame = pd.read_csv(io.BytesIO(raw), dtype={"kommunenummer": str})
    out = []
    for year in years:
        part = weight[weight["year"] == year].set_index("kommunenummer")
        rows = raw_frame[raw_frame["year"] == year]
        ratings = {}
        for code, name, rating in zip(
            rows["kommunenummer"], rows["kommunenavn"], rows["last_rating"]
        ):
            now, _ = place(code, name, year, codes[year], changes, names)
            if now and isinstance(rating, str) and rating in GRADES:
                ratings[now] = float(GRADES.index(rating) + 1)
        frame = part.reset_index()[["kommunenummer", "year", "status"]]
        frame["value"] = frame["kommunenummer"].map(ratings)
        frame.loc[frame["value"].isna() & (frame["status"] == ""), "status"] = "ikke_malt"
        out.append(frame)
    return pd.concat(out, ignore_index=True).assign(indicator="nettside_co2")[VALUE_COLUMNS]


def website_wcag(daily: pd.DataFrame, names, codes: dict[int, set]) -> tuple[pd.DataFrame, dict]:
    """Rows of ``nettside_wcag`` for each year of the daily tests (2025, 2026), and a report: {year:
    {"n": kommuner tested, "older": {name: kommunenummer} placed by an older name, "left_out":
    [older names of a kommune tested under its own name too]}}."""
    d = daily.assign(
        year=daily["date"].str[:4].astype(int),
        name=daily["kommune_name_fixed"].str.replace(r"\s+kommune$", "", regex=True).str.strip(),
    )
    out, report = [], {}
    for year, part in d.groupby("year"):
        year = int(year)
        medians = part.groupby("name")["violation_count"].median()
        own, older = {}, {}
        for name, value in medians.items():
            hits = names(name, year, "")
            if len(hits) != 1:
                raise ValueError(f"nettside_wcag {year}: «{name}» passer ikke én kommune")
            (own if hits[0].via == "navn" else older.setdefault(hits[0].code, {}))[
                hits[0].code if hits[0].via == "navn" else name
            ] = float(value)
        found = dict(own)
        left_out = []
        for code, by_old in older.items():
            if code in own:
                left_out += sorted(by_old)
            else:  # only tested under older names: their median
                found[code] = float(np.median(list(by_old.values())))
        frame = _frame(codes[year], year, found)
        check_codes(frame, {year: codes[year]}, "WCAG-testene")
        out.append(frame)
        report[year] = {
            "n": len(found),
            "older": {n: c for c, b in older.items() for n in b},
            "left_out": left_out,
        }
    return pd.concat(out, ignore_index=True).assign(indicator="nettside_wcag")[
        VALUE_COLUMNS
    ], report
