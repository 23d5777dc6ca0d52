"""Last inn data: a user's CSV/XLSX (SSB export or own table) or an SSB table fetched by id, as an
indicator for this session (an overlay: the shared dataset is never changed), on its own year's map
or carried onto the 2024 map. Its own helpers (preview, SSB picker) are here."""

from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from kommunekart.analysis import stats
from kommunekart.base import fmt
from kommunekart.base.strings import md, md_escape, md_message, t
from kommunekart.base.textclean import clean_file_name, clean_name
from kommunekart.pipeline import userdata
from kommunekart.readers import importer
from kommunekart.render.legend import map_legend
from kommunekart.web import data, first_part, map_component, state, widgets

PAGE = "data"
# this page's widget keys (session keys shared by pages are in kommunekart/web/state.py)
W_SSB_TABLE, W_SSB_FETCH, W_UPLOAD = "w_ssb_tabell", "w_ssb_hent", "w_opplasting"
W_TARGET, W_HOW, W_USE = "w_data_inndeling", "w_data_art", "w_data_bruk"
W_SHEET, W_NUMBERING = "w_data_ark", "w_data_nummerering"
W_FILE_YEAR, W_DIRECTION = "w_data_aar", "w_data_retning"


def preview_table(values: pd.DataFrame) -> None:
    """The rows about to be shown (those with a value first), Norwegian headings, SSB's symbols
    explained."""
    values = (
        values.assign(_known=values["value"].notna())
        .sort_values(["_known", "kommunenummer"], ascending=[False, True])
        .head(50)
    )
    st.dataframe(
        pd.DataFrame(
            {
                t("kol.kommunenummer"): values["kommunenummer"],
                t("kol.aar"): values["year"],
                t("kol.verdi"): [
                    fmt.number(v, 0 if fmt.is_missing(v) or float(v).is_integer() else 2)
                    for v in values["value"]
                ],
                t("kol.status"): values["status"].map(fmt.status_text),
            }
        ),
        hide_index=True,
        width="stretch",
    )


def ambiguous_names(result, file_name: str) -> tuple:
    """A choice of kommune for each name that fits several (Herøy, Våler): the fylke says which.
    Returns the (name, kommunenummer) chosen so far ("" = leave the row out)."""
    if not result.ambiguous:
        return ()
    st.markdown(f"**{t('data.tvetydige')}**")
    chosen = []
    for name, options in sorted(result.ambiguous.items()):
        labels = dict(options)
        code = st.selectbox(
            md("data.tvetydig", navn=name),
            [*labels, ""],
            index=None,
            key=f"w_data_navn_{name}_{file_name}",
            placeholder=t("data.tvetydig.velg"),
            format_func=lambda c, labels=labels: t("data.tvetydig.ingen") if c == "" else labels[c],
        )
        if code is not None:
            chosen.append((name, code))
    return tuple(chosen)


