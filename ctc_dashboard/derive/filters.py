"""The one definition of what the sidebar filters mean.

``apply`` turns a Dataset and a ``Filters`` value into a smaller Dataset that still keeps
the contract (every reference resolves), so whatever a page shows can also be downloaded
as a valid data package.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..contract.labels import UNKNOWN_TYPE, type_order
from ..contract.schema import (
    CONVENER,
    GLOBAL,
    KINDS,
    NOT_DEFAULT_TYPES,
    ROLES,
    TOOK_PART_ROLES,
    area_ancestors,
)
from ..dataset.arrow import isin, split_id_lists
from ..dataset.model import Dataset

ANY, ALL = "any", "all"
MATCHES = (ANY, ALL)


@dataclass(frozen=True)
class Filters:
    """Empty tuples mean "no restriction"; ``years`` None means every year."""

    years: tuple[int, int] | None = None
    organizations: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    meeting_types: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    visited_states: tuple[str, ...] = ()  # country visits to any of these States (ISO 3166-1 alpha-3)
    match: str = ANY  # organizations: ANY = meetings with any chosen one, ALL = meetings with every chosen one

    def is_default_for(self, ds: Dataset) -> bool:
        return self == default_filters(ds)

    def describe(self, ds: Dataset) -> list[str]:
        """Plain-language lines for citations, manifests and file names."""
        out = []
        lo, hi = year_bounds(ds)
        if self.years and tuple(self.years) != (lo, hi):
            out.append(f"years {self.years[0]}-{self.years[1]}")
        if self.meeting_types and set(self.meeting_types) != set(meeting_types(ds)):
            out.append("types " + ", ".join(self.meeting_types))
        if self.organizations:
            every = self.match == ALL and len(self.organizations) > 1
            out.append(("organizations all of " if every else "organizations ") + ", ".join(self.organizations))
        if self.kinds and set(self.kinds) != set(KINDS):
            out.append("kinds " + ", ".join(self.kinds))
        if self.roles and set(self.roles) != set(ROLES):
            out.append("roles " + ", ".join(self.roles))
        if self.topics:
            out.append("topics " + ", ".join(self.topics))
        if self.regions:
            out.append("regions " + ", ".join(self.regions))
        if self.visited_states:
            out.append("visits to " + ", ".join(self.visited_states))
        return out


def year_bounds(ds: Dataset) -> tuple[int, int]:
    years = ds.meetings["start_date"].dt.year
    if years.empty:
        return (2003, 2003)
    return int(years.min()), int(years.max())


def meeting_types(ds: Dataset) -> list[str]:
    """Types present in the data, the contract's usual ones first, then any others, then unknown."""
    return type_order(ds.meetings["meeting_type"].unique())


def default_types(ds: Dataset) -> list[str]:
    """Special meetings are the default view: everything but open briefings and country visits."""
    types = meeting_types(ds)
    return [t for t in types if t not in NOT_DEFAULT_TYPES] or types


def default_filters(ds: Dataset) -> Filters:
    return Filters(years=year_bounds(ds), meeting_types=tuple(default_types(ds)))


def _with_ancestors(org_ids: set[str], orgs: pd.DataFrame) -> set[str]:
    parent = dict(zip(orgs["org_id"], orgs["parent_id"], strict=True))
    out = set(org_ids)
    frontier = set(org_ids)
    while frontier:
        nxt = {parent[o] for o in frontier if isinstance(parent.get(o), str)} - out
        out |= nxt
        frontier = nxt
    return out


def _rows_kept(labels: pd.Index, kept: pd.Index) -> np.ndarray:
    """``labels.isin(kept)`` for the row labels of one table: a lookup in a boolean array when they are
    non-negative integers (the loaded tables' RangeIndex), a hash lookup otherwise."""
    if labels.dtype.kind in "iu" and kept.dtype.kind in "iu" and len(labels) and len(kept) \
            and labels.min() >= 0 and kept.min() >= 0:
        hit = np.zeros(max(int(labels.max()), int(kept.max())) + 1, dtype=bool)
        hit[kept.to_numpy()] = True
        return hit[labels.to_numpy()]
    return labels.isin(kept)


