"""CTC cooperation dashboard: ``streamlit run dashboard.py [-- --data DIR]``."""

import streamlit as st

from ctc_dashboard import ui

st.set_page_config(page_title="CTC cooperation dashboard", page_icon="🌐", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon="🏠", default=True),
    st.Page("pages/map.py", title="Map", icon="🗺️", url_path="map"),
    st.Page("pages/timeline.py", title="Timeline", icon="📅", url_path="timeline"),
    st.Page("pages/participation.py", title="Participation", icon="📊", url_path="participation"),
    st.Page("pages/data.py", title="Data", icon="⬇️", url_path="data"),
    st.Page("pages/about.py", title="Sources & about", icon="📚", url_path="about"),
]

page = st.navigation(PAGES)
ui.build_context()
page.run()
