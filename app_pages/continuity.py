"""Who came back: the organizations × meetings matrix, and per organization its first, last and return visits."""

import streamlit as st

from ctc_dashboard.derive import continuity, exports, profiles
from ctc_dashboard.render import alt_text, matrix, prose
from ctc_dashboard.ui import cache, columns, keys, routes, sidebar, url, widgets
from ctc_dashboard.ui.context import context

ctx = context()
if widgets.page_header(routes.CONTINUITY.heading, ctx):
    st.header("Organizations × meetings")
    sort = sidebar.page_choice(ctx.view, "matrix-sort")
    table, per_org = cache.continuity_tables(ctx.view, sort, ctx.uploaded)
    widgets.chart_or_table(matrix.matrix(table), continuity.matrix_readable(table), keys.MATRIX,
                           alt_text.matrix(table))
    rows = continuity.rows_caption(table, ctx.data.participation)
    st.caption("Each row is an organization, each column a meeting of the current view, oldest first; the colour is "
               "its role there, blank where no source records it. Invited (grey): invited, and no source says "
               "whether it attended. " + rows + continuity.capped_caption(table))

    st.header("Per organization: first and last meeting, and how often it came back")
    n = continuity.continuity_metrics(per_org, ctx.data.participation)
    c1, c2, c3 = st.columns(3)
    c1.metric("Organizations taking part", n["took_part"], help=prose.TAKING_PART_MEANS)
    c2.metric("Came back at least once", n["came_back"],
              help="Took part in at least one meeting after its first, among the meetings shown")
    c3.metric("Took part only once", n["once"])
    columns.table(
        per_org, key=keys.CONTINUITY_TABLE, on_select="rerun",
        selection_mode="single-row",
        column_order=["label", "name", "kind", "first_date", "first_title", "last_date", "last_title", "meetings",
                      "came_back", "share", "invited", "roles", "org_id", "first_meeting", "last_meeting"],
        column_config={
            "first_date": st.column_config.DateColumn("first meeting", format="YYYY-MM-DD"),
            "first_title": st.column_config.TextColumn("first meeting title"),
            "last_date": st.column_config.DateColumn("last meeting", format="YYYY-MM-DD"),
            "last_title": st.column_config.TextColumn("last meeting title"),
            "meetings": st.column_config.NumberColumn("meetings", help="Meetings taken part in (any role but invited)"),
            "came_back": st.column_config.NumberColumn("came back to", help="Meetings taken part in after its first"),
            "share": st.column_config.ProgressColumn("share of meetings", format="percent", min_value=0, max_value=1,
                                                     help="Meetings taken part in, over the meetings of the view"),
            "invited": st.column_config.NumberColumn("invited only", help="Invited; no source says it attended"),
        },
    )
    st.caption(f"Over the {len(ctx.data.meetings)} meetings of the current view. "
               + continuity.rows_caption(per_org, ctx.data.participation)
               + " Choose a row to open the organization's profile.")
    st.download_button("Download this table (CSV)", lambda: exports.spreadsheet_csv(per_org), "ctc-continuity.csv",
                       "text/csv", on_click="ignore", key=keys.CONTINUITY_DOWNLOAD)
    chosen = st.session_state.get(keys.CONTINUITY_TABLE)
    rows = chosen.selection.rows if chosen is not None else []
    if rows:
        params = url.with_profile(profiles.ORGANIZATION, str(per_org.iloc[rows[0]]["org_id"]))
        st.switch_page(routes.PROFILE.file, query_params=params)
widgets.sources_line(ctx)
