"""One owner for the view: one ``View`` in one session key, every session key a named constant.

Precedence, per parameter: the address (a value the app did not write itself: a link, the menu's
links, an edited address) > this session's view > the default. Widgets show the view and change it
through callbacks (``update``); ``finish`` writes the view back into the address, so a copied link
reopens it. Pages do not touch ``st.session_state`` for the view."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from kommunekart.base.errors import Message
from kommunekart.base.strings import set_lang
from kommunekart.web import urlstate
from kommunekart.web.urlstate import PARAMS, View

# ---------------------------------------------------------------- session keys
VIEW = "kk_view"  # the View
NOTICES = "kk_notices"  # list[Message]: what was wrong with the address, shown on the page
URL_WRITTEN = "kk_url_written"  # the query parameters as the app last wrote them
PAGE = "kk_page"  # the page of the previous run (notices are per page)
MAP_DRAWN = "kk_map_drawn"  # the browser reported the map drawn (map_component.protocol.READY)
SHOWN = "kk_shown"  # set of page ids whose first part the browser has shown (web.first_part)
OVERLAY = "kk_overlay"  # this session's dataset with the user's own indicator (data page)
USER_INDICATOR = "kk_user_indicator"  # that indicator's id
SSB_RESULT = "kk_ssb_result"  # the data page's last SSB answer: (query, result)
MENU_SLOT = "kk_menu_slot"  # this run's place for the page menu (top of the sidebar)
PAGE_OBJECTS = "kk_pages"  # this run's st.Page objects by page id (links without path lookups)
LANG_SENT = "kk_lang_sent"  # the language whose words the browser has (web.page_head)
COMPARE_HOME = "kk_compare_home"  # (year, codes) of the comparison as the reader last chose it
SYNCED = "kk_synced"  # widget key -> (page, language, stops) when sync last showed the view in it
# how many runs ended early (first part): their widgets were not sent
RUNS_STOPPED = "kk_runs_stopped"
# widget keys (Streamlit keeps a widget's value under its key)
W_INDICATOR = "w_indikator"
W_YEAR = "w_aar"
W_CLASSES = "w_klasser"
W_GROUPING = "w_grupper"
W_SEARCH = "w_sok"
W_CLEAR = "w_fjern"
W_TABLE = "w_vis_tabell"
W_SHARE = "w_vis_del"
W_LANG = "w_sprak"
# URL parameters the app keeps as they are (not part of the view)
KEEP_PARAMS = ("kontroller", "embed")


def _translate_for(ds):
    from kommunekart.lineage.kommuner import numbering, translate_code

    codes = ds.codes_by_year()

    # the same kommune under another year's numbering (reforms), if unambiguous
    def translate(code, year):
        for other_year in ds.years:
            if code in codes[other_year]:
                return translate_code(ds.changes, code, numbering(other_year), numbering(year))
        return None

    return translate


def begin(ds, page: str) -> View:
    """Resolve this run's view (address > session > default) and remember it; call once per run."""
    s = st.session_state
    if s.get(PAGE) != page:
        s[PAGE] = page
        s[NOTICES] = []
    written = s.get(URL_WRITTEN, {})
    fresh = {k: st.query_params.get_all(k) for k in PARAMS if k in st.query_params}
    fresh = {k: v for k, v in fresh.items() if [str(x) for x in v] != [written.get(k)]}
    current = s.get(VIEW)
    # e.g. a user indicator from an old overlay
    if current is not None and current.indicator not in ds.catalogue:
        current = replace(current, indicator=ds.catalogue.default)
    if current is None or fresh:
        codes = ds.codes_by_year()
        view, notices = urlstate.parse(
            fresh,
            ds.catalogue,
            ds.years,
            codes,
            _translate_for(ds),
            fallback=current,
            years_of=ds.years_with,
        )
        if (
            current is not None
            and view.kommune is None
            and current.kommune
            and view.year != current.year
            and "kommune" not in fresh
        ):
            view = replace(
                view, kommune=carry_kommune(ds, current.kommune, current.year, view.year)
            )
        if fresh:
            repeated = [k for k, v in fresh.items() if len({str(x) for x in v}) > 1]
            s[NOTICES] = notices + [
                Message("url.gjentatt", {"navn": k, "verdi": str(fresh[k][0])[:30]})
                for k in repeated
            ]
        current = view
    s[VIEW] = current
    set_lang(current.lang)
    return current


def early_lang() -> None:
    """The language for what is made before ``begin`` (page title, menu titles): the address's
    «sprak» when valid, else this session's."""
    raw = str(st.query_params.get("sprak", "")).lower()
    current = st.session_state.get(VIEW)
    set_lang(raw if raw in urlstate.LANGS else (current.lang if current is not None else None))


def view() -> View:
    return st.session_state[VIEW]


def notices() -> list:
    return st.session_state.get(NOTICES, [])


