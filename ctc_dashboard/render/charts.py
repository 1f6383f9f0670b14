"""Plotly charts over time, each in two steps: ``x_table(...) -> DataFrame``, then ``x(table) -> Figure``.

Every ``x_table`` returns plain, unescaped data for display and download (what a chart needs
beyond its rows travels in ``table.attrs``); ``x(table)`` escapes every data string with
``escape.plot_escape`` before it reaches hover text or axis labels, because plotly renders a
subset of HTML. Colours come only from ``colours``; the template is left to the caller
(Streamlit's theme). The bar charts are in ``breakdown``, the matrix in ``matrix``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..contract.labels import (
    DIMENSIONS,
    KIND_LABELS,
    NO_TOPIC,
    NONE_NAMED,
    ROLE_LABELS,
    UNKNOWN,
    date_range_text,
    type_order,
)
from ..contract.schema import KINDS, NAMED_ROLES, ROLES, TOPICS
from ..dataset.arrow import positions
from ..dataset.model import Dataset
from ..derive.index import term_pairs
from ..limits import TIMELINE_POINTS
from .colours import KIND_COLOURS, LEGEND_BELOW, ROLE_COLOURS, TITLE_HUNG, TITLE_MARGIN, UNKNOWN_COLOUR, type_colour_map
from .escape import plot_escape, plot_text

NO_MEETINGS = "No meetings match the filters"
NO_ORGANIZATIONS = "No organizations are named for these meetings"


def empty_figure(message: str = NO_MEETINGS) -> go.Figure:
    """A blank figure that says why it is blank, instead of empty axes a reader may misread as zero."""
    fig = go.Figure()
    fig.add_annotation(text=plot_escape(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=300)
    return fig


def year_axis(years: pd.Series) -> dict:
    """Whole years on the x axis (no "2003.5"); one tick a year when that stays readable."""
    if years.empty:
        return {"title": {"text": "Year"}}
    span = int(years.max()) - int(years.min())
    axis: dict = {"title": {"text": "Year"}, "tickformat": "d"}
    if span <= 25:
        axis.update(tickmode="linear", dtick=1)
    return axis


def date_axis(dates: pd.Series) -> dict:
    """A date x axis that reads as dates whatever the span: with one meeting (or a few days) plotly zooms to
    milliseconds ('23:59:59.999 Jun 20, 2017'), so a short span is widened to a year either side, ticked by month
    or year, with the day in the hover."""
    axis: dict = {"title": {"text": "Date"}, "type": "date"}
    d = pd.to_datetime(dates.dropna())
    if d.empty:
        return axis
    lo, hi = d.min(), d.max()
    if hi - lo < pd.Timedelta(days=180):
        mid = lo + (hi - lo) / 2
        axis.update(range=[(mid - pd.DateOffset(months=6)).strftime("%Y-%m-%d"),
                           (mid + pd.DateOffset(months=6)).strftime("%Y-%m-%d")],
                    tickformat="%b %Y", dtick="M3")
    return axis


def blank_figure(t: pd.DataFrame, count: str, nothing: str = NO_ORGANIZATIONS) -> go.Figure | None:
    """What to draw instead of a chart: no meetings (``t.attrs[count]`` is 0), or nothing in them; else None."""
    if not t.attrs.get(count, len(t)):
        return empty_figure()
    return empty_figure(nothing) if t.empty else None


def unique_labels(labels: pd.Series, ids: pd.Series) -> pd.Series:
    """Category labels must be unique: a repeated label gets its id appended."""
    labels, ids = labels.reset_index(drop=True), ids.reset_index(drop=True)
    dup = labels.duplicated(keep=False)
    return labels.where(~dup, labels + " (" + ids.astype(str) + ")")


def _type_order(types: pd.Series) -> list[str]:
    return type_order(types.unique())


# ---------------------------------------------------------------- timeline

def timeline_table(summary: pd.DataFrame) -> pd.DataFrame:
    """What ``timeline`` draws: one row per meeting, or meetings per year and type when there are too many."""
    if len(summary) > TIMELINE_POINTS.value:
        t = summary.groupby(["year", "meeting_type"]).size().rename("meetings").reset_index()
        order = {k: i for i, k in enumerate(_type_order(t["meeting_type"]))}
        t = t.sort_values(["year", "meeting_type"], key=lambda s: s.map(order) if s.name == "meeting_type" else s)
        return t.reset_index(drop=True)
    cols = ["meeting_id", "title", "meeting_type", "start_date", "last_day", "days", "city", "country",
            "hosts", "named_organizations", "reported_text"]
    t = summary[cols].copy()
    t.insert(5, "dates", date_range_text(t["start_date"], t["last_day"], summary["date_precision"]))
    return t.reset_index(drop=True)


def _marker_size(named: pd.Series) -> pd.Series:
    """Area grows with named organizations; 0 still gets a visible marker."""
    return (7 + 2.5 * np.sqrt(named.astype("float64"))).clip(upper=40)


def timeline(t: pd.DataFrame) -> go.Figure:
    """Every meeting on a time axis, one row per type, so gaps and bursts of activity are visible.

    ``t``: timeline_table(summary); aggregated per year (a ``meetings`` column) above TIMELINE_POINTS.
    """
    if t.empty:
        return empty_figure()
    colours = type_colour_map(_type_order(t["meeting_type"]))
    fig = go.Figure()
    if "meetings" in t.columns:
        total = int(t["meetings"].sum())
        for mtype, colour in colours.items():
            rows = t[t["meeting_type"] == mtype]
            name = plot_escape(mtype)
            fig.add_bar(x=rows["year"], y=rows["meetings"], name=name, marker_color=colour,
                        hovertemplate="%{x}: %{y} meetings (%{fullData.name})<extra></extra>")
        fig.update_layout(
            barmode="stack",
            margin=TITLE_MARGIN,
            title={**TITLE_HUNG,
                   "text": f"Meetings per year<br>({total:,} meetings: too many to draw one by one)"},
            xaxis=year_axis(t["year"]), yaxis={"title": {"text": "Meetings"}},
            legend={**LEGEND_BELOW, "title": {"text": DIMENSIONS["type"]}},
        )
        return fig

    hover = (
        "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>"
        "Hosts: %{customdata[3]}<br>Organizations named in sources: %{customdata[4]}<br>"
        "Organizations reported: %{customdata[5]}<extra></extra>"
    )
    for mtype, colour in colours.items():
        rows = t[t["meeting_type"] == mtype]
        name = plot_escape(mtype)
        multi = rows[rows["days"] > 1]
        if len(multi):
            n = len(multi)
            xs = np.empty(3 * n, dtype=object)
            xs[0::3] = multi["start_date"].to_numpy()
            xs[1::3] = (multi["last_day"] + pd.Timedelta(days=1)).to_numpy()
            xs[2::3] = None
            ys = np.empty(3 * n, dtype=object)
            ys[0::3] = ys[1::3] = name
            ys[2::3] = None
            fig.add_scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": 10}, opacity=0.5,
                            name=name, legendgroup=name, showlegend=False, hoverinfo="skip")
        place = plot_text(rows["city"]) + np.where(rows["country"].notna(), ", " + plot_text(rows["country"]), "")
        hosts = plot_text(rows["hosts"]).replace("", NONE_NAMED)
        custom = np.column_stack([
            plot_text(rows["title"]), plot_text(rows["dates"]), place, hosts,
            rows["named_organizations"].astype(str), plot_text(rows["reported_text"]),
            plot_text(rows["meeting_id"]),  # last: read back by click-to-select
        ])
        fig.add_scatter(x=rows["start_date"], y=[name] * len(rows), mode="markers", name=name, legendgroup=name,
                        marker={"color": colour, "size": _marker_size(rows["named_organizations"]),
                                "line": {"width": 0}, "opacity": 0.85},
                        customdata=custom, hovertemplate=hover)
    types = [plot_escape(k) for k in colours]
    fig.update_layout(
        margin=TITLE_MARGIN,
        title={"text": "Meetings over time", **TITLE_HUNG,
               "subtitle": {"text": "Marker size: organizations named in sources.<br>"
                                "Bars: meetings over several days."}},
        xaxis=date_axis(pd.concat([t["start_date"], t["last_day"]])),
        yaxis={"title": {"text": DIMENSIONS["type"]}, "type": "category", "categoryorder": "array",
               "categoryarray": types[::-1]},
        legend={**LEGEND_BELOW, "title": {"text": DIMENSIONS["type"]}},
        height=max(300, 120 + 70 * len(types)),
    )
    return fig


# ---------------------------------------------------------------- organizations per year

def organizations_per_year_table(ds: Dataset) -> pd.DataFrame:
    """Distinct organizations that took part each year (convener and invited excluded), by kind."""
    p = ds.participation
    named = p[p["role"].isin(NAMED_ROLES).to_numpy()]
    m, o = ds.meetings, ds.organizations
    mpos = positions(named["meeting_id"], pd.Index(m["meeting_id"].astype("str")))
    opos = positions(named["org_id"], pd.Index(o["org_id"].astype("str")))
    ok = mpos >= 0
    kinds = np.append(o["kind"].astype("object").fillna(UNKNOWN).to_numpy(), UNKNOWN)  # position -1 reads UNKNOWN
    t = pd.DataFrame({"year": m["start_date"].dt.year.to_numpy()[mpos[ok]], "kind": kinds[opos[ok]],
                      "org_id": named["org_id"].to_numpy()[ok]})
    t = t.groupby(["year", "kind"])["org_id"].nunique().rename("organizations").reset_index()
    t["year"] = t["year"].astype("int64")
    t["organizations"] = t["organizations"].astype("int64")
    order = {k: i for i, k in enumerate([*KINDS, UNKNOWN])}
    t = t.sort_values(["year", "kind"], key=lambda s: s.map(order) if s.name == "kind" else s)
    t = t.reset_index(drop=True)
    t.attrs["meetings"] = len(m)
    return t


def organizations_per_year(t: pd.DataFrame) -> go.Figure:
    """How many organizations the Committee worked with each year, and of which kind (``t``: the table)."""
    if (blank := blank_figure(t, "meetings")) is not None:
        return blank
    fig = go.Figure()
    for kind in [*KINDS, UNKNOWN]:
        rows = t[t["kind"] == kind]
        if rows.empty:
            continue
        name = KIND_LABELS.get(kind, plot_escape(kind))
        fig.add_bar(x=rows["year"], y=rows["organizations"], name=name,
                    marker_color=KIND_COLOURS.get(kind, UNKNOWN_COLOUR),
                    hovertemplate="%{x}: %{y} organizations (%{fullData.name})<extra></extra>")
    fig.update_layout(
        barmode="stack",
        title={"text": "Organizations taking part, per year, by kind"},
        xaxis=year_axis(t["year"]),
        yaxis={"title": {"text": "Organizations (each counted once a year)"}},
        legend={**LEGEND_BELOW, "title": {"text": DIMENSIONS["kind"]}},
    )
    return fig


# ---------------------------------------------------------------- one organization's meetings

# ---------------------------------------------------------------- topics per year

def topics_per_year_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Meetings per year and topic (a meeting counts once under each of its topics), every year of the view's
    span and every topic of the vocabulary, so an empty cell reads as 0; meetings without a topic as "no topic"."""
    years = list(range(int(summary["year"].min()), int(summary["year"].max()) + 1)) if len(summary) else []
    rows, terms = term_pairs(summary["topics"].reset_index(drop=True), tuple(TOPICS))
    t = pd.DataFrame({"year": summary["year"].to_numpy()[rows], "topic": np.array(list(TOPICS), dtype=object)[terms]})
    none = summary.loc[summary["topics"].isna(), ["year"]].assign(topic=NO_TOPIC)
    t = pd.concat([t, none], ignore_index=True)
    topics = [*TOPICS, *([NO_TOPIC] if not none.empty else [])]
    grid = pd.MultiIndex.from_product([years, topics], names=["year", "topic"])
    counts = t.groupby(["year", "topic"]).size().reindex(grid, fill_value=0).rename("meetings").reset_index()
    counts["year"] = counts["year"].astype("int64")
    counts["meetings"] = counts["meetings"].astype("int64")
    return counts


