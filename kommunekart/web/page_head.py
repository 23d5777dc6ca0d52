"""What every page carries from its first byte: its title and description (Streamlit's page says
"Streamlit", which is what a shared link's preview showed), the app's styles and the visitor's
language (<html lang> and the app's words in place of Streamlit's own English texts).

`make run`'s server writes them into Streamlit's page (serve.PageHead) for the address's page,
language («sprak») and view (an embed without controls gets the embed's styles), so they hold from
the page's first byte: before, the page said lang="en" and "Streamlit" until the script's first
elements arrived (what a link preview, a validator or an early screen reader read), and the app's
styles came with the first run. The script then sends no element for them. Under a plain `streamlit
run app.py` (and AppTest) nothing writes the page, so the script sends them as `st.html` elements,
as before.
Speed: no difference measured (decision 0009, eighth session)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qs

import streamlit as st

from kommunekart.base.strings import lang, t
from kommunekart.web import state

# Every rule says !important: in the page's head they come before Streamlit's own styles (added to
# the head as it draws), which would win a tie.
# every touch target at least 24×24 px (WCAG 2.2 2.5.8; Streamlit's are 16-22 px): the help «?»,
# the headings' link icons, the radios' and toggles' rows; in the app and in an embed
TOUCH_CSS = (
    "[data-testid='stTooltipHoverTarget'] button,[data-testid='stHeaderActionElements'] a"
    "{min-width:24px !important;min-height:24px !important;display:inline-flex !important;"
    "align-items:center;justify-content:center}"
    "[data-testid='stRadioOption'],[data-testid='stCheckbox'] label{min-height:24px !important;"
    "align-items:center}"
)
# a chart or an image is one thing on the page, not four hidden Tab stops more (Streamlit's toolbar:
# full screen, PNG, the Vega-Lite spec; 12 of the profile's 72 stops): the page has its own PNG
# and SVG downloads and a table beside every chart, for mouse and keyboard alike. The tables keep
# their toolbar (search, CSV).
CHART_CSS = (
    "[data-testid='stElementContainer']:has([data-testid='stVegaLiteChart'],"
    "[data-testid='stImage']) [data-testid='stElementToolbar']{display:none !important}"
)
APP_CSS = (
    # section headings are h2 under the page's h1 (heading order), at the size of a subheading
    ".block-container h2{font-size:1.6rem !important}"
    # a long page link label wraps, not cut off
    "[data-testid='stPageLink-NavLink'] span,[data-testid='stPageLink-NavLink'] p"
    "{white-space:normal !important;text-overflow:clip !important}"
    # a phone: titles that wrap between words at a size that fits 390 px
    "@media (max-width: 640px){"
    ".block-container h1{font-size:1.6rem !important;line-height:1.2 !important;"
    "overflow-wrap:break-word;hyphens:auto}"
    ".block-container h2,.block-container h3{font-size:1.2rem !important}"
    ".block-container{padding-left:.8rem !important;padding-right:.8rem !important;"
    "padding-top:3.2rem !important}"
    # the map right under its title, the caveat under the map (so all of Norway is on the first
    # screen; it began at y = 385 of 844), the chosen kommune's panel next after it
    ".st-key-kk_kart_topp>:has(>.st-key-kk_forbehold){order:2}}"
    # one focus indicator for every control, 3 px of #1f4e99 (7,9:1 on white, 7,1:1 on the
    # sidebar's grey); radios and toggles draw their own box, so their label shows it
    ":focus-visible{outline:3px solid #1f4e99 !important;outline-offset:2px !important}"
    "label:has(>input:focus-visible),[data-baseweb='checkbox']:has(input:focus-visible)"
    "{outline:3px solid #1f4e99 !important;outline-offset:2px !important}"
    # the sidebar's four survey years on one row (they wrapped, «2024» alone a row lower)
    "[data-testid='stSidebar'] [role='radiogroup']{column-gap:.6rem !important;"
    "row-gap:.25rem !important}"
    # a code block (the embed snippet) wraps rather than scrolling sideways: no scroll region a
    # keyboard cannot reach
    "[data-testid='stCode'] pre,[data-testid='stCode'] code"
    "{white-space:pre-wrap !important;overflow-wrap:anywhere !important}"
    # forced colours (Windows high contrast): the colours that carry meaning stay (the legend's
    # swatches, the map's classes)
    "@media (forced-colors: active){.kk-swatch,.kk-map,.kk-map path{forced-color-adjust:none}"
    # a radio's circle is drawn with background colours, which forced colours drop: the chosen
    # year looked like the others. Ring and dot in the system's colours
    "[data-testid='stRadioOption']>div>div:first-child{forced-color-adjust:none;"
    "background:Canvas !important;border:2px solid CanvasText !important}"
    "[data-testid='stRadioOption'][data-selected='true']>div>div:first-child"
    "{background:Highlight !important;border-color:Highlight !important}"
    "[data-testid='stRadioOption'][data-selected='true']>div>div:first-child>div"
    "{forced-color-adjust:none;background:HighlightText !important}}"
    # print (a profile taken to a meeting): no sidebar, menus, buttons or toggles; the page's whole
    # width; charts and table rows never cut in two; the print-only heading block shown
    ".kk-kun-utskrift{display:none}"
    "@media print{@page{size:A4;margin:14mm}"
    "[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],[data-testid='stHeader'],"
    "[data-testid='stToolbar'],[data-testid='stDecoration'],[data-testid='stDownloadButton'],"
    "[data-testid='stButton'],[data-testid='stCheckbox'],[data-testid='stSelectbox'],"
    "[data-testid='stPageLink'],[data-testid='stExpander'],[data-testid='stElementToolbar'],"
    "[data-testid='stStatusWidget'],.st-key-kk_skjul_utskrift{display:none !important}"
    ".block-container{max-width:none !important;padding:0 !important}"
    "[data-testid='stAppViewContainer'],[data-testid='stMain']{position:static !important;"
    "overflow:visible !important}"
    "[data-testid='stVegaLiteChart'],[data-testid='stImage'],figure,tr,.kk-tabell th"
    "{break-inside:avoid !important}"
    "[data-testid='stVegaLiteChart']{max-width:180mm !important}"
    "h1,h2,h3{break-after:avoid !important}"
    ".kk-kun-utskrift{display:block !important;font-size:10pt;margin:0 0 4mm}}"
)
# an embedded view shows only the figure (no page list, no sidebar) and fits a small frame (320 x
# 400 and up): little padding, a modest heading.
EMBED_CSS = (
    "[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl']{display:none !important}"
    ".block-container{padding:.4rem .6rem 0 .6rem !important}"
    ".block-container h1,.block-container h2,.block-container h3"
    "{font-size:1.05rem !important;padding:0 0 .2rem !important}"
)

PAGES = {  # page id -> (script, title key, URL parameters the page uses, URL path)
    "kart": (
        "sider/kart.py",
        "nav.kart",
        ("indikator", "aar", "fra", "kommune", "klasser", "storrelse", "fylke", "verdi", "sprak"),
        "",
    ),
    "profil": (
        "sider/kommuneprofil.py",
        "nav.profil",
        ("kommune", "aar", "indikator", "sprak"),
        "kommuneprofil",
    ),
    "grupper": (
        "sider/storrelsesgrupper.py",
        "nav.grupper",
        ("indikator", "aar", "kommune", "grupper", "sprak"),
        "storrelsesgrupper",
    ),
    "sammenlign": (
        "sider/sammenlign.py",
        "nav.sammenlign",
        ("kommuner", "aar", "indikator", "sprak"),
        "sammenlign",
    ),
    "sammenheng": (
        "sider/sammenheng.py",
        "nav.sammenheng",
        ("indikator", "mot", "aar", "kommune", "farge", "sprak"),
        "sammenheng",
    ),
    "data": ("sider/data.py", "nav.data", ("sprak",), "data"),
}

# True once serve has put PageHead in front of Streamlit (this process writes the pages)
IN_PAGE = False


def css(embedded_only: bool) -> str:
    return f"<style>{EMBED_CSS if embedded_only else APP_CSS}{TOUCH_CSS}{CHART_CSS}</style>"


def page_title(page_id: str | None) -> str:
    """The browser tab's and a shared link's title: the page and the app («Kommuneprofil –
    Kommunekart»)."""
    return f"{t(PAGES[page_id][1])} – {t('app.tittel')}" if page_id in PAGES else t("app.tittel")


def page_of(path: str, base: str = "") -> str | None:
    """The page an address opens (its path after server.baseUrlPath), None for one the app does not
    have."""
    path = path.strip("/")
    base = base.strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    return next((pid for pid, page in PAGES.items() if page[3] == path), None)


def view_of(query_string: bytes | str) -> tuple[str, bool]:
    """The language and whether it is an embed without controls, from a page's address, as the first
    run reads them (state.early_lang, state.embedded_only): an unknown «sprak» is bokmål."""
    from kommunekart.web.urlstate import LANGS

    if isinstance(query_string, bytes):
        query_string = query_string.decode("latin-1")
    q = {k: v[-1] for k, v in parse_qs(query_string, keep_blank_values=True).items()}
    code = q.get("sprak", "").lower()
    embedded = q.get("embed", "").lower() == "true" and q.get("kontroller") != "1"
    return (code if code in LANGS else "nb"), embedded


@lru_cache(maxsize=64)
def head(page_id: str | None, code: str, embedded_only: bool) -> bytes:
    """What goes into Streamlit's <head> for this view: title and description (also for link
    previews), the styles and the language's script."""
    from html import escape

    from kommunekart.base.strings import language

    with language(code):
        title, about = escape(page_title(page_id)), escape(t("app.undertittel"))
    meta = (
        f'<meta name="description" content="{about}">'
        f'<meta property="og:title" content="{title}">'
        f'<meta property="og:description" content="{about}">'
        '<meta property="og:type" content="website">'
    )
    return (f"<title>{title}</title>{meta}" + css(embedded_only) + language_html(code)).encode()


