"""Widgets shared by more than one page: the page menu, view controls, kommune search, legend,
source and demo labels, notices, share links and chart downloads. Page-only helpers live in their
page (sider/)."""

from __future__ import annotations

import html

import streamlit as st

from kommunekart.base.constants import CLASS_METHODS, GROUPINGS
from kommunekart.base.strings import html_text, md, md_escape, md_message, t
from kommunekart.web import data, state
from kommunekart.web.page_head import (
    PAGES,  # the app's pages (page_head imports nothing heavy: the server reads it)
)


def page_menu() -> None:
    """The page list, drawn by the app so that every link carries the current view (Streamlit's own
    navigation links drop the query parameters)."""
    for pid, (script, title, _keys, _path) in PAGES.items():
        st.page_link(
            state.page_target(pid, script), label=t(title), query_params=state.link_params()
        )
    language_control()


LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}  # each in its own language


def language_control() -> None:
    """Bokmål, nynorsk or English; kept in the address (?sprak=nn) like the rest of the view."""
    from kommunekart.web.urlstate import LANGS

    sync(state.W_LANG, state.view().lang or "nb")
    st.selectbox(
        t("kontroll.sprak"),
        LANGS,
        key=state.W_LANG,
        format_func=LANGUAGE_NAMES.get,
        on_change=on_pick(
            state.W_LANG,
            LANGS,
            lambda v: state.update(lang=None if v == "nb" else v),
            LANGUAGE_NAMES.get,
        ),
    )


def finish(page_id: str) -> None:
    """End of a page run: the address follows the view, and the menu (at the top of the sidebar)
    links to every page with it. Call before any st.stop()."""
    state.finish(PAGES[page_id][2])
    slot = state.menu_slot()
    if slot is not None:
        with slot:
            page_menu()


def page_link(pid: str, label: str, icon: str | None = None, **override) -> None:
    """A link to another page that keeps the view (``override``: URL parameters to change)."""
    st.page_link(
        state.page_target(pid, PAGES[pid][0]),
        label=label,
        icon=icon,
        query_params={**state.link_params(), **override},
    )


# ---------------------------------------------------------------- view controls
def sync(key: str, value) -> None:
    """Show the view's value in a widget (set before the widget is made, never with a default).

    Also set when the value looks unchanged but the widget is new to the browser: the first time on
    a page (or in a language) in this session, or after a run that stopped before it. Streamlit
    keeps a widget's value in the session across pages (and across a run that ends in st.stop, as a
    page's first part does), but a widget the browser has not got shows its default (the first year)
    unless the value is set in the run that makes it; the control then disagreed with the page, and
    clicking the shown year did nothing (issue 29)."""
    from kommunekart.base.strings import lang

    s = st.session_state
    shown_in = s.setdefault(state.SYNCED, {})
    here = (s.get(state.PAGE), lang(), s.get(state.RUNS_STOPPED, 0))
    if s.get(key) != value or shown_in.get(key) != here:
        s[key] = value
    shown_in[key] = here


NOTHING = object()


def meant(answer, options, format_func=str):
    """The option a picker's answer means. Streamlit (1.67) matches a selectbox's or radio's answer
    to its options by label and hands back a label it cannot match as the raw text; after a change
    of language the browser may answer with a label in the former language (seen: «Alle fylker»
    became the map's fylke and the page crashed). Such a label is mapped back through every
    language's labels; an answer that is no option at all gives NOTHING. A list (multiselect) is
    mapped item by item."""
    from kommunekart.base.strings import LANGS, language

    if isinstance(answer, list):
        items = [meant(a, options, format_func) for a in answer]
        return [i for i in items if i is not NOTHING]
    if any(answer is o or answer == o for o in options):
        return answer
    for code in LANGS:
        with language(code):
            for option in options:
                try:
                    if format_func(option) == answer:
                        return option
                except Exception:  # a label that cannot be made is no match
                    continue
    return NOTHING


