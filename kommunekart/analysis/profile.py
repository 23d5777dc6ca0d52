"""Kommuneprofil: one kommune against its size class, its fylke, the country, and over time.

Pure functions on the dataset's frames; the page only lays them out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kommunekart.analysis.stats import view_table
from kommunekart.base import fmt
from kommunekart.base.constants import OVERALL_INDEX, SURVEY_THEMES
from kommunekart.base.strings import t, tn
from kommunekart.lineage.kommuner import numbering, size_class, size_class_label
from kommunekart.lineage.reform import combine


# ---------------------------------------------------------------- ranks and group statistics
def rank_and_percentile(values: pd.Series, higher_is_better: bool | None) -> pd.DataFrame:
    """Rank 1 = best among kommuner with a value; missing stays missing. Ties share a range of
    places: ``rank`` is the best of them and ``rank_last`` the worst (10 kommuner tied for first:
    1-10). Percentile = share (0-100) of the other ranked kommuner with a strictly worse value.
    Without a direction (``higher_is_better`` None) nothing is better, so there is no rank."""
    v = pd.to_numeric(values, errors="coerce")
    n = int(v.notna().sum())
    if higher_is_better is None:
        none = pd.Series(np.nan, index=values.index)
        return pd.DataFrame({"rank": none, "rank_last": none, "n_ranked": n, "percentile": none})
    ascending = higher_is_better is False  # lower is better -> smallest value ranks first
    rank = v.rank(method="min", ascending=ascending)
    rank_last = v.rank(method="max", ascending=ascending)
    worse_count = v.rank(method="min", ascending=not ascending) - 1
    pct = 100 * worse_count / (n - 1) if n > 1 else worse_count * np.nan
    return pd.DataFrame(
        {"rank": rank, "rank_last": rank_last, "n_ranked": n, "percentile": pct}, index=values.index
    )


def place_text(row, kind: str) -> str:
    """The place of a kommune in words: a shared place says so ("delt 1.–282. av 353"); a yes/no
    answer is not a rank ("Ja, som 282 av 353"); without a direction there is none ("–")."""
    if kind == "yesno":
        if fmt.is_missing(row.get("value")) or fmt.is_missing(row.get("same_answer")):
            return "–"
        answer = t("legende.ja") if row["value"] >= 0.5 else t("legende.nei")
        return t(
            "profil.plass.svar", svar=answer, n=int(row["same_answer"]), av=int(row["n_ranked"])
        )
    if fmt.is_missing(row.get("rank")):
        return "–"
    first, last = int(row["rank"]), int(row.get("rank_last", row["rank"]))
    if last > first:
        return t("profil.plass.delt", fra=first, til=last, av=int(row["n_ranked"]))
    return t("profil.plass", plass=first, av=int(row["n_ranked"]))


def group_value(values: pd.Series, kind: str) -> float:
    """Median of the values present; for yes/no indicators the share answering 'ja' (0-1)."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    if v.empty:
        return float("nan")
    return float(v.mean()) if kind == "yesno" else float(v.median())


def indicator_stats(ds, indicator_id: str, year: int) -> dict:
    """Ranks, percentiles and the size-class, fylke and national medians of one indicator and year,
    for all kommuner at once."""
    ind = ds.catalogue[indicator_id]
    tab = view_table(ds, indicator_id, year)
    # ranks at the shown precision
    shown = fmt.as_shown(tab["value"], ind.decimals).set_axis(tab.index)
    ranks = rank_and_percentile(shown, None if ind.kind == "yesno" else ind.higher_is_better)
    # yes/no: how many answered the same
    answers = tab["value"].where(tab["value"].isna(), tab["value"] >= 0.5)
    ranks["same_answer"] = answers.map(answers.value_counts()) if ind.kind == "yesno" else np.nan
    ranks.index = tab["kommunenummer"]
    out = {
        "ranks": ranks,
        "size": tab.groupby("size_class")["value"]
        .apply(lambda v: group_value(v, ind.kind))
        .to_dict(),
        "fylke": tab.groupby("fylkenummer")["value"]
        .apply(lambda v: group_value(v, ind.kind))
        .to_dict(),
        "national": group_value(tab["value"], ind.kind),
        "rows": tab.set_index("kommunenummer"),
    }
    return out


