"""CTC cooperation dashboard: ``streamlit run dashboard.py [-- --data DIR]``."""

import streamlit as st

from ctc_dashboard import profiles, ui

# An emoji page_icon: a Material icon favicon (or, with none, each page's Material icon) is fetched from
# fonts.gstatic.com, and the page must stay offline.
st.set_page_config(page_title="CTC cooperation dashboard", page_icon="🌐", layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/home:", default=True),
    st.Page("app_pages/map.py", title="Map", icon=":material/map:", url_path="map"),
    st.Page("app_pages/timeline.py", title="Timeline", icon=":material/calendar_month:", url_path="timeline"),
    st.Page("app_pages/participation.py", title="Participation", icon=":material/bar_chart:", url_path="participation"),
    st.Page("app_pages/profiles.py", title="Profiles", icon=":material/search:", url_path="profile"),
    st.Page("app_pages/explore.py", title="Who came back", icon=":material/repeat:", url_path="continuity"),
    st.Page("app_pages/data.py", title="Data", icon=":material/download:", url_path="data"),
    st.Page("app_pages/about.py", title="Sources & about", icon=":material/menu_book:", url_path="about"),
]

page = st.navigation(PAGES)
# /?meeting=<id> or /?organization=<id> on the landing page opens that profile, filters kept.
if (params := profiles.landing_redirect(st.query_params, page.url_path == "")) is not None:
    st.switch_page(profiles.PROFILE_PAGE, query_params=params)
ui.build_context()
page.run()
