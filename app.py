"""Kommunekart: entry point. `streamlit run app.py` -> the map; pages live in pages/."""
import streamlit as st

from kommunekart.strings import t
from kommunekart.ui import setup_page

setup_page()
st.navigation([
    st.Page("pages/kart.py", title=t("nav.kart"), default=True),
    st.Page("pages/kommuneprofil.py", title=t("nav.profil"), url_path="kommuneprofil"),
    st.Page("pages/storrelsesgrupper.py", title=t("nav.grupper"), url_path="storrelsesgrupper"),
]).run()
