"""A user's own imported table as an indicator for this session (pure; no Streamlit).

The shared dataset is never changed: ``with_user_indicator`` returns a new Dataset that shares the
shared frames' geometry and attributes and adds the user's indicator, for one session only."""
from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd

from .catalogue import Catalogue, Indicator
from .classify import breaks_in_subprocess, breaks_jobs
from .dataset import Dataset

USER_THEME = "egne"


def make_indicator(name: str, unit: str, source: str, higher_is_better: bool | None, existing: list[str]) -> Indicator:
    base = "egen_" + (re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:30] or "data")
    ind_id, n = base, 2
    while ind_id in existing:
        ind_id, n = f"{base}_{n}", n + 1
    return Indicator(id=ind_id, names={"nb": name.strip()[:120] or "Egne data"}, theme=USER_THEME, kind="count",
                     unit=unit.strip()[:30], higher_is_better=higher_is_better, decimals=1, data="egen",
                     definitions={"nb": f"Lastet inn av brukeren fra «{source}»."}, source=source.strip()[:200])


def prepare_values(data: pd.DataFrame, indicator_label: str, codes_by_year: dict[int, set]) -> tuple[pd.DataFrame, list[str]]:
    """The rows of one imported indicator that can be drawn: years the app has maps for, kommunenummer
    valid that year. Everything left out is counted in the returned notes (never silently)."""
    part = data[data["indicator"] == indicator_label]
    notes = []
    other_years = sorted(set(part["year"]) - set(codes_by_year))
    if other_years:
        notes.append(f"År uten kart i Kommunekart ble ikke tatt med: {', '.join(map(str, other_years))} "
                     f"(kart finnes for {', '.join(map(str, sorted(codes_by_year)))}).")
    part = part[part["year"].isin(list(codes_by_year))]
    valid = np.array([k in codes_by_year[int(y)] for k, y in zip(part["kommunenummer"], part["year"])], dtype=bool)
    if (~valid).any():
        bad = part.loc[~valid, ["kommunenummer", "year"]]
        ex = ", ".join(f"{k} ({y})" for k, y in bad.head(8).itertuples(index=False))
        notes.append(f"{int((~valid).sum())} rader har kommunenummer som ikke fantes det året og vises ikke: {ex}. "
                     "Omregning til en annen kommuneinndeling kommer senere.")
    return part[valid].copy(), notes


def with_user_indicator(ds: Dataset, ind: Indicator, values: pd.DataFrame, breaks: dict | None = None) -> Dataset:
    """A new Dataset = ``ds`` + one user indicator (values: kommunenummer, year, value, status)."""
    themes = ds.catalogue.themes if USER_THEME in ds.catalogue.themes else ds.catalogue.themes + (USER_THEME,)
    catalogue = Catalogue(themes=themes, indicators=ds.catalogue.indicators + (ind,), default=ds.catalogue.default)
    rows = values.assign(indicator=ind.id)[["kommunenummer", "year", "indicator", "value", "status"]]
    merged = dict(ds.breaks)
    merged.update(breaks or {})
    return dataclasses.replace(ds, catalogue=catalogue, values=pd.concat([ds.values, rows], ignore_index=True),
                               tables={}, breaks=merged)


def user_breaks(ind: Indicator, values: pd.DataFrame, codes_by_year: dict[int, set]) -> dict:
    """Class bounds for the user's indicator (computed in a child process, like the built-in ones)."""
    return breaks_in_subprocess(breaks_jobs(ind.id, ind.kind, {int(y): g["value"].to_numpy() for y, g in values.groupby("year")}))
