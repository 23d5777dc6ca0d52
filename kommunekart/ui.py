"""Streamlit-specific helpers shared by the pages: cached data, URL state, legend, notices.

Everything else in the package is plain Python; this is the only module that imports streamlit.
"""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from . import dataset as dataset_mod
from . import fmt, mapview, urlstate
from .mapview import format_value
from .classify import METHODS, Classes
from .kommuner import size_class_label, translate_code
from .sources import DataSourceError
from .strings import t


def setup_page(title_key: str = "app.tittel") -> None:
    st.set_page_config(page_title=t(title_key), layout="wide", initial_sidebar_state="expanded")


@st.cache_resource(show_spinner=False)
def _dataset() -> dataset_mod.Dataset:
    # cache_resource: one shared, read-only copy for all sessions (no per-session frames)
    import gc

    ds = dataset_mod.load_default()
    # The shared data and the imported libraries live as long as the server: move them out of the
    # garbage collector's reach. Streamlit runs a full collection after every script run
    # (runner.postScriptGC); scanning these ~0.5 million objects held each page's last messages
    # back by about 0.3 s (measured in Chromium, see the note on issue 8).
    gc.collect()
    gc.freeze()
    return ds


@st.cache_resource(show_spinner=False)
def _static_urls() -> dict:
    ds = _dataset()
    return mapview.write_static_assets(ds.kommuner, ds.fylker, ds.attrs)


def current_dataset() -> dataset_mod.Dataset:
    """This session's dataset: the shared one, or the shared one plus the user's own indicator
    (a per-session overlay made on the Data page; the shared dataset is never changed)."""
    try:
        overlay = st.session_state.get("_ds_overlay")
    except Exception:  # outside a Streamlit session (benchmarks)
        overlay = None
    return overlay if overlay is not None else _dataset()


def shared_dataset() -> dataset_mod.Dataset:
    return _dataset()


def is_builtin(indicator_id: str) -> bool:
    return indicator_id in _dataset().catalogue


def dataset_or_stop() -> dataset_mod.Dataset:
    """This session's dataset, or a clear page saying what is missing and how to fix it."""
    try:
        _dataset()
        return current_dataset()
    except (DataSourceError, dataset_mod.JoinError) as err:
        st.title(t("feil.data.tittel"))
        st.error(str(err))
        st.stop()


def static_urls() -> dict:
    return _static_urls()


# ---------------------------------------------------------------- view state <-> URL
def init_view(ds: dataset_mod.Dataset, page: str) -> None:
    """When a page is entered (first run, or coming from another page), read the URL into session
    state; bad values fall back to defaults with notices. Afterwards the widgets own the state."""
    if st.session_state.get("_page") == page:
        return
    st.session_state["_page"] = page
    codes = {y: set(ds.kommuner[y]["kommunenummer"]) for y in ds.years}
    params = {k: st.query_params.get_all(k) for k in urlstate.PARAMS if k in st.query_params}
    def translate(code, year):  # the same kommune under another year's numbering (reforms), if unambiguous
        for other_year in ds.years:
            if code in codes[other_year]:
                return translate_code(ds.changes, code, other_year, year)
        return None

    view, notices = urlstate.parse(params, ds.catalogue, ds.years, codes, translate)
    st.session_state.update(
        indikator=view.indikator, tema=ds.catalogue[view.indikator].theme, aar=view.aar,
        klasser=view.klasser, grupper=view.grupper, kommune=view.kommune, notices=notices, _aar_before=view.aar,
    )


def current_view() -> urlstate.View:
    s = st.session_state
    return urlstate.View(s["indikator"], int(s["aar"]), s.get("kommune"), s.get("klasser", urlstate.DEFAULT_METHOD),
                         s.get("grupper", urlstate.DEFAULT_GROUPING))


