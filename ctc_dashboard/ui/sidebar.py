"""The sidebar filters, bound to the URL so a copied link reproduces the view."""

from __future__ import annotations

import streamlit as st

from ..contract.labels import org_full_labels
from ..contract.schema import KINDS, ROLES
from ..dataset.model import Dataset
from ..derive import filters
from . import keys

# What a keyboard user types is what they get: options that contain the typed text, in list order, and no
# "Select all" entry (it was the active option, so Enter after "OSCE" chose every fuzzy match).
PICK = {"filter_mode": "contains", "select_all": False}


def _organization_select(ds: Dataset) -> list[str]:
    """Chosen by name or acronym, carried in the URL as ids (``?org=OSCE``) so links stay short and stable.

    ``bind="query-params"`` would put the displayed label in the URL, hence this small bit of plumbing.
    """
    key = keys.ORGANIZATIONS
    labels = org_full_labels(ds.organizations)
    order = sorted(labels, key=lambda k: labels[k].casefold())
    if key not in st.session_state:
        st.session_state[key] = [o for o in dict.fromkeys(st.query_params.get_all(key)) if o in labels]
    else:
        st.session_state[key] = [o for o in st.session_state[key] if o in labels]
    chosen = st.sidebar.multiselect(
        "Organizations", order, key=key, format_func=labels.get, placeholder="Any organization", **PICK,
        help="Meetings in which any chosen organization took part (any role but invited).")
    if chosen:
        st.query_params[key] = chosen
    elif key in st.query_params:
        del st.query_params[key]
    return chosen


def reset_filters(ds: Dataset) -> None:
    """Back to the default view: every year, every type but open briefings, no other restriction."""
    d = filters.default_filters(ds)
    st.session_state[keys.YEARS] = d.years
    st.session_state[keys.ORGANIZATIONS] = []
    st.session_state[keys.KINDS] = []
    st.session_state[keys.ROLES] = []
    st.session_state[keys.TYPES] = list(d.meeting_types)


def sidebar_filters(ds: Dataset) -> filters.Filters:
    """The filters, bound to the URL so a copied link reproduces the view."""
    if st.session_state.pop(keys.RESET_NEXT_RUN, False):  # a new upload: its default view
        reset_filters(ds)
    lo, hi = filters.year_bounds(ds)
    types = filters.meeting_types(ds)
    sb = st.sidebar
    sb.header("Filters")
    if lo < hi:
        years = sb.slider("Years", lo, hi, (lo, hi), key=keys.YEARS, bind="query-params")
    else:
        years = (lo, hi)
        sb.caption(f"Years: {lo} (only one year in the data)")
    mtypes = sb.multiselect("Meeting type", types, default=filters.default_types(ds), key=keys.TYPES,
                            bind="query-params", placeholder="All types", **PICK,
                            help="Special meetings are the default view; add open briefings here.")
    orgs = _organization_select(ds)
    kinds = sb.multiselect("Organization kind", list(KINDS), key=keys.KINDS, bind="query-params",
                           placeholder="All kinds", **PICK)
    roles = sb.multiselect("Role", list(ROLES), key=keys.ROLES, bind="query-params", placeholder="All roles", **PICK,
                           help="Invited: invited, and no source says whether it attended.")
    sb.button("Reset filters", on_click=reset_filters, args=(ds,), key=keys.RESET, width="stretch")
    return filters.Filters(years=tuple(years), organizations=tuple(orgs), kinds=tuple(kinds), roles=tuple(roles),
                           meeting_types=tuple(mtypes))
