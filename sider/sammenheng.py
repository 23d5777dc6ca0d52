"""Sammenheng: two indicators of one year together, one dot per kommune (coloured by size class or
fylke), the chosen kommune marked and named, the rank correlation with its n and what it does not
mean, the dots as a table (the chart's text alternative), CSV/XLSX, PNG/SVG and a link. Its own
helpers are here; the numbers are analysis.relation's."""

import streamlit as st

from kommunekart.analysis import relation
from kommunekart.base import fmt
from kommunekart.base.constants import COLOUR_BY
from kommunekart.base.strings import md, md_escape, message, t
from kommunekart.lineage.kommuner import size_class_label
from kommunekart.render import charts, export
from kommunekart.web import data, state, tables, widgets

PAGE = "sammenheng"
W_AGAINST, W_COLOUR = "w_sammenheng_mot", "w_sammenheng_farge"  # this page's widget keys


def controls(ds, view, against: str) -> None:
    """The first indicator and its year, the second indicator, the kommune to mark, the colours."""
    widgets.indicator_controls(ds)
    ids = [i for i in ds.catalogue.ids if i != view.indicator]
    label = lambda i: widgets.indicator_label(ds.catalogue, i)
    widgets.sync(W_AGAINST, against)
    st.selectbox(
        t("sammenheng.mot"),
        ids,
        key=W_AGAINST,
        format_func=label,
        help=t("sammenheng.mot.hjelp"),
        on_change=widgets.on_pick(W_AGAINST, ids, lambda v: state.update(against=v), label),
    )
    widgets.year_control(ds)
    widgets.kommune_search(ds)
    colour_label = lambda c: t(f"sammenheng.farge.{c}")
    widgets.sync(W_COLOUR, view.colour_by or COLOUR_BY[0])
    st.radio(
        t("sammenheng.farge"),
        COLOUR_BY,
        key=W_COLOUR,
        format_func=colour_label,
        horizontal=True,
        on_change=widgets.on_pick(
            W_COLOUR, COLOUR_BY, lambda v: state.update(colour_by=v), colour_label
        ),
    )


def values_frame(p, x_ind, y_ind):
    """The dots as rows (every kommune of the year; those without both values say which is
    missing), as the table and the downloads have them."""
    import pandas as pd

    tab = p.table
    shown = export.shown_values

    x_col = charts.with_unit(x_ind.name, x_ind.unit) + f" ({p.x_year})"
    y_col = charts.with_unit(y_ind.name, y_ind.unit) + f" ({p.y_year or '–'})"
    out = pd.DataFrame(
        {
            t("kol.kommunenummer"): tab["kommunenummer"],
            t("kol.kommune"): tab["name"],
            t("kol.fylke"): tab["fylke_name"],
            t("kol.storrelse"): tab["size_class"].map(size_class_label),
            x_col: shown(tab["x"], x_ind),
            y_col: shown(tab["y"], y_ind),
            t("kol.sammenheng_med"): [
                t("legende.ja") if b else t("legende.nei") for b in tab["both"]
            ],
            t("kol.kilde"): "; ".join(dict.fromkeys([x_ind.credit, y_ind.credit])),
        }
    )
    return out.map(export.neutralise), x_col, y_col


ds = data.current()
view = state.view()
x_ind = ds.catalogue[view.indicator]
against = relation.against_of(ds.catalogue, view.indicator, view.against)
if view.against != against:  # the address names both indicators: a copied link is this view
    view = state.update(against=against)
y_ind = ds.catalogue[against]
colour_by = view.colour_by or COLOUR_BY[0]
p = data.relation_pair(ds, x_ind.id, y_ind.id, view.year)

title = md("sammenheng.tittel", x=x_ind.name, y=y_ind.name, aar=view.year)
st.title(title)
widgets.notices()
with st.sidebar:
    controls(ds, view, against)
for ind in (x_ind, y_ind):
    widgets.demo_banner(ind)
said = message(relation.caption(p, x_ind, y_ind))
if p.y_year is None or p.n < 3:
    st.warning(md_escape(said))
else:
    chosen = view.kommune if view.kommune in set(p.table["kommunenummer"]) else None

    def scatter():
        return charts.scatter_chart(p, x_ind, y_ind, chosen, colour_by)

    widgets.chart(
        scatter,
        [x_ind, y_ind],
        key=("sammenheng", x_ind.id, y_ind.id, view.year, chosen, colour_by),
    )
    st.caption(md_escape(said))
    if chosen:
        row = p.table.set_index("kommunenummer").loc[chosen]
        if not row["both"]:
            st.caption(md("sammenheng.valgt_mangler", navn=row["name"]))
        else:  # the marked dot in words: what a pointer reads on hover, for keyboard and reader
            st.caption(
                md(
                    "sammenheng.valgt",
                    navn=row["name"],
                    x=x_ind.name,
                    xv=fmt.format_value(row["x"], x_ind),
                    y=y_ind.name,
                    yv=fmt.format_value(row["y"], y_ind),
                )
            )
    widgets.chart_downloads(
        scatter,
        t("sammenheng.navn", x=x_ind.name, y=y_ind.name, aar=view.year),
        f"sammenheng_{x_ind.id}_{y_ind.id}_{view.year}",
        [x_ind, y_ind],
        key="dl_sammenheng",
    )
for ind in (x_ind, y_ind):
    if not ind.is_demo and ind.caveat:
        widgets.caveat(ind)

st.header(t("sammenheng.tabell"))
st.caption(t("sammenheng.tabell.hjelp"))
frame, x_col, y_col = values_frame(p, x_ind, y_ind)
numeric = {}
for col, ind in ((x_col, x_ind), (y_col, y_ind)):
    if ind.kind not in ("yesno", "grade"):
        numeric[col] = ind.decimals
texts = [c for c in frame.columns if c not in numeric and c != t("kol.kilde")]
tables.number_table(
    frame.drop(columns=[t("kol.kilde")]).assign(**{c: frame[c].fillna("–") for c in texts}),
    numeric,
)
for ind in (x_ind, y_ind):
    widgets.source_line(ind, boundaries=False)
widgets.table_downloads(
    frame,
    export.export_meta(
        t("sammenheng.navn", x=x_ind.name, y=y_ind.name, aar=view.year),
        view.year,
        ds.built_at,
        [x_ind, y_ind],
        link=widgets.view_link(widgets.PAGES[PAGE][2]),
    ),
    f"sammenheng_{x_ind.id}_{y_ind.id}_{view.year}",
    (t("sammenheng.last_ned_csv"), t("sammenheng.last_ned_xlsx")),
)
if view.kommune:
    name = ds.attrs_for(view.year)["name"].get(view.kommune, view.kommune)
    widgets.page_link("profil", md("profil.lenke", navn=name))
if st.toggle(t("del.lenke"), key=state.W_SHARE):
    widgets.share_panel(
        widgets.PAGES[PAGE][2],
        t("sammenheng.navn", x=x_ind.name, y=y_ind.name, aar=view.year),
        [x_ind, y_ind],
        static_embed=PAGE,
    )
widgets.finish(PAGE)