def write_url(view: urlstate.View, keys=urlstate.PARAMS, keep=()) -> None:
    """Keep the address bar equal to the view, so a copied link reopens it (``keep``: other
    parameters to leave as they are, e.g. kontroller=1 in an embedded view)."""
    params = {k: v for k, v in urlstate.to_params(view).items() if k in keys}
    params.update({k: st.query_params[k] for k in keep if k in st.query_params})
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)


def show_notices() -> None:
    for msg in st.session_state.get("notices", []):
        st.info(msg)


# ---------------------------------------------------------------- controls
def indicator_controls(ds: dataset_mod.Dataset, classes: bool = True) -> None:
    cat = ds.catalogue

    def on_theme():
        inds = cat.in_theme(st.session_state["tema"])
        if st.session_state["indikator"] not in [i.id for i in inds]:
            st.session_state["indikator"] = inds[0].id


    st.selectbox(t("kontroll.tema"), cat.themes, key="tema", format_func=lambda th: t(f"tema.{th}"), on_change=on_theme)
    st.selectbox(t("kontroll.indikator"), [i.id for i in cat.in_theme(st.session_state["tema"])], key="indikator",
                 format_func=lambda i: cat[i].name)
    st.radio(t("kontroll.aar"), ds.years, key="aar", horizontal=True, on_change=on_year_change(ds))
    if classes:
        st.radio(t("kontroll.klasser"), list(METHODS), key="klasser", format_func=lambda m: t(f"klasser.{m}"))


def on_year_change(ds: dataset_mod.Dataset):
    """Callback for the year widget: carry the chosen kommune to the new year's numbering."""

    def callback():
        old = st.session_state.get("_aar_before")
        code = st.session_state.get("kommune")
        if code and old and old != st.session_state["aar"]:
            st.session_state["kommune"] = translate_code(ds.changes, code, int(old), int(st.session_state["aar"]))
        st.session_state["_aar_before"] = st.session_state["aar"]

    return callback


def kommune_search(ds: dataset_mod.Dataset, year: int) -> None:
    """Text search (name, parallel name or number); the best hit is selected, others offered."""
    from .kommuner import search

    attrs = ds.attrs_for(year)

    def label(nr):
        return f"{attrs.at[nr, 'navn']} ({nr})" if nr in attrs.index else nr

    def on_query():
        hits = search(ds.search[year], st.session_state.get("sok", ""))
        st.session_state["sok_treff"] = hits
        if hits:
            st.session_state["kommune"] = hits[0]
            st.session_state["sok_valg"] = hits[0]

    def on_pick():
        st.session_state["kommune"] = st.session_state["sok_valg"]

    st.text_input(t("kontroll.sok"), key="sok", on_change=on_query, help=t("kontroll.sok.hjelp"),
                  placeholder="Tromsø, Romsa, 5501 …")
    query = st.session_state.get("sok", "")
    hits = st.session_state.get("sok_treff", [])
    hits = [h for h in hits if h in attrs.index]
    if query and not hits:
        st.warning(t("kontroll.sok.ingentreff", q=query[:40], aar=year))
    elif len(hits) > 1:
        if st.session_state.get("sok_valg") not in hits:
            st.session_state["sok_valg"] = hits[0]
        st.selectbox(t("kontroll.sok.treff"), hits, key="sok_valg", format_func=label, on_change=on_pick)
    if st.session_state.get("kommune"):
        if st.button(t("panel.fjern"), key="fjern"):
            st.session_state["kommune"] = None
            st.session_state["sok"] = ""
            st.session_state["sok_treff"] = []
            st.rerun()


