"""Timeline: every meeting on a time axis, and organizations per year."""

import streamlit as st

from ctc_dashboard.render import alt_text, charts
from ctc_dashboard.ui import keys, routes, selection, widgets
from ctc_dashboard.ui.context import context

ctx = context()
if widgets.page_header(routes.TIMELINE.heading, ctx):
    cols = ["start_date", "end_date", "title", "meeting_type", "city", "country", "hosts", "named_organizations",
            "reported_text"]
    event = widgets.chart_or_table(charts.timeline(charts.timeline_table(ctx.meetings)), ctx.meetings[cols],
                                   keys.TIMELINE, alt_text.timeline(ctx.meetings), selectable=True)
    selection.selection_box(ctx, keys.TIMELINE, selection.selected_ids(event, "timeline"))
    per_year = charts.organizations_per_year_table(ctx.data)
    widgets.chart_or_table(charts.organizations_per_year(per_year), per_year, keys.ORGANIZATIONS_PER_YEAR,
                           alt_text.organizations_per_year(per_year))
    topics = charts.topics_per_year_table(ctx.meetings)
    ranked = charts.topic_totals_table(topics)
    widgets.chart_or_table(charts.topic_totals(ranked), ranked, keys.TOPIC_TOTALS, alt_text.topic_totals(ranked))
    widgets.chart_or_table(charts.topics_per_year(topics), topics, keys.TOPICS_PER_YEAR,
                           alt_text.topics_per_year(topics))
    st.caption("Topics are our classification of each meeting from its title, theme and sources (the rule is on "
               "the Sources & about page); a meeting about several subjects counts under each, so the ranked totals "
               "add up to more than the meetings.")
widgets.sources_line(ctx)
