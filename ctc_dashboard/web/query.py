"""The dashboard's query parameters read for the API: the same keys, values and defaults as the sidebar.

A thin adapter until ``derive.view.from_query`` (the view issue) lands: it reads the seven filters the
way the sidebar does (``?years=2003&years=2007``, ``?org=OSCE&org=EU``, ``?type=`` for "no restriction")
and returns the ``Filters`` and the values it could not use, each as a ``Notice`` naming the parameter and
what it allows. Keys it does not know (a page's own choices) are left alone, as the app leaves them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..dataset.model import Dataset
from ..derive import facets, filters

YEARS = "years"
FACET_FIELDS = {"type": "meeting_types", "org": "organizations", "kind": "kinds", "role": "roles",
                "topic": "topics", "region": "regions"}  # URL key (= facets.FACETS) -> Filters field
FILTER_KEYS = (YEARS, *FACET_FIELDS)


@dataclass(frozen=True)
class Notice:
    """A value the address gave that the data does not allow."""

    key: str
    value: str
    allowed: tuple[str, ...]


def from_query(params: Mapping[str, Sequence[str]], ds: Dataset,
               options: Mapping[str, tuple[list[str], dict[str, str]]] | None = None
               ) -> tuple[filters.Filters, list[Notice]]:
    """(the view's filters, the values dropped). Years are clamped to the data; unknown options dropped."""
    options = options if options is not None else facets.options(ds)
    lo, hi = filters.year_bounds(ds)
    notices: list[Notice] = []
    default = filters.default_filters(ds)
    years = default.years
    asked = [v for v in params.get(YEARS, []) if v != ""]
    if asked:
        good = []
        for v in asked:
            try:
                good.append(int(v))
            except ValueError:
                notices.append(Notice(YEARS, v, (f"a year from {lo} to {hi}",)))
        if good:
            good.sort()
            years = (max(lo, min(good[0], hi)), max(lo, min(good[-1], hi)))
    chosen: dict[str, tuple[str, ...]] = {}
    for key, field in FACET_FIELDS.items():
        if key not in params:
            chosen[field] = getattr(default, field)
            continue
        allowed = options[key][0]
        allowed_set = set(allowed)
        keep = []
        for v in dict.fromkeys(params[key]):
            if v == "":
                continue
            if v in allowed_set:
                keep.append(v)
            else:
                notices.append(Notice(key, v, tuple(allowed)))
        chosen[field] = tuple(keep)
    return filters.Filters(years=years, **chosen), notices


def to_query(f: filters.Filters, ds: Dataset) -> list[tuple[str, str]]:
    """The (key, value) pairs of an address that gives these filters: only what differs from the default."""
    default = filters.default_filters(ds)
    out: list[tuple[str, str]] = []
    if f.years and tuple(f.years) != tuple(default.years or ()):
        out += [(YEARS, str(f.years[0])), (YEARS, str(f.years[1]))]
    for key, field in FACET_FIELDS.items():
        chosen, usual = tuple(getattr(f, field)), tuple(getattr(default, field))
        if set(chosen) != set(usual):
            out += [(key, v) for v in chosen] or [(key, "")]
    return out
