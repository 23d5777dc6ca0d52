"""Statistics on the tidy value frame: the table behind a view, group medians and shares."""

from __future__ import annotations

import pandas as pd

from kommunekart.pipeline.dataset import Dataset


def view_table(ds: Dataset, indicator: str, year: int) -> pd.DataFrame:
    """One row per kommune of ``year``'s borders (none dropped): attributes + value + status.

    Built once per dataset (read-only: callers must not modify it); an indicator without values in
    ``year`` gets a table where every value is missing."""
    if (indicator, int(year)) in ds.tables:
        return ds.tables[(indicator, int(year))]
    out = ds.attrs[ds.attrs["year"] == year].assign(value=float("nan"), status="..")
    return out.sort_values("kommunenummer").reset_index(drop=True)


def describe_view(table: pd.DataFrame, indicator, year: int) -> str:
    """Text alternative for the map: what it shows, the highest, the lowest, the median, missing."""
    from kommunekart.base import fmt
    from kommunekart.base.fmt import value_text
    from kommunekart.base.strings import t

    present = table.dropna(subset=["value"])
    n_missing = len(table) - len(present)
    from kommunekart.lineage.kommuner import numbering

    text = (
        t("kart.alt", indikator=indicator.name, n=len(table), aar=year, grenser=numbering(year))
        + " "
    )
    text += t("kart.oversikt", mangler=n_missing)
    if present.empty:
        return text
    if indicator.kind == "yesno":
        return text + " " + t("kart.andel_alle", andel=fmt.share(present["value"].mean()))

    def fv(v):
        return value_text(v, "", indicator.unit, indicator.kind, indicator.decimals)

    shown = fmt.as_shown(present["value"], indicator.decimals).set_axis(present.index)

    def extreme(value):  # every kommune showing that value: one of many tied is not "the" highest
        tied = present.loc[shown == fmt.round_half_up(value, indicator.decimals), "name"].tolist()
        if len(tied) == 1:
            return f"{tied[0]} ({fv(value)})"
        return t(
            "kart.delt",
            n=len(tied),
            verdi=fv(value),
            navn=", ".join(tied[:3]) + (" …" if len(tied) > 3 else ""),
        )

    if indicator.kind == "grade":  # A+ (1) is the best grade, F (7) the worst
        return (
            text
            + " "
            + t(
                "kart.sammendrag.karakter",
                best=extreme(present["value"].min()),
                verst=extreme(present["value"].max()),
                median=fv(present["value"].median()),
            )
        )
    return (
        text
        + " "
        + t(
            "kart.sammendrag",
            topp=extreme(present["value"].max()),
            bunn=extreme(present["value"].min()),
            median=fv(present["value"].median()),
        )
    )
