"""Map: meeting venues, and arcs from each organization's headquarters."""

import streamlit as st

from ctc_dashboard import maps, ui
from ctc_dashboard.style import KIND_COLOURS, type_colour

ctx = ui.context()
if ui.page_header("Where the meetings were held", ctx):
    m = ctx.meetings
    show_arcs = st.toggle("Show arcs from each organization's headquarters to the venue", value=True, key="arcs")
    points, aggregated = maps.venue_points(m)
    if aggregated:
        st.warning(f"{len(m)} meetings are too many to draw one by one: one circle per city instead.",
                   icon=":material/info:")
    event = st.pydeck_chart(maps.venue_deck(ctx.view, m, show_arcs=show_arcs), height=560, on_select="rerun",
                            selection_mode="single-object", key=ui.selection_key("venue-map"))
    ui.selection_box(ctx, "venue-map", ui.selected_ids(event, "map"))
    types = list(dict.fromkeys(m["meeting_type"]))
    st.markdown(maps.legend_html([(t, type_colour(t)) for t in types]), unsafe_allow_html=True)
    if show_arcs:
        arc_items = [(f"arc from {'an' if k[0] in 'aeiou' else 'a'} {k} organization", c)
                     for k, c in KIND_COLOURS.items()]
        st.markdown(maps.legend_html(arc_items), unsafe_allow_html=True)
    st.caption("Click a circle to select its meeting. "
               "Circles: one per meeting, sized by the organizations that sources name as taking part; meetings in "
               "the same city are spread around it so each stays visible. Positions are the city's (GeoNames), not "
               "the building's. Organizations without known headquarters have no arc.")
    with st.expander("Table: venues"):
        venues = (m.groupby(["city", "country"], dropna=False)
                  .agg(meetings=("meeting_id", "size"), first=("start_date", "min"), last=("start_date", "max"))
                  .reset_index().sort_values("meetings", ascending=False))
        st.dataframe(venues, width="stretch", hide_index=True)
ui.sources_line(ctx)
