"""Carrying kommune values across the reforms (2015-2025 numbering -> any other year). Pure.

One rule for the map, the profile trend and every export: a kommune of year B takes the values of
the kommuner of year A that cover exactly its area (``area``):
- onto 2024's kommuner, SSB's KommSummer grouping says which old numbers are summed into which 2024
  kommune (it knows that Haram 2024 is old Haram 1534, which KLASS's change table cannot tell);
- otherwise, and for the numbers KommSummer leaves out, KLASS 131's change table (``lineage``);
- an area that includes part of a divided kommune (Snillfjord, Tysfjord in 2020; Ålesund 2020 split
  in
  2024) is never guessed: the value is missing, and the reason is named.
Counts are summed, shares and averages weighted by the population of the data's own year in its own
numbering (``combine``); a kommune alone in its group keeps its value (and SSB's symbol) whatever
its weight. A merged kommune with a part without a value is missing, with the missing parts named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kommunekart.base.errors import Message
from kommunekart.lineage.kommuner import lineage


def combine(values: pd.Series, weights: pd.Series, how: str) -> float:
    """Values of kommuner that became one: counts summed, everything else weighted by population.
    Any missing value (or, for a weighted mean, weight) makes the result missing: a partial sum or a
    mean of some of the parts would be shown as if it were the whole kommune."""
    v = pd.to_numeric(values, errors="coerce").astype(float)
    if len(v) == 0 or v.isna().any():
        return np.nan
    if len(v) == 1:
        return float(v.iloc[0])
    if how == "sum":
        return float(v.sum())
    if how == "none":  # one website's score: a kommune made of several has none of its own
        return np.nan
    if how == "all":  # a yes/no that holds for a whole area: «ja» only if it held for every part
        return float(v.min())
    w = pd.to_numeric(weights, errors="coerce").astype(float)
    if w.isna().any() or (w <= 0).any():
        return np.nan
    return float(np.average(v, weights=w))


@dataclass
class Area:
    """The kommuner of another year that cover one kommune's area."""

    members: list[str]  # kommunenummer in the other year's numbering
    complete: bool  # the members cover exactly this kommune (no part of a divided kommune)
    # members (or codes) that were split: the reason
    divided: list[str] = field(default_factory=list)
    # codes SSB's grouping leaves out (whole kommuner)
    outside: list[str] = field(default_factory=list)


def _splits(
    changes: pd.DataFrame, lo: int, hi: int, codes_lo: set[str], codes_hi: set[str]
) -> dict[str, set[str]]:
    """For each kommune of year ``lo``, the kommuner of ``hi`` that contain (part of) it."""
    lin = lineage(changes, lo, hi, codes_lo)
    succ: dict[str, set[str]] = {}
    for new, origin in lin.items():
        if new in codes_hi:
            for old in origin:
                succ.setdefault(old, set()).add(new)
    return succ


def _direct_splits(changes: pd.DataFrame, lo: int, hi: int) -> set[str]:
    """Kommunenummer that were themselves divided between 1 January ``lo`` and ``hi`` (one old
    number with several new ones on the same date: Snillfjord and Tysfjord 2020, Ålesund 2024)."""
    window = changes[
        (changes["changeOccurred"].dt.year > lo) & (changes["changeOccurred"].dt.year <= hi)
    ]
    per = window.groupby(["changeOccurred", "oldCode"])["newCode"].nunique()
    return set(per[per > 1].index.get_level_values("oldCode"))


class _Memo:
    """What ``area`` derives from the change table per pair of years, computed once per pair."""

    def __init__(self, changes, kommsummer, codes_of):
        self.changes, self.kommsummer, self.codes_of = changes, kommsummer, codes_of
        self.group_of = (
            dict(zip(kommsummer["code"], kommsummer["group"])) if kommsummer is not None else {}
        )
        self._pairs: dict = {}

    def pair(self, lo: int, hi: int):
        if (lo, hi) not in self._pairs:
            codes_lo, codes_hi = self.codes_of(lo), self.codes_of(hi)
            succ = _splits(self.changes, lo, hi, codes_lo, codes_hi)
            self._pairs[(lo, hi)] = (
                codes_lo,
                succ,
                {c for c, s in succ.items() if len(s) > 1},
                _direct_splits(self.changes, lo, hi),
            )
        return self._pairs[(lo, hi)]


_MEMOS: dict = {}