def indicator_rows(ds, code: str, year: int, stats_of=indicator_stats) -> pd.DataFrame:
    """One row per catalogue indicator: the kommune's value and status, the size-class, fylke and
    national medians (shares for yes/no), its rank and percentile ("higher is better" respected).
    ``stats_of(ds, indicator, year)``: indicator_stats, or a cached form of it (the web layer's)."""
    rows = []
    for ind in ds.catalogue.indicators:
        st = stats_of(ds, ind.id, year)
        if code not in st["rows"].index:
            continue
        r = st["rows"].loc[code]
        rk = st["ranks"].loc[code]
        rows.append(
            {
                "indicator": ind.id,
                "name": ind.name,
                "theme": ind.theme,
                "kind": ind.kind,
                "higher_is_better": ind.higher_is_better,
                "value": r["value"],
                "status": r["status"],
                "size_median": st["size"].get(r["size_class"], np.nan),
                "fylke_median": st["fylke"].get(r["fylkenummer"], np.nan),
                "national_median": st["national"],
                "rank": rk["rank"],
                "rank_last": rk["rank_last"],
                "n_ranked": int(rk["n_ranked"]),
                "percentile": rk["percentile"],
                "same_answer": rk["same_answer"],
            }
        )
    return pd.DataFrame(rows)


def compare_to_group(rows: pd.DataFrame) -> pd.Series:
    """+1 better than the size-class median, -1 worse, 0 equal, NaN missing or no direction."""
    out = []
    for _, r in rows.iterrows():
        if (
            fmt.is_missing(r["value"])
            or fmt.is_missing(r["size_median"])
            or r["higher_is_better"] is None
        ):
            out.append(np.nan)
            continue
        # yes/no: "ja" (1) or "nei" (0) against the group's share of "ja"
        diff = np.sign(r["value"] - r["size_median"])
        out.append(diff if r["higher_is_better"] else -diff)
    return pd.Series(out, index=rows.index, dtype=float)


def summary_text(name: str, group: str | None, rows: pd.DataFrame) -> str:
    """A short Norwegian summary built from the numbers (survey indicators only, not indices)."""
    # the survey's own indicators, not indices or other data
    survey = rows[rows["theme"].isin(SURVEY_THEMES)]
    cmp = compare_to_group(survey)
    n = int(cmp.notna().sum())
    better, worse = int((cmp > 0).sum()), int((cmp < 0).sum())
    gl = size_class_label(group)
    parts = [t("profil.sammendrag", navn=name, gruppe=gl, bedre=better, n=n, verre=worse)]
    missing = int((survey["status"] == "..").sum())
    if missing:
        parts.append(tn("profil.sammendrag.mangler", missing))
    total = rows[rows["indicator"] == OVERALL_INDEX]
    if not total.empty and not fmt.is_missing(total.iloc[0]["value"]):
        r = total.iloc[0]
        parts.append(
            t(
                "profil.sammendrag.indeks",
                verdi=fmt.number(r["value"]),
                median=fmt.number(r["size_median"]),
                plass=place_text(r, "index"),
            )
        )
    return " ".join(parts)


