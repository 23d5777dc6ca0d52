"""Statistics on the tidy value frame: the table behind a view, group medians and shares."""
from __future__ import annotations

import pandas as pd

from .dataset import Dataset


def view_table(ds: Dataset, indicator: str, year: int) -> pd.DataFrame:
    """One row per kommune of ``year``'s borders (none dropped): attributes + value + status.

    Memoised on the (shared, read-only) dataset: callers must not modify the returned frame."""
    key = (indicator, int(year))
    cached = ds.tables.get(key)
    if cached is not None:
        return cached
    attrs = ds.attrs[ds.attrs["year"] == year]
    vals = ds.values[(ds.values["indicator"] == indicator) & (ds.values["year"] == year)]
    out = attrs.merge(vals[["kommunenummer", "value", "status"]], on="kommunenummer", how="left")
    out["status"] = out["status"].fillna("..")
    out = out.sort_values("kommunenummer").reset_index(drop=True)
    ds.tables[key] = out
    return out


def describe_view(table: pd.DataFrame, indicator, year: int) -> str:
    """Text alternative for the map: what it shows, the highest, the lowest, the median, missing."""
    from . import fmt
    from .mapview import value_text
    from .strings import t

    present = table.dropna(subset=["value"])
    n_missing = len(table) - len(present)
    text = t("kart.alt", indikator=indicator.name, n=len(table), aar=year) + " "
    text += t("kart.oversikt", mangler=n_missing)
    if present.empty:
        return text
    if indicator.kind == "yesno":
        return text + " " + t("kart.andel_alle", andel=fmt.share(present["value"].mean()))

    def fv(v):
        return value_text(v, "", indicator.unit, indicator.kind, indicator.decimals)

    top = present.loc[present["value"].idxmax()]
    bottom = present.loc[present["value"].idxmin()]
    return text + " " + t("kart.sammendrag", topp=f"{top['navn']} ({fv(top['value'])})",
                          bunn=f"{bottom['navn']} ({fv(bottom['value'])})", median=fv(present["value"].median()))
