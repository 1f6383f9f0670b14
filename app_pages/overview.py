"""Overview: headline figures, the three views small, what these meetings are."""

import streamlit as st

from ctc_dashboard.derive import scope, summary, visits
from ctc_dashboard.render import alt_text, breakdown, charts, maps, prose
from ctc_dashboard.render.escape import md_escape
from ctc_dashboard.ui import columns, keys, routes, source, widgets
from ctc_dashboard.ui.context import context

ctx = context()
if widgets.page_header(routes.OVERVIEW.heading, ctx):
    m = ctx.meetings
    h = summary.headline_figures(ctx.data, m)
    figures = [("Meetings", h["meetings"], None)] if h["meetings"] or not h["visits"] else []
    figures += [("Country visits", h["visits"], None)] if h["visits"] else []
    figures += [("Organizations taking part", h["organizations"], prose.TAKING_PART_MEANS)]
    figures += [("Visited States", h["visited_states"], None)] if h["visits"] else []
    figures += ([("Host cities", h["cities"], prose.HOST_CITIES_HELP),
                 ("Outside New York", h["outside_new_york"], prose.OUTSIDE_NEW_YORK_HELP)] if h["meetings"] else [])
    cells = st.container(key=keys.HEADLINE).columns(4)  # its height is kept while metrics load
    for col, (label, value, help_text) in zip(cells, figures[:4], strict=False):
        col.metric(label, value, help=help_text)
    st.caption(md_escape(scope.coverage_line(ctx.full)))

    left, right = st.columns([3, 2])
    with left:
        st.header(visits.where_heading(m))
        alt = alt_text.venues(m)
        st.pydeck_chart(maps.venue_deck(ctx.data, m, show_arcs=False, dark=widgets.dark_theme()), height=330,
                        key=keys.OVERVIEW_MAP, alt=alt)
        widgets.described(alt)
        st.markdown(maps.place_legend(m), unsafe_allow_html=True)
        with st.expander("Table: venues", key=keys.shown(keys.OVERVIEW_MAP), on_change="rerun") as venues:
            if venues.open:  # built and sent only when opened
                columns.table(maps.venues_table(m), key=keys.table(keys.OVERVIEW_MAP))
    with right:
        st.header(f"What these {visits.noun(m)} are")
        if ctx.full.label == source.SHIPPED_LABEL:
            st.markdown(prose.ABOUT_MEETINGS)
            st.info(visits.coverage(ctx.full).sentence(), icon=":material/travel_explore:")
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
