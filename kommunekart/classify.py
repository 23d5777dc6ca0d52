"""Class breaks (mapclassify) and colour-blind-safe colours for the choropleth and its legend."""
from __future__ import annotations

from dataclasses import dataclass

import mapclassify
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import to_hex

from . import fmt
from .strings import t

METHODS = {"kvantiler": "Quantiles", "jenks": "FisherJenks", "lik": "EqualInterval"}
DEFAULT_METHOD = "kvantiler"
K = 5
MISSING_COLOUR = "#d9d9d9"  # light grey, outside the viridis range, with a dark outline in the legend
# Okabe-Ito pair, distinguishable with every common colour-vision deficiency
YES_COLOUR, NO_COLOUR = "#0072B2", "#E69F00"


def palette(k: int) -> list[str]:
    """k colours from viridis (perceptually uniform, colour-blind safe), light to dark."""
    cmap = colormaps["viridis_r"]
    return [to_hex(cmap(x)) for x in np.linspace(0.08, 0.92, k)]


@dataclass
class Classes:
    labels: list[str]  # legend text per class, plus "Mangler data" last
    colours: list[str]  # colour per class, plus the missing colour last
    assign: np.ndarray  # class index per value; len(labels)-1 = missing
    breaks: list[float]  # upper bounds (empty for yes/no)


def classify(values, method: str = DEFAULT_METHOD, kind: str = "share", unit: str = "", decimals: int = 0, k: int = K) -> Classes:
    """Classify ``values`` (NaN = missing). Yes/no indicators become two categories Ja/Nei."""
    v = np.asarray(values, dtype=float)
    present = ~np.isnan(v)
    if kind == "yesno":
        assign = np.where(present, np.where(v >= 0.5, 0, 1), 2)
        return Classes([t("legende.ja"), t("legende.nei"), t("legende.mangler")],
                       [YES_COLOUR, NO_COLOUR, MISSING_COLOUR], assign, [])
    data = v[present]
    distinct = np.unique(data)
    if len(distinct) == 0:
        return Classes([t("legende.mangler")], [MISSING_COLOUR], np.zeros(len(v), dtype=int), [])
    if len(distinct) <= k:
        # few distinct values (e.g. 0-8 cloud services): one class per value keeps the legend honest
        breaks = list(distinct)
    else:
        cls = getattr(mapclassify, METHODS.get(method, METHODS[DEFAULT_METHOD]))(data, k=k)
        breaks = sorted(set(float(b) for b in cls.bins))
    bins = np.asarray(breaks)
    cls_idx = np.searchsorted(bins, v, side="left")
    cls_idx = np.clip(cls_idx, 0, len(bins) - 1)
    n = len(breaks)
    assign = np.where(present, cls_idx, n)
    labels = []
    low = float(data.min())
    for i, hi in enumerate(breaks):
        lo = low if i == 0 else breaks[i - 1]
        if len(distinct) <= k:
            labels.append(fmt.with_unit(hi, unit, decimals))
        elif i == 0:
            labels.append(f"{fmt.with_unit(lo, unit, decimals)} – {fmt.with_unit(hi, unit, decimals)}")
        else:
            labels.append(f"over {fmt.number(lo, decimals)} – {fmt.with_unit(hi, unit, decimals)}")
    return Classes(labels + [t("legende.mangler")], palette(n) + [MISSING_COLOUR], assign, breaks)
