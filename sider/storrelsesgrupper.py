"""Størrelsesgrupper: how kommuner of different size compare. Its own helpers are here."""

import pandas as pd
import streamlit as st

from kommunekart.analysis import groups, stats
from kommunekart.base import fmt
from kommunekart.base.fmt import format_value
from kommunekart.base.strings import md, md_escape, t
from kommunekart.render import export, group_charts
from kommunekart.web import data, first_part, state, tables, widgets

PAGE = "grupper"


def selected_group_note(table: pd.DataFrame, labels: pd.Series, indicator, code: str | None):
    """Say where the chosen kommune falls; return its group label (or None)."""
    if not code:
        return None
    hit = table.index[table["kommunenummer"] == code]
    if len(hit) == 0:
        return None
    r = table.loc[hit[0]]
    group = str(labels.loc[hit[0]])
    st.markdown(
        md(
            "grupper.valgt",
            navn=r["name"],
            nr=code,
            gruppe=group,
            verdi=format_value(r["value"], indicator, r["status"]),
        )
    )
    return group


def group_stats_table(gstats: pd.DataFrame, indicator, selected_group) -> None:
    shown = pd.DataFrame(
        {
            t("kol.gruppe"): gstats["group"].astype(str),
            t("kol.antall"): gstats["n"],
            t("kol.mangler"): gstats["n_missing"],
        }
    )
    if indicator.kind == "yesno":
        shown[t("kol.andel_ja")] = [fmt.share(v) for v in gstats["share_yes"]]
    else:
        shown[t("kol.median")] = [format_value(v, indicator) for v in gstats["median"]]
        if indicator.kind != "grade":  # no mean of letters
            shown[t("kol.snitt")] = [fmt.with_unit(v, indicator.unit, 1) for v in gstats["mean"]]
    shown[t("kol.valgt")] = ["◆" if str(g) == str(selected_group) else "" for g in gstats["group"]]
    st.dataframe(shown, hide_index=True, width="stretch")


def group_member_table(
    frame: pd.DataFrame, group_col: str, selected_mask: pd.Series, indicator, grouping: str
) -> None:
    """The kommuner of every group, the chosen one marked; without the size class where it is the
    group."""
    shown = frame.copy()
    shown.insert(0, t("kol.valgt"), ["◆" if s else "" for s in selected_mask])
    tables.view_frame_table(
        shown.sort_values([group_col, t("kol.kommune")]).reset_index(drop=True),
        indicator,
        also_drop=(t("kol.storrelse"),) if grouping == "ssb" else (),
    )


ds = data.current()
embedded = state.embedded_only()

view = state.view()
ind = ds.catalogue[view.indicator]
table = stats.view_table(ds, ind.id, view.year)
labels = groups.group_labels(table, view.grouping)
gstats = groups.group_stats(table["value"], labels, ind.kind)
title = t("grupper.tittel", indikator=ind.name, aar=view.year)  # plain: charts, files
md_title = md("grupper.tittel", indikator=ind.name, aar=view.year)

if embedded:  # an embedded view: the caption, the distribution chart and the source, nothing else
    st.header(md_title)
    widgets.notices()
    st.markdown(f"**{md_escape(groups.caption(gstats, ind, view.grouping))}**")
    widgets.chart(
        lambda: (
            group_charts.share_chart(gstats, ind, None)
            if ind.kind == "yesno"
            else group_charts.distribution_chart(table, labels, ind, view.kommune)
        ),
        [ind],
        key=("grupper.fordeling.bygg_inn", ind.id, view.year, view.grouping, view.kommune),
    )
    widgets.source_line(ind)
    widgets.finish(PAGE)
    st.stop()

st.title(md_title)
widgets.notices()
widgets.caveat(ind)
widgets.demo_banner(ind)
st.markdown(f"**{md_escape(groups.caption(gstats, ind, view.grouping))}**")
selected_group = selected_group_note(table, labels, ind, view.kommune)

st.header(t("grupper.fordeling"))


def dist_chart():
    if ind.kind == "yesno":
        return group_charts.share_chart(gstats, ind, selected_group)
    return group_charts.distribution_chart(table, labels, ind, view.kommune)