def _memo(changes, kommsummer, codes_of) -> _Memo:
    key = (id(changes), id(kommsummer), id(codes_of))
    memo = _MEMOS.get(key)
    if (
        memo is None
        or memo.changes is not changes
        or memo.kommsummer is not kommsummer
        or memo.codes_of is not codes_of
    ):
        if len(_MEMOS) > 16:
            _MEMOS.clear()
        memo = _MEMOS[key] = _Memo(changes, kommsummer, codes_of)
    return memo


def area(
    code: str,
    year: int,
    other: int,
    changes: pd.DataFrame,
    kommsummer: pd.DataFrame | None,
    codes_of,
) -> Area:
    """The kommuner of year ``other`` that cover kommune ``code`` of ``year`` (``codes_of(y)``: the
    kommunenummer valid 1 January y)."""
    if other == year:
        return Area([code], True)
    lo, hi = sorted((year, other))
    memo = _memo(changes, kommsummer, codes_of)
    codes_lo, succ, divided, split_here = memo.pair(lo, hi)
    if other < year:  # backward: which older kommuner made this one
        if year >= 2024 and kommsummer is not None:
            group_of = memo.group_of
            members = {c for c in codes_lo if group_of.get(c) == code}
            # numbers SSB's grouping leaves out (K.Rest), and numbers that were themselves divided
            # in between (Ålesund 2020 -> Ålesund and Haram 2024, which SSB sums into Ålesund): not
            # exact
            odd = {
                c
                for c in codes_lo
                if code in succ.get(c, ())
                and (not group_of.get(c, "").isdigit() or c in split_here)
            }
            cut = sorted(c for c in odd if c in divided or c in split_here)
            return Area(sorted(members | odd), not odd, cut, sorted(odd - set(cut)))
        members = sorted(c for c, s in succ.items() if code in s)
        split = [c for c in members if c in divided]
        return Area(members, not split, split)
    # forward: which later kommuner this one became; exact only if they hold nothing else
    if hi >= 2024 and kommsummer is not None:
        group = memo.group_of.get(code, "")
        if group.isdigit():
            back = area(group, hi, lo, changes, kommsummer, codes_of)
            return Area(
                [group], back.complete and back.members == [code], back.divided, back.outside
            )
    later = sorted(succ.get(code, ()))
    back = {c for c, s in succ.items() if set(s) & set(later)}
    return Area(later, bool(later) and back == {code}, [c for c in back if c in divided])