def ssb_table_picker():
    """Table id -> SSB's metadata -> the user picks contents, years and the other dimensions ->
    fetch. A PxWebApi v2 URL copied from Statistikkbanken is fetched as it is. Returns (ImportResult
    or None, source text); raises ImportProblem."""
    from kommunekart.readers import ssbapi

    ref = st.text_input(
        t("data.ssb.felt"), key=W_SSB_TABLE, help=t("data.ssb.hjelp"), max_chars=2000
    ).strip()
    if not ref:
        return None, ""
    today = fmt.date_text(date.today())
    if ref.lower().startswith("http"):
        url = ssbapi.url_from_user(ref)
        table_id = url.split("/tables/")[1].split("/")[0]
        with st.status(t("data.ssb.henter"), expanded=False):
            result = ssbapi.to_tidy(ssbapi.parse_jsonstat(ssbapi.fetch_json(url)))
        return result, t("data.ssb.kilde_url", tabell=table_id, dato=today)
    table_id = ssbapi.validate_table_id(ref)
    with st.status(t("data.ssb.metadata", tabell=table_id), expanded=False):
        meta = data.ssb_metadata(table_id)
    regions, codelists = ssbapi.kommune_regions(meta)
    st.markdown(md("data.ssb.tabell", tittel=meta.title, oppdatert=meta.updated[:10] or "?"))
    st.caption(
        md("data.ssb.kommuner", liste=next(iter(codelists.values())))
        if codelists
        else t("data.ssb.kommuner_egne", n=len(regions))
    )
    content = None
    if meta.contents is not None:
        content = st.selectbox(
            t("data.ssb.innhold"),
            meta.contents.codes,
            format_func=meta.contents.text,
            key=f"w_ssb_{table_id}_innhold",
        )
    years = st.multiselect(
        t("data.ssb.aar"),
        meta.time.codes if meta.time else (),
        key=f"w_ssb_{table_id}_aar",
        default=list(meta.time.codes[-1:]) if meta.time else [],
    )
    choices = {}
    for dim in meta.others:
        options = ([None] if dim.elimination else []) + list(dim.codes)
        choices[dim.id] = st.selectbox(
            md_escape(dim.label[:1].upper() + dim.label[1:]),
            options,
            index=options.index(ssbapi.default_choice(dim)),
            key=f"w_ssb_{table_id}_{dim.id}",
            format_func=lambda c, d=dim: t("data.ssb.alle") if c is None else d.text(c),
        )
    query = (table_id, content, tuple(years), tuple(choices.items()))
    if st.button(t("data.ssb.hent"), key=W_SSB_FETCH):
        with st.status(t("data.ssb.henter"), expanded=False):
            st.session_state[state.SSB_RESULT] = (
                query,
                ssbapi.fetch_table(meta, content, list(years), choices),
            )
    saved = st.session_state.get(state.SSB_RESULT)
    if saved and saved[0] == query:
        return saved[1], t(
            "data.ssb.kilde", tabell=table_id, tittel=ssbapi.plain_title(meta), dato=today
        )
    return None, ""


base = data.shared()
codes = base.codes_by_own_year()

st.title(t("data.tittel"))
widgets.notices()
st.markdown(t("data.ingress"))
file_tab, api_tab = st.tabs([t("data.fra_fil"), t("data.fra_ssb")])
result, source_name = None, ""
with file_tab:
    upload = st.file_uploader(
        t("data.fil", mb=importer.MAX_MB), type=["csv", "txt", "xlsx"], key=W_UPLOAD
    )
# on a first visit the upload box first; the year, the SSB tab and the page menu (whose code held it
# back) once the browser shows it
first_part.stop_until_shown(PAGE)
widgets.finish(PAGE)
with file_tab:
    years_offered = [None, *range(date.today().year, 1999, -1)]
    year_label = lambda y: t("data.aar.ingen") if y is None else str(y)
    # an answer in the language before a change
    widgets.heal(W_FILE_YEAR, years_offered, year_label)
    year = st.selectbox(t("data.aar"), years_offered, format_func=year_label, key=W_FILE_YEAR)
    if upload is not None:
        raw = upload.getvalue()
        file_name = clean_file_name(upload.name)  # shown and used as it reads (textclean)
        try:
            with st.status(md("data.leser", fil=file_name), expanded=False) as box:
                first = data.imported_file(raw, file_name, year, None)
                box.update(label=md("data.lest", fil=file_name), state="complete")
            sheet = None
            if len(first.sheets) > 1:  # a workbook with several sheets: the user may pick another
                sheet = st.selectbox(
                    t("data.ark"), first.sheets, index=first.sheets.index(first.sheet), key=W_SHEET
                )
                if sheet != first.sheet:
                    first = data.imported_file(raw, file_name, year, None, sheet)
            region = st.selectbox(
                t("data.kommunekolonne"),
                first.columns,
                index=first.columns.index(first.region_column),
            )
            result = (
                first
                if region == first.region_column
                else data.imported_file(raw, file_name, year, region, sheet)
            )
            choices = ambiguous_names(result, file_name)
            if choices:
                result = data.imported_file(
                    raw,
                    file_name,
                    year,
                    None if region == first.region_column else region,
                    sheet,
                    choices,
                )
            source_name = file_name
        except importer.ImportProblem as err:
            st.error(md_message(err))
with api_tab:
    if result is None:
        try:
            result, source_name = ssb_table_picker()
        except importer.ImportProblem as err:
            st.error(md_message(err))
if result is None:
    st.stop()

st.markdown(t("data.gjettet"))
st.markdown(
    "- "
    + md(
        "data.gjettet.kolonner",
        region=result.region_column,
        verdier=", ".join(f"«{c}»" for c in result.value_columns),
    )
)
for note in result.notes + importer.check_codes(result, codes):
    st.markdown("- " + md_message(note))

