"""Finn kommuner: the list behind a newsroom question («which kommuner under 5 000 inhabitants had
no strategy in 2024?»), from one view table and three filters kept in the address. Pure.

Filters (URL values): size class ``storrelse`` (SSB's three classes and the finer six-way split),
``fylke`` (the year's own fylkenummer) and ``verdi``: ``ja``/``nei`` for yes/no indicators,
``over:N``/``under:N`` (strictly above/below), ``topp:N``/``bunn:N`` (the N highest/lowest, ties at
the edge included) and ``mangler`` (no value)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from kommunekart.base.constants import SIZE_BOUNDS
from kommunekart.base.errors import Message
from kommunekart.base.strings import plural_key, t

# id -> (label, lower bound inclusive, upper bound exclusive); labels read "kommuner med {label}
# innbyggere"
SIZE_FILTERS = SIZE_BOUNDS  # id -> (from, up to): SSB's three classes and the six finer ones


def size_label(size: str) -> str:
    """A size filter's words in the reader's language («20 000 og flere»); they read «kommuner med
    {label} innbyggere»."""
    return t(f"finn.str.{size}")


VALUE_RE = re.compile(
    r"^(ja|nei|mangler|(over|under):(-?\d{1,12}(?:[.,]\d{1,6})?)|(topp|bunn):(\d{1,3}))$"
)
VALUE_MODES = ("ja", "nei", "over", "under", "topp", "bunn", "mangler")


def parse_value(text: str | None) -> tuple[str, float | None] | None:
    """``verdi`` as (mode, number): ("nei", None), ("over", 50.0), ("topp", 10.0); None if not
    valid."""
    if not text:
        return None
    m = VALUE_RE.match(str(text).strip().lower())
    if not m:
        return None
    if m.group(2):
        return m.group(2), float(m.group(3).replace(",", "."))
    if m.group(4):
        return (m.group(4), float(m.group(5))) if int(m.group(5)) >= 1 else None
    return m.group(1), None


def value_param(mode: str, number: float | None = None) -> str | None:
    if mode in ("", "alle", None):
        return None
    if mode in ("over", "under", "topp", "bunn"):
        n = 0.0 if number is None or not math.isfinite(number) else number
        if mode in ("topp", "bunn"):
            return f"{mode}:{max(1, min(999, int(n)))}"
        return f"{mode}:{n:g}"
    return mode


def fits(kind: str, value: str | None) -> bool:
    """Whether a value filter applies to an indicator of ``kind`` (ja/nei only to yes/no ones)."""
    parsed = parse_value(value)
    if parsed is None:
        return value is None
    return (parsed[0] in ("ja", "nei")) == (kind == "yesno") or parsed[0] == "mangler"


def apply(
    table: pd.DataFrame,
    kind: str,
    size: str | None = None,
    fylke: str | None = None,
    value: str | None = None,
    higher_is_better: bool | None = None,
    decimals: int | None = None,
) -> pd.DataFrame:
    """The kommuner of ``table`` (a view table) that pass every filter, best first where there is a
    better (else highest first), missing last. A filter that does not apply is ignored (see
    ``fits``). ``decimals``: compare at the precision the values are shown with (ties at the edge
    of a top-N)."""
    keep = pd.Series(True, index=table.index)
    if size in SIZE_FILTERS:
        lo, hi = SIZE_FILTERS[size]
        pop = table["population"].astype(float)
        keep &= (pop >= lo) & (pop < hi)
    if fylke:
        keep &= table["fylkenummer"].astype(str) == str(fylke)
    v = table["value"].astype(float)
    if decimals is not None:
        from kommunekart.base.fmt import as_shown

        v = as_shown(v, decimals).set_axis(table.index)
    parsed = parse_value(value) if fits(kind, value) else None
    if parsed:
        mode, n = parsed
        if mode == "ja":
            keep &= v == 1
        elif mode == "nei":
            keep &= v == 0
        elif mode == "mangler":
            keep &= v.isna()
        elif mode == "over":
            keep &= v > n
        elif mode == "under":
            keep &= v < n
        else:  # topp/bunn among those passing the other filters; ties at the edge are all in
            among = v[keep].dropna()
            if among.empty:
                keep &= False
            else:
                ordered = np.sort(among.to_numpy())
                k = min(int(n), len(ordered))
                edge = ordered[-k] if mode == "topp" else ordered[k - 1]
                keep &= (v >= edge) if mode == "topp" else (v <= edge)
    out = table[keep.to_numpy()]
    descending = higher_is_better is not False
    return (
        out.assign(_missing=out["value"].isna(), _shown=v[keep.to_numpy()])
        .sort_values(["_missing", "_shown", "name"], ascending=[True, not descending, True])
        .drop(columns=["_missing", "_shown"])
    )


def caption(
    n: int, indicator, year: int, size: str | None, fylke_name: str | None, value: str | None
) -> Message:
    """«59 kommuner med under 5 000 innbyggere svarte «nei» på «…» i 2024.» as a Message."""
    params = {
        "n": n,
        "ord": t(plural_key("finn.ord", n)),
        "aar": year,
        "indikator": indicator.name,
        "storrelse": Message("finn.storrelse", {"storrelse": size_label(size)})
        if size in SIZE_FILTERS
        else "",
        "fylke": Message("finn.fylke", {"fylke": fylke_name}) if fylke_name else "",
    }
    parsed = parse_value(value) if fits(indicator.kind, value) else None
    if not parsed:
        return Message("finn.tekst.alle", params)
    mode, number = parsed
    if mode in ("topp", "bunn"):
        number = int(number)
    unit = f" {indicator.unit}" if indicator.unit else ""
    key = (
        f"finn.verdi.{mode}_liste"
        if mode in ("ja", "nei") and not indicator.is_demo
        else f"finn.verdi.{mode}"
    )
    params["verdi"] = Message(key, {"tall": number, "enhet": unit, "indikator": indicator.name})
    return Message("finn.tekst", params)
