"""Compare: two to four organizations, periods or meeting types, side by side on the same axes."""

import streamlit as st

from ctc_dashboard.derive import compare, exports
from ctc_dashboard.derive.profiles import MEETING
from ctc_dashboard.render import alt_text
from ctc_dashboard.render.compare import per_year as per_year_chart
from ctc_dashboard.render.compare import side_by_side
from ctc_dashboard.render.escape import md_escape
from ctc_dashboard.ui import changes, comparison, keys, routes, widgets
from ctc_dashboard.ui.context import context

ctx = context()
if widgets.page_header(routes.COMPARE.heading, ctx):
    st.caption("The sidebar filters apply to every side: "
               + md_escape("; ".join(ctx.view.describe()) or "none (all meetings)")
               + ". Each side is then the meetings of that organization, period or meeting type.")
    c = comparison.comparison(ctx)
    if not c.ready:
        st.info(f"Choose {compare.FEWEST} to {compare.MOST} different {compare.BY[c.by].lower()} to compare.",
                icon=":material/compare_arrows:")
    else:
        view = ctx.data
        st.header("First and last meeting")
        first_last = compare.first_last_table(view, c)
        for col, row in zip(st.columns(len(c.sides)), first_last.itertuples(), strict=True):
            with col.container(border=True):
                st.subheader(md_escape(row.compared), anchor=False)
                st.metric("Meetings", row.meetings)
                for word, date, title, mid in (("First", row.first_date, row.first_meeting, row.first_id),
                                               ("Last", row.last_date, row.last_meeting, row.last_id)):
                    if row.meetings:
                        st.markdown(f"**{word}:** {date.day} {date:%b %Y}, "
                                    f"[{md_escape(title)}]({routes.profile_link(MEETING, mid)})")

        st.header("Meetings per year")
        per_year = compare.per_year_table(view, c)
        widgets.chart_or_table(per_year_chart(per_year), per_year, keys.COMPARE_PER_YEAR,
                               alt_text.compare_per_year(per_year))

        st.header("Roles taken")
        roles = compare.roles_table(view, c)
        unit = roles.attrs["unit"]
        widgets.chart_or_table(side_by_side(roles, "role", "count", f"Roles taken ({unit})", unit.capitalize()),
                               roles, keys.COMPARE_ROLES, alt_text.compare_bars(roles, "role", "count", "Roles taken"))

        st.header("Topics")
        topics = compare.topics_table(view, c)
        widgets.chart_or_table(side_by_side(topics, "topic", "share", "Topics (share of each side's meetings)",
                                                   "Share of the meetings", percent=True),
                               topics, keys.COMPARE_TOPICS,
                               alt_text.compare_bars(topics, "topic", "meetings", "Meetings per topic"))
        st.caption("Topics are our classification (Sources & about); a meeting about several counts under each.")

        st.header("Regions of the other participants")
        regions = compare.regions_table(view, c)
        widgets.chart_or_table(side_by_side(regions, "region", "organizations",
                                                   "Other organizations taking part, by region",
                                                   "Organizations (each counted once)"),
                               regions, keys.COMPARE_REGIONS,
                               alt_text.compare_bars(regions, "region", "organizations", "Other organizations"))
        st.caption("Distinct organizations that took part in each side's meetings, by the region they serve "
                   "(our classification); the Committee itself, and a compared organization itself, left out.")

        if c.by == compare.ORGANIZATIONS:
            st.header("Where they met")
            met = compare.met_together_table(view, c)
            if met.empty:
                st.caption("No meeting of the current view has two of them taking part.")
            else:
                st.markdown(f"{len(met)} meeting(s) of the current view where at least two of them took part:")
                st.markdown("\n".join(
                    f"- {md_escape(r.dates)}: [{md_escape(r.title)}]({routes.profile_link(MEETING, r.meeting_id)})"
                    f", {md_escape(r.city)}. Together: {md_escape(r.together)}" for r in met.itertuples()))

        st.download_button("Download the whole comparison (CSV)",
                           lambda: exports.spreadsheet_csv(compare.comparison_csv_table(view, c)),
                           exports.file_name("comparison-" + "-".join(s.key for s in c.sides), ctx.view),
                           "text/csv", on_click="ignore", key=keys.COMPARE_DOWNLOAD, icon=":material/download:")
        st.header("Cite this comparison")
        widgets.cite_view(ctx, routes.COMPARE.url_path, changes.cited_version(ctx))
widgets.sources_line(ctx)