# ---------------------------------------------------------------- legend, labels
def legend(classes: Classes, indicator) -> None:
    rows = "".join(
        f'<li><span class="kk-swatch" style="background:{c}"></span>{html.escape(label)}</li>'
        for label, c in zip(classes.labels, classes.colours)
    )
    direction = ""
    if indicator.higher_is_better is True:
        direction = t("legende.hoyere_bedre")
    elif indicator.higher_is_better is False:
        direction = t("legende.lavere_bedre")
    unit = t("legende.enhet", enhet=indicator.unit) if indicator.unit and indicator.kind != "yesno" else ""
    style = (
        "<style>.kk-legend ul{list-style:none;padding-left:0;margin:.3rem 0}"
        ".kk-legend li{display:flex;align-items:center;gap:.5rem;margin:.15rem 0}"
        ".kk-swatch{display:inline-block;width:1.4rem;height:1rem;border:1px solid #444;flex:none}</style>"
    )
    note = html.escape(" ".join(x for x in (unit, direction) if x))
    st.markdown(
        f'{style}<div class="kk-legend" role="group" aria-label="{html.escape(t("legende.tittel"))}">'
        f'<strong>{html.escape(t("legende.tittel"))}</strong><div>{html.escape(indicator.name)}</div>'
        f'<ul>{rows}</ul><div style="font-size:.85rem">{note}</div></div>',
        unsafe_allow_html=True,
    )


def caveat(indicator) -> None:
    """The indicator's limits, shown visibly wherever it is shown (real data such as NAV's Digisos list)."""
    if indicator.caveat:
        st.info(t("forbehold", tekst=indicator.caveat))


def source_line(indicator) -> None:
    st.caption(t("kilde"))
    if indicator.data == "real":
        st.caption(t("kilde.tall", kilde=indicator.source))
    if indicator.is_demo:
        demo_label()
    elif indicator.data == "egen":
        st.markdown(f"**{html.escape(indicator.data_label)}** {html.escape(indicator.source)}")


def demo_label() -> None:
    st.markdown(f"**{html.escape(t('demo.etikett'))}**")


def kommune_panel(ds: dataset_mod.Dataset, table: pd.DataFrame, indicator, year: int, code: str) -> None:
    """Short panel: the chosen kommune's value, size class and the median of its size class."""
    from .mapview import value_text
    from .profile import group_value

    row = table[table["kommunenummer"] == code]
    if row.empty:
        return
    r = row.iloc[0]
    group = r["size_class"]
    stat = group_value(table.loc[table["size_class"] == group, "value"], indicator.kind)
    st.subheader(t("panel.tittel", navn=r["navn"], nr=code))
    vt = value_text(r["value"], r["status"], indicator.unit, indicator.kind, indicator.decimals)
    st.markdown(t("panel.verdi", indikator=indicator.name, verdi=vt))
    st.markdown(t("panel.fylke", fylke=r["fylkenavn"]))
    st.markdown(t("panel.folketall", aar=year, folketall=fmt.number(r["population"])))
    st.markdown(t("panel.storrelse", gruppe=size_class_label(group)))
    if indicator.kind == "yesno":
        st.markdown(t("panel.andel", gruppe=size_class_label(group), andel=fmt.share(stat)))
    else:
        st.markdown(t("panel.median", gruppe=size_class_label(group),
                      median=value_text(stat, "", indicator.unit, indicator.kind, indicator.decimals)))


_MAP_COMPONENT = None


def _map_component():
    """The map as a Streamlit custom component (v2, in the page itself, no iframe): kart.js."""
    global _MAP_COMPONENT
    if _MAP_COMPONENT is None:
        _MAP_COMPONENT = st.components.v2.component("kommunekart.kart", js=mapview.MAP_JS.read_text(encoding="utf-8"),
                                                    css=mapview.MAP_CSS, isolate_styles=False)
    return _MAP_COMPONENT


def _on_map_click(codes: frozenset) -> None:
    """A click on a kommune selects it (a callback: it runs before the page, so no extra rerun)."""
    code = (st.session_state.get("kart") or {}).get("klikk")
    if code in codes:
        st.session_state["kommune"] = code


def _on_map_drawn() -> None:
    st.session_state["_kart_tegnet"] = True


def kommune_map(spec: dict, table: pd.DataFrame) -> None:
    """Draw one view; the browser keeps the map and the polygons, a new spec only restyles them."""
    codes = frozenset(table["kommunenummer"])
    spec = {**spec, "wait": not st.session_state.get("_kart_tegnet")}
    _map_component()(data=spec, key="kart", on_klikk_change=lambda: _on_map_click(codes),
                     on_klar_change=_on_map_drawn)