def topic_totals_table(per_year: pd.DataFrame) -> pd.DataFrame:
    """'Which topics most?': meetings per topic over the whole view, most first (ties A–Z), from
    ``topics_per_year_table``; a meeting about several topics counts under each, so the total can pass the
    meetings' count (``attrs['meetings']`` is kept for the caption)."""
    t = per_year.groupby("topic", sort=False)["meetings"].sum().rename("meetings").reset_index()
    t = t[t["meetings"] > 0]
    t = t.assign(_k=t["topic"].str.casefold()).sort_values(["meetings", "_k"], ascending=[False, True],
                                                            kind="stable").drop(columns="_k")
    t.insert(0, "rank", t["meetings"].rank(method="min", ascending=False).astype("int64"))
    return t.reset_index(drop=True)


def topic_totals(t: pd.DataFrame) -> go.Figure:
    """The ranked totals as horizontal bars, the most frequent topic on top, every topic labelled in full."""
    if t.empty:
        return empty_figure()
    labels = [_wrapped(plot_escape(x), 34) for x in t["topic"]]
    # the colour of the topics heatmap's darkest cell
    fig = go.Figure(go.Bar(x=t["meetings"], y=labels, orientation="h", marker_color="#08306B",
                           text=t["meetings"], textposition="outside", cliponaxis=False,
                           hovertemplate="%{y}: %{x} meeting(s)<extra></extra>"))
    top = int(t["meetings"].max())
    fig.update_layout(
        title={"text": "Topics, ranked (meetings)"},
        # whole meetings on the axis, and room for each bar's count (a phone cut it at the edge)
        xaxis={"title": {"text": "Meetings"}, "range": [0, top * 1.2 + 0.5], "dtick": max(1, -(-top // 5)),
               "tickformat": "d"},
        yaxis={"autorange": "reversed", "automargin": True, "type": "category", "tickmode": "array",
               "tickvals": labels, "ticktext": labels},
        height=max(300, 34 * len(t) + 140),
    )
    return fig


def _wrapped(label: str, width: int = 22) -> str:
    """A long axis label on two lines, so the cells keep the width on a phone."""
    if len(label) <= width or " " not in label[:width]:
        return label
    cut = label.rfind(" ", 0, width)
    return label[:cut] + "<br>" + label[cut + 1:]


def topics_per_year(table: pd.DataFrame) -> go.Figure:
    """What the meetings were about, year by year: one row per topic, a darker cell for more meetings."""
    if table.empty:
        return empty_figure()
    wide = table.pivot(index="topic", columns="year", values="meetings")
    wide = wide.reindex(list(dict.fromkeys(table["topic"])))
    z = wide.to_numpy(dtype=float)
    text = np.where(z > 0, z.astype(int).astype(str), "")
    fig = go.Figure(go.Heatmap(
        z=np.where(z > 0, z, np.nan), x=wide.columns.tolist(), y=[_wrapped(plot_escape(t)) for t in wide.index],
        text=text, texttemplate="%{text}", colorscale=[[0, "#DEEBF7"], [1, "#08306B"]], xgap=2, ygap=2,
        zauto=False, zmin=0, zmax=max(2.0, float(np.nanmax(z)) if z.size else 2.0),
        showscale=False,  # each cell prints its count; a colour bar would take a phone's width
        hovertemplate="%{x} · %{y}: %{z} meeting(s)<extra></extra>",
    ))
    fig.update_layout(
        title={"text": "Topics per year (meetings)"},
        xaxis=year_axis(table["year"]),
        yaxis={"autorange": "reversed", "automargin": True},
        height=max(420, 40 * len(wide) + 140),  # room for two-line labels
    )
    return fig


def organization_timeline(meetings: pd.DataFrame, name: str = "") -> go.Figure:
    """The organization's meetings on a time axis, one row per role, coloured as everywhere else.

    Above TIMELINE_POINTS.value meetings, one marker each is unreadable: meetings per year, stacked by role.
    """
    if meetings.empty:
        return empty_figure("No meeting is recorded for this organization")
    fig = go.Figure()
    present = [r for r in ROLES if (meetings["role"] == r).any()]
    if len(meetings) > TIMELINE_POINTS.value:
        per_year = meetings.groupby([meetings["start_date"].dt.year.rename("year"), "role"]).size()
        for role in present:
            counts = per_year.xs(role, level="role")
            label = ROLE_LABELS[role]
            fig.add_bar(x=counts.index, y=counts.to_numpy(), name=label, marker_color=ROLE_COLOURS[role],
                        hovertemplate=f"%{{x}}: %{{y}} meetings ({label})<extra></extra>")
        fig.update_layout(barmode="stack", title={"text": f"Meetings per year, by role ({len(meetings):,} meetings)"},
                          xaxis={"title": {"text": "Year"}, "tickformat": "d"},
                          yaxis={"title": {"text": "Meetings"}}, height=320,
                          legend={**LEGEND_BELOW, "title": {"text": DIMENSIONS["role"]}})
        return fig
    for role in present:
        rows = meetings[meetings["role"] == role]
        label = ROLE_LABELS[role]
        custom = np.column_stack([rows["title"].map(plot_escape), rows["dates"].map(plot_escape),
                                  (rows["city"] + np.where(rows["country"] != "", ", " + rows["country"], ""))
                                  .map(plot_escape)])
        fig.add_scatter(x=rows["start_date"], y=[label] * len(rows), mode="markers", name=label,
                        marker={"color": ROLE_COLOURS[role], "size": 13, "line": {"width": 1, "color": "#333"}},
                        customdata=custom,
                        hovertemplate=f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}} · %{{customdata[2]}}"
                                      f"<br>{label}<extra></extra>")
    title = "Meetings over time, by role" + (f": {plot_escape(name)}" if name else "")
    fig.update_layout(
        title={"text": title},
        xaxis=date_axis(meetings["start_date"]),
        yaxis={"title": {"text": DIMENSIONS["role"]}, "type": "category", "categoryorder": "array",
               "categoryarray": [ROLE_LABELS[r] for r in present][::-1]},
        showlegend=False,
        height=max(220, 140 + 45 * len(present)),
        margin={"t": 60, "b": 40},
    )
    return fig