def on_pick(key: str, options, apply, format_func=str):
    """An on_change that applies what the picker's answer means (``meant``), and nothing when it is
    no option: the view keeps its value and ``sync`` shows it in the new language."""

    def callback():
        value = meant(st.session_state.get(key), list(options), format_func)
        if value is not NOTHING:
            apply(value)

    return callback


def heal(key: str, options, format_func=str) -> None:
    """Before a picker whose value the page reads directly is made: an answer in a former language
    becomes its option again (the first option when it means none)."""
    if key not in st.session_state:
        return
    options = list(options)
    value = meant(st.session_state[key], options, format_func)
    if value is NOTHING:
        value = options[0] if options else None
    if value is not st.session_state[key]:  # meant gives an option that is the answer as it is
        st.session_state[key] = value


def indicator_label(cat, ind_id: str) -> str:
    """«Name · Theme · målt (synonyms)»: what the picker shows and what typing in it searches;
    whether the numbers are measured or demonstration data is said for each (a user's own data by
    its theme)."""
    ind = cat[ind_id]
    extra = f" ({', '.join(ind.synonyms)})" if ind.synonyms else ""
    kind = {"demo": f" · {t('velg.demo')}", "real": f" · {t('velg.maling')}"}.get(ind.data, "")
    return f"{ind.name} · {t(f'tema.{ind.theme}')}{kind}{extra}"


def indicator_controls(ds) -> None:
    """One picker over every theme: typing any part of a name, a theme or a synonym finds it
    («innkjøp» finds «Digitaliserte anskaffelsesprosesser»)."""
    cat = ds.catalogue
    order = {th: i for i, th in enumerate(cat.themes)}
    ids = [i.id for i in sorted(cat.indicators, key=lambda i: order.get(i.theme, 99))]
    sync(state.W_INDICATOR, state.view().indicator)
    label = lambda i: indicator_label(cat, i)
    st.selectbox(
        t("kontroll.indikator"),
        ids,
        key=state.W_INDICATOR,
        format_func=label,
        help=t("kontroll.indikator.hjelp"),
        placeholder=t("kontroll.indikator.plass"),
        on_change=on_pick(state.W_INDICATOR, ids, lambda v: state.set_indicator(ds, v), label),
    )


def year_control(ds) -> None:
    """The years the chosen indicator has numbers for (the survey every other year, website
    measurements every year), and the view's own year if it has none there."""
    view = state.view()
    years = sorted(set(ds.years_with(view.indicator)) | {view.year})
    sync(state.W_YEAR, view.year)
    st.radio(
        t("kontroll.aar"),
        years,
        key=state.W_YEAR,
        horizontal=True,
        on_change=on_pick(state.W_YEAR, years, lambda v: state.set_year(ds, v)),
    )


def classes_control() -> None:
    sync(state.W_CLASSES, state.view().classes)
    label = lambda m: t(f"klasser.{m}")
    st.radio(
        t("kontroll.klasser"),
        CLASS_METHODS,
        key=state.W_CLASSES,
        format_func=label,
        on_change=on_pick(state.W_CLASSES, CLASS_METHODS, lambda v: state.update(classes=v), label),
    )


def grouping_control() -> None:
    sync(state.W_GROUPING, state.view().grouping)
    label = lambda g: t(f"grupper.{g}")
    st.radio(
        t("grupper.kontroll"),
        GROUPINGS,
        key=state.W_GROUPING,
        format_func=label,
        on_change=on_pick(state.W_GROUPING, GROUPINGS, lambda v: state.update(grouping=v), label),
    )


def kommune_search(ds) -> None:
    """One picker for the kommune: typing filters the year's kommuner by name, Sami or other names,
    number, or an older name or number (2015 onwards) that is now part of it; a name shared by
    several (Herøy, Våler) shows each with its fylke. Empty = no kommune chosen."""
    view = state.view()
    labels = data.picker_labels(view.year)
    sync(state.W_SEARCH, view.kommune if view.kommune in labels else None)
    st.selectbox(
        t("kontroll.sok"),
        list(labels),
        index=None,
        key=state.W_SEARCH,
        format_func=labels.get,
        placeholder=t("kontroll.sok.plass"),
        help=t("kontroll.sok.hjelp"),
        on_change=on_pick(state.W_SEARCH, [None, *labels], state.set_kommune, labels.get),
    )
    if view.kommune:
        st.button(t("panel.fjern"), key=state.W_CLEAR, on_click=lambda: state.set_kommune(None))