def stop_until_map_drawn() -> None:
    """On a session's first visit, stop after the map: the browser reports when it has drawn it (or
    failed to), and that rerun sends the rest of the page. The map then does not wait for the code
    of the menus and panels (measured: bench/bench_vs_peer.py, first paint and controls)."""
    if not st.session_state.get("_kart_tegnet"):
        st.stop()


def map_alt_text(table: pd.DataFrame, indicator, year: int) -> str:
    from .stats import describe_view

    return describe_view(table, indicator, year)


def data_table(table: pd.DataFrame, indicator) -> None:
    shown = pd.DataFrame({
        t("kol.kommunenummer"): table["kommunenummer"],
        t("kol.kommune"): table["navn"],
        t("kol.fylke"): table["fylkenavn"],
        t("kol.verdi"): table["value"],
        t("kol.status"): table["status"].map(fmt.status_text),
        t("kol.storrelse"): table["size_class"].map(size_class_label),
        t("kol.folketall"): table["population"],
    })
    st.dataframe(
        shown, hide_index=True, width="stretch",
        column_config={
            t("kol.verdi"): st.column_config.NumberColumn(format="localized", help=indicator.definition),
            t("kol.folketall"): st.column_config.NumberColumn(format="localized"),
        },
    )


PROFILE_PAGE = "sider/kommuneprofil.py"
MAP_PAGE = "sider/kart.py"


def profile_link(ds: dataset_mod.Dataset, view: urlstate.View) -> None:
    navn = ds.attrs_for(view.aar).at[view.kommune, "navn"]
    st.page_link(PROFILE_PAGE, label=t("profil.lenke", navn=navn),
                 query_params={"kommune": view.kommune, "aar": str(view.aar), "indikator": view.indikator})


# ---------------------------------------------------------------- profile page helpers
def profile_rows(code: str, year: int) -> pd.DataFrame:
    from .profile import indicator_rows

    ds = current_dataset()
    if ds is _dataset():
        return _profile_rows_shared(code, year)
    return indicator_rows(ds, code, year)  # with the user's own indicator (this session only)


@st.cache_data(show_spinner=False, max_entries=512)
def _profile_rows_shared(code: str, year: int) -> pd.DataFrame:
    from .profile import indicator_rows

    return indicator_rows(_dataset(), code, year)


@st.cache_data(show_spinner=False, max_entries=256)
def locator_png(year: int, code: str) -> bytes:
    from .figures import locator_png as draw

    kommuner, fylker = _projected(year)
    return draw(kommuner, fylker, code)


@st.cache_resource(show_spinner=False)
def _projected(year: int):
    from .figures import UTM33

    ds = _dataset()
    return ds.kommuner[year].to_crs(UTM33), ds.fylker[year].to_crs(UTM33)


def profile_table(rows: pd.DataFrame) -> None:
    """Every indicator grouped by theme: value, medians, rank and percentile; missing is marked."""
    ds = current_dataset()
    for theme in ds.catalogue.themes:
        part = rows[rows["theme"] == theme]
        if part.empty:
            continue
        recs = []
        for _, r in part.iterrows():
            ind = ds.catalogue[r["indicator"]]
            recs.append({
                t("kol.indikator"): ind.name,
                t("kol.kommune_verdi"): format_value(r["value"], ind, r["status"]),
                t("kol.median_storrelse"): format_value(r["size_median"], ind),
                t("kol.median_fylke"): format_value(r["fylke_median"], ind),
                t("kol.median_landet"): format_value(r["national_median"], ind),
                t("kol.rang"): "–" if fmt.is_missing(r["rank"]) else f"{fmt.number(r['rank'])} av {r['n_ranked']}",
                t("kol.persentil"): "–" if fmt.is_missing(r["percentile"]) else fmt.percent(r["percentile"]),
            })
        st.markdown(f"**{t(f'tema.{theme}')}**")
        st.dataframe(pd.DataFrame(recs), hide_index=True, width="stretch")
        for _, r in part.iterrows():
            ind = ds.catalogue[r["indicator"]]
            if ind.caveat:
                st.caption(f"{ind.name}: {t('forbehold', tekst=ind.caveat)}")


