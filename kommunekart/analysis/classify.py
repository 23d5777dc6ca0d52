"""Class breaks (mapclassify) and colour-blind-safe colours for the choropleth and its legend."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kommunekart.base import fmt
from kommunekart.base.constants import DEFAULT_METHOD
from kommunekart.base.strings import t
from kommunekart.pipeline.breaks import K, compute_breaks

MISSING_COLOUR = (
    "#d9d9d9"  # light grey, outside the viridis range, with a dark outline in the legend
)
# Okabe-Ito pair, distinguishable with every common colour-vision deficiency
YES_COLOUR, NO_COLOUR = "#0072B2", "#E69F00"


# viridis_palette(k) for k = 1..K, so that the server's first page does not import matplotlib for
# five colours (~0.2 s); tests/test_classify.py checks them against matplotlib.
VIRIDIS = {
    1: ["#cae11f"],
    2: ["#cae11f", "#481d6f"],
    3: ["#cae11f", "#21908d", "#481d6f"],
    4: ["#cae11f", "#2cb17e", "#2e6f8e", "#481d6f"],
    5: ["#cae11f", "#48c16e", "#21908d", "#365d8d", "#481d6f"],
}


def viridis_palette(k: int) -> list[str]:
    """k colours from viridis (perceptually uniform, colour-blind safe), light to dark
    (matplotlib)."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps["viridis_r"]
    return [to_hex(cmap(x)) for x in np.linspace(0.08, 0.92, k)]


def palette(k: int) -> list[str]:
    return list(VIRIDIS[k]) if k in VIRIDIS else viridis_palette(k)


@dataclass
class Classes:
    labels: list[str]  # legend text per class, plus "Mangler data" last
    colours: list[str]  # colour per class, plus the missing colour last
    assign: np.ndarray  # class index per value; len(labels)-1 = missing
    breaks: list[float]  # upper bounds (empty for yes/no)


def _assign(v, present, breaks) -> np.ndarray:
    bins = np.asarray(breaks)
    idx = np.clip(np.searchsorted(bins, v, side="left"), 0, len(bins) - 1)
    return np.where(present, idx, len(bins))


def _labels(breaks: list[float], low: float, unit: str, decimals: int, exact: bool) -> list[str]:
    """Legend text per class; with more decimals where the indicator's own would make two bounds
    look the same ("0 % – 0 %"); a class of one value reads as that value."""
    for extra in range(4):
        d = decimals + extra
        labels = []
        for i, hi in enumerate(breaks):
            lo = low if i == 0 else breaks[i - 1]
            if exact or (i == 0 and lo == hi):
                labels.append(fmt.with_unit(hi, unit, d))
            elif i == 0:
                labels.append(f"{fmt.with_unit(lo, unit, d)} – {fmt.with_unit(hi, unit, d)}")
            else:
                labels.append(f"over {fmt.number(lo, d)} – {fmt.with_unit(hi, unit, d)}")
        bounds = [fmt.number(b, d) for b in breaks]
        if len(set(bounds)) == len(bounds) and (
            exact or fmt.number(low, d) != bounds[0] or low == breaks[0]
        ):
            return labels
    return labels


def classify(
    values,
    method: str = DEFAULT_METHOD,
    kind: str = "share",
    unit: str = "",
    decimals: int = 0,
    k: int = K,
    breaks: list[float] | None = None,
) -> Classes:
    """Classify ``values`` (NaN = missing). Yes/no indicators become two categories Ja/Nei.
    ``breaks``: precomputed upper bounds (from ``compute_breaks``); computed here when not given."""
    v = np.asarray(values, dtype=float)
    present = ~np.isnan(v)
    if kind == "yesno":
        assign = np.where(present, np.where(v >= 0.5, 0, 1), 2)
        return Classes(
            [t("legende.ja"), t("legende.nei"), t("legende.mangler")],
            [YES_COLOUR, NO_COLOUR, MISSING_COLOUR],
            assign,
            [],
        )
    if kind == "grade":  # one class per grade that occurs, best first (A+ = 1)
        grades = [int(g) for g in np.unique(np.round(v[present]))]
        if grades:
            idx = {g: i for i, g in enumerate(grades)}
            assign = np.array(
                [idx[int(round(x))] if ok else len(grades) for x, ok in zip(v, present)]
            )
            return Classes(
                [fmt.grade_text(g) for g in grades] + [t("legende.mangler")],
                palette(len(grades)) + [MISSING_COLOUR],
                assign,
                [float(g) for g in grades],
            )
    data = v[present]
    distinct = np.unique(data)
    if len(distinct) == 0:
        return Classes([t("legende.mangler")], [MISSING_COLOUR], np.zeros(len(v), dtype=int), [])
    if len(distinct) <= k:
        # few distinct values (e.g. 0-8 cloud services): one class per value keeps the legend honest
        breaks = list(distinct)
    elif breaks is None:
        breaks = compute_breaks(data, method, k)
    breaks = [float(b) for b in breaks]
    if breaks[-1] < data.max():  # the last class always reaches the largest value
        breaks[-1] = float(data.max())
    assign = _assign(v, present, breaks)
    # a class with no kommune in it is merged into the next (the legend never shows an empty class)
    counts = np.bincount(assign[present], minlength=len(breaks))
    while len(breaks) > 1 and (counts[: len(breaks)] == 0).any():
        empty = int(np.flatnonzero(counts[: len(breaks)] == 0)[0])
        breaks.pop(min(empty, len(breaks) - 2) if empty == len(breaks) - 1 else empty)
        assign = _assign(v, present, breaks)
        counts = np.bincount(assign[present], minlength=len(breaks))
    n = len(breaks)
    labels = _labels(breaks, float(data.min()), unit, decimals, exact=len(distinct) <= k)
    return Classes(labels + [t("legende.mangler")], palette(n) + [MISSING_COLOUR], assign, breaks)