def style() -> None:
    """The page's styles as an element, unless the page already carries them."""
    if IN_PAGE:
        return
    st.html(css(state.embedded_only()))


# Streamlit's own English texts (1.67) -> the catalogue key of the app's words; "{x}" is a part kept
# as it is
_STREAMLIT_TEXTS = {
    "Press Enter to apply": "st.enter",
    "No results": "st.ingen_treff",
    "Choose an option": "st.velg",
    "Choose options": "st.velg",
    "Drag and drop a file here": "st.dra_fil",
    "Drag and drop files here": "st.dra_fil",
    "Upload": "st.last_opp",
    "Browse files": "st.last_opp",
    "Skip to main content": "st.hopp",
    "Download as CSV": "st.last_ned_csv",
    "Search": "st.sok",
    "Fullscreen": "st.fullskjerm",
    "Show/hide columns": "st.kolonner",
    "Copy to clipboard": "st.kopier",
    "Close": "st.lukk",
    "Running...": "st.pagaar",
    "In progress...": "st.pagaar",
    "Clear all": "st.fjern_alle",
    "Clear value": "st.fjern",
    "Sidebar": "st.sidepanel",
    "Collapse sidebar": "st.lukk_sidepanel",
    "Expand sidebar": "st.aapne_sidepanel",
    "Link to heading": "st.lenke_overskrift",
    "Zoom in": "st.zoom_inn",
    "Zoom out": "st.zoom_ut",
    "Open": "st.aapne",
    "Show data": "st.vis_data",
    "Vega visualization": "st.diagram",
    "visualization": "st.visualisering",  # Vega's aria-roledescription of a chart
    "axis": "st.akse_rolle",
    "legend": "st.tegnforklaring_rolle",
    "Download as PNG": "st.last_ned_png",
    "Download as SVG": "st.last_ned_svg",
    "Copy Vega-Lite spec": "st.kopier_spek",
    "file upload": "st.filopplasting",
    "Sort ascending": "st.sorter_stigende",
    "Sort descending": "st.sorter_synkende",
    "Hide column": "st.skjul_kolonne",
    "Pin column": "st.fest_kolonne",
    "Unpin column": "st.losne_kolonne",
    "Autosize": "st.autobredde",
    "Statistics": "st.statistikk",
}
# English sentences with parts (a regular expression's groups, in order) -> the catalogue's key and
# the names of its parameters for those parts. Vega's ARIA labels of axes and legends are made
# shorter: their scale's type and count are in the table anyway.
_STREAMLIT_PATTERNS = {
    r"^Help for (.+)$": ("st.hjelp", ("tekst",)),
    r"^(\d+(?:\.\d+)?\s?[KMG]?B) per file$": ("st.per_fil", ("mb",)),
    r"^Fullscreen: (.+)$": ("st.fullskjerm_om", ("tekst",)),
    r"^(\d+) options? available\.?$": ("st.valg_tilgjengelig", ("n",)),
    r"^([XY])-axis titled '(.+)' for an? \w+ scale.*$": ("st.akse", ("akse", "tittel")),
    r"^([XY])-axis for an? \w+ scale with \d+ values?: (.+)$": ("st.akse", ("akse", "tittel")),
    r"^Symbol legend titled ' ' for .+ with \d+ values?: (.+)$": (
        "st.tegnforklaring_verdier",
        ("verdier",),
    ),
    r"^Symbol legend titled '(.+)' for .+ with \d+ values?: (.+)$": (
        "st.tegnforklaring",
        ("tittel", "verdier"),
    ),
}