def trend_indicator_select(ds: dataset_mod.Dataset) -> None:
    cat = ds.catalogue
    if st.session_state.get("indikator") not in cat:
        st.session_state["indikator"] = cat.default
    st.selectbox(t("profil.trend.indikator"), cat.ids, key="indikator",
                 format_func=lambda i: f"{t(f'tema.{cat[i].theme}')}: {cat[i].name}")


def trend_table(tr: pd.DataFrame, ind) -> None:
    st.dataframe(pd.DataFrame({
        t("kol.aar"): tr["year"].astype(str),
        t("kol.kommune_verdi"): [format_value(v, ind) for v in tr["value"]],
        t("kol.gruppe_median"): [format_value(v, ind) for v in tr["size_median"]],
        t("kol.storrelse"): tr["size_class"].map(size_class_label),
        t("kol.merknad_trend"): tr["note"],
    }), hide_index=True, width="stretch")


def peer_links(peers: pd.DataFrame, ind, year: int) -> None:
    """The nearest kommuner by population, each a link to its own profile (keyboard reachable)."""
    for _, p in peers.iterrows():
        label = (f"{p['navn']} ({p['kommunenummer']}) · {fmt.number(p['population'])} innbyggere · "
                 f"{ind.name}: {format_value(p['value'], ind, p['status'])}")
        st.page_link(PROFILE_PAGE, label=label,
                     query_params={"kommune": p["kommunenummer"], "aar": str(year), "indikator": ind.id})


def export_meta(title: str, year: int, indicator=None) -> dict[str, str]:
    """The 'Om dataene' sheet: title, year, source, data type, and for one indicator its definition,
    unit and source; 'Hentet' is when the app read its source files (this server's start)."""
    meta = {"Tittel": title, "År": str(year), "Kilde": t("kilde"), "Datatype": t("demo.etikett"),
            "Merknad": t("demo.forklaring"), "Hentet": _loaded_at()}
    if indicator is not None:
        meta.update({"Indikator": indicator.name, "Definisjon": indicator.definition, "Enhet": indicator.unit or "-",
                     "Kilde for indikatoren": indicator.source,
                     "Datatype": indicator.data_label})
        if not indicator.is_demo:
            meta.pop("Merknad")
        if indicator.caveat:
            meta["Forbehold"] = indicator.caveat
    return meta


@st.cache_resource(show_spinner=False)
def _loaded_at() -> str:
    from datetime import datetime

    return datetime.now().strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------- size-group page helpers
def selected_group_note(table: pd.DataFrame, labels: pd.Series, indicator, code: str | None):
    """Say where the chosen kommune falls; return its group label (or None)."""
    if not code:
        return None
    hit = table.index[table["kommunenummer"] == code]
    if len(hit) == 0:
        return None
    r = table.loc[hit[0]]
    group = str(labels.loc[hit[0]])
    st.markdown(t("grupper.valgt", navn=r["navn"], nr=code, gruppe=group,
                  verdi=format_value(r["value"], indicator, r["status"])))
    return group


def group_stats_table(gstats: pd.DataFrame, indicator, selected_group) -> None:
    shown = pd.DataFrame({
        t("kol.gruppe"): gstats["group"].astype(str),
        t("kol.antall"): gstats["n"],
        t("kol.mangler"): gstats["n_missing"],
    })
    if indicator.kind == "yesno":
        shown[t("kol.andel_ja")] = [fmt.share(v) for v in gstats["share_yes"]]
    else:
        shown[t("kol.median")] = [format_value(v, indicator) for v in gstats["median"]]
        shown[t("kol.snitt")] = [fmt.with_unit(v, indicator.unit, 1) for v in gstats["mean"]]
    shown[t("kol.valgt")] = ["◆" if str(g) == str(selected_group) else "" for g in gstats["group"]]
    st.dataframe(shown, hide_index=True, width="stretch")


