"""The one definition of what the sidebar filters mean.

``apply`` turns a Dataset and a ``Filters`` value into a smaller Dataset that still keeps
the contract (every reference resolves), so whatever a page shows can also be downloaded
as a valid data package.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..contract.labels import type_order
from ..contract.schema import CONVENER, GLOBAL, KINDS, NOT_DEFAULT_TYPES, ROLES, TOOK_PART_ROLES, area_ancestors
from ..dataset.arrow import isin, split_id_lists
from ..dataset.model import Dataset
from . import index

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


def _chosen(names, chosen, codes: np.ndarray) -> np.ndarray:
    """Per code, whether its name is among ``chosen`` (a code of -1, not in ``names``, never is)."""
    wanted = set(chosen)
    hit = np.array([n in wanted for n in names] + [False], dtype=bool)  # the extra False answers -1
    return hit[codes]


def apply(ds: Dataset, f: Filters) -> Dataset:
    """The filtered Dataset. Meetings and participation rows are picked by position in the dataset's index
    (``derive.index``, built once per dataset), not by looking a million ids up again."""
    m, p, o = ds.meetings, ds.participation, ds.organizations
    idx = index.of(ds)
    keep = np.ones(len(m), dtype=bool)
    if f.years:
        keep &= (idx.year >= f.years[0]) & (idx.year <= f.years[1]) & m["start_date"].notna().to_numpy()
    if f.meeting_types:
        keep &= _chosen(idx.types, f.meeting_types, idx.type_code)
    has_meeting = idx.p_meeting >= 0
    if f.organizations:
        rows = idx.took & _chosen(idx.orgs, f.organizations, idx.p_org) & has_meeting
        per_meeting = np.bincount(idx.p_meeting[rows], minlength=len(m))
        # (meeting, org) is unique: every chosen organization = as many rows as chosen
        keep &= per_meeting >= (len(set(f.organizations)) if f.match == ALL else 1)
    if f.topics:
        terms = split_id_lists(m["topics"])
        keep &= m.index.isin(terms.index[terms.isin(f.topics)])
    if f.visited_states:  # only visits have visited States: the filter keeps visits to the chosen ones
        chosen = _chosen(idx.states, f.visited_states, idx.state_code)
        keep &= np.bincount(idx.state_meeting[chosen], minlength=len(m)) > 0

    row_keep = has_meeting & keep[np.where(has_meeting, idx.p_meeting, 0)]
    narrow = False
    if f.regions:
        row_keep &= _by_org(idx.p_org, isin(o["org_id"], orgs_in_regions(o, f.regions)).to_numpy())
        narrow = True
    if f.kinds and set(f.kinds) != set(KINDS):
        row_keep &= _by_org(idx.p_org, o["kind"].isin(f.kinds).to_numpy())
        narrow = True
    if f.roles and set(f.roles) != set(ROLES):
        row_keep &= _chosen(ROLES, f.roles, idx.p_role)
        narrow = True
    if narrow:
        keep &= np.bincount(idx.p_meeting[row_keep], minlength=len(m)) > 0
    meetings, part = m[keep], p[row_keep]

    used = idx.p_org[row_keep]
    used = np.flatnonzero(np.bincount(used[used >= 0], minlength=len(o)))  # distinct, by position
    org_ids = _with_ancestors(set(o["org_id"].to_numpy()[used]), o)
    org_keep = o["org_id"].isin(org_ids).to_numpy()
    organizations = o[org_keep]
    figures = ds.reported_figures[_at(keep, idx.figure_meeting)]
    places = ds.places[_at(keep, idx.place_meeting)]
    links = ds.source_links  # computed once on the full dataset; rows keep their labels when filtered
    cited = np.zeros(len(ds.sources) + 1, dtype=bool)  # the extra slot takes the -1 of an unknown source
    for name, df in (("meetings", meetings), ("organizations", organizations), ("participation", part),
                     ("reported_figures", figures)):
        cited[idx.link_source[name][_rows_kept(links[name].index, df.index)]] = True
    place_links = split_id_lists(places["source_ids"])
    sources = ds.sources[cited[:-1] | isin(ds.sources["source_id"], place_links).to_numpy()]
    out = replace(ds, meetings=meetings, organizations=organizations, participation=part,
                  reported_figures=figures, sources=sources, places=places)
    index.narrowed(out, ds, keep, row_keep, org_keep)
    return out


def _at(keep: np.ndarray, meeting: np.ndarray) -> np.ndarray:
    """Per row of a table that names a meeting (by position, -1: none), whether that meeting is kept."""
    return np.append(keep, False)[meeting]


def _by_org(p_org: np.ndarray, org_ok: np.ndarray) -> np.ndarray:
    """Per participation row, whether its organization (a position, -1: none) passes ``org_ok``."""
    return np.append(org_ok, False)[p_org]


def orgs_in_regions(orgs: pd.DataFrame, regions) -> pd.Series:
    """org_id of the organizations serving any of the regions (an area or one inside it; "global" is its own)."""
    terms = split_id_lists(orgs["region"])
    wanted = set(regions)
    hit = terms.map(lambda a: a in wanted or (a != GLOBAL and bool(wanted & set(area_ancestors(a)))))
    return orgs.loc[orgs.index.isin(terms.index[hit.astype(bool)]), "org_id"]


def took_part(participation: pd.DataFrame) -> pd.DataFrame:
    """Participation rows that count as taking part (every role but invited)."""
    return participation[participation["role"].isin(TOOK_PART_ROLES)]


def taking_part_ids(participation: pd.DataFrame) -> pd.Index:
    """The one definition of "organizations taking part": named in any role but convener (the Committee itself and
    the committees it meets with) and invited (attendance not known). Every count of organizations reads this."""
    p = took_part(participation)
    return pd.Index(p.loc[p["role"] != CONVENER, "org_id"].astype("str").unique())


def organizations_taking_part(participation: pd.DataFrame) -> int:
    """How many organizations took part (``taking_part_ids``)."""
    return len(taking_part_ids(participation))
