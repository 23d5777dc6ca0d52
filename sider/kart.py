"""The map page (default page). Composes widgets; its own helpers (panel, table, downloads) are
here.

The map is emitted first, and on a session's first visit the rest of the page (legend, panel, menus)
follows only when the browser reports the map drawn (map_component.stop_until_drawn). The table and
the export panel are only built when asked for."""

import streamlit as st

from kommunekart.base import fmt
from kommunekart.base.constants import SSB_SIZES
from kommunekart.base.strings import md, md_escape, message, t
from kommunekart.lineage.kommuner import numbering, size_class_label
from kommunekart.render import export
from kommunekart.render.legend import map_legend
from kommunekart.web import change_view, data, map_component, state, widgets

PAGE = "kart"
# this page's widget keys (Finn kommuner)
W_SIZE, W_FYLKE, W_VALUE_MODE, W_VALUE_N, W_FINDER_CLEAR = (
    "w_finn_storrelse",
    "w_finn_fylke",
    "w_finn_verdi",
    "w_finn_tall",
    "w_finn_fjern",
)


def kommune_panel(table, indicator, year: int, code: str) -> None:
    """Short panel: the chosen kommune's value, size class and the median of its size class."""
    from kommunekart.analysis.profile import group_value

    row = table[table["kommunenummer"] == code]
    if row.empty:
        return
    r = row.iloc[0]
    group = r["size_class"]
    stat = group_value(table.loc[table["size_class"] == group, "value"], indicator.kind)
    st.header(md("panel.tittel", navn=r["name"], nr=code))
    vt = fmt.value_text(r["value"], r["status"], indicator.unit, indicator.kind, indicator.decimals)
    st.markdown(md("panel.verdi", indikator=indicator.name, verdi=vt))
    st.markdown(md("panel.fylke", fylke=r["fylke_name"]))
    st.markdown(t("panel.folketall", aar=numbering(year), folketall=fmt.number(r["population"])))
    st.markdown(md("panel.storrelse", gruppe=size_class_label(group)))
    if indicator.kind == "yesno":
        st.markdown(md("panel.andel", gruppe=size_class_label(group), andel=fmt.share(stat)))
    else:
        st.markdown(
            md(
                "panel.median",
                gruppe=size_class_label(group),
                median=fmt.value_text(stat, "", indicator.unit, indicator.kind, indicator.decimals),
            )
        )
    widgets.page_link("profil", md("profil.lenke", navn=r["name"]))


def finder_controls(view, table, indicator) -> None:
    """Size, fylke and value filters of «Finn kommuner» (each in the address)."""
    from kommunekart.analysis import finder

    sizes = [None, *finder.SIZE_FILTERS]
    fylker = dict(sorted(zip(table["fylkenummer"], table["fylke_name"])))
    modes = (
        [None, "ja", "nei", "mangler"]
        if indicator.kind == "yesno"
        else [None, "over", "under", "topp", "bunn", "mangler"]
    )
    parsed = finder.parse_value(view.value) if finder.fits(indicator.kind, view.value) else None
    mode, number = parsed if parsed else (None, None)

    def mode_label(m):
        return t("finn.verdi.alle") if m is None else t(f"finn.verdi.valg.{m}")

    def size_label(s):
        return (
            t("finn.storrelse.alle")
            if s is None
            else finder.size_label(s) + (" (SSB)" if s in SSB_SIZES else "")
        )

    def fylke_label(f):
        return t("finn.fylke.alle") if f is None else fylker[f]

    def on_value():
        m = widgets.meant(st.session_state[W_VALUE_MODE], modes, mode_label)
        if m is widgets.NOTHING:
            return
        n = st.session_state.get(W_VALUE_N)
        if m in ("topp", "bunn") and (n is None or m != mode):
            n = 10
        elif m in ("over", "under") and (n is None or mode not in ("over", "under")):
            n = float(table["value"].median()) if table["value"].notna().any() else 0.0
        state.update(value=finder.value_param(m, n))

    c1, c2, c3, c4 = st.columns([1.3, 1.3, 1.2, 0.8], vertical_alignment="bottom")
    widgets.sync(W_SIZE, view.size)
    c1.selectbox(
        t("finn.storrelse.kontroll"),
        sizes,
        key=W_SIZE,
        format_func=size_label,
        on_change=widgets.on_pick(W_SIZE, sizes, lambda v: state.update(size=v), size_label),
    )
    widgets.sync(W_FYLKE, view.fylke if view.fylke in fylker else None)
    c2.selectbox(
        t("finn.fylke.kontroll"),
        [None, *fylker],
        key=W_FYLKE,
        format_func=fylke_label,
        on_change=widgets.on_pick(
            W_FYLKE, [None, *fylker], lambda v: state.update(fylke=v), fylke_label
        ),
    )
    widgets.sync(W_VALUE_MODE, mode)
    c3.selectbox(
        t("finn.verdi.kontroll"),
        modes,
        key=W_VALUE_MODE,
        on_change=on_value,
        format_func=mode_label,
    )
    if mode in ("over", "under", "topp", "bunn"):
        widgets.sync(W_VALUE_N, int(number) if mode in ("topp", "bunn") else float(number))
        if mode in ("topp", "bunn"):
            c4.number_input(
                t("finn.verdi.tall"),
                min_value=1,
                max_value=999,
                step=1,
                key=W_VALUE_N,
                on_change=on_value,
            )
        else:
            c4.number_input(
                t("finn.verdi.tall"), step=1.0, key=W_VALUE_N, on_change=on_value, format="%g"
            )


