"""Who came back: the organizations × meetings participation matrix and a continuity table.

Pure builders for app_pages/explore.py, over whatever (filtered) Dataset they are given. Every role is
a cell, the convener and invited included; "took part" counts every role but invited, as
``summary.organization_summary`` does. Tables hold plain data; ``matrix_figure`` escapes every data
string with ``html.escape`` before it reaches hover text or axis labels.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import style
from .figures import date_range_text, empty_figure
from .load import Dataset
from .schema import ROLES, TOOK_PART_ROLES
from .summary import UNKNOWN, _codes, org_labels
from .text import plot_escape

MAX_ORGS = 60
MAX_MEETINGS = 200
MAX_LABEL = 32  # longer organization labels are cut on the axis; the hover has them in full
SORTS = {"first": "First appearance", "meetings": "Number of meetings"}
ROLE_CODE = {r: i + 1 for i, r in enumerate(ROLES)}  # 0 = not recorded at that meeting
NO_PARTICIPATION = "No organization is recorded at these meetings"
_ORG_COLUMNS = ["org_id", "label", "name", "kind", "first_date", "meetings", "invited"]


def _long(ds: Dataset) -> pd.DataFrame:
    """Participation rows of meetings in ``ds``, with each meeting's date and each organization's label.

    Looked up by position (``summary._codes``), not merged: a million rows take well under a second.
    """
    p = ds.participation
    m, o = ds.meetings, ds.organizations
    mpos = _codes(p["meeting_id"], pd.Index(m["meeting_id"].astype("str")))
    keep = mpos >= 0
    p, mpos = p[keep], mpos[keep]
    oid = p["org_id"].astype("str")
    opos = _codes(oid, pd.Index(o["org_id"].astype("str")))
    labels = np.append(org_labels(o).to_numpy(dtype=object), None)  # position -1 reads None
    label = pd.Series(labels[opos], index=p.index, dtype=object).fillna(oid)
    return pd.DataFrame({
        "meeting_id": p["meeting_id"].astype("str").to_numpy(),
        "start_date": m["start_date"].to_numpy()[mpos],
        "org_id": oid.to_numpy(),
        "label": label.astype("str").to_numpy(),
        "role": p["role"].astype("str").to_numpy(),
    })


def _organizations(ds: Dataset, long: pd.DataFrame) -> pd.DataFrame:
    """One row per organization recorded at a meeting: first appearance, meetings taken part in, invitations."""
    o = ds.organizations.set_index(ds.organizations["org_id"].astype("str"))
    took = long["role"].isin(TOOK_PART_ROLES)
    g = long.groupby("org_id", sort=False)
    out = pd.DataFrame({
        "label": g["label"].first(),
        "first_date": g["start_date"].min(),
        "meetings": long[took].groupby("org_id")["meeting_id"].nunique(),
        "invited": long[long["role"] == "invited"].groupby("org_id")["meeting_id"].nunique(),
    })
    out["meetings"] = out["meetings"].fillna(0).astype("int64")
    out["invited"] = out["invited"].fillna(0).astype("int64")
    out["name"] = out.index.map(o["name"].astype("str")).fillna(UNKNOWN)
    out["kind"] = out.index.map(o["kind"].astype("str")).fillna(UNKNOWN)
    out.index.name = "org_id"
    return out.reset_index()[_ORG_COLUMNS]


def _sorted(orgs: pd.DataFrame, sort: str) -> pd.DataFrame:
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {tuple(SORTS)}, not {sort!r}")
    key = orgs.assign(_l=orgs["label"].str.casefold())
    if sort == "first":
        key = key.sort_values(["first_date", "meetings", "_l", "org_id"], ascending=[True, False, True, True],
                              kind="stable")
    else:
        key = key.sort_values(["meetings", "first_date", "_l", "org_id"], ascending=[False, True, True, True],
                              kind="stable")
    return key.drop(columns="_l").reset_index(drop=True)


def _meeting_columns(ds: Dataset, meeting_ids: list[str]) -> pd.DataFrame:
    m = ds.meetings.set_index(ds.meetings["meeting_id"].astype("str")).loc[meeting_ids]
    end = m["end_date"] if "end_date" in m.columns else pd.Series(pd.NaT, index=m.index)
    return pd.DataFrame({
        "meeting_id": meeting_ids,
        "start_date": m["start_date"].to_numpy(),
        "dates": date_range_text(m["start_date"], end.fillna(m["start_date"])).to_numpy(),
        "title": m["title"].astype("str").to_numpy(),
        "city": m["city"].astype("str").to_numpy(),
    })


def matrix_table(ds: Dataset, sort: str = "first", *, max_orgs: int | None = MAX_ORGS,
                 max_meetings: int | None = MAX_MEETINGS) -> pd.DataFrame:
    """Organizations × meetings: one row per organization, one column per meeting (its id), the role in each cell.

    Rows sorted by first appearance (``sort="first"``) or by meetings taken part in (``"meetings"``).
    Meetings run oldest to newest. Above the caps, the organizations with most meetings and the meetings with
    most of the kept organizations are kept; ``.attrs`` says how many there were in all
    (``organizations``, ``meetings``) and how many are shown.
    """
    long = _long(ds)
    orgs = _sorted(_organizations(ds, long), sort)
    n_orgs = len(orgs)
    if max_orgs is not None and n_orgs > max_orgs:
        keep = _sorted(orgs, "meetings").head(max_orgs)["org_id"]
        orgs = orgs[orgs["org_id"].isin(keep)].reset_index(drop=True)
    long = long[long["org_id"].isin(orgs["org_id"])]
    m = ds.meetings
    all_meetings = m.assign(_id=m["meeting_id"].astype("str")).sort_values(["start_date", "_id"], kind="stable")
    meeting_ids = all_meetings["_id"].tolist()
    n_meetings = len(meeting_ids)
    if max_meetings is not None and n_meetings > max_meetings:
        counts = long.groupby("meeting_id").size().reindex(meeting_ids, fill_value=0)
        top = counts.sort_values(ascending=False, kind="stable").head(max_meetings).index
        top = set(top)
        meeting_ids = [i for i in meeting_ids if i in top]
    long = long[long["meeting_id"].isin(meeting_ids)]
    wide = long.pivot(index="org_id", columns="meeting_id", values="role")
    wide = wide.reindex(index=orgs["org_id"], columns=meeting_ids)
    out = pd.concat([orgs.set_index("org_id")[["label", "name", "kind", "meetings"]], wide], axis=1)
    out.columns = [str(c) for c in out.columns]
    out = out.reset_index().rename(columns={"index": "org_id"})
    out[meeting_ids] = out[meeting_ids].astype("object").where(out[meeting_ids].notna(), None)
    out.attrs.update(organizations=n_orgs, meetings=n_meetings, organizations_shown=len(orgs),
                     meetings_shown=len(meeting_ids), sort=sort)
    return out


def matrix_figure(ds: Dataset, table: pd.DataFrame | None = None, sort: str = "first") -> go.Figure:
    """A categorical heatmap: one colour per role (style.ROLE_COLOURS), blank where an organization is not recorded."""
    t = matrix_table(ds, sort) if table is None else table
    if ds.meetings.empty:
        return empty_figure()
    if t.empty:
        return empty_figure(NO_PARTICIPATION)
    meeting_ids = [c for c in t.columns if c not in ("org_id", "label", "name", "kind", "meetings")]
    cols = _meeting_columns(ds, meeting_ids)
    x_text = (cols["start_date"].dt.strftime("%Y-%m-%d") + " " + cols["city"]).map(html.escape)
    x = _unique(x_text, cols["meeting_id"].map(html.escape)).tolist()
    short = t["label"].where(t["label"].str.len() <= MAX_LABEL, t["label"].str[: MAX_LABEL - 1] + "…")
    y = _unique(short, t["org_id"]).map(html.escape).tolist()
    roles = t[meeting_ids]
    z = roles.apply(lambda s: s.map(ROLE_CODE)).to_numpy(dtype="float64", na_value=np.nan)

    org_text = (t["label"] + " — " + t["name"]).map(html.escape).to_numpy()
    meeting_text = (cols["title"] + " (" + cols["dates"] + ", " + cols["city"] + ")").map(html.escape).to_numpy()
    role_text = roles.apply(lambda s: s.map(style.ROLE_LABELS)).to_numpy(dtype=object)
    hover = np.empty(z.shape, dtype=object)
    for i in range(z.shape[0]):
        for j in range(z.shape[1]):
            role = role_text[i, j] if isinstance(role_text[i, j], str) else "not recorded"
            hover[i, j] = f"<b>{org_text[i]}</b><br>{meeting_text[j]}<br>Role: {plot_escape(role)}"

    n = len(ROLES)
    scale = []
    for i, role in enumerate(ROLES):
        colour = style.ROLE_COLOURS[role]
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, zmin=0.5, zmax=n + 0.5, colorscale=scale, xgap=1, ygap=1,
        hovertext=hover, hoverinfo="text", hoverongaps=False,
        colorbar={"title": {"text": "Role"}, "tickmode": "array", "tickvals": list(range(1, n + 1)),
                  "ticktext": [style.ROLE_LABELS[r] for r in ROLES], "thickness": 14},
    ))
    title = "Who came back: organizations × meetings, coloured by role"
    shown, total = t.attrs.get("organizations_shown", len(t)), t.attrs.get("organizations", len(t))
    shown_m, total_m = t.attrs.get("meetings_shown", len(x)), t.attrs.get("meetings", len(x))
    if shown < total or shown_m < total_m:
        title += f" ({shown} of {total} organizations, {shown_m} of {total_m} meetings)"
    order = SORTS.get(t.attrs.get("sort", sort), sort).lower()
    fig.update_layout(
        title={"text": title,
               "subtitle": {"text": f"Rows: organizations, sorted by {order}. Columns: meetings, oldest first. "
                                    "Blank: not recorded at that meeting."}},
        xaxis={"title": {"text": "Meeting"}, "type": "category", "tickangle": -60, "automargin": True},
        yaxis={"title": {"text": "Organization"}, "type": "category", "autorange": "reversed", "automargin": True},
        height=max(360, 200 + 20 * len(y)),
    )
    return fig


def _unique(labels: pd.Series, ids: pd.Series) -> pd.Series:
    dup = labels.duplicated(keep=False)
    return labels.where(~dup, labels + " (" + ids.astype(str) + ")").reset_index(drop=True)


def continuity_table(ds: Dataset) -> pd.DataFrame:
    """Per organization: first and last meeting taken part in, how many, how many it came back to, its share.

    ``came_back`` is the number of meetings after its first; ``share`` is meetings taken part in over the meetings
    in ``ds`` (0–1). Organizations only ever invited are listed too, with 0 meetings.
    Sorted by meetings (most first), then first appearance.
    """
    cols = ["org_id", "label", "name", "kind", "first_meeting", "first_date", "first_title", "last_meeting",
            "last_date", "last_title", "meetings", "came_back", "share", "invited", "roles"]
    long = _long(ds)
    if long.empty:
        return pd.DataFrame(columns=cols)
    total = len(ds.meetings)
    orgs = _organizations(ds, long).set_index("org_id")
    took = long[long["role"].isin(TOOK_PART_ROLES)].sort_values(["start_date", "meeting_id"], kind="stable")
    titles = pd.Series(ds.meetings["title"].astype("str").to_numpy(),
                       index=ds.meetings["meeting_id"].astype("str").to_numpy())
    first = took.groupby("org_id").first()
    last = took.groupby("org_id").last()
    out = orgs[["label", "name", "kind"]].copy()
    out["first_meeting"] = first["meeting_id"].reindex(out.index)
    out["first_date"] = first["start_date"].reindex(out.index)
    out["first_title"] = out["first_meeting"].map(titles)
    out["last_meeting"] = last["meeting_id"].reindex(out.index)
    out["last_date"] = last["start_date"].reindex(out.index)
    out["last_title"] = out["last_meeting"].map(titles)
    out["meetings"] = orgs["meetings"]
    out["came_back"] = (out["meetings"] - 1).clip(lower=0).astype("int64")
    out["share"] = (out["meetings"] / total).astype("float64") if total else 0.0
    out["invited"] = orgs["invited"]
    role_counts = long.groupby(["org_id", "role"]).size()
    out["roles"] = [
        ", ".join(f"{style.ROLE_LABELS[r].split(' (')[0].lower()} {role_counts[(oid, r)]}"
                  for r in ROLES if (oid, r) in role_counts.index)
        for oid in out.index
    ]
    for c in ("first_date", "last_date"):
        out[c] = out[c].astype("datetime64[us]")
    out = out.reset_index()
    out = out.assign(_l=out["label"].str.casefold()).sort_values(
        ["meetings", "first_date", "_l", "org_id"], ascending=[False, True, True, True], kind="stable",
        na_position="last").drop(columns="_l")
    return out[cols].reset_index(drop=True)
