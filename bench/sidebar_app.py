"""The floor of Streamlit with a sidebar like the dashboard's: wide layout, a navigation of 8 pages, a years slider
and two multiselects with chips, one line of text. Its layout shift is Streamlit's own first paint (the page
laid out centred, then wide, then moved right for the sidebar), the measure the landing page is held to."""

import streamlit as st

st.set_page_config(page_title="Sidebar page", layout="wide")
TITLES = ["Overview", "Map", "Timeline", "Participation", "Who came back", "Profiles", "Data", "Sources & about"]


def page() -> None:
    st.write("Bare page with a sidebar: one st.write.")


nav = st.navigation([st.Page(page, title=t, url_path=None if i == 0 else f"p{i}", default=i == 0)
                     for i, t in enumerate(TITLES)])
st.sidebar.slider("Years", 2003, 2026, (2003, 2026))
st.sidebar.multiselect("Meeting types", ["special meeting", "open briefing"], default=["special meeting"])
st.sidebar.multiselect("Organizations", [f"Organization {i}" for i in range(40)])
nav.run()
