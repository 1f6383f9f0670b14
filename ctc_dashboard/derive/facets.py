"""How many meetings each filter option would give, with the other filters as they are (Datasette's facets).

``counts(ds, f)`` answers, for every option of every sidebar filter but the years: if this filter were set
to this one option, and every other filter stayed as it is, how many meetings would match? It gives the
same numbers as ``len(filters.apply(ds, f with that filter = (option,)).meetings)`` (a unit test checks
it option by option), but from integer arrays built once per dataset (``index``), so all six facets cost
a few bincounts instead of six times as many ``apply`` calls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..contract.labels import NO_TOPIC, SEVERAL_REGIONS, SEVERAL_TOPICS
from ..contract.schema import GLOBAL, KINDS, ROLES, area_ancestors
from ..contract.schema import split_list as split_terms
from .filters import ALL
from .index import Index as FacetIndex
from .index import of as index

# Sidebar filters that show counts, by their URL key (years have none: a range, not options).
FACETS = ("type", "org", "kind", "role", "topic", "region", "visited")


def _select(names: tuple[str, ...], chosen) -> np.ndarray:
    chosen = set(chosen)
    return np.array([n in chosen for n in names], dtype=bool)


def _any_per_meeting(meeting: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(meeting, minlength=n).astype(bool) if len(meeting) else np.zeros(n, dtype=bool)


def _distinct_meetings(meeting: np.ndarray, n: int) -> int:
    return int(np.count_nonzero(np.bincount(meeting, minlength=n))) if len(meeting) else 0


@dataclass(frozen=True)
class _Masks:
    """Each filter as a mask: over meetings (year, type, org, topic) or participation rows (kind, role, region);
    None = the filter does not restrict."""

    year: np.ndarray
    type: np.ndarray | None
    org: np.ndarray | None
    topic: np.ndarray | None
    visited: np.ndarray | None
    kind: np.ndarray | None
    role: np.ndarray | None
    region: np.ndarray | None


def meetings_with_topics(idx: FacetIndex, topics) -> np.ndarray:
    sel = _select(idx.topics, topics)
    return _any_per_meeting(idx.topic_meeting[sel[idx.topic_code]], idx.n_meetings)


def meetings_visiting(idx: FacetIndex, states) -> np.ndarray:
    sel = _select(idx.states, states)
    return _any_per_meeting(idx.state_meeting[sel[idx.state_code]], idx.n_meetings)


def rows_in_regions(idx: FacetIndex, regions) -> np.ndarray:
    sel = _select(idx.areas, regions)
    return idx.org_area[:, sel].any(axis=1)[idx.p_org] if len(idx.p_org) else np.zeros(0, dtype=bool)


def _masks(idx: FacetIndex, f) -> _Masks:
    n = idx.n_meetings
    year = np.ones(n, dtype=bool) if not f.years else (idx.year >= f.years[0]) & (idx.year <= f.years[1])
    mtype = _select(idx.types, f.meeting_types)[idx.type_code] if f.meeting_types else None
    org = None
    if f.organizations:
        rows = idx.took & _select(idx.orgs, f.organizations)[idx.p_org]
        if f.match == ALL:  # (meeting, org) is unique: every chosen organization = as many rows as chosen
            org = np.bincount(idx.p_meeting[rows], minlength=n) >= len(set(f.organizations))
        else:
            org = _any_per_meeting(idx.p_meeting[rows], n)
    topic = meetings_with_topics(idx, f.topics) if f.topics else None
    visited = meetings_visiting(idx, f.visited_states) if f.visited_states else None
    kind = (_select(KINDS, f.kinds)[idx.p_kind] if f.kinds and set(f.kinds) != set(KINDS) else None)
    role = (_select(ROLES, f.roles)[idx.p_role] if f.roles and set(f.roles) != set(ROLES) else None)
    region = rows_in_regions(idx, f.regions) if f.regions else None
    return _Masks(year, mtype, org, topic, visited, kind, role, region)


def _and(n: int, *masks: np.ndarray | None) -> np.ndarray:
    out = np.ones(n, dtype=bool)
    for mk in masks:
        if mk is not None:
            out &= mk
    return out


def _took_part_in(idx: FacetIndex, *row_masks: np.ndarray | None) -> np.ndarray | None:
    """Meetings with a participation row passing every row-level filter (None when none restricts)."""
    if all(mk is None for mk in row_masks):
        return None
    rows = _and(len(idx.p_meeting), *row_masks)
    return _any_per_meeting(idx.p_meeting[rows], idx.n_meetings)


def _distinct_per_option(idx: FacetIndex, rows: np.ndarray, option: np.ndarray, n_options: int) -> list[int]:
    """Meetings per option among ``rows``: one bincount over (meeting, option) codes, not one pass per option."""
    code = idx.p_meeting[rows] * n_options + option[rows]
    seen = np.bincount(code, minlength=idx.n_meetings * n_options).reshape(idx.n_meetings, n_options)
    return np.count_nonzero(seen, axis=0).tolist()


def counts(ds, f) -> dict[str, dict[str, int]]:
    """Facet key (FACETS) -> {option value: meetings it would give with the other filters as they are}."""
    idx = index(ds)
    n, mk = idx.n_meetings, _masks(idx, f)
    rows_all = np.ones(len(idx.p_meeting), dtype=bool)
    part = _took_part_in(idx, mk.kind, mk.role, mk.region)
    out: dict[str, dict[str, int]] = {}

    base = _and(n, mk.year, mk.org, mk.topic, mk.visited, part)
    out["type"] = dict(zip(idx.types, np.bincount(idx.type_code[base], minlength=len(idx.types)).tolist(),
                           strict=True))

    base = _and(n, mk.year, mk.type, mk.org, mk.visited, part)
    hits = np.bincount(idx.topic_code[base[idx.topic_meeting]], minlength=len(idx.topics))
    out["topic"] = dict(zip(idx.topics, hits.tolist(), strict=True))

    base = _and(n, mk.year, mk.type, mk.org, mk.topic, part)
    hits = np.bincount(idx.state_code[base[idx.state_meeting]], minlength=len(idx.states))
    out["visited"] = dict(zip(idx.states, hits.tolist(), strict=True))

    base = _and(n, mk.year, mk.type, mk.topic, mk.visited, part)
    rows = idx.took & base[idx.p_meeting]  # (meeting, org) is unique: one row per meeting
    out["org"] = dict(zip(idx.orgs, np.bincount(idx.p_org[rows], minlength=len(idx.orgs)).tolist(), strict=True))

    base = _and(n, mk.year, mk.type, mk.org, mk.topic, mk.visited)
    in_base = base[idx.p_meeting]
    rows = in_base & _and(len(rows_all), mk.role, mk.region) & (idx.p_kind >= 0)
    out["kind"] = dict(zip(KINDS, _distinct_per_option(idx, rows, idx.p_kind, len(KINDS)), strict=True))
    rows = in_base & _and(len(rows_all), mk.kind, mk.region) & (idx.p_role >= 0)
    out["role"] = dict(zip(ROLES, _distinct_per_option(idx, rows, idx.p_role, len(ROLES)), strict=True))
    rows = in_base & _and(len(rows_all), mk.kind, mk.role)
    out["region"] = dict(zip(idx.areas, _region_counts(idx, rows), strict=True))
    return out


def _region_counts(idx: FacetIndex, rows: np.ndarray) -> list[int]:
    """Rows -> (meeting, declared area) presence in one bincount, then each area passes its meetings up to the
    areas holding it (children come after their parent in ``areas``, so one backward sweep does it)."""
    n_areas = len(idx.areas)
    if not n_areas:
        return []
    org_of = idx.p_org[rows]
    repeat = idx.declared_count[org_of]
    total = int(repeat.sum())
    offsets = np.arange(total) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    areas = idx.declared_area[np.repeat(idx.declared_start[org_of], repeat) + offsets]
    code = np.repeat(idx.p_meeting[rows], repeat) * n_areas + areas
    seen = np.bincount(code, minlength=idx.n_meetings * n_areas).reshape(idx.n_meetings, n_areas).astype(bool)
    for a in range(n_areas - 1, -1, -1):
        if idx.area_parent[a] >= 0:
            seen[:, idx.area_parent[a]] |= seen[:, a]
    return np.count_nonzero(seen, axis=0).tolist()


def region_group(cell: object) -> str | None:
    """A region cell as one of few groups: global, one of M49's five regions, or several regions; None if empty."""
    if not isinstance(cell, str) or not split_terms(cell):
        return None
    tops = {GLOBAL if a == GLOBAL else area_ancestors(a)[-1] for a in split_terms(cell)}
    return tops.pop() if len(tops) == 1 else SEVERAL_REGIONS


def topic_group(cell: object) -> str:
    """A topics cell as one colour's worth: its only topic, several topics, or no topic."""
    terms = split_terms(cell) if isinstance(cell, str) else []
    return terms[0] if len(terms) == 1 else (SEVERAL_TOPICS if terms else NO_TOPIC)


def counted(label: str, n: int) -> str:
    """'UNODC — United Nations Office on Drugs and Crime (4)'."""
    return f"{label} ({n:,})"
