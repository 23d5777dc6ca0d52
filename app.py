"""Kommunekart: entry point and router. `streamlit run app.py` -> the map; the pages live in sider/.

The folder is deliberately not called `pages/` (docs/decisions/0002-pages-in-sider.md). The page
menu is drawn by the app (widgets.page_menu, via state.finish) rather than by st.navigation, because
Streamlit's own navigation links drop the query parameters and the view must follow the visitor."""

import streamlit as st

from kommunekart.web import data, fault, page_head, state, widgets

state.early_lang()  # the page's title and menu in the visitor's language
# each page's title is the browser tab's («Kommuneprofil – Kommunekart»; the menu is the app's own)
pages = {
    pid: st.Page(
        script,
        title=page_head.page_title(pid),
        default=(pid == "kart"),
        url_path=None if pid == "kart" else path,
    )
    for pid, (script, _title, _keys, path) in widgets.PAGES.items()
}
page = st.navigation(list(pages.values()), position="hidden")
state.set_pages(pages)
page_id = next(pid for pid, p in pages.items() if p.url_path == page.url_path)
title = page_head.page_title(page_id)
# the sidebar closed on a phone
st.set_page_config(page_title=title, layout="wide", initial_sidebar_state="auto")
embedded = state.embedded_only()
# the app's styles (an embed's: only the figure, small), unless the page came with them
page_head.style()
if not embedded:
    state.set_menu_slot(st.sidebar.container())
try:
    state.begin(data.dataset_or_stop(), page_id)
    if page_head.page_title(page_id) != title:  # a change of language in this run
        st.set_page_config(page_title=page_head.page_title(page_id))
    page_head.language()
    page.run()
except (
    Exception
) as err:  # a fault no check caught: the app's words and a reference, never a traceback
    fault.unexpected_error(err)
    # a developer's setting (and the tests'): Streamlit's details too
    if fault.shows_error_details():
        raise