def group_member_table(frame: pd.DataFrame, group_col: str, selected_mask: pd.Series) -> None:
    shown = frame.copy()
    shown.insert(0, t("kol.valgt"), ["◆" if s else "" for s in selected_mask])
    st.dataframe(shown.sort_values([group_col, t("kol.kommune")]), hide_index=True, width="stretch",
                 column_config={t("kol.verdi"): st.column_config.NumberColumn(format="localized"),
                                t("kol.folketall"): st.column_config.NumberColumn(format="localized")})


def small_multiples(indicator_id: str, year: int, selected: str | None = None) -> bytes:
    if is_builtin(indicator_id):
        return _small_multiples_shared(indicator_id, year, selected)
    return _small_multiples(current_dataset(), indicator_id, year, selected)


@st.cache_data(show_spinner=False, max_entries=128)
def _small_multiples_shared(indicator_id: str, year: int, selected: str | None = None) -> bytes:
    return _small_multiples(_dataset(), indicator_id, year, selected)


def _small_multiples(ds, indicator_id: str, year: int, selected: str | None) -> bytes:
    from . import classify, figures, groups
    from .stats import view_table

    ind = ds.catalogue[indicator_id]
    table = view_table(ds, indicator_id, year)
    classes = classes_for(urlstate.View(indicator_id, year, None, classify.DEFAULT_METHOD))
    kommuner, fylker = _projected(year)
    kommuner = kommuner.set_index("kommunenummer").loc[table["kommunenummer"]].reset_index()
    return figures.small_multiples_png(kommuner, fylker, table, groups.group_labels(table, "ssb"), classes,
                                       f"{ind.name}, {year}", ind.is_demo, selected=selected)


# ---------------------------------------------------------------- export, share, embed (map page)
def is_embedded() -> bool:
    """Streamlit's own ?embed=true (kept out of st.query_params by Streamlit)."""
    try:
        if st.context.is_embedded:
            return True
    except Exception:  # no browser context (AppTest)
        pass
    return str(st.query_params.get("embed", "")).lower() == "true"


def classes_for(view: urlstate.View) -> Classes:
    if is_builtin(view.indikator):
        return _classes(view.indikator, view.aar, view.klasser)
    # the user's own indicator (this session): its breaks were computed when it was loaded
    return _compute_classes(current_dataset(), view.indikator, view.aar, view.klasser)


@st.cache_data(show_spinner=False, max_entries=256)
def _classes(indicator_id: str, year: int, method: str) -> Classes:
    """Class breaks per (indicator, year, method), computed once for all sessions."""
    return _compute_classes(_dataset(), indicator_id, year, method)


def _compute_classes(ds, indicator_id: str, year: int, method: str) -> Classes:
    from . import classify
    from .stats import view_table

    ind = ds.catalogue[indicator_id]
    table = view_table(ds, indicator_id, year)
    breaks = ds.breaks.get(classify.breaks_key(indicator_id, year, method))
    return classify.classify(table["value"], method, ind.kind, ind.unit, ind.decimals, breaks=breaks)


def map_image(view: urlstate.View, size: str, fmt_: str) -> bytes:
    """PNG/SVG of exactly the current map view (drawn on demand, when the button is clicked)."""
    from . import figures
    from .stats import view_table

    ds = current_dataset()
    ind = ds.catalogue[view.indikator]
    table = view_table(ds, ind.id, view.aar)
    classes = classes_for(view)
    kommuner, fylker = _projected(view.aar)
    fig = figures.map_figure(kommuner, fylker, table, classes, ind, view.aar, view.kommune, size)
    return figures.figure_bytes(fig, fmt_)


def standalone_map(view: urlstate.View) -> str:
    from .stats import view_table

    ds = current_dataset()
    ind = ds.catalogue[view.indikator]
    table = view_table(ds, ind.id, view.aar)
    classes = classes_for(view)
    return mapview.standalone_html(ds.kommuner[view.aar], ds.fylker[view.aar], table, classes, ind, view.aar,
                                   view.kommune, classes.labels, ind.is_demo)