def finder_list(ds, view, table, indicator) -> None:
    """The kommuner that pass the filters: the count in words, the list (Ja/Nei as words, sortable
    by any column), and CSV/XLSX of exactly the list with source and data-type label."""
    from kommunekart.analysis import finder

    if view.value and not finder.fits(indicator.kind, view.value):
        st.info(md("finn.passer_ikke", verdi=view.value, indikator=indicator.name))
    active = view.size or view.fylke or (view.value and finder.fits(indicator.kind, view.value))
    if not active:
        return
    rows = finder.apply(
        table,
        indicator.kind,
        view.size,
        view.fylke,
        view.value,
        indicator.higher_is_better,
        indicator.decimals,
    )
    fylke_name = (
        table.loc[table["fylkenummer"] == view.fylke, "fylke_name"].iloc[0] if view.fylke else None
    )
    said = message(
        finder.caption(
            len(rows), indicator, indicator.period or view.year, view.size, fylke_name, view.value
        )
    )
    st.markdown(f"**{md_escape(said)}**")
    if rows.empty:
        st.info(t("finn.ingen"))
    else:
        frame = change_view.frame_of(ds, view, rows)
        change_view.frame_table(ds, view, frame)
        widgets.source_line(indicator)
        stem = f"kommunekart_{indicator.id}_{indicator.period or view.year}_utvalg"
        widgets.table_downloads(
            frame,
            export.export_meta(
                said,
                view.year,
                ds.built_at,
                [indicator],
                link=widgets.view_link(widgets.PAGES[PAGE][2]),
            ),
            stem,
            (t("finn.last_ned_csv"), t("finn.last_ned_xlsx")),
        )
    st.button(
        t("finn.nullstill"),
        key=W_FINDER_CLEAR,
        on_click=lambda: state.update(size=None, fylke=None, value=None),
    )


def map_image(ds, view, size: str, fmt_: str, cite: str) -> bytes:
    """PNG/SVG of exactly the current map view (drawn on demand, when the button is clicked), with
    where it comes from (``cite``) under its sources."""
    from kommunekart.render import figures

    ind, table, classes = data.shown(ds, view)
    kommuner, fylker = data.projected(view.year)
    fig = figures.map_figure(
        kommuner,
        fylker,
        table,
        classes,
        ind,
        view.year,
        view.kommune,
        size,
        cite,
    )
    return figures.figure_bytes(fig, fmt_)


def standalone_map(ds, view, cite: str) -> str:
    from kommunekart.web.map_component.standalone import standalone_html

    ind, table, classes = data.shown(ds, view)
    return standalone_html(
        ds.kommuner[view.year],
        ds.fylker[view.year],
        table,
        classes,
        ind,
        view.year,
        view.kommune,
        map_legend(classes, ind, view.year),
        cite,
    )


