"""Størrelsesgrupper: how kommuner of different size compare. Thin: layout only."""
import streamlit as st

from kommunekart import export, figures, groups, profile, stats, ui
from kommunekart.strings import t

ds = ui.dataset_or_stop()
ui.init_view(ds, "grupper")

embedded = ui.embedded_only()
if not embedded:
    with st.sidebar:
        ui.indicator_controls(ds, classes=False)
        st.radio(t("grupper.kontroll"), groups.GROUPINGS, key="grupper", format_func=lambda g: t(f"grupper.{g}"))
        ui.kommune_search(ds, int(st.session_state["aar"]))

view = ui.current_view()
ind = ds.catalogue[view.indikator]
table = stats.view_table(ds, ind.id, view.aar)
labels = groups.group_labels(table, view.grupper)
gstats = groups.group_stats(table["value"], labels, ind.kind)

if embedded:  # an embedded view: the caption, the distribution chart and the source, nothing else
    st.subheader(t("grupper.tittel", indikator=ind.name, aar=view.aar))
    st.markdown(f"**{groups.caption(gstats, ind, view.grupper)}**")
    st.altair_chart(figures.share_chart(gstats, ind, None) if ind.kind == "yesno"
                    else figures.distribution_chart(table, labels, ind, view.kommune), width="stretch")
    ui.source_line(ind)
    st.stop()

st.title(t("grupper.tittel", indikator=ind.name, aar=view.aar))
ui.show_notices()
ui.caveat(ind)
if ind.is_demo:
    st.warning(t("demo.etikett") + ". " + t("demo.forklaring"))
st.markdown(f"**{groups.caption(gstats, ind, view.grupper)}**")
selected_group = ui.selected_group_note(table, labels, ind, view.kommune)

st.subheader(t("grupper.fordeling"))
if ind.kind == "yesno":
    dist_chart = figures.share_chart(gstats, ind, selected_group)
    st.altair_chart(dist_chart, width="stretch")
    st.caption(t("grupper.andel.alt"))
else:
    dist_chart = figures.distribution_chart(table, labels, ind, view.kommune)
    st.altair_chart(dist_chart, width="stretch")
    st.caption(t("grupper.fordeling.alt"))
ui.chart_downloads(dist_chart, t("grupper.tittel", indikator=ind.name, aar=view.aar), f"grupper_{ind.id}_{view.aar}",
                   ind.is_demo, key="dl_fordeling")

st.subheader(t("grupper.statistikk"))
ui.group_stats_table(gstats, ind, selected_group)

st.subheader(t("grupper.utvikling"))
over = groups.over_time(ds, ind.id, view.grupper)
chosen = profile.trend(ds, view.kommune, view.aar, ind.id) if view.kommune in set(table["kommunenummer"]) else None
chosen_name = table.loc[table["kommunenummer"] == view.kommune, "navn"].iloc[0] if chosen is not None else ""
group_trend = figures.group_trend_chart(over, ind, chosen, chosen_name)
st.altair_chart(group_trend, width="stretch")
ui.chart_downloads(group_trend, f"{t('grupper.utvikling')}: {ind.name}", f"grupper_utvikling_{ind.id}", ind.is_demo,
                   key="dl_gruppetrend")
st.caption(t("grupper.utvikling.alt", stat=t("kol.andel_ja") if ind.kind == "yesno" else t("kol.median")))

st.subheader(t("grupper.smaakart"))
small_maps = ui.small_multiples(ind.id, view.aar, view.kommune)
st.image(small_maps, caption=t("grupper.smaakart.alt"))
st.download_button(t("grupper.last_ned_smaakart"), small_maps, file_name=f"smaakart_{ind.id}_{view.aar}.png", mime="image/png",
                   on_click="ignore")

st.subheader(t("grupper.kommuner"))
frame = export.view_frame(table, ind, view.aar)
frame.insert(3, t("kol.gruppe"), labels.astype(str).to_numpy())
ui.group_member_table(frame, t("kol.gruppe"), table["kommunenummer"] == view.kommune)
meta = ui.export_meta(t("grupper.tittel", indikator=ind.name, aar=view.aar), view.aar, ind)
c1, c2 = st.columns(2)
c1.download_button(t("grupper.last_ned_csv"), lambda: export.frame_csv(frame), file_name=f"grupper_{ind.id}_{view.aar}.csv",
                   mime="text/csv", on_click="ignore")
c2.download_button(t("grupper.last_ned_xlsx"), lambda: export.frame_xlsx(frame, meta), file_name=f"grupper_{ind.id}_{view.aar}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
ui.source_line(ind)
with st.expander(t("del.lenke")):
    ui.share_panel(view, ("indikator", "aar", "kommune", "grupper"), t("grupper.tittel", indikator=ind.name, aar=view.aar))
ui.write_url(ui.current_view(), keys=("indikator", "aar", "kommune", "grupper"))
