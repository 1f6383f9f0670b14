"""Who came back: the organizations × meetings participation matrix and a continuity table.

Tables over whatever (filtered) Dataset they are given, drawn by ``render.matrix``. Every role is
a cell, the convener and invited included; "took part" counts every role but invited, as
``summary.organization_summary`` does. Tables hold plain data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..contract.labels import (
    ROLE_LABELS,
    UNKNOWN,
    date_range_text,
    meeting_axis_labels,
    meeting_lines,
    org_labels,
    place_labels,
)
from ..contract.schema import INVITED, ROLES, TOOK_PART_ROLES
from ..dataset.arrow import positions
from ..dataset.model import Dataset
from ..limits import MATRIX_MEETINGS, MATRIX_ORGANIZATIONS
from .filters import taking_part_ids

SORTS = {"first": "First appearance", "meetings": "Number of meetings"}
_MATRIX_ORG_COLUMNS = ("org_id", "label", "name", "kind", "meetings")
_ORG_COLUMNS = ["org_id", "label", "name", "kind", "first_date", "meetings", "invited"]


@dataclass(frozen=True)
class _Long:
    """Participation rows of meetings in ``ds`` as integer codes, one entry per row, and what the codes mean.

    Integers, not a frame of a million Python strings: every count below is a bincount or a groupby on ints.
    """

    meeting: np.ndarray  # position in ds.meetings
    org: np.ndarray  # position in org_ids
    role: np.ndarray  # position in ROLES
    org_ids: np.ndarray  # each org_id recorded at these meetings (object)
    labels: np.ndarray  # its label (its id for an organization missing from the table)

    @property
    def empty(self) -> bool:
        return len(self.meeting) == 0


def _long(ds: Dataset) -> _Long:
    """Participation rows of meetings in ``ds``, looked up by position (``arrow.positions``), not merged."""
    p = ds.participation
    m, o = ds.meetings, ds.organizations
    mpos = positions(p["meeting_id"], pd.Index(m["meeting_id"].astype("str")))
    keep = mpos >= 0
    codes, uniques = pd.factorize(p["org_id"].astype("str"))
    codes, mpos = codes[keep], mpos[keep]
    present = np.flatnonzero(np.bincount(codes, minlength=len(uniques)))  # ids recorded at a meeting of ds
    compact = np.full(len(uniques), -1, dtype=np.int64)
    compact[present] = np.arange(len(present))
    org_ids = pd.Series(np.asarray(uniques, dtype=object)[present], dtype="str")
    opos = positions(org_ids, pd.Index(o["org_id"].astype("str")))
    labels = pd.Series(np.append(org_labels(o).to_numpy(dtype=object), None)[opos], dtype=object)  # -1 reads None
    role = pd.Categorical(p["role"], categories=list(ROLES)).codes.astype(np.int64)[keep]
    return _Long(meeting=mpos, org=compact[codes], role=role, org_ids=org_ids.to_numpy(dtype=object),
                 labels=labels.fillna(org_ids).astype("str").to_numpy(dtype=object))


def _organizations(ds: Dataset, long: _Long) -> pd.DataFrame:
    """One row per organization recorded at a meeting: first appearance, meetings taken part in, invitations.

    Counted per participation row: the contract makes (meeting_id, org_id) unique.
    """
    o = ds.organizations.set_index(ds.organizations["org_id"].astype("str"))
    n = len(long.org_ids)
    took = np.isin(long.role, [ROLES.index(r) for r in TOOK_PART_ROLES])
    start = ds.meetings["start_date"].to_numpy()[long.meeting]
    out = pd.DataFrame({
        "label": pd.Series(long.labels, dtype="str").to_numpy(),
        "first_date": pd.Series(start).groupby(long.org).min().reindex(range(n)).to_numpy(),
        "meetings": np.bincount(long.org[took], minlength=n).astype("int64"),
        "invited": np.bincount(long.org[long.role == ROLES.index(INVITED)], minlength=n).astype("int64"),
    }, index=pd.Index(long.org_ids, dtype="str", name="org_id"))
    out["name"] = out.index.map(o["name"].astype("str")).fillna(UNKNOWN)
    out["kind"] = out.index.map(o["kind"].astype("str")).fillna(UNKNOWN)
    out = out.reset_index()[_ORG_COLUMNS]
    if long.empty:  # as a groupby of nothing gives them: untyped
        out = out.astype({c: object for c in ("org_id", "label", "name", "kind")})
    return out


def _date_order(ds: Dataset) -> np.ndarray:
    """Positions of ds.meetings, oldest first (ties by meeting_id)."""
    m = ds.meetings
    key = pd.DataFrame({"start_date": m["start_date"].to_numpy(), "_id": m["meeting_id"].astype("str").to_numpy()})
    return key.sort_values(["start_date", "_id"], kind="stable").index.to_numpy()


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


def continuity_metrics(table: pd.DataFrame, participation: pd.DataFrame) -> dict[str, int]:
    """The three headline numbers above the continuity table, over the organizations taking part
    (``filters.taking_part_ids``: the count line's definition, so the page says one number)."""
    took = table[table["org_id"].astype("str").isin(taking_part_ids(participation))]
    return {"took_part": len(took), "came_back": int((took["came_back"] > 0).sum()),
            "once": int((took["meetings"] == 1).sum())}


def rows_breakdown(table: pd.DataFrame, participation: pd.DataFrame) -> dict[str, int]:
    """What the rows of the matrix or the continuity table are: organizations taking part, conveners (the
    Committee and the committees it meets with) and organizations only invited."""
    ids = table["org_id"].astype("str")
    taking = ids.isin(taking_part_ids(participation))
    invited_only = ~taking & (table["meetings"] == 0)
    return {"rows": len(table), "taking_part": int(taking.sum()), "conveners": int((~taking & ~invited_only).sum()),
            "invited_only": int(invited_only.sum())}


def rows_caption(table: pd.DataFrame, participation: pd.DataFrame) -> str:
    """'37 rows: 32 organizations taking part, 3 conveners and 2 only invited.' ('' when every row takes part)."""
    n = rows_breakdown(table, participation)
    if n["rows"] == n["taking_part"]:
        return ""
    extra = []
    if n["conveners"]:
        extra.append(f"{n['conveners']} convener{'s' if n['conveners'] > 1 else ''} (the Committee, or a committee "
                     "it met with)")
    if n["invited_only"]:
        extra.append(f"{n['invited_only']} only invited")
    return f"{n['rows']} rows: {n['taking_part']} organizations taking part, and " + " and ".join(extra) + "."


def matrix_readable(table: pd.DataFrame) -> pd.DataFrame:
    """The matrix as a table a reader can use: a column per meeting named by its date and place (not its id),
    the role in words in each cell, blank where not recorded."""
    meeting_ids = [c for c in table.columns if c not in _MATRIX_ORG_COLUMNS]
    names = pd.Series(table.attrs.get("meeting_axis", meeting_ids), dtype="str")
    dup = names.duplicated(keep=False).to_numpy()
    names = [f"{n} ({i})" if d else n for n, i, d in zip(names, meeting_ids, dup, strict=True)]
    out = table[["label", "name", "kind", "meetings"]].copy()
    words = {r: ROLE_LABELS[r] for r in ROLES}
    for mid, name in zip(meeting_ids, names, strict=True):
        out[name] = table[mid].map(words).fillna("").astype("str")
    return out


def _meeting_columns(ds: Dataset, at: np.ndarray) -> pd.DataFrame:
    """Per meeting column of the matrix (``at``: positions in ds.meetings): its date, date range, title and city."""
    m = ds.meetings.iloc[at]
    end = m["end_date"]
    return pd.DataFrame({
        "meeting_id": m["meeting_id"].astype("str").to_numpy(),
        "start_date": m["start_date"].to_numpy(),
        "dates": date_range_text(m["start_date"], end.fillna(m["start_date"]), m["date_precision"]).to_numpy(),
        "title": m["title"].astype("str").to_numpy(),
        "city": place_labels(m).to_numpy(),
        "precision": m["date_precision"].astype("object").to_numpy(),
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
    row_of = np.full(len(long.org_ids), -1, dtype=np.int64)  # org code -> matrix row
    row_of[pd.Index(long.org_ids, dtype="str").get_indexer(orgs["org_id"])] = np.arange(len(orgs))
    rows = row_of[long.org]
    kept = rows >= 0
    order = _date_order(ds)  # meeting positions, oldest first
    n_meetings = len(order)
    if max_meetings is not None and n_meetings > max_meetings:
        counts = np.bincount(long.meeting[kept], minlength=n_meetings)[order]
        order = order[np.sort(np.argsort(-counts, kind="stable")[:max_meetings])]
    col_of = np.full(n_meetings, -1, dtype=np.int64)  # meeting position -> matrix column
    col_of[order] = np.arange(len(order))
    cols = col_of[long.meeting]
    cell = kept & (cols >= 0)
    grid = np.full((len(orgs), len(order)), len(ROLES), dtype=np.int64)
    grid[rows[cell], cols[cell]] = long.role[cell]
    names = np.array([*ROLES, None], dtype=object)  # a code past the roles (or -1) reads None
    meta = _meeting_columns(ds, order)
    meeting_ids = meta["meeting_id"].tolist()
    out = orgs[["org_id", "label", "name", "kind", "meetings"]].reset_index(drop=True)
    wide = pd.DataFrame(names[grid], columns=meeting_ids, dtype=object)
    out = pd.concat([out, wide], axis=1)
    out.columns = [str(c) for c in out.columns]
    out.attrs.update(organizations=n_orgs, meetings=n_meetings, organizations_shown=len(orgs),
                     meetings_shown=len(meeting_ids), sort=sort,
                     meeting_axis=meeting_axis_labels(meta["start_date"], meta["city"], meta["precision"]).tolist(),
                     meeting_text=meeting_lines(meta["start_date"], meta["city"], meta["title"],
                                                meta["precision"]).tolist())
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
    m = ds.meetings
    total = len(m)
    orgs = _organizations(ds, long).set_index("org_id")
    order = _date_order(ds)
    rank = np.empty(total, dtype=np.int64)
    rank[order] = np.arange(total)
    took = np.isin(long.role, [ROLES.index(r) for r in TOOK_PART_ROLES])
    ranks = pd.Series(rank[long.meeting[took]]).groupby(long.org[took])
    ids = pd.Index(long.org_ids, dtype="str", name="org_id")
    out = orgs[["label", "name", "kind"]].copy()
    for end, at in (("first", ranks.min()), ("last", ranks.max())):
        pos = order[at.to_numpy()]
        index = ids[at.index.to_numpy()]
        meeting = pd.Series(m["meeting_id"].astype("str").to_numpy()[pos], index=index, dtype="str")
        out[f"{end}_meeting"] = meeting.reindex(out.index)
        out[f"{end}_date"] = pd.Series(m["start_date"].to_numpy()[pos], index=index).reindex(out.index)
        out[f"{end}_title"] = pd.Series(m["title"].astype("str").to_numpy()[pos], index=index,
                                        dtype="str").reindex(out.index)
    out["meetings"] = orgs["meetings"]
    out["came_back"] = (out["meetings"] - 1).clip(lower=0).astype("int64")
    out["share"] = (out["meetings"] / total).astype("float64") if total else 0.0
    out["invited"] = orgs["invited"]
    n_roles = len(ROLES)
    known = long.role >= 0
    role_counts = np.bincount(long.org[known] * n_roles + long.role[known],
                              minlength=len(ids) * n_roles).reshape(-1, n_roles)
    words = [ROLE_LABELS[r].split(" (")[0].lower() for r in ROLES]
    at = ids.get_indexer(out.index)
    out["roles"] = [", ".join(f"{words[j]} {c}" for j, c in enumerate(role_counts[i].tolist()) if c) for i in at]
    for c in ("first_date", "last_date"):
        out[c] = out[c].astype("datetime64[us]")
    out = out.reset_index()
    out = out.assign(_l=out["label"].str.casefold()).sort_values(
        ["meetings", "first_date", "_l", "org_id"], ascending=[False, True, True, True], kind="stable",
        na_position="last").drop(columns="_l")
    return out[cols].reset_index(drop=True)
