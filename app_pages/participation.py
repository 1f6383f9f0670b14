"""Participation: who took part in each meeting, and how often each organization came."""

import streamlit as st

from ctc_dashboard import figures, summary, ui

ctx = ui.context()
if ui.page_header("Who took part", ctx):
    m = ctx.meetings
    st.subheader("At each meeting")
    by = st.segmented_control("Break down by", ["kind", "role"], default="kind", key="breakdown-by",
                              format_func={"kind": "Organization kind", "role": "Role"}.get) or "kind"
    table = figures.participation_by_meeting_table(m, ctx.view, by=by)
    event = ui.chart_or_table(figures.participation_by_meeting(m, ctx.view, by=by, table=table), table,
                              "participation-by-meeting", selectable=True)
    ui.selection_box(ctx, "participation-by-meeting", ui.selected_ids(event, "bar", table))
    st.caption("Bars count the organizations that sources name; the dot is the headline figure and the line the "
               "range of every figure the sources give. Sources often name fewer organizations than took part.")
    st.subheader("Per organization")
    orgs = summary.organization_summary(ctx.view)
    ui.chart_or_table(figures.meetings_per_organization(orgs), orgs, "meetings-per-organization")
ui.sources_line(ctx)
