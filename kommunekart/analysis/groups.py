"""Groups of kommuner (SSB size classes, a finer split, fylke) and statistics per group. Pure."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kommunekart.analysis.stats import view_table
from kommunekart.base import fmt
from kommunekart.base.constants import FINE_SIZES, SIZE_BOUNDS, SSB_SIZES
from kommunekart.base.strings import t

# the size groupings: SSB's three classes, or six finer ones; "fylke" is by name
SIZE_GROUPS = {"ssb": SSB_SIZES, "fin": FINE_SIZES}


def size_groupings(grouping: str) -> list[tuple[str, float, float]]:
    """(label in the reader's language, inhabitants from, up to) of each group of a grouping."""
    return [(t(f"gruppe.{c}"), *SIZE_BOUNDS[c]) for c in SIZE_GROUPS[grouping]]


def group_labels(table: pd.DataFrame, grouping: str) -> pd.Series:
    """An ordered categorical of group labels, one per kommune row of ``table``."""
    if grouping == "fylke":
        order = sorted(table["fylke_name"].dropna().unique())
        return pd.Series(
            pd.Categorical(table["fylke_name"], categories=order, ordered=True), index=table.index
        )
    spec = size_groupings(grouping)
    bins = [lo for _, lo, _ in spec] + [np.inf]
    cut = pd.cut(
        table["population"].astype(float),
        bins=bins,
        right=False,
        labels=[lab for lab, _, _ in spec],
    )
    return pd.Series(cut, index=table.index)


def group_stats(values: pd.Series, groups: pd.Series, kind: str) -> pd.DataFrame:
    """Per group (every category, also empty ones): n, n_missing, median, mean, and for yes/no the
    share answering 'ja' among those with a value. Statistics of an empty or all-missing group are
    NaN, never 0."""
    v = pd.to_numeric(values, errors="coerce")
    cats = (
        groups.cat.categories
        if hasattr(groups, "cat")
        else pd.Index(sorted(groups.dropna().unique()))
    )
    rows = []
    for g in cats:
        member = (groups == g).to_numpy()
        gv = v[member]
        present = gv.dropna()
        rows.append(
            {
                "group": g,
                "n": int(member.sum()),
                "n_missing": int(gv.isna().sum()),
                "median": float(present.median()) if len(present) else np.nan,
                "mean": float(present.mean()) if len(present) else np.nan,
                "share_yes": float(present.mean())
                if (kind == "yesno" and len(present))
                else np.nan,
            }
        )
    return pd.DataFrame(rows)


def headline(stats: pd.DataFrame, kind: str) -> pd.Series:
    """The statistic a group is summarised by: share of 'ja' for yes/no, else the median."""
    return stats["share_yes"] if kind == "yesno" else stats["median"]


def over_time(ds, indicator_id: str, grouping: str, year: int | None = None) -> pd.DataFrame:
    """Group statistic per survey year; membership recomputed from each year's population and
    borders (so n changes with growth and with the reforms). By fylke, every year's kommuner are put
    in the fylker of ``year`` (the view's year: 18 fylker in 2018, 11 in 2020-2023, 15 from 2024),
    so that each line is one fylke of the shown map across the years."""
    ind = ds.catalogue[indicator_id]
    year = year or max(ds.years)
    frames = []
    for y in ds.years_with(indicator_id):
        tab = view_table(ds, indicator_id, y)
        if grouping == "fylke":
            fylke_of = fylker_of_year(ds, y, year)
            order = sorted(ds.attrs_for(year)["fylke_name"].unique())
            labels = pd.Series(
                pd.Categorical(tab["kommunenummer"].map(fylke_of), categories=order, ordered=True),
                index=tab.index,
            )
        else:
            labels = group_labels(tab, grouping)
        st = group_stats(tab["value"], labels, ind.kind)
        # by fylke: kommuner whose area lay in several of them
        st["left_out"] = int(labels.isna().sum())
        st["year"] = y
        st["stat"] = headline(st, ind.kind)
        frames.append(st)
    return pd.concat(frames, ignore_index=True)


def fylker_of_year(ds, from_year: int, year: int) -> dict[str, str]:
    """Each kommune of ``from_year`` -> the fylke (of ``year``'s fylker) its area lies in, following
    SSB's change table; a kommune whose parts went to different fylker is left out."""
    from kommunekart.lineage.kommuner import lineage, numbering

    fylke = ds.attrs_for(year)["fylke_name"]
    if numbering(from_year) == numbering(year):
        return {c: fylke[c] for c in ds.codes(from_year) if c in fylke.index}
    from_year, year = numbering(from_year), numbering(year)
    if from_year == year:
        return fylke.to_dict()
    out: dict[str, set] = {}
    if from_year < year:
        for now, origin in lineage(ds.changes, from_year, year, ds.codes(from_year)).items():
            for old in origin:
                if now in fylke.index:
                    out.setdefault(old, set()).add(fylke[now])
    else:
        for later, origin in lineage(ds.changes, year, from_year, ds.codes(year)).items():
            out[later] = {fylke[o] for o in origin if o in fylke.index}
    return {code: next(iter(f)) for code, f in out.items() if len(f) == 1}


def prose(label: str) -> str:
    """A group's label in a sentence: '20 000 og over' -> '20 000 innbyggere og over',
    '2 000-4 999' -> '2 000-4 999 innbyggere' (in the reader's language)."""
    label = str(label)
    for c in SSB_SIZES + FINE_SIZES:
        if label == t(f"gruppe.{c}"):
            if SIZE_BOUNDS[c][1] == float("inf"):  # «… and over»: the word goes in the middle
                return t(f"gruppe.{c}.prosa")
            return t("gruppe.prosa", gruppe=label)
    return label


def caption(stats: pd.DataFrame, indicator, grouping: str) -> str:
    """One plain-Norwegian sentence from the numbers: the first group against the last (size
    groupings: largest vs smallest; fylke: highest vs lowest)."""
    s = stats.assign(stat=headline(stats, indicator.kind)).dropna(subset=["stat"])
    if len(s) < 2:
        return t("grupper.for_faa")
    if grouping == "fylke":
        hi, lo = s.loc[s["stat"].idxmax()], s.loc[s["stat"].idxmin()]
        prefix_hi, prefix_lo = (
            t("grupper.i", gruppe=hi["group"]),
            t("grupper.i", gruppe=lo["group"]),
        )
    else:
        hi, lo = s.iloc[-1], s.iloc[0]
        prefix_hi, prefix_lo = (
            t("grupper.blant", gruppe=prose(hi["group"])),
            t("grupper.blant", gruppe=prose(lo["group"])),
        )
    if indicator.kind == "yesno":
        text = t(
            "grupper.tekst.ja",
            a=prefix_hi,
            andel_a=fmt.share(hi["stat"]),
            ind=indicator.name,
            b=prefix_lo,
            andel_b=fmt.share(lo["stat"]),
        )
        return text[:1].upper() + text[1:]
    fv = lambda v: fmt.value_text(v, "", indicator.unit, indicator.kind, indicator.decimals)
    return t(
        "grupper.tekst.median",
        a=prefix_hi,
        verdi_a=fv(hi["stat"]),
        ind=indicator.name,
        b=prefix_lo,
        verdi_b=fv(lo["stat"]),
    )
