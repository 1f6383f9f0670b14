"""The sidebar filters and the page choices, drawn by iterating ``derive.view.PARAMS``.

Every filter option but the years shows how many meetings it would give with the other filters as they are
(``derive.facets``). The widgets hold the view; ``ui.url`` reads the address into them once and writes the
view back into it (raw values: ``?org=OSCE&topic=weapons``).
"""

from __future__ import annotations

import streamlit as st

from ..dataset.model import Dataset
from ..derive import facets
from ..derive.filters import year_bounds
from ..derive.view import BY_KEY, FILTER_PARAMS, MANY, ONE, TEXT, YEARS, Param, ParamOptions, View
from . import cache, keys, url

COUNT_NOTE = "(n): the meetings an option would give, with the other filters as they are."

# What a keyboard user types is what they get: options that contain the typed text, in list order, and no
# "Select all" entry (it was the active option, so Enter after "OSCE" chose every fuzzy match).
PICK = {"filter_mode": "contains", "select_all": False}


def reset_filters(ds: Dataset) -> None:
    """Back to the default view: every year, every type but open briefings, no other restriction."""
    url.reset(ds)


def _typed_years() -> None:
    """The typed years moved: the slider follows (in order, whichever was typed first)."""
    a, b = st.session_state[keys.YEAR_FROM], st.session_state[keys.YEAR_TO]
    st.session_state[BY_KEY["years"].key] = (min(a, b), max(a, b))
    st.session_state[keys.YEAR_FROM], st.session_state[keys.YEAR_TO] = min(a, b), max(a, b)


def _slid_years() -> None:
    """The slider moved: the typed years follow."""
    st.session_state[keys.YEAR_FROM], st.session_state[keys.YEAR_TO] = st.session_state[BY_KEY["years"].key]


def _years(param: Param, ds: Dataset, view: View) -> None:
    lo, hi = year_bounds(ds)
    sb = st.sidebar
    if lo == hi:
        sb.caption(f"{param.label}: {lo} (only one year in the data)")
        return
    a, b = view.filters.years or (lo, hi)
    if (st.session_state.get(keys.YEAR_FROM), st.session_state.get(keys.YEAR_TO)) != (a, b):
        st.session_state[keys.YEAR_FROM], st.session_state[keys.YEAR_TO] = a, b
    sb.slider(param.label, lo, hi, key=param.key, on_change=_slid_years)
    c1, c2 = sb.columns(2)
    c1.number_input("From year", lo, hi, step=1, key=keys.YEAR_FROM, on_change=_typed_years,
                    help="Type a year, or use the slider above.")
    c2.number_input("To year", lo, hi, step=1, key=keys.YEAR_TO, on_change=_typed_years)


def _counted(param: Param, view: View, opts: ParamOptions, counts: dict[str, dict[str, int]]) -> None:
    values, words = opts[param.key]
    n = counts.get(param.key, {})
    st.sidebar.multiselect(param.label, values, key=param.key, placeholder=param.placeholder, help=param.help,
                           **PICK, format_func=lambda v: facets.counted(words.get(v, v), n.get(v, 0)))


def _one(param: Param, view: View, opts: ParamOptions) -> None:
    values, words = opts[param.key]
    st.sidebar.segmented_control(param.label, values, key=param.key, required=True, format_func=words.get,
                                 help=param.help, disabled=len(view.filters.organizations) < 2)


def sidebar_filters(view: View, opts: ParamOptions, uploaded: bool = False) -> None:
    """Every filter of ``PARAMS`` in order; the counts are those of ``view`` (the widgets' state this run)."""
    ds = view.full
    st.sidebar.header("Filters")
    counts = cache.facet_counts(view, uploaded)
    for param in FILTER_PARAMS:
        if param.kind == YEARS:
            _years(param, ds, view)
        elif param.kind == MANY:
            _counted(param, view, opts, counts)
        elif param.kind == ONE:
            _one(param, view, opts)
    st.sidebar.caption(COUNT_NOTE)
    for notice in url.notices(view):
        st.sidebar.warning(notice.message, icon=":material/link_off:")
    st.sidebar.button("Reset filters", on_click=reset_filters, args=(ds,), key=keys.RESET, width="stretch")


def page_choice(view: View, key: str, where=st):
    """A page choice (``PARAMS`` row ``key``) drawn where the page puts it; returns the view's value for it."""
    param = BY_KEY[key]
    value = view.value(param)
    first = {} if key in st.session_state else ({"value": value} if param.kind == TEXT else {"default": value})
    if param.kind == TEXT:
        return where.text_input(param.label, key=key, type="search", live="300ms", placeholder=param.placeholder,
                                help=param.help, **first) or ""
    words = param.words(view.full)
    return where.segmented_control(param.label, list(words), key=key, required=True, format_func=words.get,
                                   help=param.help, **first) or value


def page_tabs(view: View, key: str):
    """A page choice drawn as tabs (``PARAMS`` row ``key``), one per option in order, opening on the view's."""
    param = BY_KEY[key]
    words = param.words(view.full)
    first = {} if key in st.session_state else {"default": words[view.value(param)]}
    return st.tabs(list(words.values()), key=key, on_change="rerun", **first)
