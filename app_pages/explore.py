"""Who came back: the organizations × meetings matrix, and per organization its first, last and return visits."""

import streamlit as st

from ctc_dashboard import continuity, exports, profiles, ui

ctx = ui.context()


@st.cache_data(max_entries=8, show_spinner="Building the matrix…")
def _tables(version: str, filters: str, sort: str, _view):
    """Matrix and continuity table per data version, filters and sort (a second or two at 100,000 meetings)."""
    return continuity.matrix_table(_view, sort), continuity.continuity_table(_view)


if ui.page_header("Who came back", ctx):
    st.subheader("Organizations × meetings")
    sort = st.segmented_control("Sort organizations by", list(continuity.SORTS), default="first", required=True,
                                format_func=continuity.SORTS.get, key="matrix-sort") or "first"
    matrix, table = _tables(ctx.full.version, repr(ctx.filters), sort, ctx.view)
    ui.chart_or_table(continuity.matrix_figure(ctx.view, matrix, sort), matrix, "participation-matrix")
    a = matrix.attrs
    capped = ""
    if a.get("organizations_shown", 0) < a.get("organizations", 0) or a.get("meetings_shown", 0) < a.get("meetings", 0):
        capped = (f" Showing {a['organizations_shown']} of {a['organizations']} organizations (those with most "
                  f"meetings) and {a['meetings_shown']} of {a['meetings']} meetings (those with most of them): at most "
                  f"{continuity.MAX_ORGS} × {continuity.MAX_MEETINGS} stay readable. Narrow the filters to see others.")
    st.caption("Each row is an organization, each column a meeting of the current view, oldest first; the colour is "
               "its role there, blank where no source records it. Invited (grey): invited, and no source says "
               "whether it attended." + capped)

    st.subheader("Per organization: first and last meeting, and how often it came back")
    took = table[table["meetings"] > 0]
    c1, c2, c3 = st.columns(3)
    c1.metric("Organizations that took part", len(took))
    c2.metric("Came back at least once", int((took["came_back"] > 0).sum()),
              help="Took part in at least one meeting after its first, among the meetings shown")
    c3.metric("Took part only once", int((took["meetings"] == 1).sum()))
    st.dataframe(
        table, width="stretch", hide_index=True, key="continuity-table", on_select="rerun",
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
    st.caption(f"Over the {len(ctx.view.meetings)} meetings of the current view. Choose a row to open the "
               "organization's profile.")
    st.download_button("Download this table (CSV)", lambda: exports.spreadsheet_csv(table), "ctc-continuity.csv",
                       "text/csv", on_click="ignore", key="dl-continuity")
    chosen = st.session_state.get("continuity-table")
    rows = chosen.selection.rows if chosen is not None else []
    if rows:
        params = {k: st.query_params.get_all(k) for k in st.query_params if k not in profiles.PROFILE_KEYS}
        params[profiles.ORGANIZATION] = [str(table.iloc[rows[0]]["org_id"])]
        st.switch_page(profiles.PROFILE_PAGE, query_params=params)
ui.sources_line(ctx)