def update(**changes) -> View:
    """Change the view (widget callbacks)."""
    st.session_state[VIEW] = new = replace(st.session_state[VIEW], **changes)
    return new


def set_kommune(code: str | None) -> None:
    update(kommune=code)


def carry_kommune(ds, code: str | None, from_year: int, to_year: int) -> str | None:
    from kommunekart.lineage.kommuner import numbering, translate_code

    new = (
        translate_code(ds.changes, code, numbering(from_year), numbering(to_year)) if code else None
    )
    return new if new in ds.codes(to_year) else None


def stop_run() -> None:
    """End this run early (a page's first part, the map's first draw): counted, so that widgets.sync
    sets every widget's value again in the run that makes it (the browser never got the widgets of
    this one)."""
    st.session_state[RUNS_STOPPED] = st.session_state.get(RUNS_STOPPED, 0) + 1
    st.stop()


def choose_compare(codes: list[str], year: int) -> None:
    """The comparison as the reader chose it, in ``year``'s numbering: a change of year carries it
    from here, and going back to this year gives it back whole (kommuner that did not exist in
    another year's form are left out there, and said)."""
    codes = list(dict.fromkeys(c for c in codes if c))
    st.session_state[COMPARE_HOME] = (int(year), codes)
    update(compare=",".join(codes) or None)


def set_year(ds, year: int) -> None:
    """A new year carries the chosen kommune to that year's numbering (reforms), and the comparison
    from the year it was chosen in (so 2024 → 2018 → 2024 keeps Sandnes, which 2018 has not in its
    form)."""
    old = view()
    fylke = (
        old.fylke
        if old.fylke and any(c.startswith(old.fylke) for c in ds.codes(int(year)))
        else None
    )
    current = [c for c in (old.compare or "").split(",") if c]
    home_year, home = st.session_state.get(COMPARE_HOME) or (old.year, current)
    carried_here = [k for k in (carry_kommune(ds, c, home_year, old.year) for c in home) if k]
    # the address changed the comparison since it was chosen: it is the new home
    if carried_here != current:
        home_year, home = old.year, current
        st.session_state[COMPARE_HOME] = (home_year, home)
    compare = [carry_kommune(ds, c, home_year, int(year)) for c in home]
    update(
        year=int(year),
        kommune=carry_kommune(ds, old.kommune, old.year, int(year)),
        fylke=fylke,
        compare=",".join(dict.fromkeys(c for c in compare if c)) or None,
    )
    drop_bad_start(ds)


def drop_bad_start(ds) -> None:
    """A change's start year that no longer fits the view (a later or equal year, an indicator
    without it) is let go: the map shows the year's values."""
    v = view()
    if v.start is not None and v.start not in ds.catalogue[v.indicator].change_starts(
        ds.years_with(v.indicator), v.year
    ):
        update(start=None)


def set_indicator(ds, indicator: str) -> None:
    """A new indicator; when it has no numbers for the view's year, its latest year with numbers."""
    update(indicator=indicator)
    years = ds.years_with(indicator)
    if view().year not in years:
        set_year(ds, max(years))
    drop_bad_start(ds)


def finish(keys=PARAMS) -> None:
    """Keep the address equal to the view (``keys``: the parameters this page uses), so a copied
    link reopens it; parameters in KEEP_PARAMS are left as they are."""
    params = urlstate.to_params(view(), keys)
    params.update({k: st.query_params[k] for k in KEEP_PARAMS if k in st.query_params})
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
    st.session_state[URL_WRITTEN] = dict(params)


def link_params(keys=PARAMS) -> dict[str, str]:
    """The view as query parameters for a link to another page (the menu, profile links)."""
    return urlstate.to_params(view(), keys)


def set_pages(pages: dict) -> None:
    st.session_state[PAGE_OBJECTS] = pages


def page_target(pid: str, script: str):
    """What st.page_link gets for a page: this run's st.Page (Streamlit then looks up no path; a
    realpath per link was a tenth of a map rerun), else the script's path."""
    return (st.session_state.get(PAGE_OBJECTS) or {}).get(pid, script)


def set_menu_slot(slot) -> None:
    st.session_state[MENU_SLOT] = slot


def menu_slot():
    """This run's sidebar container for the menu (None when embedded); cleared once used."""
    return st.session_state.pop(MENU_SLOT, None)


def is_embedded() -> bool:
    """Streamlit's own ?embed=true (kept out of st.query_params by Streamlit)."""
    try:
        if st.context.is_embedded:
            return True
    except Exception:  # no browser context (AppTest)
        pass
    return str(st.query_params.get("embed", "")).lower() == "true"


def embedded_only() -> bool:
    """Embedded (?embed=true) without &kontroller=1: show only the figure, legend and source."""
    return is_embedded() and st.query_params.get("kontroller") != "1"
