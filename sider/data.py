"""Last inn data: a user's CSV/XLSX (SSB export or own table) or an SSB table fetched by id, as an
indicator for this session, on its own year's map or carried onto the 2024 map. Thin."""
import html
from datetime import date

import streamlit as st

from kommunekart import importer, ui, userdata
from kommunekart.strings import t

ds = ui.dataset_or_stop()
ui.init_view(ds, "data")
base = ui.shared_dataset()
codes = {y: set(base.kommuner[y]["kommunenummer"]) for y in base.years}

st.title(t("data.tittel"))
st.markdown(t("data.ingress"))
file_tab, api_tab = st.tabs([t("data.fra_fil"), t("data.fra_ssb")])
result, source_name = None, ""
with file_tab:
    upload = st.file_uploader(t("data.fil"), type=["csv", "txt", "xlsx"], key="opplasting")
    year = st.selectbox(t("data.aar"), [None, *range(date.today().year, 1999, -1)],
                        format_func=lambda y: t("data.aar.ingen") if y is None else str(y))
    if upload is not None:
        raw = upload.getvalue()
        try:
            first = ui.imported_file(raw, upload.name, year, None)
            region = st.selectbox(t("data.kommunekolonne"), first.columns, index=first.columns.index(first.region_column))
            result = first if region == first.region_column else ui.imported_file(raw, upload.name, year, region)
            source_name = upload.name
        except importer.ImportFeil as err:
            st.error(str(err))
with api_tab:
    if result is None:
        try:
            result, source_name = ui.ssb_table_picker()
        except importer.ImportFeil as err:
            st.error(str(err))
if result is None:
    st.stop()

st.markdown(t("data.gjettet"))
st.markdown("- " + html.escape(t("data.gjettet.kolonner", region=result.region_column,
                                   verdier=", ".join(f"«{c}»" for c in result.value_columns))))
for note in result.notes + importer.check_codes(result, codes):
    st.markdown("- " + html.escape(note))

series = st.selectbox(t("data.serie"), sorted(result.data["indicator"].unique()))
name = st.text_input(t("data.navn"), value=userdata.default_name(result.data, series), max_chars=120)
unit = st.text_input(t("data.enhet"), value="", max_chars=30)
source = st.text_input(t("data.kilde"), value=source_name, max_chars=200)
direction = st.radio(t("data.retning"), list(userdata.HIGHER_IS_BETTER), horizontal=True, format_func=lambda d: t(f"data.retning.{d}"))
target = st.radio(t("data.inndeling"), ["egen", "2024"], format_func=lambda v: t(f"data.inndeling.{v}"),
                  help=t("data.inndeling.hjelp"), key="data_inndeling")
from_year, how = None, "weighted_mean"
if target == "2024":
    years_in = userdata.series_years(result.data, series)
    from_year = st.selectbox(t("data.fra_aar"), years_in, index=len(years_in) - 1)
    how = st.radio(t("data.art"), ["weighted_mean", "sum"], format_func=lambda v: t(f"data.art.{v}"), key="data_art")
values, notes, caveat = userdata.series_values(base, result.data, series, target, from_year, how)
for note in notes:
    (st.info if target == "2024" else st.warning)(note)
st.markdown(f"**{t('data.forhaand')}**")
ui.preview_table(values)
if values.empty:
    st.error(t("data.ingen_rader"))
    st.stop()

if st.button(t("data.bruk"), type="primary", key="data_bruk"):
    ind = userdata.make_indicator(name, unit, source, userdata.HIGHER_IS_BETTER[direction], base.catalogue.ids,
                                  caveat=caveat, merge=how, decimals=userdata.decimals_for(values))
    with st.spinner():
        breaks = userdata.user_breaks(ind, values, codes)
    st.session_state["_ds_overlay"] = userdata.with_user_indicator(base, ind, values, breaks)
    st.session_state["_user_indicator"] = ind.id
if st.session_state.get("_user_indicator"):
    ind = ui.current_dataset().catalogue[st.session_state["_user_indicator"]]
    st.success(t("data.klar", navn=ind.name))
    first_year = max(int(y) for y in ui.current_dataset().values.query("indicator == @ind.id")["year"].unique())
    st.page_link(ui.MAP_PAGE, label=t("data.til_kart", navn=ind.name),
                 query_params={"indikator": ind.id, "aar": str(first_year)})
