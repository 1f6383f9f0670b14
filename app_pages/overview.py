"""Overview: headline figures, the three views small, what these meetings are."""

import streamlit as st

from ctc_dashboard import figures, filters, maps, text, ui

ctx = ui.context()
if ui.page_header("CTC cooperation with international and regional organizations", ctx):
    m = ctx.meetings
    took = filters.organizations_taking_part(ctx.view.participation)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Meetings", len(m))
    c2.metric("Organizations named as taking part", took)
    c3.metric("Host cities", m["city"].nunique())
    c4.metric("Outside New York", int((m["city"] != "New York").sum()))

    left, right = st.columns([3, 2])
    with left:
        st.subheader("Where they met")
        st.pydeck_chart(maps.venue_deck(ctx.view, m, show_arcs=False), height=330, key="overview-map")
    with right:
        st.subheader("What these meetings are")
        if ctx.full.label == "shipped data":
            st.markdown(text.ABOUT_MEETINGS)
        else:
            st.markdown(f"Showing **{text.md_escape(ctx.full.label)}**, a data folder of the same shape.")
    left, right = st.columns(2)
    with left:
        st.plotly_chart(figures.timeline(m), width="stretch", key="overview-timeline")
    with right:
        st.plotly_chart(figures.participation_by_meeting(m, ctx.view, by="kind"), width="stretch",
                        key="overview-breakdown")
    st.page_link("app_pages/map.py", label="Explore the map", icon=":material/map:")
    st.page_link("app_pages/participation.py", label="Who took part", icon=":material/bar_chart:")
ui.sources_line(ctx)
