"""Sammenlign kommuner: up to six kommuner side by side on every indicator of a year, each beside
the median of its own size class, and one indicator's trend for all of them across the reforms.
Pure."""

from __future__ import annotations

import pandas as pd

from kommunekart.analysis.profile import group_value, trend
from kommunekart.analysis.stats import view_table
from kommunekart.base import fmt


def frame(ds, codes: list[str], year: int) -> pd.DataFrame:
    """Long: one row per (indicator with a value that year, kommune): value, status, size class and
    the median (yes/no: share ja) of that size class."""
    rows = []
    for ind in ds.catalogue.indicators:
        tab = view_table(ds, ind.id, year)
        if tab["value"].isna().all():
            continue
        by_code = tab.set_index("kommunenummer")
        # where each kommune lies among all kommuner: 0 = lowest, 100 = highest (ties share the mid
        # rank) at the shown precision
        shown = fmt.as_shown(by_code["value"], ind.decimals).set_axis(by_code.index)
        ranked = shown.rank(method="average", pct=True) * 100
        for code in codes:
            if code not in by_code.index:
                continue
            r = by_code.loc[code]
            group = r["size_class"]
            rows.append(
                {
                    "indicator": ind.id,
                    "theme": ind.theme,
                    "kommunenummer": code,
                    "name": r["name"],
                    "value": r["value"],
                    "status": r["status"],
                    "size_class": group,
                    "percentile": ranked.get(code) if ind.kind != "yesno" else float("nan"),
                    "size_median": group_value(
                        tab.loc[tab["size_class"] == group, "value"], ind.kind
                    ),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "indicator",
            "theme",
            "kommunenummer",
            "name",
            "value",
            "status",
            "size_class",
            "percentile",
            "size_median",
        ],
    )


def trends(ds, codes: list[str], year: int, indicator_id: str, trend_of=trend) -> pd.DataFrame:
    """profile.trend for each kommune (same rules: combined across reforms, divided kommuner never
    guessed), with the kommune's name as ``series``; ``trend_of``: the same function, cached
    (web.data)."""
    names = ds.attrs_for(year)["name"]
    parts = [
        trend_of(ds, c, year, indicator_id).assign(series=f"{names[c]} ({c})", kommunenummer=c)
        for c in codes
        if c in names.index
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
