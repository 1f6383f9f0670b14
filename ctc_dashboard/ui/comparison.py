"""The Compare page's controls. What is compared is part of the view (``derive.view.PARAMS``: ``by``,
``period``; organizations and meeting types are the sidebar's own filters), so ``ui.url`` writes it to the
address like any filter. The controls here only change the widget state the view is read from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from ..contract.labels import org_full_labels
from ..derive import compare, filters
from . import keys

if TYPE_CHECKING:
    from .context import Context


def _to_sidebar(own: str, sidebar: str) -> None:
    """A page picker changed: the sidebar filter takes its value."""
    st.session_state[sidebar] = list(st.session_state[own])


def _mirror(own: str, sidebar: str, label: str, options: list[str], chosen, format_func, help_text: str) -> None:
    st.session_state[own] = [v for v in chosen if v in options]
    st.multiselect(label, options, key=own, max_selections=compare.MOST, format_func=format_func,
                   on_change=_to_sidebar, args=(own, sidebar), help=help_text, filter_mode="contains",
                   placeholder=f"Choose {compare.FEWEST} to {compare.MOST}")


def _mode_changed(lo: int, hi: int) -> None:
    """Organizations / Periods / Meeting types: periods are compared when some are given, so choosing them
    gives two, and choosing anything else takes them away."""
    mode = st.session_state[keys.COMPARE_BY]
    st.session_state[compare.PERIOD_KEY] = compare.default_periods(lo, hi) if mode == compare.PERIODS else []
    st.session_state[compare.BY_KEY] = compare.TYPES if mode == compare.TYPES else compare.ORGANIZATIONS


def _period_moved(i: int) -> None:
    periods = list(st.session_state[compare.PERIOD_KEY])
    periods[i] = compare.period_key(tuple(st.session_state[keys.compare_period(i)]))
    st.session_state[compare.PERIOD_KEY] = periods


def _add_period(lo: int, hi: int) -> None:
    st.session_state[compare.PERIOD_KEY] = [*st.session_state[compare.PERIOD_KEY], compare.period_key((lo, hi))]


def _remove_period() -> None:
    st.session_state[compare.PERIOD_KEY] = list(st.session_state[compare.PERIOD_KEY])[:-1]


def comparison(ctx: Context) -> compare.Comparison:
    """Draw the controls and return what they compare (possibly fewer than two sides: the page says so)."""
    choices = ctx.view.choices
    by = compare.effective_by(choices.compare_by, choices.periods)
    lo, hi = filters.year_bounds(ctx.full)
    st.session_state[keys.COMPARE_BY] = by
    st.session_state.setdefault(compare.PERIOD_KEY, list(choices.periods))
    st.session_state.setdefault(compare.BY_KEY, choices.compare_by)
    st.segmented_control("Compare", list(compare.BY), format_func=compare.BY.get, key=keys.COMPARE_BY,
                         required=True, on_change=_mode_changed, args=(lo, hi))
    if by == compare.ORGANIZATIONS:
        labels = org_full_labels(ctx.full.organizations)
        _mirror(keys.COMPARE_ORGS, "org", "Organizations to compare", list(labels), ctx.filters.organizations,
                labels.get, "The same choice as the sidebar's Organizations filter: the view keeps the meetings "
                "where they took part, and each is compared over its own.")
        return compare.by_organizations(ctx.data, ctx.full, ctx.filters.organizations)
    if by == compare.TYPES:
        _mirror(keys.COMPARE_TYPES, "type", "Meeting types to compare", filters.meeting_types(ctx.full),
                ctx.filters.meeting_types, str, "The same choice as the sidebar's Meeting type filter.")
        return compare.by_types(ctx.data, ctx.filters.meeting_types)
    periods = [compare.parse_period(p) for p in choices.periods]
    for i, (col, period) in enumerate(zip(st.columns(len(periods)), periods, strict=True)):
        st.session_state[keys.compare_period(i)] = period
        col.slider(f"Period {i + 1}", lo, hi, key=keys.compare_period(i), on_change=_period_moved, args=(i,))
    c1, c2 = st.columns(2)
    c1.button("Add a period", key=keys.COMPARE_ADD, on_click=_add_period, args=(lo, hi),
              disabled=len(periods) >= compare.MOST, icon=":material/add:")
    c2.button("Remove the last period", key=keys.COMPARE_REMOVE, on_click=_remove_period,
              disabled=len(periods) <= compare.FEWEST, icon=":material/remove:")
    return compare.by_periods(ctx.data, periods)
