"""The source line every chart ends with, on screen and in its exported image.

A chart saved from the modebar travels alone into a briefing note; the line says where it came from
(the dashboard, the data and its version, the filters in words), as Our World in Data's charts do.
Plotly anchors no annotation to the figure's bottom edge, only legends and titles; so the line is
the title of a second legend (``legend2``) pinned to the bottom of the figure, holding one invisible
entry, and a legend drawn below the plot (``colours.LEGEND_BELOW``) is lifted above it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go

from .colours import THEMES
from .escape import plot_escape

DASHBOARD = "CTC cooperation dashboard"
LINE_CHARS = 58  # a phone's chart is ~350 px wide: 11 px text wraps at about this many characters
LINE_PX = 15
FONT_SIZE = 11
DEFAULT_HEIGHT = 450  # plotly's, when a figure sets none
SOURCE_LEGEND = "legend2"
OWN_X, OWN_Y = "x99", "y99"


def source_lines(label: str, version: str, filters: Sequence[str]) -> list[str]:
    """What the line says, plain text, wrapped for a phone: dashboard, data and version, then the filters."""
    head = f"Source: {DASHBOARD}; data: {label}, version {version}."
    tail = "Filters: " + ("; ".join(filters) if filters else "none (all meetings)") + "."
    return [*textwrap.wrap(head, LINE_CHARS), *textwrap.wrap(tail, LINE_CHARS)]


def with_source(fig: go.Figure, lines: Sequence[str], dark: bool = False, copy: bool = True) -> go.Figure:
    """A copy of ``fig`` that ends with ``lines`` (plain text, escaped here) at its bottom left.

    ``copy=False`` changes ``fig`` itself, for a caller that built it for this one use: copying re-validates
    every trace (~13 ms of each chart's ~25 ms on the shipped data, at every rerun of a page).
    Full text colour (the theme's), not the legend's muted grey: the line must stay readable in print.
    """
    theme = THEMES["dark" if dark else "light"]
    if copy:
        fig = go.Figure(fig)
    height = fig.layout.height or DEFAULT_HEIGHT
    block = LINE_PX * len(lines) + 8
    if fig.layout.showlegend is False or (fig.layout.showlegend is None and len(fig.data) < 2):
        # The figure showed no legend: keep its own traces out of it, now that legends are switched on.
        fig.update_traces(showlegend=False)
    lift = block / height
    if _at_bottom(fig.layout.legend):
        fig.update_layout(legend={"y": (fig.layout.legend.y or 0) + lift})
    for trace in fig.data:
        bar = getattr(trace, "colorbar", None)
        if bar is not None and _at_bottom(bar):
            trace.colorbar.y = (bar.y or 0) + lift
    # Its one entry must be visible (plotly dims the title of a legend whose entries are all hidden), so it
    # sits on axes of its own: it leaves the chart's axis types and ranges alone.
    fig.add_scatter(x=[None], y=[None], name=" ", legend=SOURCE_LEGEND, xaxis=OWN_X, yaxis=OWN_Y, mode="markers",
                    marker={"opacity": 0, "size": 0, "color": "rgba(0,0,0,0)"}, hoverinfo="skip", showlegend=True)
    fig.update_layout(
        height=height + block,
        **{f"xaxis{OWN_X[1:]}": {"visible": False, "overlaying": "x", "fixedrange": True},
           f"yaxis{OWN_Y[1:]}": {"visible": False, "overlaying": "y", "fixedrange": True}},
        paper_bgcolor=theme["backgroundColor"],  # an exported image keeps the background its text was set on
        showlegend=True,
        **{SOURCE_LEGEND: {
            "yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left", "orientation": "h",
            "itemclick": False, "itemdoubleclick": False, "itemwidth": 30,
            "title": {"text": "<br>".join(plot_escape(x) for x in lines), "side": "left",
                      "font": {"size": FONT_SIZE, "color": theme["textColor"]}},
        }},
    )
    return fig


def _at_bottom(box) -> bool:
    """A legend or colour bar pinned to the figure's bottom edge (``colours.LEGEND_BELOW``): the line goes there."""
    return box.yref == "container" and box.yanchor == "bottom" and (box.y or 0) < 0.5


def source_text(fig: go.Figure) -> str:
    """The source line a figure carries ('' if none): what tests and text alternatives read back."""
    legend = getattr(fig.layout, SOURCE_LEGEND, None)
    return (legend.title.text or "") if legend is not None and legend.title else ""