# ---------------------------------------------------------------- trend across reforms
def trend(ds, code: str, year: int, indicator_id: str) -> pd.DataFrame:
    """The kommune's value in every survey year, carried over the reforms, against its size-class
    median.

    Where the kommune did not exist in that form, the kommuner that cover exactly its area are
    combined (``reform.area``: counts summed, everything else population-weighted; yes/no become a
    weighted share) and ``note`` says so. An area that includes part of a divided kommune, or a part
    without a value, is missing ("ikke sammenlignbart"), never a guess."""
    from kommunekart.lineage.reform import area

    ind = ds.catalogue[indicator_id]
    out = []
    codes_of = ds.codes_in  # one object for every year: the change-table work is shared
    own = view_table(ds, indicator_id, year).set_index("kommunenummer")
    # the group it is compared with now
    own_group = own.at[code, "size_class"] if code in own.index else None
    for y in ds.years_with(indicator_id):
        tab = view_table(ds, indicator_id, y).set_index("kommunenummer")
        a = area(code, numbering(year), numbering(y), ds.changes, ds.kommsummer, codes_of)
        origin = [o for o in a.members if o in tab.index]
        if not origin:
            continue
        part = tab.loc[origin]
        pop = float(part["population"].sum())
        # a yes/no of the whole old area holds for its parts
        whole = not a.complete and ind.merge == "all"
        value = (
            combine(part["value"], part["population"], ind.merge) if a.complete or whole else np.nan
        )
        # an area not comparable that year still has its group's median (the group it is in now)
        group = size_class([pop]).iloc[0] if a.complete else own_group
        note = ""
        names = ", ".join(f"{o} {tab.at[o, 'name']}" for o in origin)
        missing = [f"{o} {tab.at[o, 'name']}" for o in origin if pd.isna(tab.at[o, "value"])]
        if whole:
            note = t("reform.note.hele", liste=names)
        elif a.complete and len(origin) > 1 and missing and ind.merge != "none":
            # why there is no number
            note = t("profil.trend.mangler", mangler=", ".join(missing), navn=names)
        elif not a.complete:
            note = t("profil.trend.delt", navn=names, delte=", ".join(a.divided) or "–")
        elif len(origin) > 1 and ind.merge == "none":
            note = t("profil.trend.ny_etter", navn=names)
        elif origin != [code]:
            how = t("profil.trend.sum") if ind.merge == "sum" else t("profil.trend.vektet")
            # the same borders under another number
            note = (
                (t("profil.trend.fra", navn=names) + " " + how)
                if len(origin) > 1
                else t("profil.trend.nytt_nummer", navn=names)
            )
        out.append(
            {
                "year": y,
                "value": value,
                "size_class": group,
                "size_median": group_value(tab.loc[tab["size_class"] == group, "value"], ind.kind)
                if group
                else np.nan,
                "note": note,
                "carried": origin != [code],
            }
        )
    return one_point_per_measurement(pd.DataFrame(out), ind)


def one_point_per_measurement(points: pd.DataFrame, ind) -> pd.DataFrame:
    """A measurement shown on several maps (Nkom's 2013 on the 2018 map and carried to 2024) is one
    point, never a trend: the row of its own year where it has a value (else the first), with a note
    naming the other maps."""
    if points.empty or not ind.measured:
        return points
    measured = points["year"].map(ind.measurement_year)
    keep = []
    for when, rows in points.groupby(measured, sort=True):
        if len(rows) == 1:
            keep.append(rows.index[0])
            continue
        with_value = rows[rows["value"].notna()]
        first = (with_value if not with_value.empty else rows).sort_values("year").index[0]
        others = ", ".join(str(y) for y in rows["year"] if y != points.at[first, "year"])
        extra = t("profil.trend.samme_maling", aar=when, kart=others)
        points.at[first, "note"] = f"{points.at[first, 'note']} {extra}".strip()
        keep.append(first)
    return points.loc[sorted(keep)].reset_index(drop=True)


