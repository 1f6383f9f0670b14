"""What the eye sees: plotly charts, pydeck maps, colours, escaping and prose. No Streamlit."""