def export_panel(ds, view, table, indicator) -> None:
    stem = f"kommunekart_{indicator.id}_{indicator.period or view.year}"
    cite = widgets.image_cite(widgets.PAGES[PAGE][2])  # under the sources of every image and file
    st.markdown(f"**{t('del.bilde')}**")
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        t("del.png_lysbilde"),
        lambda: map_image(ds, view, "lysbilde", "png", cite),
        file_name=f"{stem}_lysbilde.png",
        mime="image/png",
        on_click="ignore",
    )
    c2.download_button(
        t("del.png_artikkel"),
        lambda: map_image(ds, view, "artikkel", "png", cite),
        file_name=f"{stem}_artikkel.png",
        mime="image/png",
        on_click="ignore",
    )
    c3.download_button(
        t("del.svg"),
        lambda: map_image(ds, view, "lysbilde", "svg", cite),
        file_name=f"{stem}.svg",
        mime="image/svg+xml",
        on_click="ignore",
    )
    st.download_button(
        t("del.html"),
        lambda: standalone_map(ds, view, cite),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        help=t("del.html.hjelp"),
    )
    st.markdown(f"**{t('del.data')}**")
    widgets.table_downloads(
        change_view.frame_of(ds, view, table),
        export.export_meta(
            f"{indicator.name}, {indicator.period or view.year}",
            view.year,
            ds.built_at,
            [indicator],
            link=widgets.view_link(widgets.PAGES[PAGE][2]),
        ),
        stem,
        (t("kart.last_ned_csv"), t("kart.last_ned_xlsx")),
    )
    widgets.share_panel(
        widgets.PAGES[PAGE][2],
        f"{indicator.name}, {indicator.period or view.year}",
        [indicator],
        static_embed=PAGE,
    )


ds = data.current()
view = state.view()
embedded = state.is_embedded()
controls = not state.embedded_only()
base_ind = ds.catalogue[view.indicator]
# the year's values, or with «fra» the change since then (its own indicator, table and legend)
ind, table, classes = data.shown(ds, view)
legend = map_legend(classes, ind, view.year)
title = md("kart.tittel", indikator=ind.name, aar=ind.period or view.year)
if embedded:
    st.header(title)
    widgets.notices()  # an embed with a bad link value says so too
else:
    st.title(title)
    widgets.notices()
has = ds.years_with(view.indicator)
# e.g. a link to 2022 of a measurement that starts in 2025: said, with a way there
if view.year not in has:
    nearest = min(has, key=lambda y: (abs(y - view.year), -y))
    st.warning(
        md("kart.aar_uten_tall", indikator=ind.name, aar=view.year, har=", ".join(map(str, has)))
    )
    widgets.page_link(
        "kart",
        md("kart.til_naermeste", aar=nearest),
        icon=":material/arrow_forward:",
        aar=str(nearest),
    )
# on a phone the caveat goes under the map (page_head.APP_CSS)
top = st.container(key="kk_kart_topp")
with top.container(key="kk_forbehold"):
    if not embedded:
        widgets.demo_banner(base_ind)
    if not base_ind.is_demo:
        widgets.caveat(base_ind)

# an embed has its legend inside the map (with the demo label): one legend, and the whole width for
# Norway
with top:
    map_col, side_col = (st.container(), None) if embedded else st.columns([3, 1], gap="medium")
with map_col:
    map_component.draw(data.map_spec(ds, view, embedded))
    map_component.stop_until_drawn()
    st.caption(
        md_escape(data.description(ds, view.indicator, view.year, view.start))
        + ("" if embedded else " " + t("kart.tabell_hint"))
    )
    widgets.source_line(ind)
if side_col is not None:
    with side_col:
        widgets.legend(legend)
        st.divider()
        if view.kommune and view.start is not None:
            change_view.panel(ds, view, table, view.kommune)
        elif view.kommune:
            kommune_panel(table, ind, view.year, view.kommune)
        else:
            st.caption(t("panel.hint"))

if controls:
    with st.sidebar:
        st.header(t("app.tittel"))
        st.caption(t("app.undertittel"))
        widgets.indicator_controls(ds)
        widgets.year_control(ds)
        change_view.control(ds, view)
        if view.start is None:  # a change's classes are its own: centred on «uendret»
            widgets.classes_control()
        widgets.kommune_search(ds)

if not embedded:
    st.header(t("finn.tittel"))
    st.caption(t("finn.ingress"))
    finder_controls(view, table, ind)
    finder_list(ds, view, table, ind)
    if view.start is not None:
        change_view.lists(ds, view, table, widgets.view_link(widgets.PAGES[PAGE][2]))
    with st.expander(t("kart.definisjon")):
        st.markdown(md_escape(base_ind.definition))
        st.caption(md("kart.kilde_ind", kilde=base_ind.source))
    if st.toggle(t("kart.tabell"), key=state.W_TABLE):
        change_view.frame_table(ds, view, change_view.frame_of(ds, view, table))
    if st.toggle(t("del.tittel"), key=state.W_SHARE):
        export_panel(ds, view, table, ind)

widgets.finish(PAGE)
