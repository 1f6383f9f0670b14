"""Timeline: every meeting on a time axis, and organizations per year."""

from ctc_dashboard import figures, ui

ctx = ui.context()
if ui.page_header("When the meetings were held", ctx):
    m = ctx.meetings
    cols = ["start_date", "end_date", "title", "meeting_type", "city", "country", "hosts", "named_organizations",
            "reported_text"]
    event = ui.chart_or_table(figures.timeline(m), m[cols], "timeline", selectable=True)
    ui.selection_box(ctx, "timeline", ui.selected_ids(event, "timeline"))
    per_year = figures.organizations_per_year_table(ctx.view)
    ui.chart_or_table(figures.organizations_per_year(ctx.view, per_year), per_year, "organizations-per-year")
ui.sources_line(ctx)
