"""One index per dataset: the data as integer positions and codes, built once per Dataset object (so once per
data version of the served folder) and kept on it, like its ``source_links``.

A million participation rows name their meeting and organization by id; looking ids up in a hash of strings
costs a few hundred milliseconds at that size, every time. Here each row's meeting and organization are
positions, found once, so ``filters.apply``, ``summary.meeting_summary`` and ``facets.counts`` filter and count
with numpy takes and bincounts. ``apply`` hands the view it makes the positions of its own rows (``narrowed``),
so the summary of a view does not look them up again either.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..contract.labels import UNKNOWN_TYPE, type_order
from ..contract.schema import GLOBAL, KINDS, M49_AREAS, REGIONS, ROLES, TOOK_PART_ROLES, TOPICS, area_ancestors
from ..contract.schema import split_list as split_terms
from ..dataset.arrow import positions
from . import visits


@dataclass(frozen=True)
class Index:
    """The dataset as integer codes: meetings by position, participation rows by meeting/org/role/kind."""

    year: np.ndarray
    types: tuple[str, ...]
    type_code: np.ndarray
    topics: tuple[str, ...]
    topic_meeting: np.ndarray  # one entry per (meeting, topic) pair
    topic_code: np.ndarray
    states: tuple[str, ...]  # visited States of the country visits, by name (derive.visits.state_options)
    state_meeting: np.ndarray  # one entry per (visit, visited State) pair
    state_code: np.ndarray
    orgs: tuple[str, ...]
    p_meeting: np.ndarray
    p_org: np.ndarray
    p_role: np.ndarray
    p_kind: np.ndarray
    took: np.ndarray
    areas: tuple[str, ...]
    org_area: np.ndarray  # bool, orgs x areas: the org serves this area or an area inside it
    declared_start: np.ndarray  # per org, where its own region terms (no ancestors) start in declared_area
    declared_count: np.ndarray
    declared_area: np.ndarray
    area_parent: np.ndarray  # per area, the position of the area holding it, or -1
    id_rank: np.ndarray  # per meeting, the rank of its meeting_id: sorting by id without comparing strings
    figure_meeting: np.ndarray  # per reported figure, its meeting's position
    place_meeting: np.ndarray  # per further place, its meeting's position
    link_source: dict  # table -> per entry of ds.source_links[table], the cited source's position

    @property
    def n_meetings(self) -> int:
        return len(self.year)


def _codes(values: pd.Series, vocabulary: list[str]) -> np.ndarray:
    return pd.Categorical(values, categories=vocabulary).codes.astype(np.int64)


def term_pairs(cells: pd.Series, vocabulary: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """`;`-list cells -> (row position, term code) pairs; each distinct cell is split once."""
    codes, uniques = pd.factorize(cells.fillna(""), use_na_sentinel=False)
    lookup = {t: i for i, t in enumerate(vocabulary)}
    rows, terms = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for u, cell in enumerate(uniques):
        found = [lookup[t] for t in split_terms(str(cell)) if t in lookup]
        if found:
            at = np.flatnonzero(codes == u)
            rows.append(np.repeat(at, len(found)))
            terms.append(np.tile(np.array(found, dtype=np.int64), len(at)))
    return np.concatenate(rows), np.concatenate(terms)


def region_options(orgs: pd.DataFrame) -> tuple[str, ...]:
    """Regions present in the data and every M49 area containing them: global, then each region followed by
    the areas inside it (Americas, Latin America and the Caribbean, Caribbean, ..., Northern America)."""
    present = set()
    for cell in orgs["region"].dropna().unique():
        for area in split_terms(str(cell)):
            present.update(area_ancestors(area) if area != GLOBAL else [GLOBAL])

    def depth_first(parent: str | None) -> list[str]:
        out = []
        for area, up in M49_AREAS.items():
            if up == parent and area in present:
                out += [area, *depth_first(area)]
        return out

    return tuple(([GLOBAL] if GLOBAL in present else []) + depth_first(None))


def _id_rank(meetings: pd.DataFrame) -> np.ndarray:
    order = np.argsort(meetings["meeting_id"].to_numpy(dtype=object), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def build(ds) -> Index:
    m, p, o = ds.meetings, ds.participation, ds.organizations
    orgs = tuple(o["org_id"])
    p_meeting = pd.Index(m["meeting_id"]).get_indexer(p["meeting_id"])
    p_org = pd.Index(orgs).get_indexer(p["org_id"])
    org_kind = _codes(o["kind"].astype("str"), list(KINDS))
    topic_meeting, topic_code = term_pairs(m["topics"], tuple(TOPICS))
    states = tuple(visits.state_options(ds))
    state_meeting, state_code = term_pairs(m["visited_states"], states)
    areas = region_options(o)
    org_rows, org_terms = term_pairs(o["region"], tuple(REGIONS))
    org_area = np.zeros((len(orgs), len(areas)), dtype=bool)
    area_pos = {a: i for i, a in enumerate(areas)}
    for r, t in zip(org_rows, org_terms, strict=True):
        for a in area_ancestors(REGIONS[t]) if REGIONS[t] != GLOBAL else [GLOBAL]:
            org_area[r, area_pos[a]] = True
    declared = np.array([area_pos[REGIONS[t]] for t in org_terms], dtype=np.int64)
    count = np.bincount(org_rows, minlength=len(orgs)).astype(np.int64)
    order = np.argsort(org_rows, kind="stable")
    parent = np.array([area_pos.get(M49_AREAS.get(a) or "", -1) for a in areas], dtype=np.int64)
    role = _codes(p["role"].astype("str"), list(ROLES))
    types = type_order(m["meeting_type"].unique())  # filters.meeting_types
    return Index(
        year=m["start_date"].dt.year.to_numpy(dtype=np.int64, na_value=0),
        types=tuple(types), type_code=_codes(m["meeting_type"].fillna(UNKNOWN_TYPE), types),
        topics=tuple(TOPICS), topic_meeting=topic_meeting, topic_code=topic_code,
        states=states, state_meeting=state_meeting, state_code=state_code,
        orgs=orgs, p_meeting=p_meeting, p_org=p_org, p_role=role,
        p_kind=org_kind[p_org] if len(p_org) else np.array([], dtype=np.int64),
        took=np.isin(role, [ROLES.index(r) for r in TOOK_PART_ROLES]),
        areas=areas, org_area=org_area, declared_start=np.cumsum(count) - count, declared_count=count,
        declared_area=declared[order], area_parent=parent, id_rank=_id_rank(m),
        figure_meeting=positions(ds.reported_figures["meeting_id"], pd.Index(m["meeting_id"])),
        place_meeting=positions(ds.places["meeting_id"], pd.Index(m["meeting_id"])),
        link_source={name: positions(ids, pd.Index(ds.sources["source_id"])) for name, ids in ds.source_links.items()},
    )


def of(ds) -> Index:
    """Built once per Dataset object and kept on it (like its ``source_links``)."""
    cached = ds.__dict__.get("index")
    if cached is None:
        cached = build(ds)
        ds.__dict__["index"] = cached
    return cached


@dataclass(frozen=True)
class Rows:
    """A dataset's participation rows as positions in its own meetings and organizations (-1: not there), and
    its meetings' ranks by id: what the per-meeting summary needs."""

    meeting: np.ndarray
    org: np.ndarray
    id_rank: np.ndarray