def apply(ds: Dataset, f: Filters) -> Dataset:
    m, p, o = ds.meetings, ds.participation, ds.organizations
    keep = pd.Series(True, index=m.index)
    if f.years:
        year = m["start_date"].dt.year
        keep &= year.between(f.years[0], f.years[1])
    if f.meeting_types:
        keep &= m["meeting_type"].fillna(UNKNOWN_TYPE).isin(f.meeting_types)
    if f.organizations:
        took_part = p[p["org_id"].isin(f.organizations) & p["role"].isin(TOOK_PART_ROLES)]
        if f.match == ALL:  # (meeting, org) is unique: every chosen organization = as many rows as chosen
            per_meeting = took_part["meeting_id"].value_counts()
            keep &= isin(m["meeting_id"], per_meeting.index[per_meeting >= len(set(f.organizations))])
        else:
            keep &= isin(m["meeting_id"], took_part["meeting_id"])
    if f.topics:
        terms = split_id_lists(m["topics"])
        keep &= m.index.isin(terms.index[terms.isin(f.topics)])
    if f.visited_states:  # only visits have visited States: the filter keeps visits to the chosen ones
        states = split_id_lists(m["visited_states"])
        keep &= m.index.isin(states.index[states.isin(f.visited_states)])
    meetings = m[keep]

    part = p[isin(p["meeting_id"], meetings["meeting_id"])]
    narrow = False
    if f.regions:
        part = part[isin(part["org_id"], orgs_in_regions(o, f.regions))]
        narrow = True
    if f.kinds and set(f.kinds) != set(KINDS):
        kind_ids = o.loc[o["kind"].isin(f.kinds), "org_id"]
        part = part[isin(part["org_id"], kind_ids)]
        narrow = True
    if f.roles and set(f.roles) != set(ROLES):
        part = part[part["role"].isin(f.roles)]
        narrow = True
    if narrow:
        meetings = meetings[isin(meetings["meeting_id"], part["meeting_id"])]

    org_ids = _with_ancestors(set(part["org_id"].unique()), o)
    organizations = o[o["org_id"].isin(org_ids)]
    figures = ds.reported_figures[isin(ds.reported_figures["meeting_id"], meetings["meeting_id"])]
    links = ds.source_links  # computed once on the full dataset; rows keep their labels when filtered
    cited = pd.concat([links[name][_rows_kept(links[name].index, df.index)] for name, df in
                       (("meetings", meetings), ("organizations", organizations), ("participation", part),
                        ("reported_figures", figures))])
    places = ds.places[isin(ds.places["meeting_id"], meetings["meeting_id"])]
    place_links = split_id_lists(places["source_ids"])
    sources = ds.sources[isin(ds.sources["source_id"], cited) | isin(ds.sources["source_id"], place_links)]
    return replace(ds, meetings=meetings, organizations=organizations, participation=part,
                   reported_figures=figures, sources=sources, places=places)


def orgs_in_regions(orgs: pd.DataFrame, regions) -> pd.Series:
    """org_id of the organizations serving any of the regions (an area or one inside it; "global" is its own)."""
    terms = split_id_lists(orgs["region"])
    wanted = set(regions)
    hit = terms.map(lambda a: a in wanted or (a != GLOBAL and bool(wanted & set(area_ancestors(a)))))
    return orgs.loc[orgs.index.isin(terms.index[hit.astype(bool)]), "org_id"]


def took_part(participation: pd.DataFrame) -> pd.DataFrame:
    """Participation rows that count as taking part (every role but invited)."""
    return participation[participation["role"].isin(TOOK_PART_ROLES)]


def organizations_taking_part(participation: pd.DataFrame) -> int:
    """Distinct organizations that took part, the convener (the Committee itself) not counted."""
    p = took_part(participation)
    return int(p.loc[p["role"] != CONVENER, "org_id"].nunique())
