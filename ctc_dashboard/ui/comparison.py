"""The Compare page's controls and its part of the address: what is compared, read once from the URL, written back.

Organizations and meeting types are the sidebar's own filters (``?org=``, ``?type=``): the page's pickers
mirror them, so a comparison of the OSCE and UNODC is also the view of their meetings. Periods are the
page's own (``?period=2003-2007&period=2014-2025``); ``?by=type`` compares meeting types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from ..contract.labels import org_full_labels
from ..derive import compare, filters
from ..render.escape import md_escape
from . import keys

if TYPE_CHECKING:
    from .context import Context


def _query() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _to_sidebar(own: str, sidebar: str) -> None:
    """A page picker changed: the sidebar filter takes its value (the sidebar writes the address)."""
    st.session_state[sidebar] = list(st.session_state[own])


def _mirror(own: str, sidebar: str, label: str, options: list[str], format_func, help_text: str) -> None:
    st.session_state[own] = [v for v in st.session_state.get(sidebar, []) if v in options]
    st.multiselect(label, options, key=own, max_selections=compare.MOST, format_func=format_func,
                   on_change=_to_sidebar, args=(own, sidebar), help=help_text, filter_mode="contains",
                   placeholder=f"Choose {compare.FEWEST} to {compare.MOST}")


def _periods(lo: int, hi: int) -> list[tuple[int, int]]:
    """The periods: from the address on the page's first run, else as the sliders left them."""
    if keys.COMPARE_PERIODS not in st.session_state:
        asked, bad = compare.periods_from_query(st.query_params.get_all(compare.PERIOD_KEY), lo, hi)
        if bad:
            st.warning("Periods not understood (write them as 2003-2007, within "
                       f"{lo}-{hi}): {md_escape(', '.join(bad))}", icon=":material/warning:")
        periods = asked + [p for p in compare.default_periods(lo, hi) if p not in asked]
        st.session_state[keys.COMPARE_PERIODS] = periods[:max(compare.FEWEST, len(asked))]
    return list(st.session_state[keys.COMPARE_PERIODS])


def _add_period(lo: int, hi: int) -> None:
    st.session_state[keys.COMPARE_PERIODS] = [*st.session_state[keys.COMPARE_PERIODS], (lo, hi)]


def _remove_period() -> None:
    periods = st.session_state[keys.COMPARE_PERIODS][:-1]
    st.session_state[keys.COMPARE_PERIODS] = periods
    st.session_state.pop(keys.compare_period(len(periods)), None)


def _write(by: str, periods: list[tuple[int, int]]) -> None:
    """The page's part of the address: ``by`` only when the rest does not already say it, periods in period mode."""
    want = {compare.PERIOD_KEY: [compare.period_key(p) for p in periods]} if by == compare.PERIODS else {}
    if by == compare.TYPES:
        want[compare.BY_KEY] = [compare.TYPES]
    for key in (compare.BY_KEY, compare.PERIOD_KEY):
        if key in want:
            if st.query_params.get_all(key) != want[key]:
                st.query_params[key] = want[key]
        elif key in st.query_params:
            del st.query_params[key]


def comparison(ctx: Context) -> compare.Comparison:
    """Draw the controls and return what they compare (possibly fewer than two sides: the page says so)."""
    if keys.COMPARE_BY not in st.session_state:
        st.session_state[keys.COMPARE_BY] = compare.by_from_query(_query())
    by = st.segmented_control("Compare", list(compare.BY), format_func=compare.BY.get, key=keys.COMPARE_BY,
                              required=True) or compare.ORGANIZATIONS
    lo, hi = filters.year_bounds(ctx.full)
    periods: list[tuple[int, int]] = []
    if by == compare.ORGANIZATIONS:
        labels = org_full_labels(ctx.full.organizations)
        _mirror(keys.COMPARE_ORGS, keys.ORGANIZATIONS, "Organizations to compare", list(labels), labels.get,
                "The same choice as the sidebar's Organizations filter: the view keeps the meetings where any "
                "of them took part, and each is compared over its own.")
        side = compare.by_organizations(ctx.view, ctx.full, ctx.filters.organizations)
    elif by == compare.TYPES:
        types = filters.meeting_types(ctx.full)
        _mirror(keys.COMPARE_TYPES, keys.TYPES, "Meeting types to compare", types, str,
                "The same choice as the sidebar's Meeting type filter.")
        side = compare.by_types(ctx.view, ctx.filters.meeting_types)
    else:
        periods = _periods(lo, hi)
        cols = st.columns(len(periods))
        chosen = []
        for i, (col, period) in enumerate(zip(cols, periods, strict=True)):
            key = keys.compare_period(i)
            if key not in st.session_state:
                st.session_state[key] = period
            chosen.append(tuple(col.slider(f"Period {i + 1}", lo, hi, key=key)))
        st.session_state[keys.COMPARE_PERIODS] = periods = chosen
        c1, c2 = st.columns(2)
        c1.button("Add a period", key=keys.COMPARE_ADD, on_click=_add_period, args=(lo, hi),
                  disabled=len(periods) >= compare.MOST, icon=":material/add:")
        c2.button("Remove the last period", key=keys.COMPARE_REMOVE, on_click=_remove_period,
                  disabled=len(periods) <= compare.FEWEST, icon=":material/remove:")
        side = compare.by_periods(ctx.view, periods)
    _write(by, periods)
    return side
