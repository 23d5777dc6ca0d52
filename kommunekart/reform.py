"""Carry kommune values over the reforms onto the 2024 map, with SSB's KommSummer grouping. Pure.

Counts are summed; shares and averages are weighted by the population of the data's year. A kommune
that SSB lists as divided ("Delte kommuner", K.Rest) is not guessed: it is left out and reported."""
from __future__ import annotations

import numpy as np
import pandas as pd


def combine(values: pd.Series, weights: pd.Series, how: str) -> float:
    """Values of kommuner that became one: counts summed (only when all are known: a partial sum would
    mislead), everything else weighted by population (the known values with a positive weight)."""
    v = pd.to_numeric(values, errors="coerce").astype(float)
    ok = v.notna()
    if how == "sum":
        return float(v.sum()) if ok.all() and len(v) else np.nan
    w = pd.to_numeric(weights, errors="coerce").astype(float)
    usable = ok & w.notna() & (w > 0)
    return float(np.average(v[usable], weights=w[usable])) if usable.any() else np.nan


def carry_to_2024(values: pd.DataFrame, kommsummer: pd.DataFrame, population: pd.Series, how: str,
                  codes_2024: set[str]) -> tuple[pd.DataFrame, dict]:
    """``values``: kommunenummer, value, status (any numbering 1994-2024); ``population``: per
    kommunenummer of the data's year (weights for ``how="weighted_mean"``; ``how="sum"`` adds up).
    Returns the 2024 frame (kommunenummer, value, status, note) and a report of what happened."""
    group_of = dict(zip(kommsummer["code"], kommsummer["group"]))
    v = values.assign(group=values["kommunenummer"].map(group_of))
    unknown = sorted(v.loc[v["group"].isna(), "kommunenummer"])
    divided = sorted(v.loc[v["group"].notna() & ~v["group"].isin(codes_2024), "kommunenummer"])
    placed = v[v["group"].isin(codes_2024)]
    rows, merged, renumbered, same = [], [], [], []
    by_group = dict(tuple(placed.groupby("group", sort=False)))
    for code in sorted(codes_2024):
        part = by_group.get(code)
        if part is None:
            rows.append((code, np.nan, "..", ""))
            continue
        members = list(part["kommunenummer"])
        value = combine(part["value"], part["kommunenummer"].map(population), how)
        status = "" if not np.isnan(value) else ".."
        if len(members) == 1 and "status" in part:  # one former kommune: keep SSB's own symbol
            status = part["status"].iloc[0] or status
        if len(members) > 1:
            merged.append(code)
            note = "Slått sammen fra " + ", ".join(members) + (" (summert)" if how == "sum" else " (vektet med folketall)")
        elif members[0] != code:
            renumbered.append(code)
            note = f"Tidligere kommunenummer {members[0]}"
        else:
            same.append(code)
            note = ""
        rows.append((code, value, status, note))
    out = pd.DataFrame(rows, columns=["kommunenummer", "value", "status", "note"])
    report = {"same": len(same), "renumbered": len(renumbered), "merged": len(merged), "merged_codes": merged,
              "divided_not_placed": divided, "unknown": unknown}
    return out, report


def report_messages(report: dict, year: int | None = None) -> list:
    """What the carry-over did, as messages (codes; strings.message makes the text)."""
    from .errors import Message

    merged = report.get("merged_codes") or []
    listed = f" ({', '.join(merged[:12])}{' …' if len(merged) > 12 else ''})" if merged else ""
    out = [Message("reform.rapport", {"aar": year if year else "", "uendret": report["same"],
                                      "nytt": report["renumbered"], "sammen": report["merged"], "liste": listed})]
    if report["divided_not_placed"]:
        out.append(Message("reform.delte", {"n": len(report["divided_not_placed"]),
                                            "liste": ", ".join(report["divided_not_placed"])}))
    if report["unknown"]:
        out.append(Message("reform.ukjente", {"n": len(report["unknown"]), "liste": ", ".join(report["unknown"][:8])}))
    return out
