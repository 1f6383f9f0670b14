"""The floor of this stack: one small offline pydeck map and one small plotly chart.

Same basemap and map settings as the dashboard (local MapLibre style, no map provider), so the
difference between this page and the dashboard is the dashboard's own work. Run it from the
repository root so that .streamlit/config.toml applies; Streamlit serves the static/ beside the script, and
bench/static is a link to the app's (before it was, this page's map fetched no basemap).
"""

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

BASEMAP_STYLE = "/app/static/basemap-style.json"  # as ctc_dashboard.maps, without importing the package

st.set_page_config(page_title="Minimal page", layout="wide")
st.title("Minimal page")
points = pd.DataFrame({"position": [[-74.006, 40.7143], [16.3721, 48.2085], [2.3488, 48.8534]],
                       "radius": [8, 6, 5], "tooltip": ["New York", "Vienna", "Paris"]})
st.pydeck_chart(pdk.Deck(
    layers=[pdk.Layer("ScatterplotLayer", points, id="venues", get_position="position", get_radius="radius",
                      radius_units="pixels", get_fill_color=[0, 114, 178, 215], pickable=True)],
    initial_view_state=pdk.ViewState(latitude=20, longitude=10, zoom=0.9),
    map_style=BASEMAP_STYLE, map_provider=None, tooltip={"text": "{tooltip}"},
), height=330, key="map")
st.plotly_chart(go.Figure(go.Bar(x=[2003, 2004, 2005], y=[3, 1, 4])), width="stretch", key="chart")
