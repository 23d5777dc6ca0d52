"""Endring: one indicator's change between two years, per kommune of the later year's borders. Pure.

The carry-over rule is the profile trend's (``reform.area``): a kommune is compared with the
kommuner of the start year that cover exactly its area (merged ones combined: counts summed, the
rest population-weighted); a kommune whose area includes part of a divided one, a merger whose
values cannot be combined, or a yes/no whose merged parts answered differently is not compared, and
the reason is said. Shares change in percentage points, numbers by the unit's difference, grades by
steps (lower is better), yes/no from «nei» to «ja» (+1) or back (-1)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from kommunekart.analysis.classify import MISSING_COLOUR, Classes
from kommunekart.analysis.stats import view_table
from kommunekart.base import fmt
from kommunekart.base.strings import t
from kommunekart.lineage.kommuner import numbering
from kommunekart.lineage.reform import area, combine

# ColorBrewer PuOr (colour-blind safe): orange for a fall, purple for a rise, pale in the middle
FALL = ("#b35806", "#f1a340", "#fee0b6")
RISE = ("#d8daeb", "#998ec3", "#542788")
SAME = "#f7f7f7"


def start_years(ds, indicator_id: str, end: int) -> list[int]:
    """The years a change to ``end`` can start from (Indicator.change_starts)."""
    return ds.catalogue[indicator_id].change_starts(ds.years_with(indicator_id), end)


def change_indicator(ind, start: int, end: int):
    """The indicator as the change view names it: «Endring i … 2022–2025», its unit the change's
    (percentage points for a share), kind «change» (or «yesnochange»)."""
    unit = t("endring.enhet.pp") if ind.unit == "%" else ind.unit
    if ind.kind == "grade":
        unit = t("endring.enhet.trinn")
    name = t("endring.navn", indikator=ind.name)
    names = {lang: name for lang in ("nb", "nn", "en")}  # made in the reader's language
    return replace(
        ind,
        names=names,
        period=f"{start}–{end}",
        unit_names=unit,
        kind="yesnochange" if ind.kind == "yesno" else "change",
        decimals=ind.decimals if ind.kind != "yesno" else 0,
        measured=None,
    )


def change_table(ds, indicator_id: str, start: int, end: int) -> pd.DataFrame:
    """Every kommune of ``end``'s borders (none dropped): its values in both years, the change
    (``value``; missing when not comparable), ``status`` ("" or ".."), ``reason`` (why not
    compared) and ``note`` (which kommuner of ``start`` it is compared with, when not itself)."""
    ind = ds.catalogue[indicator_id]
    now = view_table(ds, indicator_id, end)
    then = view_table(ds, indicator_id, start).set_index("kommunenummer")
    rows = []
    codes_of = ds.codes_in  # one object for every kommune: the change-table work is shared
    for code, name, v_end in zip(now["kommunenummer"], now["name"], now["value"]):
        a = area(code, numbering(end), numbering(start), ds.changes, ds.kommsummer, codes_of)
        origin = [o for o in a.members if o in then.index]
        names = ", ".join(f"{o} {then.at[o, 'name']}" for o in origin)
        v_start, reason, note = np.nan, "", ""
        if not origin:
            reason = t("endring.grunn.ny", aar=start)
        elif not a.complete:
            reason = t("endring.grunn.delt", aar=start, navn=names)
        elif len(origin) > 1 and ind.merge == "none":
            reason = t("endring.grunn.ikke_sum", aar=start, navn=names)
        else:
            part = then.loc[origin]
            if part["value"].isna().any():
                missing = ", ".join(
                    f"{o} {then.at[o, 'name']}" for o in part.index[part["value"].isna()]
                )
                reason = t("endring.grunn.mangler_fra", aar=start, navn=missing)
            else:
                v_start = combine(part["value"], part["population"], ind.merge)
                if ind.kind == "yesno" and 0 < v_start < 1:
                    reason = t("endring.grunn.ulike_svar", aar=start, navn=names)
                    v_start = np.nan
            if origin != [code] and not reason:
                renumbered = len(origin) == 1 and then.at[origin[0], "name"] == name
                note = (
                    t("endring.nytt_nummer", nr=origin[0])
                    if renumbered
                    else t("endring.sammenlignet", navn=names)
                )
        if not reason and pd.isna(v_end):
            reason = t("endring.grunn.mangler_til", aar=end)
        if pd.isna(v_start) or pd.isna(v_end):
            delta = np.nan
        elif ind.kind == "yesno":
            delta = float(round(v_end) - round(v_start))
        else:
            # the change of the values as shown (0,25 -> 0,30 is +0,05, never +0,0499…)
            delta = fmt.round_half_up(
                fmt.round_half_up(v_end, ind.decimals) - fmt.round_half_up(v_start, ind.decimals),
                ind.decimals,
            )
        rows.append((v_start, delta, reason, note))
    extra = pd.DataFrame(rows, columns=["start_value", "value", "reason", "note"], index=now.index)
    out = now.rename(columns={"value": "end_value"}).drop(columns=["status"])
    out = pd.concat([out, extra], axis=1)
    out["status"] = np.where(out["value"].isna(), "..", "")
    return out


def change_classes(values, kind: str, unit: str, decimals: int) -> Classes:
    """A diverging legend centred on zero: «uendret» in the middle, falls and rises in up to three
    classes each, the same bounds on both sides (so a colour's strength means the same size of
    change either way)."""
    v = np.asarray(values, dtype=float)
    present = ~np.isnan(v)
    if kind == "yesnochange":
        labels = [t("endring.fra_ja"), t("endring.uendret"), t("endring.fra_nei")]
        assign = np.where(present, np.where(v < 0, 0, np.where(v > 0, 2, 1)), 3)
        return Classes(
            labels + [t("legende.mangler")], [FALL[0], SAME, RISE[2], MISSING_COLOUR], assign, []
        )
    size = np.abs(v[present & (v != 0)])
    bounds = (
        sorted({fmt.round_half_up(q, decimals) for q in np.quantile(size, [1 / 3, 2 / 3, 1])})
        if size.size
        else []
    )
    bounds = [b for b in bounds if b > 0] or ([float(size.max())] if size.size else [])
    labels, colours = [], []
    step = 10.0**-decimals  # the smallest change shown: the bound nearest zero of each band
    for i in reversed(range(len(bounds))):  # falls, largest first
        lo = bounds[i - 1] + step if i else step
        labels.append(_band(-bounds[i], -lo, unit, decimals))
        colours.append(FALL[3 - len(bounds) + (len(bounds) - 1 - i)])
    labels.append(t("endring.uendret"))
    colours.append(SAME)
    for i in range(len(bounds)):  # rises
        lo = bounds[i - 1] + step if i else step
        labels.append(_band(lo, bounds[i], unit, decimals))
        colours.append(RISE[i + 3 - len(bounds)])
    n = len(bounds)
    assign = np.full(len(v), 2 * n + 1)
    for j, x in enumerate(v):
        if not present[j]:
            continue
        if x == 0:
            assign[j] = n
        else:
            k = min(int(np.searchsorted(bounds, abs(x), side="left")), n - 1)
            assign[j] = n - 1 - k if x < 0 else n + 1 + k
    return Classes(labels + [t("legende.mangler")], colours + [MISSING_COLOUR], assign, bounds)


def _band(lo: float, hi: float, unit: str, decimals: int) -> str:
    """«-0,20 til -0,05 MB»: both bounds in the band (the changes are of values as shown)."""
    u = f"{fmt.NBSP}{unit}" if unit else ""
    if fmt.signed(lo, decimals) == fmt.signed(hi, decimals):  # a band of one value
        return fmt.signed(lo, decimals) + u
    return t("endring.band", fra=fmt.signed(lo, decimals), til=fmt.signed(hi, decimals), enhet=u)


def biggest(table: pd.DataFrame, n: int, falls: bool) -> pd.DataFrame:
    """The ``n`` largest falls (or rises) among the kommuner compared, ties at the edge included,
    largest first."""
    have = table[table["value"].notna() & ((table["value"] < 0) if falls else (table["value"] > 0))]
    if have.empty:
        return have
    ordered = have.sort_values(["value", "name"], ascending=[falls, True])
    edge = ordered["value"].iloc[min(n, len(ordered)) - 1]
    return ordered[(ordered["value"] <= edge) if falls else (ordered["value"] >= edge)]


def describe(table: pd.DataFrame, ind, start: int, end: int) -> str:
    """The change map's text alternative: how many were compared, the largest fall and rise, the
    median change, and how many could not be compared (the reasons are in the table)."""
    shown = change_indicator(ind, start, end)
    have = table[table["value"].notna()]
    text = t(
        "endring.alt",
        indikator=ind.name,
        fra=start,
        til=end,
        n=len(have),
        alle=len(table),
        ikke=len(table) - len(have),
        grenser=numbering(end),
    )
    if have.empty:
        return text

    def one(rows):
        if rows.empty:
            return t("endring.alt.ingen")
        first = rows.iloc[0]
        more = len(rows) - 1
        value = fmt.value_text(first["value"], "", shown.unit, shown.kind, shown.decimals)
        return first["name"] + (t("endring.alt.flere", n=more) if more else "") + f" ({value})"

    if shown.kind == "yesnochange":
        counts = {k: int((have["value"] == k).sum()) for k in (-1, 0, 1)}
        return text + " " + t("endring.alt.janei", opp=counts[1], ned=counts[-1], likt=counts[0])
    median = fmt.value_text(float(have["value"].median()), "", shown.unit, "change", shown.decimals)
    return (
        text
        + " "
        + t(
            "endring.alt.tall",
            ned=one(biggest(table, 1, True)),
            opp=one(biggest(table, 1, False)),
            median=median,
        )
    )
