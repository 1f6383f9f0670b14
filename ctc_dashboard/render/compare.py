"""The Compare page's charts: each side of the comparison in its own colour, every side on the same axes.

Tables come from ``derive.compare`` (plain data); here every data string is escaped before plotly sees it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .charts import empty_figure, year_axis
from .colours import COMPARE_COLOURS, LEGEND_BELOW
from .escape import plot_escape

NOTHING = "Nothing to compare: choose two to four"


def _colours(labels: list[str]) -> dict[str, str]:
    return {lab: COMPARE_COLOURS[i % len(COMPARE_COLOURS)] for i, lab in enumerate(labels)}


def per_year(t: pd.DataFrame) -> go.Figure:
    """Small multiples: one row per side, the same year axis and the same meetings scale for all."""
    labels = list(dict.fromkeys(t["compared"]))
    if not labels or t["meetings"].sum() == 0:
        return empty_figure()
    colours = _colours(labels)
    fig = make_subplots(rows=len(labels), cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=[plot_escape(lab) for lab in labels])
    top = max(1, int(t["meetings"].max()))
    for i, lab in enumerate(labels, start=1):
        rows = t[t["compared"] == lab]
        name = plot_escape(lab)
        fig.add_bar(x=rows["year"], y=rows["meetings"], name=name, marker_color=colours[lab], showlegend=False,
                    hovertemplate=f"{name}, %{{x}}: %{{y}} meeting(s)<extra></extra>", row=i, col=1)
        fig.update_yaxes(range=[0, top * 1.1], dtick=max(1, round(top / 3)), title={"text": "Meetings"} if i == 1
                         else None, row=i, col=1)
    fig.update_xaxes(**{k: v for k, v in year_axis(t["year"]).items() if k != "title"})
    fig.update_xaxes(title={"text": "Year"}, row=len(labels), col=1)
    fig.update_layout(title={"text": "Meetings per year (same scale for each)"}, bargap=0.15,
                      height=140 + 150 * len(labels), margin={"t": 80})
    for ann in fig.layout.annotations:  # subplot titles: left, where a reader starts the row
        ann.update(x=0, xanchor="left", font={"size": 13})
    return fig


def side_by_side(t: pd.DataFrame, item: str, value: str, title: str, axis: str, percent: bool = False) -> go.Figure:
    """Grouped horizontal bars: one group per item (a role, a topic, a region), one bar per side, in the order
    chosen, on one axis."""
    labels = list(dict.fromkeys(t["compared"]))
    if not labels or t[value].sum() == 0:
        return empty_figure("None of the compared meetings has any")
    items = list(dict.fromkeys(t[item]))
    colours = _colours(labels)
    fig = go.Figure()
    fmt = "%{x:.0%}" if percent else "%{x}"
    for lab in labels:
        rows = t[t["compared"] == lab].set_index(item).reindex(items)
        name = plot_escape(lab)
        fig.add_bar(y=[plot_escape(i) for i in items], x=rows[value].fillna(0), orientation="h", name=name,
                    marker_color=colours[lab], hovertemplate=f"{name} · %{{y}}: {fmt}<extra></extra>")
    fig.update_layout(
        barmode="group", title={"text": title},
        xaxis={"title": {"text": axis}, **({"tickformat": ".0%"} if percent else
                                           {"rangemode": "tozero", "tickformat": "d",  # whole counts only
                                            "dtick": max(1, -(-int(t[value].max()) // 5))})},
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        legend={**LEGEND_BELOW, "title": {"text": "Compared"}},
        height=max(300, 150 + len(items) * (10 + 12 * len(labels))),
    )
    return fig
