"""Kommuneprofil: one kommune against its peers and over time. Thin: layout only."""
import streamlit as st

from kommunekart import export, figures, fmt, profile, ui
from kommunekart.kommuner import size_class_label
from kommunekart.strings import t

ds = ui.dataset_or_stop()
ui.init_view(ds, "profil")

embedded = ui.embedded_only()
if not embedded:
    with st.sidebar:
        st.radio(t("kontroll.aar"), ds.years, key="aar", horizontal=True, on_change=ui.on_year_change(ds))
        ui.kommune_search(ds, int(st.session_state["aar"]))

view = ui.current_view()
attrs = ds.attrs_for(view.aar)
if not view.kommune or view.kommune not in attrs.index:
    st.title(t("nav.profil"))
    ui.show_notices()
    st.info(t("profil.velg") + " " + t("profil.ukjent"))
    ui.write_url(view, keys=("kommune", "aar", "indikator"))
    st.stop()

code, year = view.kommune, view.aar
me = attrs.loc[code]
rows = ui.profile_rows(code, year)

if embedded:  # an embedded profile: the summary, the two charts and the source, nothing else
    ind = ds.catalogue[view.indikator]
    st.subheader(t("profil.tittel", navn=me["navn"]) + f", {year}")
    st.markdown(profile.summary_text(me["navn"], me["size_class"], rows))
    st.altair_chart(figures.index_chart(rows, me["navn"]), width="stretch")
    st.altair_chart(figures.trend_chart(profile.trend(ds, code, year, ind.id), me["navn"], ind), width="stretch")
    st.caption(t("kilde"))
    ui.demo_label()
    st.stop()

st.title(t("profil.tittel", navn=me["navn"]))
ui.show_notices()
head, loc = st.columns([3, 1])
with head:
    st.markdown(t("profil.ingress", nr=code, fylke=me["fylkenavn"], folketall=fmt.number(me["population"]),
                  aar=year, gruppe=size_class_label(me["size_class"])))
    st.markdown(profile.summary_text(me["navn"], me["size_class"], rows))
    ui.demo_label()
    st.subheader(t("profil.historikk"))
    events = profile.history(ds.changes, code, year) + profile.kommsummer_lines(ds.kommsummer, code, year)
    for line in events or [t("profil.historikk.ingen")]:
        st.markdown(f"- {line}")
    st.caption(t("profil.historikk.kilde"))
with loc:
    st.image(ui.locator_png(year, code), caption=t("profil.lokator", navn=me["navn"]))

st.subheader(t("profil.indikatorer", aar=year))
ui.profile_table(rows)

st.subheader(t("profil.indekser", gruppe=size_class_label(me["size_class"])))
index_chart = figures.index_chart(rows, me["navn"])
st.altair_chart(index_chart, width="stretch")
st.caption(t("profil.indekser.alt", navn=me["navn"]))
ui.chart_downloads(index_chart, f"{me['navn']}: {t('profil.indekser', gruppe=size_class_label(me['size_class']))}, {year}",
                   f"indekser_{code}_{year}", True, key="dl_indekser")

st.subheader(t("profil.trend"))
ui.trend_indicator_select(ds)
ind = ds.catalogue[st.session_state["indikator"]]
ui.caveat(ind)
tr = profile.trend(ds, code, year, ind.id)
trend_chart = figures.trend_chart(tr, me["navn"], ind)
st.altair_chart(trend_chart, width="stretch")
st.caption(t("profil.trend.alt", navn=me["navn"], indikator=ind.name, aar=", ".join(map(str, tr["year"]))))
ui.chart_downloads(trend_chart, f"{me['navn']}: {ind.name}", f"utvikling_{code}_{ind.id}", ind.is_demo, key="dl_trend")
ui.trend_table(tr, ind)

st.subheader(t("profil.naboer", aar=year))
st.caption(t("profil.naboer.hjelp", navn=me["navn"]))
ui.peer_links(profile.peers(ds, code, year, ind.id), ind, year)

frame = export.profile_frame(rows, me["navn"], code, year, ds.catalogue)
meta = ui.export_meta(f"{t('nav.profil')}: {me['navn']} ({code})", year)
c1, c2 = st.columns(2)
c1.download_button(t("profil.last_ned_csv"), lambda: export.frame_csv(frame), file_name=f"kommuneprofil_{code}_{year}.csv",
                   mime="text/csv", on_click="ignore")
c2.download_button(t("profil.last_ned_xlsx"), lambda: export.frame_xlsx(frame, meta), file_name=f"kommuneprofil_{code}_{year}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
st.caption(t("kilde"))
with st.expander(t("del.lenke")):
    ui.share_panel(view, ("kommune", "aar", "indikator"), t("profil.tittel", navn=me["navn"]))
ui.write_url(ui.current_view(), keys=("kommune", "aar", "indikator"))
