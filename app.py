"""Kommunekart: entry point and router. `streamlit run app.py` -> the map; the pages live in sider/.

The folder is deliberately not called `pages/`: Streamlit auto-discovers a `pages/` folder, and a
visitor whose first request is a deep link (/kommuneprofil?...) on a fresh server then got the old
file-based navigation instead of this router (seen here with Streamlit 1.67)."""
import streamlit as st

from kommunekart.strings import t
from kommunekart.ui import is_embedded, setup_page

setup_page()
embedded = is_embedded() and st.query_params.get("kontroller") != "1"
if embedded:  # an embedded view shows only the figure: no page list, no sidebar
    st.markdown("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl']{display:none}</style>",
                unsafe_allow_html=True)
st.navigation(position="hidden" if embedded else "sidebar", pages=[
    st.Page("sider/kart.py", title=t("nav.kart"), default=True),
    st.Page("sider/kommuneprofil.py", title=t("nav.profil"), url_path="kommuneprofil"),
    st.Page("sider/storrelsesgrupper.py", title=t("nav.grupper"), url_path="storrelsesgrupper"),
    st.Page("sider/data.py", title=t("nav.data"), url_path="data"),
]).run()
