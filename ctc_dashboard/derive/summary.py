"""Derived tables the pages and charts share: one row per meeting, per organization, per participation.

Computed once per (filtered) Dataset with vectorised pandas so that 100,000 meetings and a
million participation rows summarise in well under a second. Unknown numbers stay NA (shown
as "unknown"), never 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..contract.labels import DASH, UNKNOWN, UNKNOWN_TYPE, city_labels, org_labels
from ..contract.schema import HOST_ROLES, INVITED, NAMED_ROLES, ROLES, TOOK_PART_ROLES, VISIT
from ..dataset.arrow import positions, split_id_lists
from ..dataset.model import Dataset
from .filters import organizations_taking_part
from .index import rows as positions_of
from .places import further_places, place_figures


def _label_of(org_ids: pd.Series, labels: pd.Series) -> pd.Series:
    """Labels for org ids, falling back to the id for an organization missing from the table."""
    return org_ids.map(labels).fillna(org_ids).astype("str")


def _reported_organizations(ds: Dataset) -> pd.DataFrame:
    """Every organizations figure from reported_figures (value, qualifier, source_id), as typed rows."""
    rf = ds.reported_figures
    return rf[(rf["measure"] == "organizations") & rf["value"].notna()]


def _reported_text(headline: pd.Series, lo: pd.Series, hi: pd.Series) -> pd.Series:
    """'57 (headline); sources give 50–65', '57 (headline)', 'sources give 50' or 'unknown'."""
    h = headline.astype("string")
    lo_s, hi_s = lo.astype("string"), hi.astype("string")
    rng = lo_s.where(lo == hi, lo_s + DASH + hi_s)
    src = ("sources give " + rng)
    head = h + " (headline)"
    out = head.where(src.isna(), head + "; " + src)
    out = out.fillna(src).fillna(UNKNOWN)
    return out.astype("str")


def _hosts(rows: pd.DataFrame, codes: np.ndarray, labels: np.ndarray, n: int) -> np.ndarray:
    """Per meeting position, ', '-joined host then co-organizer labels ('' if none).

    A groupby with a Python join costs seconds at 100k meetings; sorting codes and slicing lists does not.
    """
    out = np.full(n, "", dtype=object)
    keep = codes >= 0
    if not keep.any():
        return out
    codes = codes[keep]
    rank = np.where(rows["role"].astype("str").to_numpy()[keep] == HOST_ROLES[0], 0, 1)
    order = np.lexsort((rank, codes))  # stable: data order kept within a meeting and role
    codes = codes[order]
    values = labels[keep][order].tolist()
    cuts = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    starts = [0, *cuts.tolist()]
    ends = [*cuts.tolist(), len(values)]
    out[codes[starts]] = [", ".join(values[a:b]) for a, b in zip(starts, ends, strict=True)]
    return out


def _extreme(codes: np.ndarray, values: pd.Series, n: int, how: str) -> pd.Series:
    """Min or max of values per meeting position, NA where a meeting has none."""
    ok = (codes >= 0) & values.notna().to_numpy()
    g = pd.Series(values.to_numpy(dtype="float64", na_value=np.nan)[ok]).groupby(codes[ok]).agg(how)
    return g.reindex(range(n)).round().astype("Int64").set_axis(range(n))


def _has_role(role: pd.Series, roles) -> np.ndarray:
    """``role.isin(roles)`` as a bool array, on the categorical's codes (pandas' isin is slower at 1M rows)."""
    if isinstance(role.dtype, pd.CategoricalDtype):
        wanted = role.cat.categories.get_indexer(list(roles))
        return np.isin(role.cat.codes.to_numpy(), wanted[wanted >= 0])
    return role.isin(roles).to_numpy()


def meeting_summary(ds: Dataset) -> pd.DataFrame:
    """One row per meeting with everything a chart, table or map needs, so each is computed once.

    Organizations are counted per participation row: the contract makes (meeting_id, org_id) unique.
    """
    m = ds.meetings
    p = ds.participation
    start = m["start_date"]
    end = m["end_date"]
    last_day = end.fillna(start)
    out = pd.DataFrame({
        "meeting_id": m["meeting_id"].astype("str"),
        "title": m["title"].astype("str"),
        "start_date": start,
        "end_date": end,
        "last_day": last_day,
        "year": start.dt.year.astype("int64"),
        "days": ((last_day - start).dt.days + 1).astype("int64"),
        "venue": m["venue"],
        "city": city_labels(m),  # "held virtually" for a virtual meeting; its coordinates stay empty
        "country": m["country"],
        "latitude": m["latitude"],
        "longitude": m["longitude"],
        "place_basis": m["place_basis"].astype("object"),
        "meeting_type": m["meeting_type"].fillna(UNKNOWN_TYPE).astype("str"),
        "theme": m["theme"],
        "topics": m["topics"],
        "focus_region": m["focus_region"],
        "outcome": m["outcome"],
        "organizations_reported": m["organizations_reported"].astype("Int64"),
        "date_precision": m["date_precision"],
        "visited_states": m["visited_states"],
    })
    n = len(out)
    out.index = pd.RangeIndex(n)
    out["further_places"] = further_places(ds.places, out["meeting_id"])
    index = pd.Index(out["meeting_id"])
    rows = positions_of(ds)  # each participation row's meeting, by position: kept on the dataset, not looked up
    pcode = rows.meeting
    role = p["role"]

    # Hosts: host labels first, then co-organizers, in the order the data lists them.
    is_host = _has_role(role, HOST_ROLES)
    hosts = p.loc[is_host, ["org_id", "role"]]  # not the other columns: a million-row take of strings each
    # Each host row's label, taken by its organization's position (the id where it has none).
    label_at = np.append(org_labels(ds.organizations).to_numpy(dtype=object), None)[rows.org[is_host]]
    label_at = np.where(pd.isna(label_at), hosts["org_id"].to_numpy(dtype=object), label_at)
    out["hosts"] = pd.Series(_hosts(hosts, pcode[is_host], label_at, n), dtype="str")

    for column, roles in (("named_organizations", NAMED_ROLES), ("invited", (INVITED,))):
        ok = _has_role(role, roles) & (pcode >= 0)
        out[column] = np.bincount(pcode[ok], minlength=n).astype("int64")

    rf = _reported_organizations(ds)
    rcode = positions(rf["meeting_id"], index)
    headline = out["organizations_reported"]
    all_codes = np.concatenate([np.arange(n), rcode])
    all_values = pd.concat([headline, rf["value"].astype("Int64")], ignore_index=True)
    out["reported_min"] = _extreme(all_codes, all_values, n, "min")
    out["reported_max"] = _extreme(all_codes, all_values, n, "max")
    out["reported_text"] = _reported_text(headline, _extreme(rcode, rf["value"], n, "min"),
                                          _extreme(rcode, rf["value"], n, "max"))
    if start.isna().any():
        return out.sort_values(["start_date", "meeting_id"], kind="stable").reset_index(drop=True)
    # By date, then id: the same order, from integers (the ids' ranks are in the index).
    order = np.lexsort((rows.id_rank, start.to_numpy().view("int64")))
    return out.take(order).reset_index(drop=True)


def organization_summary(ds: Dataset) -> pd.DataFrame:
    """One row per organization: how often it took part, in which roles, and whether it came back.

    Counted per participation row: the contract makes (meeting_id, org_id) unique.
    """
    o = ds.organizations
    p = ds.participation
    labels = org_labels(o)
    out = pd.DataFrame({
        "org_id": o["org_id"].astype("str").to_numpy(),
        "name": o["name"].astype("str").to_numpy(),
        "acronym": o["acronym"].to_numpy(),
        "label": labels.to_numpy(),
        "kind": o["kind"].to_numpy(),
    })
    out["kind"] = out["kind"].astype(o["kind"].dtype)
    oid = out["org_id"]

    n = len(out)
    opos = positions(p["org_id"], pd.Index(oid))
    role = p["role"]
    known = opos >= 0
    took = known & role.isin(TOOK_PART_ROLES).to_numpy()
    out["meetings"] = np.bincount(opos[took], minlength=n).astype("int64")
    for r in ROLES:
        out[r] = np.bincount(opos[known & (role == r).to_numpy()], minlength=n).astype("int64")

    m = ds.meetings
    mpos = positions(p["meeting_id"], pd.Index(m["meeting_id"].astype("str")))
    took &= mpos >= 0
    dates = pd.Series(m["start_date"].to_numpy()[mpos[took]]).groupby(opos[took])
    out["first_meeting"] = dates.min().reindex(range(n)).to_numpy()
    out["last_meeting"] = dates.max().reindex(range(n)).to_numpy()
    out["came_back"] = (out["meetings"] - 1).clip(lower=0).astype("int64")
    out = out.sort_values(["meetings", "label"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def participation_detail(ds: Dataset) -> pd.DataFrame:
    """Participation with the meeting and organization spelled out, for tables and charts.

    Sorted by date, meeting, role (contract order) and label. Looked up by position, not merged,
    so a million rows take a fraction of a second.
    """
    p = ds.participation.reset_index(drop=True)
    m = ds.meetings
    o = ds.organizations
    mpos = positions(p["meeting_id"], pd.Index(m["meeting_id"].astype("str")))
    opos = positions(p["org_id"], pd.Index(o["org_id"].astype("str")))

    def take(s: pd.Series, pos: np.ndarray) -> pd.Series:
        return pd.Series(s.reset_index(drop=True).array.take(pos, allow_fill=True), index=p.index)

    start = take(m["start_date"], mpos)
    out = pd.DataFrame({
        "meeting_id": p["meeting_id"].astype("str"),
        "start_date": start,
        "year": start.dt.year.astype("Int64"),
        "title": take(m["title"].astype("str"), mpos),
        "org_id": p["org_id"].astype("str"),
        "label": take(org_labels(o), opos).fillna(p["org_id"]).astype("str"),
        "name": take(o["name"].astype("str"), opos),
        "kind": take(o["kind"], opos),
        "role": p["role"],
    })
    for c in p.columns:
        if c not in out.columns:
            out[c] = p[c]
    if out["year"].notna().all():
        out["year"] = out["year"].astype("int64")
    out = out.sort_values(["start_date", "meeting_id", "role", "label"], kind="stable")
    return out.reset_index(drop=True)


def headline_figures(view: Dataset, meetings: pd.DataFrame) -> dict[str, int]:
    """The Overview's numbers: meetings and country visits apart, organizations taking part; for the meetings,
    host cities (every city a meeting was held in), meetings held outside New York, and the virtual meetings and
    assumed places their notes count; for the visits, the States visited."""
    visit = meetings["meeting_type"].eq(VISIT)
    states = split_id_lists(meetings.loc[visit, "visited_states"])
    return {"meetings": int((~visit).sum()), "visits": int(visit.sum()),
            "organizations": organizations_taking_part(view.participation),
            **place_figures(meetings[~visit]), "visited_states": int(states.nunique())}


def reliability_counts(sources: pd.DataFrame) -> pd.Series:
    """How many sources of each reliability (official, news, …; 'not given' when empty), most first."""
    return sources["reliability"].fillna("not given").value_counts()
