"""Who came back: the organizations × meetings participation matrix and a continuity table.

Tables over whatever (filtered) Dataset they are given, drawn by ``render.matrix``. Every role is
a cell, the convener and invited included; "took part" counts every role but invited, as
``summary.organization_summary`` does. Tables hold plain data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..contract.labels import ROLE_LABELS, UNKNOWN, date_range_text, org_labels
from ..contract.schema import ROLES, TOOK_PART_ROLES
from ..dataset.arrow import positions
from ..dataset.model import Dataset
from ..limits import MATRIX_MEETINGS, MATRIX_ORGANIZATIONS

SORTS = {"first": "First appearance", "meetings": "Number of meetings"}
_ORG_COLUMNS = ["org_id", "label", "name", "kind", "first_date", "meetings", "invited"]


def _long(ds: Dataset) -> pd.DataFrame:
    """Participation rows of meetings in ``ds``, with each meeting's date and each organization's label.

    Looked up by position (``arrow.positions``), not merged: a million rows take well under a second.
    """
    p = ds.participation
    m, o = ds.meetings, ds.organizations
    mpos = positions(p["meeting_id"], pd.Index(m["meeting_id"].astype("str")))
    keep = mpos >= 0
    p, mpos = p[keep], mpos[keep]
    oid = p["org_id"].astype("str")
    opos = positions(oid, pd.Index(o["org_id"].astype("str")))
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


def capped_caption(matrix: pd.DataFrame) -> str:
    """What the caps left out of the matrix, in words ('' when everything is shown)."""
    a = matrix.attrs
    if a.get("organizations_shown", 0) >= a.get("organizations", 0) and a.get("meetings_shown", 0) >= a.get(
            "meetings", 0):
        return ""
    return (f" Showing {a['organizations_shown']} of {a['organizations']} organizations (those with most "
            f"meetings) and {a['meetings_shown']} of {a['meetings']} meetings (those with most of them): at most "
            f"{MATRIX_ORGANIZATIONS.value} × {MATRIX_MEETINGS.value} stay readable. Narrow the filters to see others.")


def continuity_metrics(table: pd.DataFrame) -> dict[str, int]:
    """The three headline numbers above the continuity table."""
    took = table[table["meetings"] > 0]
    return {"took_part": len(took), "came_back": int((took["came_back"] > 0).sum()),
            "once": int((took["meetings"] == 1).sum())}


def _meeting_columns(ds: Dataset, meeting_ids: list[str]) -> pd.DataFrame:
    """Per meeting column of the matrix: its date, date range, title and city (for axis and hover)."""
    m = ds.meetings.set_index(ds.meetings["meeting_id"].astype("str")).loc[meeting_ids]
    end = m["end_date"]
    return pd.DataFrame({
        "meeting_id": meeting_ids,
        "start_date": m["start_date"].to_numpy(),
        "dates": date_range_text(m["start_date"], end.fillna(m["start_date"])).to_numpy(),
        "title": m["title"].astype("str").to_numpy(),
        "city": m["city"].astype("str").to_numpy(),
    })


def matrix_table(ds: Dataset, sort: str = "first", *, max_orgs: int | None = MATRIX_ORGANIZATIONS.value,
                 max_meetings: int | None = MATRIX_MEETINGS.value) -> pd.DataFrame:
    """Organizations × meetings: one row per organization, one column per meeting (its id), the role in each cell.

    Rows sorted by first appearance (``sort="first"``) or by meetings taken part in (``"meetings"``).
    Meetings run oldest to newest. Above the caps, the organizations with most meetings and the meetings with
    most of the kept organizations are kept; ``.attrs`` says how many there were in all
    (``organizations``, ``meetings``) and how many are shown, and holds each meeting column's
    axis label and hover text (``meeting_axis``, ``meeting_text``), so the figure needs nothing else.
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
    cols = _meeting_columns(ds, meeting_ids)
    out.attrs.update(organizations=n_orgs, meetings=n_meetings, organizations_shown=len(orgs),
                     meetings_shown=len(meeting_ids), sort=sort,
                     meeting_axis=(cols["start_date"].dt.strftime("%Y-%m-%d") + " " + cols["city"]).tolist(),
                     meeting_text=(cols["title"] + " (" + cols["dates"] + ", " + cols["city"] + ")").tolist())
    return out


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
        ", ".join(f"{ROLE_LABELS[r].split(' (')[0].lower()} {role_counts[(oid, r)]}"
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
