"""Participation: who took part in each meeting, and how often each organization came."""

import streamlit as st

from ctc_dashboard.derive import summary
from ctc_dashboard.render import alt_text, breakdown
from ctc_dashboard.ui import keys, routes, selection, sidebar, widgets
from ctc_dashboard.ui.context import context

ctx = context()
if widgets.page_header(routes.PARTICIPATION.heading, ctx):
    st.header("At each meeting")
    by = sidebar.page_choice(ctx.view, "breakdown-by")
    table = breakdown.participation_by_meeting_table(ctx.meetings, ctx.data, by=by)
    event = widgets.chart_or_table(breakdown.participation_by_meeting(table), table, keys.BREAKDOWN,
                                   (alt_text.participation_by_region if by == "region" else
                                    alt_text.participation_by_meeting)(table), selectable=True)
    selection.selection_box(ctx, keys.BREAKDOWN, selection.selected_ids(event, "bar", table))
    st.caption("Bars count the organizations that sources name; the dot is the headline figure and the line the "
               "range of every figure the sources give. Sources often name fewer organizations than took part."
               + (" Region: the UN M49 region of each organization's members (our classification); global for "
                  "international organizations; several regions when its members are in more than one."
                  if by == "region" else ""))
    st.header("Per organization")
    orgs = summary.organization_summary(ctx.data)
    top = breakdown.meetings_per_organization_table(orgs)
    widgets.chart_or_table(breakdown.meetings_per_organization(top), orgs, keys.PER_ORGANIZATION,
                           alt_text.meetings_per_organization(top))
widgets.sources_line(ctx)
