"""The page's language in the browser: <html lang> (Streamlit hard-codes "en") and the app's words in
place of Streamlit's own English texts as they appear (a small script sent once per language)."""
from __future__ import annotations

from functools import lru_cache

import streamlit as st

from ..strings import lang, t
from . import state

# Streamlit's own English texts (1.67) -> the catalogue key of the app's words; "{x}" is a part kept as it is
_STREAMLIT_TEXTS = {
    "Press Enter to apply": "st.enter", "No results": "st.ingen_treff", "Choose an option": "st.velg",
    "Choose options": "st.velg", "Drag and drop a file here": "st.dra_fil", "Drag and drop files here": "st.dra_fil",
    "Upload": "st.last_opp", "Browse files": "st.last_opp", "Skip to main content": "st.hopp",
    "Download as CSV": "st.last_ned_csv", "Search": "st.sok", "Fullscreen": "st.fullskjerm",
    "Show/hide columns": "st.kolonner", "Copy to clipboard": "st.kopier", "Close": "st.lukk",
    "Running...": "st.pagaar", "In progress...": "st.pagaar", "Clear all": "st.fjern_alle", "Clear value": "st.fjern",
    "Sidebar": "st.sidepanel", "Collapse sidebar": "st.lukk_sidepanel", "Expand sidebar": "st.aapne_sidepanel",
    "Link to heading": "st.lenke_overskrift", "Zoom in": "st.zoom_inn", "Zoom out": "st.zoom_ut",
    "Open": "st.aapne", "Show data": "st.vis_data", "Vega visualization": "st.diagram",
}
_STREAMLIT_PATTERNS = {r"^Help for (.+)$": ("st.hjelp", "tekst"), r"^(\d+(?:\.\d+)?\s?[KMG]?B) per file$": ("st.per_fil", "mb")}


def page_language() -> None:
    """Tell the browser the page's language (<html lang>, for screen readers and translation prompts;
    Streamlit hard-codes "en") and put the app's words in place of Streamlit's own English texts
    (upload box, "Press Enter to apply", "Help for …" labels, table toolbar) as they appear. The words
    come from the catalogue (trusted); a text already in another of the app's languages is replaced
    too, so a change of language reaches them."""
    if st.session_state.get(state.LANG_SENT) == lang():
        st.empty()  # the browser has it (the script keeps working when its element leaves the page); an
        return      # element in its place keeps the page's later elements where they were (no remount)
    st.session_state[state.LANG_SENT] = lang()
    st.html(_language_html(lang()), unsafe_allow_javascript=True)


@lru_cache(maxsize=8)
def _language_html(code: str) -> str:
    import json

    from ..strings import LANGS, catalogue

    def words(key, code):
        return catalogue(code).get(key) or catalogue("nb")[key]

    exact = {}
    for english, key in _STREAMLIT_TEXTS.items():
        exact[english] = t(key)
        for code in LANGS:
            exact[words(key, code)] = t(key)
    patterns = []
    for pattern, (key, name) in _STREAMLIT_PATTERNS.items():
        patterns.append([pattern, t(key, **{name: "$1"})])
        for code in LANGS:
            other = words(key, code).replace("{" + name + "}", "(.+)")
            patterns.append(["^" + other.replace("(.+)", "\u0000").replace(".", "\\.").replace("\u0000", "(.+)") + "$",
                             t(key, **{name: "$1"})])
    config = json.dumps({"lang": lang(), "exact": exact, "patterns": patterns})
    return f"<script>window.__kkWords={config};({_TRANSLATOR_JS})()</script>"


_TRANSLATOR_JS = """function(){
  var W = window.__kkWords; document.documentElement.lang = W.lang;
  var res = W.patterns.map(function(p){ return [new RegExp(p[0]), p[1]]; });
  function word(s){
    if (!s || s.length > 200) return null;
    var k = s.trim(); if (W.exact.hasOwnProperty(k)) return W.exact[k] === k ? null : W.exact[k];
    for (var i = 0; i < res.length; i++) { if (res[i][0].test(k)) { var v = k.replace(res[i][0], res[i][1]); return v === k ? null : v; } }
    return null;
  }
  function fix(root){
    if (!root) return;
    if (root.nodeType === 3) { var v = word(root.nodeValue); if (v) root.nodeValue = v; return; }
    if (root.nodeType !== 1) return;
    var els = [root].concat(Array.prototype.slice.call(root.querySelectorAll('[aria-label],[title],[placeholder]')));
    els.forEach(function(el){ ['aria-label','title','placeholder'].forEach(function(a){
      if (el.hasAttribute && el.hasAttribute(a)) { var v = word(el.getAttribute(a)); if (v) el.setAttribute(a, v); } }); });
    var walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), n, todo = [];
    while ((n = walk.nextNode())) todo.push(n);
    todo.forEach(function(n){ var v = word(n.nodeValue); if (v) n.nodeValue = v; });
  }
  if (!window.__kkObserver) {
    window.__kkObserver = new MutationObserver(function(muts){
      muts.forEach(function(m){
        if (m.type === 'childList') m.addedNodes.forEach(fix);
        else if (m.type === 'characterData') fix(m.target);
        else if (m.type === 'attributes') { var v = word(m.target.getAttribute(m.attributeName)); if (v) m.target.setAttribute(m.attributeName, v); }
      });
    });
    window.__kkObserver.observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true,
                                                attributeFilter: ['aria-label', 'title', 'placeholder']});
  }
  fix(document.body);
}"""