def image(png: bytes, alt: str, caption: str = "") -> None:
    """A PNG with a text alternative (``alt`` on the <img>) and a caption (text from data, escaped).
    Served as a file beside the page rather than inside its messages (a 135 KB PNG was 180 KB of
    base64 in the websocket)."""
    st.image(png, caption=md_escape(caption) if caption else None, alt=alt, width="content")


# ---------------------------------------------------------------- labels
def notices() -> None:
    from kommunekart.web import data

    broken = data.skipped_saved()
    if broken:  # never shown with wrong numbers: left out, and said
        st.warning(md("egne.hoppet_over", liste=", ".join(broken), n=len(broken)))
    for msg in state.notices():
        st.info(md_message(msg))


def demo_banner(indicator) -> None:
    if indicator.is_demo:
        st.warning(t("demo.etikett") + ". " + t("demo.forklaring"))


def caveat(indicator) -> None:
    """The indicator's limits, shown visibly wherever it is shown (real data such as NAV's Digisos
    list)."""
    if indicator.caveat:
        st.info(md("forbehold", tekst=indicator.caveat))


def source_line(indicator, boundaries: bool = True) -> None:
    """The indicator's source (and, under a map, the boundaries'), with its data-type label."""
    from kommunekart.render.legend import source_lines

    for line in source_lines(indicator, boundaries):
        st.caption(md_escape(line))
    if indicator.is_demo:
        demo_label()
    elif indicator.data == "egen":
        st.markdown(f"**{md_escape(indicator.data_label)}**")


def demo_label() -> None:
    st.markdown(f"**{html.escape(t('demo.etikett'))}**")


def legend(legend_model) -> None:
    """The map's legend (from the one legend model, legend.map_legend)."""
    e = html_text
    rows = "".join(
        f'<li><span class="kk-swatch" style="background:{c}"></span>{e(label)}</li>'
        for label, c in legend_model.items
    )
    style = (
        "<style>.kk-legend ul{list-style:none;padding-left:0;margin:.3rem 0}"
        ".kk-legend li{display:flex;align-items:center;gap:.5rem;margin:.15rem 0}"
        ".kk-swatch{display:inline-block;width:1.4rem;height:1rem;border:1px solid "
        "#444;flex:none}</style>"
    )
    # st.html, not Markdown with HTML: no Markdown parser for HTML (188 KB of script) to load on the
    # map page; the style alone goes to Streamlit's event container (no space on the page)
    st.html(style)
    st.html(
        f'<div class="kk-legend" role="group" aria-label="{e(t("legende.tittel"))}">'
        f"<strong>{e(t('legende.tittel'))}</strong><div>{e(legend_model.title)}</div>"
        f'<ul>{rows}</ul><div style="font-size:.85rem">{e(legend_model.note)}</div></div>'
    )


# ---------------------------------------------------------------- share and download
def page_base() -> str:
    """This page's address without its query («https://host/base/kommuneprofil»), or "" outside a
    browser's session."""
    from urllib.parse import urlsplit

    try:
        if st.context.url:
            parts = urlsplit(st.context.url)
            return f"{parts.scheme}://{parts.netloc}{parts.path}"
    except Exception:
        pass
    return ""


def share_urls(keys) -> tuple[str, str]:
    from urllib.parse import urlencode

    params = state.link_params(keys)
    base = page_base()
    link = f"{base or '/'}?{urlencode(params)}"
    embed = f"{base or '/'}?{urlencode({**params, 'embed': 'true'})}"
    return link, embed


