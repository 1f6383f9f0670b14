"""Click to select a meeting on the map, the timeline or a bar: shown in a box and in the URL (?meeting=)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from ..contract.labels import meeting_lines
from ..derive import profiles
from ..derive.search import meeting_choices
from ..limits import BROWSE_ENTRIES
from ..render.escape import md_escape, plot_escape
from . import keys, routes, url

if TYPE_CHECKING:
    from .context import Context


def selection_key(name: str) -> str:
    """Widget key that changes on "clear", since a chart's selection cannot be reset in place."""
    return f"{name}-{st.session_state.get(keys.generation(name), 0)}"


def selected_ids(event, how: str, table: pd.DataFrame | None = None) -> list[str]:
    """Meeting ids picked by a click: on the map (layer "venues"), on the timeline (customdata) or on a bar (y)."""
    if event is None or not getattr(event, "selection", None):
        return []
    sel = event.selection
    if how == "map":
        return [o.get("meeting_id") for o in sel.get("objects", {}).get("venues", []) if o.get("meeting_id")]
    points = sel.get("points", [])
    if how == "timeline":
        return [p["customdata"][-1] for p in points if p.get("customdata")]
    if how == "bar" and table is not None:
        by_label = dict(zip(table["meeting"].map(plot_escape), table["meeting_id"], strict=True))
        return [by_label[p["y"]] for p in points if p.get("y") in by_label]
    return []


def selection_box(ctx: Context, name: str, picked: list[str]) -> None:
    """What a click selected, in a visible box and in the URL (?meeting=), with a profile link and a clear.

    The same choice is a list for the keyboard and screen readers: the click and the list stay in step.
    """
    pick_key, last_key = keys.pick(name), keys.last_click(name)
    if picked and picked[0] != st.session_state.get(last_key):  # a new click (a kept one must not win)
        url.select_meeting(picked[0])
    st.session_state[last_key] = picked[0] if picked else None
    labels = meeting_choices(ctx.meetings, BROWSE_ENTRIES.value)
    meeting_id = url.selected_meeting()
    shown = meeting_id if meeting_id in labels else None
    if st.session_state.get(pick_key) != shown:
        st.session_state[pick_key] = shown
    st.selectbox("Select a meeting (or click one on the chart)", list(labels), key=pick_key, format_func=labels.get,
                 index=None, placeholder="Choose a meeting", filter_mode="contains", on_change=_pick, args=(pick_key,))
    m = ctx.full.meetings
    row = m[m["meeting_id"] == meeting_id]
    if row.empty:
        return
    with st.container(border=True):
        st.markdown(f"**Selected:** {md_escape(meeting_lines(row['start_date'], row['city'], row['title']).iloc[0])}")
        c1, c2 = st.columns(2)
        c1.page_link(routes.PROFILE.file, label="Open the meeting's profile", icon=routes.PROFILE.icon,
                     query_params={profiles.MEETING: meeting_id})
        c2.button("Clear selection", key=keys.clear(name), on_click=_clear_selection, args=(name,))


def _pick(key: str) -> None:
    url.select_meeting(st.session_state.get(key))


def _clear_selection(name: str) -> None:
    st.session_state[keys.generation(name)] = st.session_state.get(keys.generation(name), 0) + 1
    st.session_state[keys.pick(name)] = None
    url.select_meeting(None)