widgets.chart(
    dist_chart, [ind], key=("grupper.fordeling", ind.id, view.year, view.grouping, view.kommune)
)


def dist_caption() -> str:
    """The chart's text: the chosen kommune's mark only named when there is one (with a value)."""
    if ind.kind == "yesno":
        return t("grupper.andel.alt")
    mine = table[(table["kommunenummer"] == view.kommune) & table["value"].notna()]
    chosen = t("grupper.fordeling.alt.valgt", kommune=mine["name"].iloc[0]) if len(mine) else ""
    return md("grupper.fordeling.alt", valgt=chosen)  # the name escaped for Markdown


st.caption(dist_caption())
widgets.chart_downloads(
    dist_chart, title, f"grupper_{ind.id}_{view.year}", [ind], key="dl_fordeling"
)
first_part.stop_until_shown(PAGE)  # the rest once the browser shows this
# after the first part on a page's first visit (as on the map): the chart comes first
with st.sidebar:
    widgets.indicator_controls(ds)
    widgets.year_control(ds)
    widgets.grouping_control()
    widgets.kommune_search(ds)

st.header(t("grupper.statistikk"))
group_stats_table(gstats, ind, selected_group)

st.header(t("grupper.utvikling"))
over = data.over_time(ds, ind.id, view.grouping, view.year)
chosen = (
    data.trend(ds, view.kommune, view.year, ind.id)
    if view.kommune in set(table["kommunenummer"])
    else None
)
chosen_name = (
    table.loc[table["kommunenummer"] == view.kommune, "name"].iloc[0] if chosen is not None else ""
)


def group_trend():
    return group_charts.group_trend_chart(over, ind, chosen, chosen_name)


widgets.chart(
    group_trend, [ind], key=("grupper.utvikling", ind.id, view.grouping, view.year, view.kommune)
)
widgets.chart_downloads(
    group_trend,
    f"{t('grupper.utvikling')}: {ind.name}",
    f"grupper_utvikling_{ind.id}",
    [ind],
    key="dl_gruppetrend",
)
st.caption(
    t("grupper.utvikling.alt", stat=t("kol.andel_ja") if ind.kind == "yesno" else t("kol.median"))
)
if view.grouping == "fylke":
    st.caption(t("grupper.utvikling.fylke", aar=view.year, n=len(gstats)))
    left = over.drop_duplicates("year").set_index("year")["left_out"]
    if left.sum():
        st.caption(
            t(
                "grupper.utvikling.utenfor",
                aar=view.year,
                liste=", ".join(f"{n} i {y}" for y, n in left.items() if n),
            )
        )

st.header(t("grupper.smaakart"))
small_maps = data.small_multiples(ds, ind.id, view.year, view.kommune, view.grouping)
small_alt = t(
    "grupper.smaakart.alt", n=len(gstats), inndeling=t(f"grupper.{view.grouping}").lower()
)
widgets.image(small_maps, small_alt, small_alt)
st.download_button(
    t("grupper.last_ned_smaakart"),
    small_maps,
    file_name=f"smaakart_{ind.id}_{view.year}.png",
    mime="image/png",
    on_click="ignore",
)

st.header(t("grupper.kommuner"))
frame = export.view_frame(table, ind, view.year)
frame.insert(3, t("kol.gruppe"), labels.astype(str).to_numpy())
group_member_table(
    frame, t("kol.gruppe"), table["kommunenummer"] == view.kommune, ind, view.grouping
)
widgets.table_downloads(
    frame,
    export.export_meta(
        title, view.year, ds.built_at, [ind], link=widgets.view_link(widgets.PAGES[PAGE][2])
    ),
    f"grupper_{ind.id}_{view.year}",
    (t("grupper.last_ned_csv"), t("grupper.last_ned_xlsx")),
)
widgets.source_line(ind)
# the code blocks (Streamlit's 1,5 MB highlighter) when asked
if st.toggle(t("del.lenke"), key=state.W_SHARE):
    widgets.share_panel(widgets.PAGES[PAGE][2], title, [ind], static_embed=PAGE)
widgets.finish(PAGE)