def carry_to_2024(
    values: pd.DataFrame,
    year: int,
    how: str,
    population: pd.DataFrame,
    changes: pd.DataFrame,
    kommsummer: pd.DataFrame,
    codes_2024: set[str],
    in_use_of=None,
) -> tuple[pd.DataFrame, dict]:
    """``values``: kommunenummer, value, status in the numbering of 1 January ``year`` (2015-2025);
    ``population``: year, kommunenummer, population (each year in its own numbering: the weights and
    which numbers were in use). Returns the 2024 frame (kommunenummer, value, status, note) and a
    report where every input row is placed or listed. ``in_use_of(y)``: the kommunenummer in use 1
    January y
    (KLASS 131, ``Dataset.codes_in``); without it, the numbers the population file has."""
    in_use_by_year = {
        int(y): set(g.loc[g["population"] > 0, "kommunenummer"])
        for y, g in population.groupby("year")
    }
    known = {}

    def codes_of(y):
        if y >= 2024:
            return set(codes_2024)
        if y not in known:
            known[y] = set(in_use_of(y) if in_use_of is not None else ()) or in_use_by_year.get(
                y, set()
            )
        return known[y]

    in_use = codes_of(min(year, 2024))
    weights = population[population["year"] == year].set_index("kommunenummer")["population"]
    by_code = values.drop_duplicates("kommunenummer").set_index("kommunenummer")
    rows, used, placed = [], set(), set()
    report = {
        "same": [],
        "renumbered": [],
        "merged": [],
        "incomplete": {},
        "divided": set(),
        "outside": set(),
        "unknown": [],
        "not_in_use": [],
        "whole": [],
    }
    for code in sorted(codes_2024):
        a = area(code, 2024, min(year, 2024), changes, kommsummer, codes_of)
        used |= set(a.members)
        if not a.members or not any(m in by_code.index for m in a.members):
            rows.append((code, np.nan, "..", ""))  # no row for this area in the table
            continue
        if (
            not a.complete
            and how == "all"
            and a.members
            and all(m in by_code.index and not pd.isna(by_code.at[m, "value"]) for m in a.members)
        ):
            # a property of the whole old area (NAV's list held all of the Ålesund of 2020): each
            # part has it
            value = float(by_code.reindex(a.members)["value"].min())
            placed |= set(a.members)
            report["whole"].append((code, a.members))
            rows.append(
                (code, value, "", Message("reform.note.hele", {"liste": ", ".join(a.members)}))
            )
            continue
        if not a.complete:
            report["divided"] |= set(a.divided)
            report["outside"] |= set(a.outside)
            note = Message(
                "reform.note.delt",
                {"delte": ", ".join(a.divided) or "–", "liste": ", ".join(a.members)},
            )
            # the reason travels with the row (fmt.MEASURE_STATUS)
            rows.append((code, np.nan, "delt", note))
            continue
        missing = [
            m for m in a.members if m not in by_code.index or pd.isna(by_code.at[m, "value"])
        ]
        if len(a.members) > 1 and missing:
            report["incomplete"][code] = missing
            rows.append(
                (
                    code,
                    np.nan,
                    "del_mangler",
                    Message("reform.note.mangler", {"liste": ", ".join(missing)}),
                )
            )
            continue
        part = by_code.reindex(a.members)
        value = combine(part["value"], weights.reindex(a.members), how)
        if not np.isnan(value):
            placed |= set(a.members)
        status = "" if not np.isnan(value) else ".."
        if len(a.members) == 1:
            status = (
                part["status"].iloc[0]
                if "status" in part and isinstance(part["status"].iloc[0], str)
                else ""
            ) or status
            if a.members[0] == code:
                report["same"].append(code)
                note = ""
            else:
                report["renumbered"].append(code)
                note = Message("reform.note.nummer", {"nr": a.members[0]})
        else:
            report["merged"].append((code, a.members))
            note = Message("reform.note.sammen", {"liste": ", ".join(a.members), "hvordan": how})
        rows.append((code, value, status, note))
    for code in by_code.index.difference(sorted(used)):
        value = by_code.at[code, "value"]
        (
            report["not_in_use"]
            if code not in in_use and (pd.isna(value) or value == 0)
            else report["unknown"]
        ).append(code)
    report["divided"], report["outside"] = sorted(report["divided"]), sorted(report["outside"])
    # every input row is placed or listed here
    report["not_placed"] = sorted(set(by_code.index) - placed)
    return pd.DataFrame(rows, columns=["kommunenummer", "value", "status", "note"]), report


def report_messages(report: dict, year: int | None = None) -> list[Message]:
    """What the carry-over did, each case by its name (codes; strings.message makes the text)."""
    merged = [f"{code} ← {'+'.join(members)}" for code, members in report["merged"]]
    out = [
        Message(
            "reform.rapport",
            {
                "aar": year if year else "",
                "uendret": len(report["same"]),
                "nytt": len(report["renumbered"]),
                "sammen": len(report["merged"]),
                "liste": f" ({'; '.join(merged[:8])}{' …' if len(merged) > 8 else ''})"
                if merged
                else "",
            },
        )
    ]
    if report["incomplete"]:
        out.append(
            Message(
                "reform.ufullstendig",
                {
                    "n": len(report["incomplete"]),
                    "liste": "; ".join(
                        f"{code} mangler {', '.join(parts)}"
                        for code, parts in list(report["incomplete"].items())[:8]
                    ),
                },
            )
        )
    if report["divided"]:
        out.append(
            Message(
                "reform.delte", {"n": len(report["divided"]), "liste": ", ".join(report["divided"])}
            )
        )
    if report["outside"]:
        out.append(
            Message(
                "reform.utenfor",
                {"n": len(report["outside"]), "liste": ", ".join(report["outside"])},
            )
        )
    if report["unknown"]:
        out.append(
            Message(
                "reform.ukjente",
                {
                    "n": len(report["unknown"]),
                    "aar": year or "",
                    "liste": ", ".join(report["unknown"][:8]),
                },
            )
        )
    if report["not_in_use"]:
        out.append(
            Message(
                "reform.ikke_i_bruk",
                {
                    "n": len(report["not_in_use"]),
                    "aar": year or "",
                    "liste": ", ".join(report["not_in_use"][:8]),
                },
            )
        )
    return out
