"""Sammenheng: two indicators side by side, one dot per kommune. Pure.

The first indicator is read in the view's year; the second in the same year, or, when it has no
numbers then, in its nearest year with the same kommune borders (said in the caption: Uutilsynet's
2026 statements against SSB's 2024 survey). Only kommuner with both values are dots; how many that
is, of how many, is always said. The rank correlation (Spearman's rho: the correlation of the ranks,
ties sharing a rank) says how far the two orders agree; it says nothing of cause."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kommunekart.analysis.stats import view_table
from kommunekart.base import fmt
from kommunekart.base.errors import Message


@dataclass(frozen=True)
class Pair:
    table: pd.DataFrame  # kommunenummer, name, fylke_name, size_class, population, x, y, both
    x_year: int
    y_year: int | None  # None: the second indicator has no year with these borders
    n: int  # kommuner with both values
    total: int  # kommuner on the map
    rho: float  # Spearman's rank correlation (NaN below 3 kommuner or with one value only)


def against_of(catalogue, indicator: str, against: str | None) -> str:
    """The second indicator: ``against`` when it is another known one, else population (or the
    first other indicator when the first is population)."""
    from kommunekart.base.constants import DEFAULT_AGAINST

    if against and against in catalogue and against != indicator:
        return against
    if indicator != DEFAULT_AGAINST and DEFAULT_AGAINST in catalogue:
        return DEFAULT_AGAINST
    return next(i for i in catalogue.ids if i != indicator)


def y_year(ds, y_indicator: str, year: int) -> int | None:
    """The year the second indicator is read in: ``year`` if it has numbers then, else its nearest
    year with the same kommune borders (the later one on a tie), else None."""
    # (years_with gives every year to an indicator without numbers: those are left out here)
    have = [
        y
        for y in ds.years_with(y_indicator)
        if view_table(ds, y_indicator, y)["value"].notna().any()
    ]
    if year in have:
        return year
    same = [y for y in have if ds.codes(y) == ds.codes(year)]
    return min(same, key=lambda y: (abs(y - year), -y)) if same else None


def pair(ds, x_indicator: str, y_indicator: str, year: int) -> Pair:
    """Every kommune of ``year`` with both values (``both``), the rest kept for the table."""
    xs = view_table(ds, x_indicator, year)
    yy = y_year(ds, y_indicator, year)
    out = xs[
        ["kommunenummer", "name", "fylkenummer", "fylke_name", "size_class", "population"]
    ].assign(x=xs["value"].astype(float), x_status=xs["status"])
    if yy is None:
        out = out.assign(y=np.nan, y_status="..")
    else:
        ys = view_table(ds, y_indicator, yy).set_index("kommunenummer")
        out = out.assign(
            y=out["kommunenummer"].map(ys["value"]).astype(float),
            y_status=out["kommunenummer"].map(ys["status"]).fillna(".."),
        )
    out["both"] = out["x"].notna() & out["y"].notna()
    both = out[out["both"]]
    return Pair(out, year, yy, len(both), len(out), spearman(both["x"], both["y"]))


def spearman(x: pd.Series, y: pd.Series) -> float:
    """Spearman's rho: Pearson's correlation of the average ranks (NaN when it is not defined)."""
    if len(x) < 3 or x.nunique() < 2 or y.nunique() < 2:
        return float("nan")
    return float(x.rank().corr(y.rank()))


def strength(rho: float) -> str:
    """A word for a correlation's size (after the usual rule of thumb): the catalogue key."""
    a = abs(rho)
    if a < 0.1:
        return "sammenheng.styrke.ingen"
    if a < 0.3:
        return "sammenheng.styrke.svak"
    if a < 0.5:
        return "sammenheng.styrke.moderat"
    return "sammenheng.styrke.sterk"


def scale_type(values: pd.Series, kind: str) -> str:
    """«log» where the values span more than two orders of magnitude (population: 200 to 700 000),
    «symlog» for such values with zeros among them, else «linear»."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    if kind not in ("count", "share", "index") or v.empty or (v < 0).any():
        return "linear"
    positive = v[v > 0]
    if positive.empty or positive.max() / positive.min() < 100:
        return "linear"
    return "log" if (v > 0).all() else "symlog"


def caption(p: Pair, x_ind, y_ind) -> Message:
    """What the chart shows, its n, the rank correlation in words, and what it does not mean."""
    params = {
        "x": x_ind.name,
        "y": y_ind.name,
        "n": p.n,
        "alle": p.total,
        "aar": p.x_year,
        "y_aar": p.y_year if p.y_year is not None else "–",
    }
    if p.y_year is None:
        return Message("sammenheng.ingen_aar", params)
    if p.n < 3 or np.isnan(p.rho):
        return Message("sammenheng.for_faa", params)
    direction = "sammenheng.retning.pluss" if p.rho > 0 else "sammenheng.retning.minus"
    return Message(
        "sammenheng.tekst",
        {
            **params,
            "rho": fmt.number(p.rho, 2),
            "styrke": Message(strength(p.rho), {}),
            "retning": Message(direction, {"x": x_ind.name, "y": y_ind.name})
            if abs(p.rho) >= 0.1
            else "",
            "annet_aar": Message("sammenheng.annet_aar", params) if p.y_year != p.x_year else "",
        },
    )
