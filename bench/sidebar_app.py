"""The floor of Streamlit with a sidebar: one line of text and one sidebar widget, for layout shift side by side
with the dashboard (Streamlit's first paint lays the page out full width, then adds the sidebar)."""

import streamlit as st

st.sidebar.slider("Years", 2003, 2026, (2003, 2026))
st.write("Bare page with a sidebar: one st.write.")
