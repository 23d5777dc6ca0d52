"""The map page (default page). Composes widgets; its own helpers (panel, table, downloads) are here.

The map is emitted first, and on a session's first visit the rest of the page (legend, panel, menus)
follows only when the browser reports the map drawn (map_component.stop_until_drawn). The table and
the export panel are only built when asked for."""
import streamlit as st

from kommunekart import export, fmt, stats
from kommunekart.kommuner import size_class_label
from kommunekart.legend import map_legend
from kommunekart.strings import md, md_escape, t
from kommunekart.web import data, map_component, state, widgets

PAGE = "kart"


def kommune_panel(table, indicator, year: int, code: str) -> None:
    """Short panel: the chosen kommune's value, size class and the median of its size class."""
    from kommunekart.profile import group_value

    row = table[table["kommunenummer"] == code]
    if row.empty:
        return
    r = row.iloc[0]
    group = r["size_class"]
    stat = group_value(table.loc[table["size_class"] == group, "value"], indicator.kind)
    st.subheader(md("panel.tittel", navn=r["name"], nr=code))
    vt = fmt.value_text(r["value"], r["status"], indicator.unit, indicator.kind, indicator.decimals)
    st.markdown(md("panel.verdi", indikator=indicator.name, verdi=vt))
    st.markdown(md("panel.fylke", fylke=r["fylke_name"]))
    st.markdown(t("panel.folketall", aar=year, folketall=fmt.number(r["population"])))
    st.markdown(md("panel.storrelse", gruppe=size_class_label(group)))
    if indicator.kind == "yesno":
        st.markdown(md("panel.andel", gruppe=size_class_label(group), andel=fmt.share(stat)))
    else:
        st.markdown(md("panel.median", gruppe=size_class_label(group),
                      median=fmt.value_text(stat, "", indicator.unit, indicator.kind, indicator.decimals)))
    widgets.page_link("profil", md("profil.lenke", navn=r["name"]))


def data_table(table, indicator) -> None:
    import pandas as pd

    shown = pd.DataFrame({
        t("kol.kommunenummer"): table["kommunenummer"],
        t("kol.kommune"): table["name"],
        t("kol.fylke"): table["fylke_name"],
        t("kol.verdi"): table["value"],
        t("kol.status"): table["status"].map(fmt.status_text),
        t("kol.storrelse"): table["size_class"].map(size_class_label),
        t("kol.folketall"): table["population"],
    })
    widgets.number_table(shown, {t("kol.verdi"): indicator.decimals, t("kol.folketall"): 0},
                         {t("kol.verdi"): st.column_config.Column(help=indicator.definition)})


def map_image(ds, view, size: str, fmt_: str) -> bytes:
    """PNG/SVG of exactly the current map view (drawn on demand, when the button is clicked)."""
    from kommunekart import figures

    ind = ds.catalogue[view.indicator]
    kommuner, fylker = data.projected(view.year)
    fig = figures.map_figure(kommuner, fylker, stats.view_table(ds, ind.id, view.year), data.classes(ds, view), ind,
                             view.year, view.kommune, size)
    return figures.figure_bytes(fig, fmt_)


def standalone_map(ds, view) -> str:
    from kommunekart.web.map_component.standalone import standalone_html

    ind = ds.catalogue[view.indicator]
    classes = data.classes(ds, view)
    return standalone_html(ds.kommuner[view.year], ds.fylker[view.year], stats.view_table(ds, ind.id, view.year),
                           classes, ind, view.year, view.kommune, map_legend(classes, ind, view.year))


def export_panel(ds, view, table, indicator) -> None:
    stem = f"kommunekart_{indicator.id}_{view.year}"
    st.markdown(f"**{t('del.bilde')}**")
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("del.png_lysbilde"), lambda: map_image(ds, view, "lysbilde", "png"),
                       file_name=f"{stem}_lysbilde.png", mime="image/png", on_click="ignore")
    c2.download_button(t("del.png_artikkel"), lambda: map_image(ds, view, "artikkel", "png"),
                       file_name=f"{stem}_artikkel.png", mime="image/png", on_click="ignore")
    c3.download_button(t("del.svg"), lambda: map_image(ds, view, "lysbilde", "svg"), file_name=f"{stem}.svg",
                       mime="image/svg+xml", on_click="ignore")
    st.download_button(t("del.html"), lambda: standalone_map(ds, view), file_name=f"{stem}.html", mime="text/html",
                       on_click="ignore", help=t("del.html.hjelp"))
    st.markdown(f"**{t('del.data')}**")
    widgets.table_downloads(export.view_frame(table, indicator, view.year),
                            export.export_meta(f"{indicator.name}, {view.year}", view.year, ds.built_at, [indicator]),
                            stem, (t("kart.last_ned_csv"), t("kart.last_ned_xlsx")))
    widgets.share_panel(widgets.PAGES[PAGE][2], f"{indicator.name}, {view.year}")


ds = data.current()
view = state.view()
embedded = state.is_embedded()
controls = not state.embedded_only()
ind = ds.catalogue[view.indicator]
table = stats.view_table(ds, view.indicator, view.year)
classes = data.classes(ds, view)
legend = map_legend(classes, ind, view.year)

if embedded:
    st.subheader(md("kart.tittel", indikator=ind.name, aar=view.year))
    widgets.notices()  # an embed with a bad link value says so too
else:
    st.title(md("kart.tittel", indikator=ind.name, aar=view.year))
    widgets.notices()
    widgets.demo_banner(ind)
if not ind.is_demo:
    widgets.caveat(ind)

map_col, side_col = st.columns([3, 1], gap="medium")
with map_col:
    map_component.draw(data.map_spec(ds, view, embedded))
    map_component.stop_until_drawn()
    st.caption(md_escape(stats.describe_view(table, ind, view.year)) + ("" if embedded else " " + t("kart.tabell_hint")))
    widgets.source_line(ind)
with side_col:
    widgets.legend(legend)
    if not embedded:
        st.divider()
        if view.kommune:
            kommune_panel(table, ind, view.year, view.kommune)
        else:
            st.caption(t("panel.hint"))

if controls:
    with st.sidebar:
        st.header(t("app.tittel"))
        st.caption(t("app.undertittel"))
        widgets.indicator_controls(ds)
        widgets.year_control(ds)
        widgets.classes_control()
        widgets.kommune_search(ds)

if not embedded:
    with st.expander(t("kart.definisjon")):
        st.markdown(md_escape(ind.definition))
        st.caption(md("kart.kilde_ind", kilde=ind.source))
    if st.toggle(t("kart.tabell"), key=state.W_TABLE):
        data_table(table, ind)
    if st.toggle(t("del.tittel"), key=state.W_SHARE):
        export_panel(ds, view, table, ind)

widgets.finish(PAGE)
