"""The map page (default page). Thin: composes widgets and calls the package.

The map is emitted first, and on a session's first visit the rest of the page (legend, panel,
menus) follows only when the browser reports the map drawn: otherwise the code for a dozen widgets
competes with Leaflet and the geometry for the browser's connections (see the note on issue 8). The
table and the export panel are only built when asked for."""
import streamlit as st

from kommunekart import mapview, stats, ui
from kommunekart.strings import t

ds = ui.dataset_or_stop()
ui.init_view(ds, "kart")
embedded = ui.is_embedded()
controls = not ui.embedded_only()

view = ui.current_view()
ind = ds.catalogue[view.indikator]
table = stats.view_table(ds, view.indikator, view.aar)
classes = ui.classes_for(view)

if embedded:
    st.subheader(t("kart.tittel", indikator=ind.name, aar=view.aar))
else:
    st.title(t("kart.tittel", indikator=ind.name, aar=view.aar))
    ui.show_notices()
    if ind.is_demo:
        st.warning(t("demo.etikett") + ". " + t("demo.forklaring"))
if not ind.is_demo:
    ui.caveat(ind)

map_col, side_col = st.columns([3, 1], gap="medium")
with map_col:
    spec = mapview.component_spec(table, classes, ind, view.aar, ui.static_urls(), view.kommune)
    ui.kommune_map(spec, table)
    ui.stop_until_map_drawn()
    st.caption(ui.map_alt_text(table, ind, view.aar) + ("" if embedded else " " + t("kart.tabell_hint")))
    ui.source_line(ind)
with side_col:
    ui.legend(classes, ind)
    if not embedded:
        st.divider()
        if view.kommune:
            ui.kommune_panel(ds, table, ind, view.aar, view.kommune)
            ui.profile_link(ds, view)
        else:
            st.caption(t("panel.hint"))

if controls:
    with st.sidebar:
        st.header(t("app.tittel"))
        st.caption(t("app.undertittel"))
        ui.indicator_controls(ds)
        ui.kommune_search(ds, int(st.session_state["aar"]))

if not embedded:
    with st.expander(t("kart.definisjon")):
        st.markdown(ind.definition)
        st.caption(t("kart.kilde_ind", kilde=ind.source))
    if st.toggle(t("kart.tabell"), key="vis_tabell"):
        ui.data_table(table, ind)
    if st.toggle(t("del.tittel"), key="vis_del"):
        ui.export_panel(view, table, ind)

ui.write_url(ui.current_view(), keys=("indikator", "aar", "kommune", "klasser"),
             keep=("kontroller",) if embedded else ())
