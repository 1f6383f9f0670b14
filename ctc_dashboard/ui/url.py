"""The only reader and writer of ``st.query_params``: the address holds the view, so a copied link reproduces it.

On a session's first run the address is read once (``derive.view.from_query``) into the widgets' state; from
then on the widgets hold the view and every run writes it back (``derive.view.to_query``), each parameter
only when it changed (each write sends the whole query string). Page choices go in the address on their own
page only. The profile keys (``?meeting=``, ``?organization=``) are read and written here too.
"""

from __future__ import annotations

import streamlit as st

from ..dataset.model import Dataset
from ..derive import profiles
from ..derive.filters import Filters, year_bounds
from ..derive.view import (
    MANY,
    ONE,
    PARAMS,
    TEXT,
    YEARS,
    Choices,
    Notice,
    Param,
    ParamOptions,
    View,
    default_view,
    from_query,
    to_query,
)
from . import keys, routes


def query() -> dict[str, list[str]]:
    """The address's query string, key -> every value."""
    return {k: st.query_params.get_all(k) for k in st.query_params}


def read_once(ds: Dataset) -> None:
    """On a session's first run: the view the address asks for, into the widgets' state, and what was not used."""
    if keys.URL_READ in st.session_state:
        return
    view, notices = from_query(query(), ds)
    seed(view)
    st.session_state[keys.URL_READ] = True
    st.session_state[keys.URL_NOTICES] = (tuple(notices), to_query(view))


def seed(view: View) -> None:
    """Every filter widget and page choice set to ``view`` (the address at first, the default on reset)."""
    for param in PARAMS:
        value = view.value(param)
        if param.is_filter:
            st.session_state[param.key] = value if param.kind in (YEARS, ONE) else list(value)
    if view.filters.years:
        st.session_state[keys.YEAR_FROM], st.session_state[keys.YEAR_TO] = view.filters.years
    st.session_state[keys.CHOICES] = view.choices


def reset(ds: Dataset) -> None:
    """Back to the default view (the page choices stay)."""
    default = default_view(ds)
    seed(View(ds, default.filters, st.session_state.get(keys.CHOICES, Choices())))


def _state_value(param: Param, ds: Dataset, opts: ParamOptions, kept):
    """A parameter's value from its widget's state; values the data no longer has are dropped."""
    if param.key not in st.session_state:
        return kept
    raw = st.session_state[param.key]
    if param.kind == YEARS:
        lo, hi = year_bounds(ds)
        a, b = raw if raw else (lo, hi)
        years = (max(lo, min(a, hi)), max(lo, min(b, hi)))
        if tuple(raw or ()) != years:
            st.session_state[param.key] = years
        return years
    if param.kind == TEXT:
        return str(raw or "")
    values, words = opts[param.key]
    allowed = set(values)
    if param.kind == MANY:
        kept_values = [v for v in raw if v in allowed]
        st.session_state[param.key] = kept_values
        return tuple(kept_values)
    by_words = {w: v for v, w in words.items()}  # a tab's state is its label
    value = raw if raw in allowed else by_words.get(raw)
    return value if value is not None else kept


def current_view(ds: Dataset, opts: ParamOptions) -> View:
    """The view the widgets hold now; a page choice whose widget is not drawn keeps its last value."""
    kept = st.session_state.get(keys.CHOICES, Choices())
    base = default_view(ds)
    f = Filters(**{p.field: _state_value(p, ds, opts, base.value(p)) for p in PARAMS if p.is_filter})
    c = Choices(**{p.field: _state_value(p, ds, opts, getattr(kept, p.field)) for p in PARAMS if not p.is_filter})
    st.session_state[keys.CHOICES] = c
    return View(ds, f, c)


def write(view: View, page: str | None) -> None:
    """The view into the address: the filters everywhere, a page choice on its own page only."""
    wanted = to_query(view)
    for param in PARAMS:
        values = wanted.get(param.key) if param.is_filter or param.page == page else None
        if values is None:
            if param.key in st.query_params:
                del st.query_params[param.key]
        elif st.query_params.get_all(param.key) != values:
            st.query_params[param.key] = values


def notices(view: View) -> tuple[Notice, ...]:
    """What the address asked for that could not be used, while the view is still the one it gave."""
    found, asked = st.session_state.get(keys.URL_NOTICES, ((), None))
    return found if asked == to_query(view) else ()


# ------------------------------------------------------------------ profiles and the selected meeting

def requested_profile() -> tuple[str, str] | None:
    return routes.requested(st.query_params)


def landing_redirect(is_default_page: bool) -> dict[str, list[str]] | None:
    return routes.landing_redirect(st.query_params, is_default_page)


def open_profile(kind: str, entity_id: str) -> None:
    """Show another profile: the address changes with it, so it can be copied and shared."""
    for key in profiles.PROFILE_KEYS:
        if key in st.query_params:
            del st.query_params[key]
    st.query_params[kind] = entity_id


def with_profile(kind: str, entity_id: str) -> dict[str, list[str]]:
    """The address's parameters (the filters live there) with one profile instead of any other."""
    params = {k: v for k, v in query().items() if k not in profiles.PROFILE_KEYS}
    params[kind] = [entity_id]
    return params


def selected_meeting() -> str | None:
    return st.query_params.get(keys.SELECTED_MEETING)


def select_meeting(meeting_id: str | None) -> None:
    """A click or a pick selects a meeting (?meeting=<id>); None clears it."""
    if meeting_id:
        if st.query_params.get(keys.SELECTED_MEETING) != meeting_id:
            st.query_params[keys.SELECTED_MEETING] = meeting_id
    elif keys.SELECTED_MEETING in st.query_params:
        del st.query_params[keys.SELECTED_MEETING]
