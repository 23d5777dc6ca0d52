"""Sammenlign kommuner: up to six kommuner side by side on every indicator of a year (each beside
the median of its size class), a dot chart per theme, one indicator's trend for all of them across
the reforms, a share link and CSV/XLSX. Its own helpers are here."""

import pandas as pd
import streamlit as st

from kommunekart.base import fmt
from kommunekart.base.fmt import format_value
from kommunekart.base.strings import md, md_escape, t
from kommunekart.lineage.kommuner import size_class_label
from kommunekart.render import charts, export
from kommunekart.render.legend import chart_credits
from kommunekart.web import data, first_part, state, tables, widgets
from kommunekart.web.urlstate import MAX_COMPARE

PAGE = "sammenlign"
W_PICK, W_TREND = "w_sammenlign_kommuner", "w_sammenlign_indikator"  # this page's widget keys


def picker(year: int, chosen: list[str]) -> None:
    """Add one kommune at a time (Enter takes the highlighted one; a multiselect's Enter took
    «Select 4 matches», every fuzzy hit), remove each with its own button, the cap said in the app's
    words."""
    labels = data.picker_labels(year)
    chosen = [c for c in chosen if c in labels]
    full = len(chosen) >= MAX_COMPARE
    options = [c for c in labels if c not in chosen]
    widgets.sync(W_PICK, None)
    st.selectbox(
        t("sammenlign.legg_til", maks=MAX_COMPARE),
        options,
        index=None,
        key=W_PICK,
        format_func=labels.get,
        placeholder=t("sammenlign.full", maks=MAX_COMPARE) if full else t("kontroll.sok.plass"),
        help=t("kontroll.sok.hjelp"),
        disabled=full,
        on_change=widgets.on_pick(
            W_PICK, options, lambda c: c and state.choose_compare([*chosen, c], year), labels.get
        ),
    )
    if full:
        st.caption(t("sammenlign.full", maks=MAX_COMPARE))
    if chosen:
        # the button says the name, not the picker's aliases
        names = data.current().attrs_for(year)["name"]
        cols = st.columns(3)
        for i, code in enumerate(chosen):
            rest = [c for c in chosen if c != code]
            short = f"{names.get(code, code)} ({code})"
            cols[i % len(cols)].button(
                t("sammenlign.fjern", navn=short),
                key=f"w_sammenlign_fjern_{code}",
                icon=":material/close:",
                help=t("sammenlign.fjern.hjelp", navn=labels[code]),
                on_click=lambda r=rest: state.choose_compare(r, year),
                width="stretch",
            )


def left_out(ds, year: int) -> None:
    """Kommuner chosen in another year that do not exist in this year's form: said, and they come
    back when that year is chosen again (they used to vanish: 2024 → 2018 → 2024 lost Sandnes)."""
    home = st.session_state.get(state.COMPARE_HOME)
    if not home or home[0] == year:
        return
    home_year, home_codes = home
    carried = [state.carry_kommune(ds, c, home_year, year) for c in home_codes]
    if [c for c in carried if c] != [c for c in (state.view().compare or "").split(",") if c]:
        return  # the address has another comparison since
    names = data.picker_labels(home_year)
    lost = [c for c, now in zip(home_codes, carried) if now is None]
    if lost:
        st.info(
            md(
                "sammenlign.ikke_med",
                aar=year,
                hjem=home_year,
                navn=", ".join(names.get(c, c) for c in lost),
            )
        )


