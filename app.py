"""Kommunekart: entry point and router. `streamlit run app.py` -> the map; the pages live in sider/.

The folder is deliberately not called `pages/` (docs/decisions/0002-pages-in-sider.md). The page
menu is drawn by the app (widgets.page_menu, via state.finish) rather than by st.navigation, because
Streamlit's own navigation links drop the query parameters and the view must follow the visitor."""
import streamlit as st

from kommunekart.strings import t
from kommunekart.web import data, page_language, state, widgets

state.early_lang()  # the page's title and menu in the visitor's language
st.set_page_config(page_title=t("app.tittel"), layout="wide", initial_sidebar_state="auto")  # closed on a phone
embedded = state.embedded_only()
if embedded:  # an embedded view shows only the figure: no page list, no sidebar
    # and fits a small frame (320 x 400 and up): little padding, a modest heading
    st.html("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl']{display:none}"
            ".block-container{padding:.4rem .6rem 0 .6rem !important}"
            ".block-container h1,.block-container h2,.block-container h3{font-size:1.05rem;padding:0 0 .2rem}"
            "</style>")
else:  # section headings are h2 under the page's h1 (heading order), at the size of a subheading;
    # a phone: titles that wrap between words at a size that fits 390 px
    st.html("<style>.block-container h2{font-size:1.6rem}"
            "[data-testid='stPageLink-NavLink'] span,[data-testid='stPageLink-NavLink'] p"  # a long link label
            "{white-space:normal !important;text-overflow:clip !important}"  # wraps, not cut off
            "@media (max-width: 640px){.block-container h1{font-size:1.6rem;line-height:1.2;"
            "overflow-wrap:break-word;hyphens:auto}.block-container h2,.block-container h3{font-size:1.2rem}"
            ".block-container{padding-left:.8rem !important;padding-right:.8rem !important}}</style>")
pages = {pid: st.Page(script, title=t(title), default=(pid == "kart"), url_path=None if pid == "kart" else path)
         for pid, (script, title, _keys, path) in widgets.PAGES.items()}
page = st.navigation(list(pages.values()), position="hidden")
state.set_pages(pages)
page_id = next(pid for pid, p in pages.items() if p.url_path == page.url_path)
if not embedded:
    state.set_menu_slot(st.sidebar.container())
state.begin(data.dataset_or_stop(), page_id)
page_language.page_language()
page.run()