def rows(ds) -> Rows:
    """From the dataset's index if it has one, from what ``apply`` left on a view (``narrowed``), else looked
    up by id once and kept."""
    cached = ds.__dict__.get("rows")
    if cached is None:
        idx = ds.__dict__.get("index")
        if idx is not None:
            cached = Rows(idx.p_meeting, idx.p_org, idx.id_rank)
        else:
            m, p, o = ds.meetings, ds.participation, ds.organizations
            cached = Rows(positions(p["meeting_id"], pd.Index(m["meeting_id"])),
                          positions(p["org_id"], pd.Index(o["org_id"])), _id_rank(m))
        ds.__dict__["rows"] = cached
    return cached


def narrowed(view, full, meetings: np.ndarray, participation: np.ndarray, organizations: np.ndarray) -> None:
    """Leave on ``view``, made from ``full`` by keeping these meetings, participation rows and organizations
    (boolean masks in ``full``'s order), the positions of its rows: remapped from ``full``'s, not looked up."""
    r = rows(full)
    meeting_at = np.cumsum(meetings) - 1
    org_at = np.cumsum(organizations) - 1
    m, o = r.meeting[participation], r.org[participation]
    view.__dict__["rows"] = Rows(np.where(m >= 0, meeting_at[m], -1), np.where(o >= 0, org_at[o], -1),
                                 r.id_rank[meetings])
