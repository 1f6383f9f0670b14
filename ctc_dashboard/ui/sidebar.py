"""The sidebar filters, bound to the URL so a copied link reproduces the view.

Every option but the years shows how many meetings it would give with the other filters as they are
(``derive.facets``). The URL carries the raw values (``?org=OSCE&topic=weapons``): ``bind="query-params"``
would put the displayed label, count included, in the address, so the sidebar keeps every filter there by hand.
"""

from __future__ import annotations

import streamlit as st

from ..dataset.model import Dataset
from ..derive import facets, filters
from . import cache, keys

# Facet (derive.facets.FACETS) -> widget key = query parameter, label, placeholder, help, Filters field.
FACET_WIDGETS = {
    "type": (keys.TYPES, "Type", "All types", "Special meetings are the default view; add open briefings or "
             "country visits here.", "meeting_types"),
    "org": (keys.ORGANIZATIONS, "Organizations", "Any organization",
            "Meetings in which any chosen organization took part (any role but invited).", "organizations"),
    "kind": (keys.KINDS, "Organization kind", "All kinds", None, "kinds"),
    "role": (keys.ROLES, "Role", "All roles", "Invited: invited, and no source says whether it attended.", "roles"),
    "topic": (keys.TOPICS, "Topic", "Any topic", "What the meetings were about: our classification from their "
              "titles, themes and sources (Sources & about). Meetings with any chosen topic.", "topics"),
    "region": (keys.REGIONS, "Region", "Any region", "Meetings at which an organization serving the region took "
               "part or was invited (UN M49; an area includes the areas inside it; global: international "
               "organizations). Our classification, from the members.", "regions"),
    "visited": (keys.VISITED, "Visited State", "Any State", "Country visits to the chosen States (a visit is "
                "CTED's, on behalf of the Committee). Choosing a State shows only visits: add country visits under "
                "Type.", "visited_states"),
}
COUNT_NOTE = "(n): the meetings an option would give, with the other filters as they are."

# What a keyboard user types is what they get: options that contain the typed text, in list order, and no
# "Select all" entry (it was the active option, so Enter after "OSCE" chose every fuzzy match).
PICK = {"filter_mode": "contains", "select_all": False}


def _init_from_url(key: str, options: list[str], default: list[str]) -> None:
    """On a session's first run the value comes from the URL (``?org=OSCE&org=EU``; ``?type=`` means none), else
    it is kept, minus options the data no longer has."""
    if key not in st.session_state:
        if key in st.query_params:
            st.session_state[key] = [v for v in dict.fromkeys(st.query_params.get_all(key)) if v in options]
        else:
            st.session_state[key] = list(default)
    else:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]


def _to_url(key: str, chosen: list[str], default: list[str]) -> None:
    """Written only when it changed: each write sends the whole query string, and a rerun's copy of a bound
    widget's parameter (the years while a slider moves) may already be stale."""
    if list(chosen) == list(default):
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get_all(key) != (list(chosen) or [""]):
        st.query_params[key] = list(chosen) if chosen else ""


def _years_from_url(lo: int, hi: int) -> None:
    """On a session's first run the years come from the URL (``?years=2003&years=2007``), clamped to the data;
    anything else is the whole span. Not ``bind="query-params"``: the sidebar is the URL's only writer, so a
    moving slider and a filter written in the same run cannot leave a stale address."""
    if keys.YEARS in st.session_state:
        a, b = st.session_state[keys.YEARS]
        st.session_state[keys.YEARS] = (max(lo, min(a, hi)), max(lo, min(b, hi)))
        return
    try:
        asked = sorted(int(v) for v in st.query_params.get_all(keys.YEARS))
    except ValueError:
        asked = []
    years = (asked[0], asked[-1]) if asked else (lo, hi)
    st.session_state[keys.YEARS] = (max(lo, min(years[0], hi)), max(lo, min(years[1], hi)))


def _defaults(ds: Dataset) -> dict[str, list[str]]:
    return {facet: [] for facet in facets.FACETS} | {"type": filters.default_types(ds)}


def reset_filters(ds: Dataset) -> None:
    """Back to the default view: every year, every type but open briefings, no other restriction."""
    st.session_state[keys.YEARS] = filters.default_filters(ds).years
    for facet, default in _defaults(ds).items():
        st.session_state[FACET_WIDGETS[facet][0]] = list(default)


def sidebar_filters(ds: Dataset, uploaded: bool = False) -> filters.Filters:
    """The years, then every counted filter: the counts need the other filters' values before their widgets draw,
    and session state holds them (set from the URL on the first run, by the widgets after). ``uploaded``: an
    upload's options and counts are cached in its session only."""
    if st.session_state.pop(keys.RESET_NEXT_RUN, False):  # a new upload: its default view
        reset_filters(ds)
    lo, hi = filters.year_bounds(ds)
    sb = st.sidebar
    sb.header("Filters")
    if lo < hi:
        _years_from_url(lo, hi)
        years = sb.slider("Years", lo, hi, key=keys.YEARS)
        _to_url(keys.YEARS, [str(y) for y in years], [str(lo), str(hi)])
    else:
        years = (lo, hi)
        sb.caption(f"Years: {lo} (only one year in the data)")
    options = cache.facet_options(ds.version, ds, uploaded)
    defaults = _defaults(ds)
    for facet, (key, *_) in FACET_WIDGETS.items():
        _init_from_url(key, options[facet][0], defaults[facet])
    current = filters.Filters(years=tuple(years), **{field: tuple(st.session_state[key])
                                                   for key, _, _, _, field in FACET_WIDGETS.values()})
    counts = cache.facet_counts(ds.version, current, ds, uploaded)
    for facet, (key, label, placeholder, help_text, _) in FACET_WIDGETS.items():
        values, labels = options[facet]
        n = counts[facet]
        chosen = sb.multiselect(label, values, key=key, placeholder=placeholder, help=help_text, **PICK,
                                format_func=lambda v, labels=labels, n=n: facets.counted(labels.get(v, v), n.get(v, 0)))
        _to_url(key, chosen, defaults[facet])
    sb.caption(COUNT_NOTE)
    sb.button("Reset filters", on_click=reset_filters, args=(ds,), key=keys.RESET, width="stretch")
    return current
