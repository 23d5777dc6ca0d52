"""Kommunekart: entry point. `streamlit run app.py` -> the map; pages live in pages/."""
import streamlit as st

from kommunekart.strings import t
from kommunekart.ui import is_embedded, setup_page

setup_page()
embedded = is_embedded() and st.query_params.get("kontroller") != "1"
if embedded:  # an embedded view shows only the figure: no page list, no sidebar
    st.markdown("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl']{display:none}</style>",
                unsafe_allow_html=True)
st.navigation(position="hidden" if embedded else "sidebar", pages=[
    st.Page("pages/kart.py", title=t("nav.kart"), default=True),
    st.Page("pages/kommuneprofil.py", title=t("nav.profil"), url_path="kommuneprofil"),
    st.Page("pages/storrelsesgrupper.py", title=t("nav.grupper"), url_path="storrelsesgrupper"),
]).run()