def share_urls(view: urlstate.View, keys) -> tuple[str, str]:
    from urllib.parse import urlencode, urlsplit

    params = {k: v for k, v in urlstate.to_params(view).items() if k in keys}
    base = ""
    try:
        if st.context.url:
            parts = urlsplit(st.context.url)
            base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    except Exception:
        pass
    link = f"{base or '/'}?{urlencode(params)}"
    embed = f"{base or '/'}?{urlencode({**params, 'embed': 'true'})}"
    return link, embed


def export_panel(view: urlstate.View, table: pd.DataFrame, indicator) -> None:
    from . import export

    stem = f"kommunekart_{indicator.id}_{view.aar}"
    st.markdown(f"**{t('del.bilde')}**")
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("del.png_lysbilde"), lambda: map_image(view, "lysbilde", "png"), file_name=f"{stem}_lysbilde.png",
                       mime="image/png", on_click="ignore")
    c2.download_button(t("del.png_artikkel"), lambda: map_image(view, "artikkel", "png"), file_name=f"{stem}_artikkel.png",
                       mime="image/png", on_click="ignore")
    c3.download_button(t("del.svg"), lambda: map_image(view, "lysbilde", "svg"), file_name=f"{stem}.svg",
                       mime="image/svg+xml", on_click="ignore")
    st.download_button(t("del.html"), lambda: standalone_map(view), file_name=f"{stem}.html", mime="text/html",
                       on_click="ignore", help=t("del.html.hjelp"))
    st.markdown(f"**{t('del.data')}**")
    frame = export.view_frame(table, indicator, view.aar)
    meta = export_meta(f"{indicator.name}, {view.aar}", view.aar, indicator)
    d1, d2 = st.columns(2)
    d1.download_button(t("kart.last_ned_csv"), export.frame_csv(frame), file_name=f"{stem}.csv", mime="text/csv",
                       on_click="ignore")
    d2.download_button(t("kart.last_ned_xlsx"), lambda: export.frame_xlsx(frame, meta), file_name=f"{stem}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
    share_panel(view, ("indikator", "aar", "kommune", "klasser"), f"{indicator.name}, {view.aar}")


def share_panel(view: urlstate.View, keys, title: str) -> None:
    """The exact link of the current view and an <iframe> snippet for its embedded form."""
    link, embed = share_urls(view, keys)
    st.markdown(f"**{t('del.lenke')}**")
    st.code(link, language=None)
    st.markdown(f"**{t('del.bygg_inn')}**")
    st.code(f'<iframe src="{html.escape(embed)}" title="{html.escape(title)}" '
            f'width="100%" height="760" style="border:0"></iframe>', language="html")
    st.caption(t("del.bygg_inn.hjelp"))


def embedded_only() -> bool:
    """Embedded (?embed=true) without &kontroller=1: show only the figure, legend and source."""
    return is_embedded() and st.query_params.get("kontroller") != "1"


def chart_downloads(chart, title: str, stem: str, demo: bool, key: str) -> None:
    """PNG and SVG of a chart, drawn only when the button is clicked."""
    from .figures import chart_export

    c1, c2 = st.columns(2)
    c1.download_button(t("graf.png"), lambda: chart_export(chart, title, demo, "png"), file_name=f"{stem}.png",
                       mime="image/png", on_click="ignore", key=f"{key}_png")
    c2.download_button(t("graf.svg"), lambda: chart_export(chart, title, demo, "svg"), file_name=f"{stem}.svg",
                       mime="image/svg+xml", on_click="ignore", key=f"{key}_svg")


# ---------------------------------------------------------------- Data page
@st.cache_data(max_entries=8, ttl=3600, show_spinner=False)
def imported_file(raw: bytes, name: str, year: int | None, region_column: str | None):
    """A file read once, not on every rerun of the data page (a 2 MB SSB export takes ~2 s to read).
    Keyed by the file's bytes, so only the same file gives the same result. Raises ImportFeil."""
    from . import importer

    return importer.read_table(raw, name, year=year, region_column=region_column)


def preview_table(values: pd.DataFrame) -> None:
    """The rows about to be shown (those with a value first), with Norwegian headings and SSB's symbols
    explained."""
    values = values.assign(_known=values["value"].notna()).sort_values(["_known", "kommunenummer"],
                                                                        ascending=[False, True]).head(50)
    st.dataframe(pd.DataFrame({
        t("kol.kommunenummer"): values["kommunenummer"], t("kol.aar"): values["year"],
        t("kol.verdi"): [fmt.number(v, 0 if fmt.is_missing(v) or float(v).is_integer() else 2) for v in values["value"]],
        t("kol.status"): values["status"].map(fmt.status_text),
    }), hide_index=True, width="stretch")


# ---------------------------------------------------------------- Data page: SSB table by id
@st.cache_data(ttl=3600, show_spinner=False, max_entries=50)
def _ssb_metadata(table_id: str):
    from . import ssbapi

    return ssbapi.fetch_metadata(table_id)


def ssb_table_picker():
    """Table id -> SSB's metadata -> the user picks contents, years and the other dimensions -> fetch.
    A PxWebApi v2 URL copied from Statistikkbanken is fetched as it is. Returns (ImportResult or None,
    source text); raises ImportFeil with a Norwegian message."""
    from datetime import date

    from . import ssbapi

    ref = st.text_input(t("data.ssb.felt"), key="ssb_tabell", help=t("data.ssb.hjelp"), max_chars=2000).strip()
    if not ref:
        return None, ""
    today = f"{date.today():%d.%m.%Y}"
    if ref.lower().startswith("http"):
        url = ssbapi.url_from_user(ref)
        table_id = url.split("/tables/")[1].split("/")[0]
        return (ssbapi.to_tidy(ssbapi.parse_jsonstat(ssbapi.fetch_json(url))),
                t("data.ssb.kilde_url", tabell=table_id, dato=today))
    table_id = ssbapi.validate_table_id(ref)
    with st.spinner():
        meta = _ssb_metadata(table_id)
    regions, codelists = ssbapi.kommune_regions(meta)
    st.markdown(t("data.ssb.tabell", tittel=html.escape(meta.title), oppdatert=meta.updated[:10] or "?"))
    st.caption(t("data.ssb.kommuner", liste=next(iter(codelists.values()))) if codelists
               else t("data.ssb.kommuner_egne", n=len(regions)))
    content = None
    if meta.contents is not None:
        content = st.selectbox(t("data.ssb.innhold"), meta.contents.codes, format_func=meta.contents.text,
                               key=f"ssb_{table_id}_innhold")
    years = st.multiselect(t("data.ssb.aar"), meta.time.codes if meta.time else (), key=f"ssb_{table_id}_aar",
                           default=list(meta.time.codes[-1:]) if meta.time else [])
    choices = {}
    for dim in meta.others:
        options = ([None] if dim.elimination else []) + list(dim.codes)
        choices[dim.id] = st.selectbox(dim.label[:1].upper() + dim.label[1:], options,
                                       index=options.index(ssbapi.default_choice(dim)), key=f"ssb_{table_id}_{dim.id}",
                                       format_func=lambda c, d=dim: t("data.ssb.alle") if c is None else d.text(c))
    query = (table_id, content, tuple(years), tuple(choices.items()))
    if st.button(t("data.ssb.hent"), key="ssb_hent"):
        with st.spinner():
            st.session_state["_ssb_result"] = (query, ssbapi.fetch_table(meta, content, list(years), choices))
    saved = st.session_state.get("_ssb_result")
    if saved and saved[0] == query:
        return saved[1], t("data.ssb.kilde", tabell=table_id, tittel=ssbapi.plain_title(meta), dato=today)
    return None, ""
