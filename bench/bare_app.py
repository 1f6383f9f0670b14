"""The floor of Streamlit itself: one line of text, no chart library (``streamlit run bench/bare_app.py``)."""

import streamlit as st

st.write("Bare page: one st.write.")
