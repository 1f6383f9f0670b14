"""Overview: headline figures, the three views small, what these meetings are."""

import streamlit as st

from ctc_dashboard.derive import summary
from ctc_dashboard.render import alt_text, breakdown, charts, maps, prose
from ctc_dashboard.render.escape import md_escape
from ctc_dashboard.ui import keys, routes, source, widgets
from ctc_dashboard.ui.context import context

ctx = context()
if widgets.page_header(routes.OVERVIEW.heading, ctx):
    m = ctx.meetings
    h = summary.headline_figures(ctx.data, m)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Meetings", h["meetings"])
    c2.metric("Organizations named as taking part", h["organizations"])
    c3.metric("Host cities", h["cities"])
    c4.metric("Outside New York", h["outside_new_york"])

    left, right = st.columns([3, 2])
    with left:
        st.header("Where they met")
        alt = alt_text.venues(m)
        st.pydeck_chart(maps.venue_deck(ctx.data, m, show_arcs=False, dark=widgets.dark_theme()), height=330,
                        key=keys.OVERVIEW_MAP, alt=alt)
        widgets.described(alt)
        with st.expander("Table: venues"):
            st.dataframe(maps.venues_table(m), width="stretch", hide_index=True, key=keys.table(keys.OVERVIEW_MAP))
    with right:
        st.header("What these meetings are")
        if ctx.full.label == source.SHIPPED_LABEL:
            st.markdown(prose.ABOUT_MEETINGS)
        else:
            st.markdown(f"Showing **{md_escape(ctx.full.label)}**, a data folder of the same shape.")
    left, right = st.columns(2)
    with left:
        st.header("When")
        when = charts.timeline_table(m)
        widgets.chart_or_table(charts.timeline(when), when, keys.OVERVIEW_TIMELINE, alt_text.timeline(m))
    with right:
        st.header("Who took part")
        who = breakdown.participation_by_meeting_table(m, ctx.data)
        widgets.chart_or_table(breakdown.participation_by_meeting(who), who, keys.OVERVIEW_BREAKDOWN,
                               alt_text.participation_by_meeting(who))
    st.page_link(routes.MAP.file, label="Explore the map", icon=routes.MAP.icon)
    st.page_link(routes.PARTICIPATION.file, label="Who took part", icon=routes.PARTICIPATION.icon)
widgets.sources_line(ctx)