def view_link(keys) -> str:
    """The permanent link of the current view (for the citation in exports); ``keys`` None: every
    parameter of the view."""
    return share_urls(keys if keys is not None else state.PARAMS)[0]


def share_panel(keys, title: str, indicators=(), static_embed: str | None = None) -> None:
    """The exact link of the current view, how to cite it (with a copy button) and <iframe>
    snippets for its embedded form: with ``static_embed`` (the page's id) a static page that costs
    the server no session per reader (web.static_embed), and the live embed with its menus."""
    from kommunekart.render.legend import citation

    link, embed = share_urls(keys)
    st.markdown(f"**{t('del.lenke')}**")
    st.code(link, language=None)
    if indicators:
        st.markdown(f"**{t('sitat.tittel')}**")
        st.code(citation(indicators, title, link, data.current().built_at), language=None)
    st.markdown(f"**{t('del.bygg_inn')}**")
    if static_embed:
        from kommunekart.web import static_embed as se

        app = page_base().rstrip("/")
        path = PAGES[static_embed][3]
        if path and app.endswith("/" + path):  # the app's own address, not the page's
            app = app[: -len(path) - 1]
        st.code(se.snippet(se.address(app, state.view(), static_embed), title), language="html")
        st.caption(t("del.bygg_inn.statisk"))
        st.caption(t("del.bygg_inn.levende"))
        embed += "&kontroller=1"
    st.code(
        f'<iframe src="{html.escape(embed)}" title="{html.escape(title)}" '
        f'width="100%" height="760" style="border:0"></iframe>',
        language="html",
    )
    if not static_embed:
        st.caption(t("del.bygg_inn.hjelp"))


def chart(make, indicators, key: tuple) -> None:
    """A chart on the page with its sources (and the demo label) inside the figure. ``make`` makes
    the Altair chart; it is called once per ``key`` (what the chart shows besides the dataset and
    the language) for all sessions (data.chart_spec)."""
    from kommunekart.web.data import chart_spec

    st.vega_lite_chart(chart_spec(make, indicators, key), width="stretch")


def image_cite(keys=None) -> str:
    """Where an image or file comes from, its last line: «Kommunekart, data fra <date>: <link of
    the view>» (made while the page runs: a download is made later, outside the run)."""
    from kommunekart.render.legend import built_date

    return t("sitat.bilde", dato=built_date(data.current().built_at), lenke=view_link(keys))


def chart_downloads(make, title: str, stem: str, indicators, key: str) -> None:
    """PNG and SVG of the chart ``make`` makes, with title, sources and demo label, drawn only when
    the button is clicked."""
    from kommunekart.render.charts import chart_export
    from kommunekart.render.legend import chart_credits

    # the sources, and where the figure comes from: a reader of the slide can open the same view
    credits = [*chart_credits(indicators), image_cite()]
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        t("graf.png"),
        lambda: chart_export(make(), title, credits, "png"),
        file_name=f"{stem}.png",
        mime="image/png",
        on_click="ignore",
        key=f"{key}_png",
    )
    c2.download_button(
        t("graf.png_artikkel"),
        lambda: chart_export(make(), title, credits, "png", "artikkel"),
        file_name=f"{stem}_artikkel.png",
        mime="image/png",
        on_click="ignore",
        key=f"{key}_png_artikkel",
    )
    c3.download_button(
        t("graf.svg"),
        lambda: chart_export(make(), title, credits, "svg"),
        file_name=f"{stem}.svg",
        mime="image/svg+xml",
        on_click="ignore",
        key=f"{key}_svg",
    )


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_downloads(frame, meta: dict, stem: str, labels: tuple[str, str]) -> None:
    """CSV and XLSX (with the 'Om dataene' sheet) of a table."""
    from kommunekart.render import export

    c1, c2 = st.columns(2)
    c1.download_button(
        labels[0],
        lambda: export.frame_csv(frame, meta),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
    )
    c2.download_button(
        labels[1],
        lambda: export.frame_xlsx(frame, meta),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
    )
