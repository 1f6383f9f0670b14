"""The source line (render.source_line): what it says, that it is escaped, and that it sits below everything else."""

from __future__ import annotations

import plotly.graph_objects as go

from ctc_dashboard.derive.summary import meeting_summary
from ctc_dashboard.render import charts, matrix
from ctc_dashboard.render.colours import LEGEND_BELOW
from ctc_dashboard.render.source_line import LINE_CHARS, SOURCE_LEGEND, source_lines, source_text, with_source

EVIL = "<img src=x onerror=alert(1)>"


def test_the_line_names_the_dashboard_the_data_version_and_the_filters_and_fits_a_phone():
    lines = source_lines("shipped data", "495e88338a67", ["years 2003-2007", "types special meeting"])
    text = " ".join(lines)
    assert text.startswith("Source: CTC cooperation dashboard; data: shipped data, version 495e88338a67.")
    assert "Filters: years 2003-2007; types special meeting." in text
    assert all(len(line) <= LINE_CHARS for line in lines)


def test_no_filters_is_said_in_words():
    assert " ".join(source_lines("d", "v1", [])).endswith("Filters: none (all meetings).")


def test_markup_in_a_data_label_is_inert_in_the_figure():
    fig = with_source(go.Figure(), source_lines(EVIL, "v1", []))
    assert "<img" not in source_text(fig) and "&lt;img" in source_text(fig)


def test_the_original_figure_is_left_alone_and_the_plot_keeps_its_height():
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    fig.update_layout(height=400)
    out = with_source(fig, ["Source: x", "Filters: y"])
    assert len(fig.data) == 1 and fig.layout.height == 400
    assert out.layout.height > 400  # the line adds room below instead of squeezing the plot


def test_a_legend_below_the_plot_is_lifted_above_the_line_and_a_lone_trace_stays_out_of_the_legend():
    below = go.Figure([go.Bar(x=[1], y=[1], name="a"), go.Bar(x=[1], y=[2], name="b")])
    below.update_layout(legend=LEGEND_BELOW)
    out = with_source(below, ["one", "two"])
    assert out.layout.legend.y > 0
    assert getattr(out.layout, SOURCE_LEGEND).y == 0  # the line is the last thing in the figure
    lone = with_source(go.Figure(go.Bar(x=[1], y=[1])), ["one"])
    assert lone.data[0].showlegend is False  # plotly hides the legend of one trace; it must stay hidden


def test_the_line_entry_has_axes_of_its_own_so_chart_axes_keep_their_type(small):
    fig = charts.timeline(charts.timeline_table(meeting_summary(small)))
    out = with_source(fig, ["Source"])
    own = out.data[-1]
    assert own.xaxis != "x" and own.yaxis != "y"
    assert out.layout.xaxis.type == "date"


def test_a_colour_bar_under_the_plot_is_lifted_above_the_line():
    fig = go.Figure(go.Heatmap(z=[[1, 2]], colorbar={"orientation": "h", "yref": "container", "y": 0,
                                                     "yanchor": "bottom"}))
    out = with_source(fig, ["one", "two", "three"])
    assert out.data[0].colorbar.y > 0


def test_the_matrix_key_under_the_grid_is_lifted_above_the_line(small):
    """The matrix's key is a legend below the grid (one entry a role): it moves up, off the source line."""
    from ctc_dashboard.derive.continuity import matrix_table

    fig = matrix.matrix(matrix_table(small, "first"))
    out = with_source(fig, ["one", "two", "three"])
    assert out.layout.legend.y > (fig.layout.legend.y or 0)


def test_the_line_is_added_to_a_copy_unless_the_caller_gives_its_own_figure():
    fig = go.Figure(go.Bar(x=[1], y=[1]))
    out = with_source(fig, ["one"])
    assert out is not fig and len(fig.data) == 1 and source_text(fig) == ""
    mine = with_source(fig, ["one"], copy=False)
    assert mine is fig and len(fig.data) == 2 and source_text(fig) == source_text(out)