def _back_pattern(said: str, names: tuple) -> tuple[str, dict]:
    """A sentence of the catalogue as a regular expression (its parameters as groups, in the order
    they stand there) and each parameter's group: to put one of the app's languages in place of
    another."""
    import re

    order = sorted(names, key=lambda n: said.index("{" + n + "}"))
    pattern = re.escape(said)
    for n in names:
        pattern = pattern.replace(re.escape("{" + n + "}"), "(.+)")
    return "^" + pattern + "$", {n: f"${order.index(n) + 1}" for n in names}


def language() -> None:
    """Tell the browser the page's language (<html lang>, for screen readers and translation
    prompts; Streamlit hard-codes "en") and put the app's words in place of Streamlit's own English
    texts (upload box, "Press Enter to apply", "Help for …" labels, table toolbar) as they appear.
    The words come from the catalogue (trusted); a text already in another of the app's languages is
    replaced too, so a change of language reaches them."""
    if IN_PAGE and state.LANG_SENT not in st.session_state:
        # the page came with the address's language (page_head)
        st.session_state[state.LANG_SENT] = lang()
    if st.session_state.get(state.LANG_SENT) == lang():
        # the browser has it (the script keeps working when its element leaves the page); an
        st.empty()
        return  # element in its place keeps the page's later elements where they were (no remount)
    st.session_state[state.LANG_SENT] = lang()
    st.html(language_html(lang()), unsafe_allow_javascript=True)