def side_by_side(ds, long: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Rows: indicators by theme; columns: each kommune's value, then each size class's median."""
    names = {c: n for c, n in zip(long["kommunenummer"], long["name"])}
    groups = list(dict.fromkeys(long["size_class"].dropna()))
    out = []
    for ind_id, part in long.groupby("indicator", sort=False):
        ind = ds.catalogue[ind_id]
        row = {t("kol.tema"): t(f"tema.{ind.theme}"), t("kol.indikator"): ind.name}
        by = part.set_index("kommunenummer")
        for c in codes:
            row[f"{names.get(c, c)} ({c})"] = (
                format_value(by.at[c, "value"], ind, by.at[c, "status"]) if c in by.index else "–"
            )
        for g in groups:
            med = part.loc[part["size_class"] == g, "size_median"]
            row[t("sammenlign.median", gruppe=size_class_label(g))] = (
                format_value(med.iloc[0], ind) if len(med) else "–"
            )
        out.append(row)
    return pd.DataFrame(out)


def places(part: pd.DataFrame) -> pd.DataFrame:
    """A theme's dot chart as a table: each indicator a row, each kommune a column, its place among
    all kommuner (rounded) and its value."""
    part = part.dropna(subset=["percentile"])
    rows = {}
    for (ind_id, name, code), g in part.groupby(["indicator", "name", "kommunenummer"], sort=False):
        r = g.iloc[0]
        ind = ds.catalogue[ind_id]
        rows.setdefault(ind.name, {})[f"{name} ({code})"] = t(
            "sammenlign.prikker.celle",
            plass=fmt.number(r["percentile"], 0),
            verdi=format_value(r["value"], ind, r["status"]),
        )
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(t("kol.indikator"))


ds = data.current()
view = state.view()
embedded = state.embedded_only()
codes = [c for c in (view.compare or "").split(",") if c]
if not codes and view.kommune:
    codes = [view.kommune]


# after the first part on a page's first visit (as on the map): the comparison comes first
def controls():
    if not embedded:
        with st.sidebar:
            widgets.year_control(ds)


st.title(t("sammenlign.tittel", aar=view.year))
widgets.notices()
# the picker's place under the title, filled after the first part on a first visit: its selectbox's
# code held the table and the first chart back (bench_targets: 1,33 s against the floor's 0,88 s)
top = st.container()


def pickers():
    if not embedded:
        with top:
            picker(view.year, codes)
            left_out(ds, view.year)


if not codes:
    st.info(t("sammenlign.ingen"))
    pickers()
    controls()
    widgets.finish(PAGE)
    st.stop()

long = data.compare_frame(ds, codes, view.year)
shown_inds = [ds.catalogue[i] for i in dict.fromkeys(long["indicator"])]
if any(i.is_demo for i in shown_inds):
    widgets.demo_banner(next(i for i in shown_inds if i.is_demo))
st.header(t("sammenlign.tabell", aar=view.year))
table = side_by_side(ds, long, codes)
# the indicator as each row's header; its cells are text (the grid sorted "98 % ja" as text anyway),
# and no table grid to load before the first part's charts
tables.text_table(table.set_index(t("kol.indikator")))
st.caption(md("sammenlign.forklaring"))
# one element, a line each
st.caption("  \n".join(md_escape(line) for line in chart_credits(shown_inds)))
caveats = [
    md("forbehold", tekst=f"{ind.name}: {ind.caveat}")
    for ind in shown_inds
    if not ind.is_demo and ind.caveat
]
# one box with a line per indicator (each element costs the browser a render on every change)
if caveats:
    st.info("\n".join(f"- {c}" for c in caveats))

st.header(t("sammenlign.prikker"))
for theme in ds.catalogue.themes:
    part = long[long["theme"] == theme]
    if part["percentile"].notna().any():
        st.markdown(f"**{t(f'tema.{theme}')}**")
        widgets.chart(
            lambda part=part: charts.compare_dots(part, ds.catalogue),
            [ds.catalogue[i] for i in part["indicator"].unique()],
            key=("sammenlign.prikker", tuple(codes), view.year, theme),
        )
        # the chart's text alternative: what it shows, and its places rounded, in a table
        theme_name = t(f"tema.{theme}")
        names = list(dict.fromkeys(part["name"]))
        st.caption(md("sammenlign.prikker.alt", kommuner=", ".join(names), tema=theme_name))
        with st.expander(t("sammenlign.prikker.tabell", tema=theme_name)):
            tables.text_table(places(part))
        # the rest once the browser shows this: after the first theme's chart (each chart the
        # browser draws at once delays the others; the next themes are further down the page)
        first_part.stop_until_shown(PAGE)
pickers()
controls()

st.header(t("sammenlign.trend"))
ind = ds.catalogue[view.indicator]
widgets.sync(W_TREND, ind.id)
trend_label = lambda i: widgets.indicator_label(ds.catalogue, i)
st.selectbox(
    t("profil.trend.indikator"),
    ds.catalogue.ids,
    key=W_TREND,
    format_func=trend_label,
    on_change=widgets.on_pick(
        W_TREND, ds.catalogue.ids, lambda v: state.update(indicator=v), trend_label
    ),
)
tr = data.trends(ds, codes, view.year, ind.id)
if not tr.empty:

    def chart():
        return charts.compare_trend_chart(tr, ind)

    widgets.chart(chart, [ind], key=("sammenlign.trend", tuple(codes), view.year, ind.id))
    st.dataframe(
        pd.DataFrame(
            {
                t("kol.kommune"): tr["series"],
                t("kol.aar"): tr["year"].astype(str),
                t("kol.verdi"): [format_value(v, ind) for v in tr["value"]],
                t("kol.merknad_trend"): tr["note"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    if not embedded:
        widgets.chart_downloads(
            chart,
            f"{ind.name}: {', '.join(dict.fromkeys(tr['series']))}",
            f"sammenlign_{ind.id}",
            [ind],
            "w_sammenlign_graf",
        )

if not embedded:
    st.header(t("sammenlign.last_ned"))
    title = t("sammenlign.tittel", aar=view.year)
    frame = table.assign(
        **{
            t("kol.aar"): view.year,
            t("kol.datatype"): [
                ds.catalogue[i].data_label for i in dict.fromkeys(long["indicator"])
            ],
            t("kol.kilde"): [ds.catalogue[i].credit for i in dict.fromkeys(long["indicator"])],
        }
    )
    widgets.table_downloads(
        frame.map(export.neutralise),
        export.export_meta(
            title,
            view.year,
            ds.built_at,
            shown_inds,
            link=widgets.view_link(widgets.PAGES[PAGE][2]),
        ),
        f"sammenlign_{view.year}",
        (t("kart.last_ned_csv"), t("kart.last_ned_xlsx")),
    )
    # the code blocks (Streamlit's 1,5 MB highlighter) when asked
    if st.toggle(t("del.lenke"), key=state.W_SHARE):
        widgets.share_panel(widgets.PAGES[PAGE][2], title, shown_inds, static_embed=PAGE)
widgets.finish(PAGE)
