"""Plotly figures of the dashboard, each with the table it plots ("the table behind the chart").

Every ``x_table`` function returns plain, unescaped data for display and download; the
matching figure function calls it once and escapes every data string with ``html.escape``
before it reaches hover text or axis labels, because plotly renders a subset of HTML.
Colours come only from ``style``; the template is left to the caller (Streamlit's theme).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import style
from .filters import UNKNOWN_TYPE
from .load import Dataset
from .schema import KINDS, ROLES
from .summary import NAMED_ROLES, UNKNOWN, _codes
from .text import plot_escape

TIMELINE_MAX = 3000  # above this, one marker per meeting is unreadable and slow: aggregate per year
BY_MEETING_MAX = 60
NO_MEETINGS = "No meetings match the filters"
NO_ORGANIZATIONS = "No organizations are named for these meetings"
# style.py has no colour of its own for "reported" figures; grey reads on light and dark themes.
REPORTED_COLOUR = getattr(style, "REPORTED_COLOUR", style.UNKNOWN_COLOUR)
DASH = "\u2013"


def _esc(values: pd.Series) -> pd.Series:
    """html.escape element-wise; missing values become "unknown" so nothing is blank or 0."""
    return values.astype("object").map(lambda v: UNKNOWN if v is None or v is pd.NA or v != v
                                       else plot_escape(str(v)))


def empty_figure(message: str = NO_MEETINGS) -> go.Figure:
    """A blank figure that says why it is blank, instead of empty axes a reader may misread as zero."""
    fig = go.Figure()
    fig.add_annotation(text=plot_escape(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=300)
    return fig


def _type_order(types: pd.Series) -> list[str]:
    """Meeting types in the sidebar's order: the contract's usual ones, then others, then unknown."""
    present = set(types.dropna().astype(str))
    usual = [t for t in style.TYPE_COLOURS if t in present]
    others = sorted(t for t in present if t not in style.TYPE_COLOURS and t != UNKNOWN_TYPE)
    return usual + others + ([UNKNOWN_TYPE] if UNKNOWN_TYPE in present else [])


def _year_axis(years: pd.Series) -> dict:
    """Whole years on the x axis (no "2003.5"); one tick a year when that stays readable."""
    if years.empty:
        return {"title": {"text": "Year"}}
    span = int(years.max()) - int(years.min())
    axis: dict = {"title": {"text": "Year"}, "tickformat": "d"}
    if span <= 25:
        axis.update(tickmode="linear", dtick=1)
    return axis


def date_range_text(start: pd.Series, last: pd.Series) -> pd.Series:
    """Human dates: '6 Mar 2003', '29–31 Oct 2007', '30 Oct – 2 Nov 2007', '31 Dec 2007 – 2 Jan 2008'."""
    if start.empty:
        return pd.Series([], index=start.index, dtype="str")
    d1, d2 = start.dt.day.astype(str), last.dt.day.astype(str)
    m1, m2 = start.dt.strftime("%b"), last.dt.strftime("%b")
    y1, y2 = start.dt.year.astype(str), last.dt.year.astype(str)
    one = d1 + " " + m1 + " " + y1
    same_month = d1 + DASH + d2 + " " + m2 + " " + y2
    same_year = d1 + " " + m1 + " " + DASH + " " + d2 + " " + m2 + " " + y2
    other = one + " " + DASH + " " + d2 + " " + m2 + " " + y2
    sy = start.dt.year == last.dt.year
    sm = sy & (start.dt.month == last.dt.month)
    out = np.select([start == last, sm, sy], [one, same_month, same_year], default=other)
    return pd.Series(out, index=start.index, dtype="str")


# ---------------------------------------------------------------- timeline

def timeline_table(summary: pd.DataFrame) -> pd.DataFrame:
    """What ``timeline`` draws: one row per meeting, or meetings per year and type when there are too many."""
    if len(summary) > TIMELINE_MAX:
        t = summary.groupby(["year", "meeting_type"]).size().rename("meetings").reset_index()
        order = {k: i for i, k in enumerate(_type_order(t["meeting_type"]))}
        t = t.sort_values(["year", "meeting_type"], key=lambda s: s.map(order) if s.name == "meeting_type" else s)
        return t.reset_index(drop=True)
    cols = ["meeting_id", "title", "meeting_type", "start_date", "last_day", "days", "city", "country",
            "hosts", "named_organizations", "reported_text"]
    t = summary[cols].copy()
    t.insert(5, "dates", date_range_text(t["start_date"], t["last_day"]))
    return t.reset_index(drop=True)


def _marker_size(named: pd.Series) -> pd.Series:
    """Area grows with named organizations; 0 still gets a visible marker."""
    return (7 + 2.5 * np.sqrt(named.astype("float64"))).clip(upper=40)


def timeline(summary: pd.DataFrame) -> go.Figure:
    """Every meeting on a time axis, one row per type, so gaps and bursts of activity are visible."""
    if summary.empty:
        return empty_figure()
    t = timeline_table(summary)
    colours = style.type_colour_map(_type_order(t["meeting_type"]))
    fig = go.Figure()
    if len(summary) > TIMELINE_MAX:
        for mtype, colour in colours.items():
            rows = t[t["meeting_type"] == mtype]
            name = plot_escape(mtype)
            fig.add_bar(x=rows["year"], y=rows["meetings"], name=name, marker_color=colour,
                        hovertemplate="%{x}: %{y} meetings (%{fullData.name})<extra></extra>")
        fig.update_layout(
            barmode="stack",
            title={"text": f"Meetings per year ({len(summary):,} meetings: too many to draw one by one)"},
            xaxis=_year_axis(t["year"]), yaxis={"title": {"text": "Meetings"}},
            legend={"title": {"text": "Meeting type"}},
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
        place = _esc(rows["city"]) + ", " + _esc(rows["country"])
        hosts = _esc(rows["hosts"]).replace("", "none named")
        custom = np.column_stack([
            _esc(rows["title"]), _esc(rows["dates"]), place, hosts,
            rows["named_organizations"].astype(str), _esc(rows["reported_text"]),
            _esc(rows["meeting_id"]),  # last: read back by click-to-select
        ])
        fig.add_scatter(x=rows["start_date"], y=[name] * len(rows), mode="markers", name=name, legendgroup=name,
                        marker={"color": colour, "size": _marker_size(rows["named_organizations"]),
                                "line": {"width": 0}, "opacity": 0.85},
                        customdata=custom, hovertemplate=hover)
    types = [plot_escape(k) for k in colours]
    fig.update_layout(
        title={"text": "Meetings over time",
               "subtitle": {"text": "Marker size: organizations named in sources. Bars: meetings over several days."}},
        xaxis={"title": {"text": "Date"}, "type": "date"},
        yaxis={"title": {"text": "Meeting type"}, "type": "category", "categoryorder": "array",
               "categoryarray": types[::-1]},
        legend={"title": {"text": "Meeting type"}},
        height=max(300, 120 + 70 * len(types)),
    )
    return fig


# ---------------------------------------------------------------- organizations per year

def organizations_per_year_table(ds: Dataset) -> pd.DataFrame:
    """Distinct organizations that took part each year (convener and invited excluded), by kind."""
    p = ds.participation
    named = p[p["role"].isin(NAMED_ROLES).to_numpy()]
    m, o = ds.meetings, ds.organizations
    mpos = _codes(named["meeting_id"], pd.Index(m["meeting_id"].astype("str")))
    opos = _codes(named["org_id"], pd.Index(o["org_id"].astype("str")))
    ok = mpos >= 0
    kinds = np.append(o["kind"].astype("object").fillna(UNKNOWN).to_numpy(), UNKNOWN)  # position -1 reads UNKNOWN
    t = pd.DataFrame({"year": m["start_date"].dt.year.to_numpy()[mpos[ok]], "kind": kinds[opos[ok]],
                      "org_id": named["org_id"].to_numpy()[ok]})
    t = t.groupby(["year", "kind"])["org_id"].nunique().rename("organizations").reset_index()
    t["year"] = t["year"].astype("int64")
    t["organizations"] = t["organizations"].astype("int64")
    order = {k: i for i, k in enumerate([*KINDS, UNKNOWN])}
    t = t.sort_values(["year", "kind"], key=lambda s: s.map(order) if s.name == "kind" else s)
    return t.reset_index(drop=True)


def organizations_per_year(ds: Dataset, table: pd.DataFrame | None = None) -> go.Figure:
    """How many organizations the Committee worked with each year, and of which kind.

    ``table``: the result of organizations_per_year_table(ds), when the page already has it.
    """
    if ds.meetings.empty:
        return empty_figure()
    t = organizations_per_year_table(ds) if table is None else table
    if t.empty:
        return empty_figure(NO_ORGANIZATIONS)
    fig = go.Figure()
    for kind in [*KINDS, UNKNOWN]:
        rows = t[t["kind"] == kind]
        if rows.empty:
            continue
        name = style.KIND_LABELS.get(kind, plot_escape(kind))
        fig.add_bar(x=rows["year"], y=rows["organizations"], name=name,
                    marker_color=style.KIND_COLOURS.get(kind, style.UNKNOWN_COLOUR),
                    hovertemplate="%{x}: %{y} organizations (%{fullData.name})<extra></extra>")
    fig.update_layout(
        barmode="stack",
        title={"text": "Organizations taking part, per year, by kind"},
        xaxis=_year_axis(t["year"]),
        yaxis={"title": {"text": "Organizations (each counted once a year)"}},
        legend={"title": {"text": "Kind of organization"}},
    )
    return fig


# ---------------------------------------------------------------- participation by meeting

def _segments(by: str) -> tuple[tuple[str, ...], str, dict[str, str], dict[str, str]]:
    if by == "kind":
        return NAMED_ROLES, "kind", dict(style.KIND_COLOURS), dict(style.KIND_LABELS)
    if by == "role":
        roles = (*NAMED_ROLES, "invited")
        return roles, "role", {r: style.ROLE_COLOURS[r] for r in roles}, {r: style.ROLE_LABELS[r] for r in roles}
    raise ValueError(f"by must be 'kind' or 'role', not {by!r}")


def _unique_labels(labels: pd.Series, ids: pd.Series) -> pd.Series:
    """Bar labels must be unique categories; repeat labels get their id appended."""
    dup = labels.duplicated(keep=False)
    return labels.where(~dup, labels + " (" + ids.astype(str) + ")")


def participation_by_meeting_table(summary: pd.DataFrame, ds: Dataset, by: str = "kind") -> pd.DataFrame:
    """One row per meeting drawn: named organizations per kind (or role) next to the reported figures.

    Chronological; at most BY_MEETING_MAX meetings (those with most named organizations).
    """
    roles, column, colours, _ = _segments(by)
    s = summary
    if len(s) > BY_MEETING_MAX:
        s = s.sort_values(["named_organizations", "start_date"], ascending=[False, False], kind="stable")
        s = s.head(BY_MEETING_MAX).sort_values(["start_date", "meeting_id"], kind="stable")
    label = s["start_date"].dt.strftime("%Y-%m-%d") + " " + s["city"].fillna(UNKNOWN).astype(str)
    t = pd.DataFrame({"meeting_id": s["meeting_id"].to_numpy(),
                      "meeting": _unique_labels(label, s["meeting_id"]).to_numpy(),
                      "title": s["title"].to_numpy(), "start_date": s["start_date"].to_numpy()})

    p = ds.participation
    p = p[p["meeting_id"].isin(t["meeting_id"]) & p["role"].isin(roles)]
    if column == "kind":
        kinds = pd.Series(ds.organizations["kind"].astype("str").to_numpy(),
                          index=ds.organizations["org_id"].to_numpy())
        seg = p["org_id"].map(kinds).fillna(UNKNOWN)
    else:
        seg = p["role"].astype("str")
    counts = pd.DataFrame({"meeting_id": p["meeting_id"], "segment": seg, "org_id": p["org_id"]})
    counts = counts.groupby(["meeting_id", "segment"])["org_id"].nunique().unstack("segment", fill_value=0)
    segments = list(colours) + ([UNKNOWN] if UNKNOWN in counts.columns else [])
    for key in segments:
        col = counts[key] if key in counts.columns else pd.Series(dtype="int64")
        t[key] = t["meeting_id"].map(col).fillna(0).astype("int64")
    rep = s.set_index("meeting_id")
    t["named_organizations"] = t["meeting_id"].map(rep["named_organizations"]).astype("int64")
    for c in ("organizations_reported", "reported_min", "reported_max"):
        t[c] = t["meeting_id"].map(rep[c]).astype("Int64")
    lines = t["meeting_id"].map(_figure_lines(ds, t["meeting_id"]))
    t["reported_figures"] = lines.astype("object").fillna("").astype("str")
    return t


def _figure_lines(ds: Dataset, meeting_ids: pd.Series) -> pd.Series:
    """Per meeting, each organizations figure a source gives: 'about 7 (Source title)', '; '-joined."""
    rf = ds.reported_figures
    rf = rf[(rf["measure"] == "organizations") & rf["meeting_id"].isin(meeting_ids) & rf["value"].notna()]
    if rf.empty:
        return pd.Series(dtype="str")
    titles = pd.Series(ds.sources["title"].astype("str").to_numpy(), index=ds.sources["source_id"].to_numpy())
    qual = rf["qualifier"].astype("object").fillna("").astype(str)
    text = (qual + " ").where(qual != "", "") + rf["value"].astype(str)
    text = text + " (" + rf["source_id"].map(titles).fillna(rf["source_id"]).astype(str) + ")"
    return text.groupby(rf["meeting_id"]).agg("; ".join)


def participation_by_meeting(summary: pd.DataFrame, ds: Dataset, by: str = "kind",
                             table: pd.DataFrame | None = None) -> go.Figure:
    """Named organizations per meeting against the headline and range the sources report.

    The headline often exceeds the organizations the sources name; showing both keeps the gap visible.
    """
    if summary.empty:
        return empty_figure()
    t = participation_by_meeting_table(summary, ds, by) if table is None else table
    _, column, colours, labels = _segments(by)
    y = _esc(t["meeting"]).tolist()
    title_esc = _esc(t["title"])
    fig = go.Figure()
    segments = [k for k in [*colours, UNKNOWN] if k in t.columns]
    drawn = False
    for key in segments:
        if not t[key].any():
            continue
        drawn = True
        name = plot_escape(labels.get(key, key))
        fig.add_bar(
            x=t[key], y=y, orientation="h", name=name, marker_color=colours.get(key, style.UNKNOWN_COLOUR),
            customdata=np.column_stack([title_esc]),
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>%{{y}}<br>{name}: %{{x}}<extra></extra>",
        )
    headline = t["organizations_reported"]
    # Split before escaping so an entity's ';' (as in '&lt; ') is never taken for a separator.
    reported_hover = t["reported_figures"].replace("", "none recorded").map(
        lambda text: "<br>".join(plot_escape(part) for part in str(text).split("; ")))
    head_text = headline.astype("object").where(headline.notna(), UNKNOWN).astype(str)
    custom = np.column_stack([title_esc, head_text, reported_hover, t["named_organizations"].astype(str)])
    hover = ("<b>%{customdata[0]}</b><br>%{y}<br>Named in sources: %{customdata[3]}<br>"
             "Headline figure: %{customdata[1]}<br>Sources:<br>%{customdata[2]}<extra></extra>")
    # A range only where it adds something: sources disagree, or there is no headline to mark.
    has_range = t["reported_min"].notna() & ((t["reported_min"] != t["reported_max"]) | headline.isna())
    has_range = has_range.fillna(False).astype(bool)
    if has_range.any():
        r = t[has_range]
        ry = [y[i] for i in np.flatnonzero(has_range.to_numpy())]
        n = len(r)
        xs = np.empty(3 * n, dtype=object)
        xs[0::3] = r["reported_min"].astype("float64").to_numpy()
        xs[1::3] = r["reported_max"].astype("float64").to_numpy()
        xs[2::3] = None
        ys = np.empty(3 * n, dtype=object)
        ys[0::3] = ys[1::3] = ry
        ys[2::3] = None
        cd = np.repeat(custom[has_range.to_numpy()], 3, axis=0)
        fig.add_scatter(x=xs, y=ys, mode="lines+markers", name="Range of reported figures",
                        line={"color": REPORTED_COLOUR, "width": 2},
                        marker={"symbol": "line-ns-open", "size": 12, "color": REPORTED_COLOUR},
                        customdata=cd, hovertemplate=hover)
    if headline.notna().any():
        mask = headline.notna().to_numpy()
        fig.add_scatter(x=headline[mask].astype("float64"), y=[y[i] for i in np.flatnonzero(mask)], mode="markers",
                        name="Headline figure reported",
                        marker={"symbol": "diamond", "size": 11, "color": REPORTED_COLOUR},
                        customdata=custom[mask], hovertemplate=hover)
    if not drawn:
        # Keep every meeting on the axis even when no organization is named for any of them.
        fig.add_scatter(x=[0] * len(y), y=y, mode="markers", marker={"opacity": 0}, showlegend=False,
                        customdata=custom, hovertemplate=hover)
    title = "Organizations at each meeting: named in sources vs reported"
    if len(summary) > BY_MEETING_MAX:
        title += f" (the {BY_MEETING_MAX} of {len(summary):,} meetings with most named organizations)"
    fig.update_layout(
        barmode="stack",
        title={"text": title},
        xaxis={"title": {"text": "Organizations"}, "rangemode": "tozero"},
        yaxis={"title": {"text": "Meeting (newest at top)"}, "type": "category", "categoryorder": "array",
               "categoryarray": y, "automargin": True},
        legend={"title": {"text": "Kind of organization" if column == "kind" else "Role"}},
        height=max(350, 150 + 24 * len(y)),
    )
    return fig


# ---------------------------------------------------------------- meetings per organization

def meetings_per_organization_table(org_summary: pd.DataFrame, top: int = 30) -> pd.DataFrame:
    """The ``top`` organizations by meetings taken part in, with their count per role."""
    t = org_summary[org_summary[list(ROLES)].sum(axis=1) > 0]
    t = t.sort_values(["meetings", "invited", "label"], ascending=[False, False, True], kind="stable")
    cols = ["org_id", "label", "name", "kind", "meetings", *ROLES]
    return t.head(max(int(top), 0))[cols].reset_index(drop=True)


def meetings_per_organization(org_summary: pd.DataFrame, top: int = 30) -> go.Figure:
    """Which organizations come most often, and in which role (hosting, presenting, attending)."""
    if org_summary.empty:
        return empty_figure()
    t = meetings_per_organization_table(org_summary, top)
    if t.empty:
        return empty_figure(NO_ORGANIZATIONS)
    shown = len(org_summary[org_summary[list(ROLES)].sum(axis=1) > 0])
    y = _esc(_unique_labels(t["label"].astype(str), t["org_id"])).tolist()
    custom = np.column_stack([_esc(t["name"]), t["meetings"].astype(str)])
    fig = go.Figure()
    for role in ROLES:
        if not t[role].any():
            continue
        name = style.ROLE_LABELS[role]
        fig.add_bar(x=t[role], y=y, orientation="h", name=name, marker_color=style.ROLE_COLOURS[role],
                    customdata=custom,
                    hovertemplate=(f"<b>%{{y}}</b> %{{customdata[0]}}<br>{name}: %{{x}}<br>"
                                   "Took part in %{customdata[1]} meetings<extra></extra>"))
    title = "Meetings per organization, by role"
    if shown > len(t):
        title = f"Top {len(t)} organizations by meetings taken part in, by role"
    fig.update_layout(
        barmode="stack",
        title={"text": title},
        xaxis={"title": {"text": "Meetings"}, "rangemode": "tozero"},
        yaxis={"title": {"text": "Organization"}, "type": "category", "categoryorder": "array",
               "categoryarray": y[::-1], "automargin": True},
        legend={"title": {"text": "Role"}},
        height=max(350, 150 + 24 * len(y)),
    )
    return fig