series = st.selectbox(t("data.serie"), sorted(result.data["indicator"].unique()))
name = st.text_input(
    t("data.navn"), value=userdata.default_name(result.data, series), max_chars=120
)
unit = st.text_input(t("data.enhet"), value="", max_chars=30)
source = st.text_input(t("data.kilde"), value=source_name, max_chars=200)
directions, direction_label = list(userdata.HIGHER_IS_BETTER), lambda d: t(f"data.retning.{d}")
widgets.heal(W_DIRECTION, directions, direction_label)  # an answer in the language before a change
direction = st.radio(
    t("data.retning"), directions, horizontal=True, format_func=direction_label, key=W_DIRECTION
)
targets, target_label = ["egen", "2024"], lambda v: t(f"data.inndeling.{v}")
widgets.heal(W_TARGET, targets, target_label)
target = st.radio(
    t("data.inndeling"),
    targets,
    format_func=target_label,
    help=t("data.inndeling.hjelp"),
    key=W_TARGET,
)
from_year, how, numbering = None, "weighted_mean", None
if target == "2024":
    years_in = userdata.series_years(result.data, series)
    from_year = st.selectbox(t("data.fra_aar"), years_in, index=len(years_in) - 1)
    # the numbering the table's codes use, separate from the year its values describe (Nkom: 2013 on
    # 2019's)
    numberings = [None, *range(2024, 2009, -1)]
    numbering = st.selectbox(
        t("data.nummerering"),
        numberings,
        key=W_NUMBERING,
        help=t("data.nummerering.hjelp"),
        format_func=lambda y: t("data.nummerering.auto") if y is None else str(y),
    )
    hows, how_label = ["weighted_mean", "sum"], lambda v: t(f"data.art.{v}")
    widgets.heal(W_HOW, hows, how_label)
    how = st.radio(t("data.art"), hows, format_func=how_label, key=W_HOW)
values, notes, caveat = userdata.series_values(
    base, result.data, series, target, from_year, how, numbering
)
for note in notes:
    (st.info if target == "2024" else st.warning)(md_message(note))
st.markdown(f"**{t('data.forhaand')}**")
preview_table(values)
if values.empty:
    st.error(t("data.ingen_rader"))
    st.stop()

if st.button(t("data.bruk"), type="primary", key=W_USE):
    ind = userdata.make_indicator(
        name,
        unit,
        source,
        userdata.HIGHER_IS_BETTER[direction],
        base.catalogue.ids,
        caveat=caveat,
        merge=how,
        decimals=userdata.decimals_for(values),
    )
    with st.status(t("data.klasser"), expanded=False):
        breaks = userdata.user_breaks(ind, values, codes)
    st.session_state[state.OVERLAY] = userdata.with_user_indicator(base, ind, values, breaks)
    st.session_state[state.USER_INDICATOR] = ind.id
if st.session_state.get(state.USER_INDICATOR):
    mine = data.current()
    ind = mine.catalogue[st.session_state[state.USER_INDICATOR]]
    st.success(md("data.klar", navn=ind.name))
    # a name, unit or source typed after «Bruk» is not on the map until «Bruk» again: said, so a
    # reader does not take the old name on the map for the new one
    typed = [clean_name(x)[0].strip() for x in (name, unit, source)]
    if typed != [ind.name.strip(), ind.unit.strip(), ind.source.strip()]:
        st.info(md("data.endret", knapp=t("data.bruk")))
    first_year = max(
        int(y) for y in mine.values.loc[mine.values["indicator"] == ind.id, "year"].unique()
    )
    # the imported table on its map right here (the map page, profile and groups have it too)
    map_view = replace(
        state.view(), indicator=ind.id, year=first_year, size=None, fylke=None, value=None
    )
    st.header(md("kart.tittel", indikator=ind.name, aar=first_year))
    map_col, legend_col = st.columns([3, 1])
    with map_col:
        map_component.draw(data.map_spec(mine, map_view, False))
    with legend_col:
        widgets.legend(map_legend(data.classes(mine, map_view), ind, first_year))
    st.caption(
        md_escape(stats.describe_view(stats.view_table(mine, ind.id, first_year), ind, first_year))
    )
    widgets.source_line(ind)
    widgets.page_link(
        "kart",
        md("data.til_kart", navn=ind.name),
        icon=":material/map:",
        indikator=ind.id,
        aar=str(first_year),
    )
