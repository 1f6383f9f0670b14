"""Bar charts of who took part: per meeting (named vs reported) and per organization (by role).

Two steps each, as in ``charts``: ``x_table(...) -> DataFrame`` (plain data, for display and
download), then ``x(table) -> Figure`` (escaped).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..contract.labels import (
    DIMENSIONS,
    KIND_LABELS,
    ROLE_LABELS,
    SEVERAL_REGIONS,
    UNKNOWN,
    meeting_axis_labels,
    place_labels,
)
from ..contract.schema import GLOBAL, INVITED, NAMED_ROLES, ROLES
from ..dataset.model import Dataset
from ..derive.facets import region_group
from ..limits import BREAKDOWN_MEETINGS, TOP_ORGANIZATIONS
from .charts import blank_figure, empty_figure, unique_labels
from .colours import (
    KIND_COLOURS,
    LEGEND_BELOW,
    REGION_COLOURS,
    REPORTED_COLOUR,
    ROLE_COLOURS,
    SEVERAL_COLOUR,
    TITLE_HUNG,
    TITLE_MARGIN,
    UNKNOWN_COLOUR,
)
from .escape import plot_escape, plot_text

# ---------------------------------------------------------------- participation by meeting

LEGEND_TITLES = {"kind": DIMENSIONS["kind"], "role": DIMENSIONS["role"],
                 "region": f"{DIMENSIONS['region']} of its members"}
REGION_SEGMENTS = {**REGION_COLOURS, SEVERAL_REGIONS: SEVERAL_COLOUR}
REGION_LABELS = {r: ("Global (international)" if r == GLOBAL else r[0].upper() + r[1:]) for r in REGION_SEGMENTS}


def _segments(by: str) -> tuple[tuple[str, ...], str, dict[str, str], dict[str, str]]:
    if by == "kind":
        return NAMED_ROLES, "kind", dict(KIND_COLOURS), dict(KIND_LABELS)
    if by == "region":
        return NAMED_ROLES, "region", dict(REGION_SEGMENTS), dict(REGION_LABELS)
    if by == "role":
        roles = (*NAMED_ROLES, INVITED)
        return roles, "role", {r: ROLE_COLOURS[r] for r in roles}, {r: ROLE_LABELS[r] for r in roles}
    raise ValueError(f"by must be 'kind', 'role' or 'region', not {by!r}")


def participation_by_meeting_table(summary: pd.DataFrame, ds: Dataset, by: str = "kind") -> pd.DataFrame:
    """One row per meeting drawn: named organizations per kind (or role) next to the reported figures.

    Chronological; at most BREAKDOWN_MEETINGS.value meetings (those with most named organizations).
    """
    roles, column, colours, _ = _segments(by)
    s = summary
    if len(s) > BREAKDOWN_MEETINGS.value:
        s = s.sort_values(["named_organizations", "start_date"], ascending=[False, False], kind="stable")
        s = s.head(BREAKDOWN_MEETINGS.value).sort_values(["start_date", "meeting_id"], kind="stable")
    # a country visit is placed by its State (its city is often our assumption); dates only as precise as given
    label = meeting_axis_labels(s["start_date"], place_labels(s), s["date_precision"])
    t = pd.DataFrame({"meeting_id": s["meeting_id"].to_numpy(),
                      "meeting": unique_labels(label, s["meeting_id"]).to_numpy(),
                      "title": s["title"].to_numpy(), "start_date": s["start_date"].to_numpy()})

    p = ds.participation
    p = p[p["meeting_id"].isin(t["meeting_id"]) & p["role"].isin(roles)]
    if column == "kind":
        kinds = pd.Series(ds.organizations["kind"].astype("str").to_numpy(),
                          index=ds.organizations["org_id"].to_numpy())
        seg = p["org_id"].map(kinds).fillna(UNKNOWN)
    elif column == "region":
        groups = pd.Series([region_group(r) for r in ds.organizations["region"]],
                           index=ds.organizations["org_id"].to_numpy(), dtype="object")
        seg = p["org_id"].map(groups).fillna(UNKNOWN)
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
    t.attrs.update(meetings=len(summary), by=by)
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


def participation_by_meeting(t: pd.DataFrame) -> go.Figure:
    """Named organizations per meeting against the headline and range the sources report.

    The headline often exceeds the organizations the sources name; showing both keeps the gap visible.
    ``t``: participation_by_meeting_table(summary, ds, by).
    """
    if t.empty:
        return empty_figure()
    _, column, colours, labels = _segments(t.attrs.get("by", "kind"))
    y = plot_text(t["meeting"]).tolist()
    title_esc = plot_text(t["title"])
    fig = go.Figure()
    segments = [k for k in [*colours, UNKNOWN] if k in t.columns]
    drawn = False
    for key in segments:
        if not t[key].any():
            continue
        drawn = True
        name = plot_escape(labels.get(key, key))
        fig.add_bar(
            x=t[key], y=y, orientation="h", name=name, marker_color=colours.get(key, UNKNOWN_COLOUR),
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
    title = "Organizations at each meeting:<br>named in sources vs reported"  # <br>: a phone shows ~45 characters
    total = t.attrs.get("meetings", len(t))
    if total > BREAKDOWN_MEETINGS.value:
        title += f"<br>(the {BREAKDOWN_MEETINGS.value} of {total:,} meetings with most named organizations)"
    fig.update_layout(
        barmode="stack",
        title={"text": title, **TITLE_HUNG}, margin=TITLE_MARGIN,
        xaxis={"title": {"text": "Organizations"}, "rangemode": "tozero"},
        yaxis={"title": {"text": "Meeting (newest at top)"}, "type": "category", "categoryorder": "array",
               "categoryarray": y, "automargin": True},
        legend={**LEGEND_BELOW, "title": {"text": LEGEND_TITLES[column]}},
        height=max(350, 150 + 24 * len(y)),
    )
    return fig


# ---------------------------------------------------------------- meetings per organization

def meetings_per_organization_table(org_summary: pd.DataFrame, top: int = TOP_ORGANIZATIONS.value) -> pd.DataFrame:
    """The ``top`` organizations by meetings taken part in, with their count per role."""
    t = org_summary[org_summary[list(ROLES)].sum(axis=1) > 0]
    recorded = len(t)
    t = t.sort_values(["meetings", "invited", "label"], ascending=[False, False, True], kind="stable")
    cols = ["org_id", "label", "name", "kind", "meetings", *ROLES]
    t = t.head(max(int(top), 0))[cols].reset_index(drop=True)
    t.attrs.update(organizations=len(org_summary), recorded=recorded)
    return t


def meetings_per_organization(t: pd.DataFrame) -> go.Figure:
    """Which organizations come most often, and in which role (hosting, presenting, attending)."""
    if (blank := blank_figure(t, "organizations")) is not None:
        return blank
    shown = t.attrs.get("recorded", len(t))
    y = plot_text(unique_labels(t["label"].astype(str), t["org_id"])).tolist()
    custom = np.column_stack([plot_text(t["name"]), t["meetings"].astype(str)])
    fig = go.Figure()
    for role in ROLES:
        if not t[role].any():
            continue
        name = ROLE_LABELS[role]
        fig.add_bar(x=t[role], y=y, orientation="h", name=name, marker_color=ROLE_COLOURS[role],
                    customdata=custom,
                    hovertemplate=(f"<b>%{{y}}</b> %{{customdata[0]}}<br>{name}: %{{x}}<br>"
                                   "Took part in %{customdata[1]} meetings<extra></extra>"))
    title = "Meetings per organization, by role"
    if shown > len(t):
        title = f"Top {len(t)} organizations by meetings<br>taken part in, by role"
    fig.update_layout(
        barmode="stack",
        title={"text": title, **TITLE_HUNG}, margin=TITLE_MARGIN,
        xaxis={"title": {"text": "Meetings"}, "rangemode": "tozero"},
        yaxis={"title": {"text": "Organization"}, "type": "category", "categoryorder": "array",
               "categoryarray": y[::-1], "automargin": True},
        legend={**LEGEND_BELOW, "title": {"text": DIMENSIONS["role"]}},
        height=max(350, 150 + 24 * len(y)),
    )
    return fig