@lru_cache(maxsize=8)
def language_html(code: str) -> str:
    """The script that gives the page this language's words (in Streamlit's <head>, or as an
    element). The words come from the catalogue; "</" is escaped all the same, so no word can end
    it."""
    import json

    from kommunekart.base.strings import LANGS, catalogue, language

    def words(key, other):
        return catalogue(other).get(key) or catalogue("nb")[key]

    with language(code):
        exact = {}
        for english, key in _STREAMLIT_TEXTS.items():
            exact[english] = t(key)
            for other in LANGS:
                exact[words(key, other)] = t(key)
        patterns = []
        for pattern, (key, names) in _STREAMLIT_PATTERNS.items():
            patterns.append([pattern, t(key, **{n: f"${i + 1}" for i, n in enumerate(names)})])
            for other in LANGS:
                back, groups = _back_pattern(words(key, other), names)
                patterns.append([back, t(key, **groups)])
        config = json.dumps({"lang": lang(), "exact": exact, "patterns": patterns}).replace(
            "</", "<\\/"
        )
    return f"<script>window.__kkWords={config};({_TRANSLATOR_JS})()</script>"


# In Streamlit's <head> the body is not there yet: the script then starts once it is. A later script
# (another language, as an element) puts its own words in place for the one observer.
_TRANSLATOR_JS = """function(){
  var W = window.__kkWords; document.documentElement.lang = W.lang;
  var res = W.patterns.map(function(p){ return [new RegExp(p[0]), p[1]]; });
  function word(s){
    if (!s || s.length > 200) return null;
    var k = s.trim(); if (W.exact.hasOwnProperty(k)) return W.exact[k] === k ? null : W.exact[k];
    for (var i = 0; i < res.length; i++) { if (res[i][0].test(k)) { var v = k.replace(res[i][0],
        res[i][1]); return v === k ? null : v; } }
    return null;
  }
  function fix(root){
    if (!root) return;
    if (root.nodeType === 3) { var v = word(root.nodeValue); if (v) root.nodeValue = v; return; }
    if (root.nodeType !== 1) return;
    var els = [root].concat(Array.prototype.slice.call(
        root.querySelectorAll('[aria-label],[title],[placeholder],[aria-roledescription]')));
    els.forEach(function(el){ ['aria-label','title','placeholder','aria-roledescription']
        .forEach(function(a){
      if (el.hasAttribute && el.hasAttribute(a)) { var v = word(el.getAttribute(a));
          if (v) el.setAttribute(a, v); } }); });
    var walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), n, todo = [];
    while ((n = walk.nextNode())) todo.push(n);
    todo.forEach(function(n){ var v = word(n.nodeValue); if (v) n.nodeValue = v; });
    current();
  }
  // the app's page menu marks the page shown (Streamlit's page links say it only by a tint)
  function current(){
    // the links are relative to the app's address (Kart: "?…", the profile: "kommuneprofil?…")
    var here = location.pathname.split('/').pop();
    document.querySelectorAll("a[data-testid='stPageLink-NavLink']").forEach(function(a){
      var there = (a.getAttribute('href') || '').split('?')[0].split('/').pop();
      if (there === here) { if (a.getAttribute('aria-current') !== 'page')
        a.setAttribute('aria-current', 'page'); }
      else if (a.hasAttribute('aria-current')) a.removeAttribute('aria-current');
    });
  }
  window.__kkFix = fix; window.__kkWord = word;
  function start(){
    if (!window.__kkObserver) {
      window.__kkObserver = new MutationObserver(function(muts){
        muts.forEach(function(m){
          if (m.type === 'childList') m.addedNodes.forEach(window.__kkFix);
          else if (m.type === 'characterData') window.__kkFix(m.target);
          else if (m.type === 'attributes') {
              var v = window.__kkWord(m.target.getAttribute(m.attributeName));
              if (v) m.target.setAttribute(m.attributeName, v); }
        });
      });
      window.__kkObserver.observe(document.body, {childList: true, subtree: true,
          characterData: true, attributes: true,
          attributeFilter: ['aria-label', 'title', 'placeholder', 'aria-roledescription']});
    }
    fix(document.body);
  }
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
}"""
