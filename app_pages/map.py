"""Map: meeting venues, and arcs from each organization's headquarters."""

import streamlit as st

from ctc_dashboard.derive import visits
from ctc_dashboard.render import alt_text, maps
from ctc_dashboard.ui import columns, keys, routes, selection, sidebar, widgets
from ctc_dashboard.ui.context import context

ctx = context()
if widgets.page_header(visits.map_title(routes.MAP.heading, ctx.data.meetings), ctx):
    m = ctx.meetings
    c1, c2 = st.columns([2, 3])
    colour_by = sidebar.page_choice(ctx.view, "map-colour", c1)
    show_arcs = c2.toggle("Show arcs from each organization's headquarters to the venue", value=True,
                          key=keys.MAP_ARCS)
    points, aggregated = maps.venue_points(m, colour_by)
    if aggregated:
        st.warning(f"{len(m)} meetings are too many to draw one by one: one circle per city instead.",
                   icon=":material/info:")
    deck = maps.venue_deck(ctx.data, m, show_arcs=show_arcs, colour_by=colour_by, dark=widgets.dark_theme())
    coloured = None if colour_by == "type" or aggregated else maps.venue_colour_table(m, colour_by)
    alt = alt_text.venues(m, arcs=maps.arc_count(deck), colours=coloured,
                          by=maps.COLOUR_BY[colour_by])
    event = st.pydeck_chart(deck, height=560, on_select="rerun", selection_mode="single-object",
                            key=selection.selection_key(keys.VENUE_MAP), alt=alt)
    widgets.described(alt)
    selection.selection_box(ctx, keys.VENUE_MAP, selection.selected_ids(event, "map"))
    st.markdown(maps.colour_legend(m, colour_by), unsafe_allow_html=True)
    if colour_by != "type":
        st.caption("Topic: the meeting's only topic, or several topics. Region: the UN M49 region the meeting was "
                   "about (focus_region). Both are our classification (Sources & about).")
    if show_arcs:
        st.markdown(maps.arc_legend(), unsafe_allow_html=True)
    st.caption("Click a circle to select its meeting. "
               "Circles: one per meeting and place (a meeting held in two cities has two), sized by the organizations "
               "that sources name as taking part; meetings in the same city are spread around it so each stays "
               "visible. A ring is a place no source states (our assumption); virtual meetings had no place and are "
               "not drawn. Positions are the city's (GeoNames), not the building's. Organizations without known "
               "headquarters have no arc.")
    if visits.is_visit(ctx.data.meetings).any():
        st.caption(visits.MAP_NOTE)
    with st.expander("Table: venues"):
        columns.table(maps.venues_table(m), key=keys.table(keys.VENUE_MAP))
widgets.sources_line(ctx)