# ---------------------------------------------------------------- peers and history
def peers(ds, code: str, year: int, indicator_id: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` kommuner closest in population in the same year (the kommune itself excluded)."""
    tab = view_table(ds, indicator_id, year)
    me = tab.loc[tab["kommunenummer"] == code, "population"]
    if me.empty:
        return tab.iloc[0:0]
    dist = (tab["population"] - float(me.iloc[0])).abs()
    others = tab.assign(distance=dist)[tab["kommunenummer"] != code]
    return others.sort_values(["distance", "kommunenummer"]).head(n).reset_index(drop=True)


def history(changes: pd.DataFrame, code: str, year: int, since: str = "2017-01-02") -> list[str]:
    """What SSB's KLASS 131 change table says about this kommune since 2018: what it was formed from
    (mergers, splits, new numbers, new names) and what became of it later. Norwegian sentences."""
    ch = changes[changes["changeOccurred"] >= pd.Timestamp(since)]
    cutoff = pd.Timestamp(f"{year}-01-01")
    events: list[tuple[pd.Timestamp, str]] = []
    current = {code}
    for when, step in sorted(
        ch[ch["changeOccurred"] <= cutoff].groupby("changeOccurred"),
        key=lambda x: x[0],
        reverse=True,
    ):
        rows = step[step["newCode"].isin(current)]
        for new, grp in rows.groupby("newCode"):
            events.append((when, _describe(step, new, grp)))
        current = (current - set(rows["newCode"])) | set(rows["oldCode"])
    current = {code}
    for when, step in sorted(
        ch[ch["changeOccurred"] > cutoff].groupby("changeOccurred"), key=lambda x: x[0]
    ):
        rows = step[step["oldCode"].isin(current)]
        for new, grp in rows.groupby("newCode"):
            events.append((when, _describe(step, new, grp)))
        current = (current - set(rows["oldCode"])) | set(rows["newCode"])
    lines = [
        f"{when:%-d.%-m.%Y}: {text}" for when, text in sorted(events, key=lambda e: e[0]) if text
    ]
    return list(dict.fromkeys(lines))  # a split seen from both halves is one event


def _describe(step: pd.DataFrame, new: str, grp: pd.DataFrame) -> str:
    new_name = grp["newName"].iloc[0]
    olds = list(zip(grp["oldCode"], grp["oldName"]))
    old_codes = [o for o, _ in olds]
    if len(olds) > 1:
        return t(
            "profil.hist.sammenslaatt",
            nye=f"{new} {new_name}",
            gamle=", ".join(f"{c} {n}" for c, n in olds),
        )
    old, old_name = olds[0]
    parts = step[step["oldCode"] == old].sort_values("newCode")
    if len(parts) > 1:
        names = [f"{c} {n}" for c, n in zip(parts["newCode"], parts["newName"])]
        return t(
            "profil.hist.delt",
            gamle=f"{old} {old_name}",
            nye=", ".join(names[:-1]),
            andre=names[-1],
        )
    merged_with = step[(step["newCode"] == new) & ~step["oldCode"].isin(old_codes)]
    if not merged_with.empty:
        return t(
            "profil.hist.sammenslaatt",
            nye=f"{new} {new_name}",
            gamle=", ".join(
                f"{c} {n}" for c, n in [*olds, *zip(merged_with["oldCode"], merged_with["oldName"])]
            ),
        )
    if old != new:
        return t("profil.hist.nummer", gamle=f"{old} {old_name}", nye=f"{new} {new_name}")
    if old_name != new_name:
        return t("profil.hist.navn", gamle=old_name, nye=new_name)
    return ""


def kommsummer_lines(ks: pd.DataFrame, code: str, year: int) -> list[str]:
    """What SSB's StatBank grouping (KommSummer, 1994-2024 -> 2024 kommuner) says about this
    kommune."""
    if ks is None or ks.empty:
        return []
    mine = ks[ks["code"] == code]
    if year >= 2024:
        # the group's codes that are no longer valid (their names carry a validity period in
        # parentheses)
        members = ks[(ks["group"] == code) & ks["name"].str.contains("(", regex=False)]
        if members.empty:
            return []
        names = ", ".join(f"{c} {n}" for c, n in zip(members["code"], members["name"]))
        return [
            t("profil.ks.2024", navn=ks.loc[ks["group"] == code, "group_name"].iloc[0], liste=names)
        ]
    lines = []
    for group, gname in zip(mine["group"].unique(), mine.drop_duplicates("group")["group_name"]):
        if group.isdigit():
            lines.append(t("profil.ks.eldre", nr=code, gruppe=f"{group} {gname}"))
        else:
            lines.append(t("profil.ks.rest", nr=code, gruppe=gname))
    return lines
