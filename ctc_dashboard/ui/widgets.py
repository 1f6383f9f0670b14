"""Shared widgets: the page header and its empty state, chart-or-table tabs, capped tables, problem reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from ..dataset.problems import Problem
from ..derive import exports
from ..limits import DATA_WATCH_SECONDS, PROBLEMS_SHOWN, TABLE_ROWS
from ..render import prose
from ..render.escape import md_escape
from . import keys
from .selection import selection_key
from .sidebar import reset_filters

if TYPE_CHECKING:
    from .context import Context


def show_problems(problems: list[Problem], where: str, headline: str | None = None) -> None:
    """Every problem, file, row and column, as a table; the full report as a download.
    ``headline`` (a warning) replaces the default error line."""
    if headline is None:
        st.error(f"{where} does not match the data contract: {len(problems)} problem(s). "
                 "Nothing from it is shown until they are fixed.", icon=":material/error:")
    else:
        st.warning(headline, icon=":material/warning:")
    table = pd.DataFrame([p.as_dict() for p in problems])
    cap = PROBLEMS_SHOWN.value
    st.dataframe(table.head(cap), width="stretch", hide_index=True,
                 column_config={"row": st.column_config.NumberColumn("row", help="Spreadsheet row; header = 1")})
    if len(problems) > cap:
        st.caption(f"The first {cap} of {len(problems)} problems; the download has them all.")
    st.download_button("Download the full report (CSV)", lambda: exports.spreadsheet_csv(table),
                       "validation-report.csv",
                       "text/csv", on_click="ignore", key=keys.report(where))


def _utc(t) -> str:
    return f"{t:%Y-%m-%d %H:%M:%S} UTC"


def data_version_status(ctx: Context) -> None:
    """Which version of the folder is served, since when, and the last refused update with its report."""
    state = ctx.served
    if state is None:
        st.caption(f"This session shows your upload {md_escape(ctx.full.label)} (version {ctx.full.version}).")
        return
    st.markdown(f"Serving **{md_escape(ctx.full.label)}**, version `{ctx.full.version}`, since "
                f"{_utc(state.since)}. The folder is checked for changes every "
                f"{DATA_WATCH_SECONDS.value} seconds; a new version is shown only if it is whole and valid.")
    if state.refusal is not None:
        r = state.refusal
        show_problems(list(r.problems), "refused-update",
                      headline=f"An update of the data folder was refused at {_utc(r.at)}: "
                               f"{len(r.problems)} problem(s), listed below. Every page still shows version "
                               f"{ctx.full.version}, the last valid one. Fix the files and the new version is "
                               "shown without a restart.")


def count_line(ctx: Context) -> str:
    return prose.count_line(ctx.full, ctx.data, ctx.meetings)


def page_header(title: str, ctx: Context) -> bool:
    """Title, the count line and the empty state. Returns False when nothing matches."""
    st.title(title)
    st.markdown(f"**{count_line(ctx)}**")
    if ctx.data.meetings.empty:
        st.info("No meeting matches these filters. Widen the years, add a meeting type, or reset the filters.",
                icon=":material/filter_alt_off:")
        st.button("Reset filters", on_click=reset_filters, args=(ctx.full,), key=keys.RESET_EMPTY)
        return False
    return True


def sources_line(ctx: Context) -> None:
    n = len(ctx.data.sources)
    st.caption(f"Sources: {n} documents cited by what is shown (listed on the Sources & about page). "
               f"Data: {md_escape(ctx.full.label)}, version {ctx.full.version}. "
               "An empty cell or 'unknown' means no source gives the value.")


def capped_dataframe(table: pd.DataFrame, **kwargs):
    """A table cut to TABLE_ROWS rows (the browser gets one page), saying so when it is cut."""
    if caption := prose.first_rows_caption(len(table)):
        st.caption(caption)
    return st.dataframe(table.head(TABLE_ROWS.value), width="stretch", hide_index=True, **kwargs)


def dark_theme() -> bool:
    """Whether the reader's page is dark (the map then takes the dark basemap)."""
    return getattr(st.context.theme, "type", None) == "dark"


def described(alt: str) -> None:
    """A chart's text alternative, also shown under it: what the chart says, for every reader."""
    st.caption(md_escape(alt))


def chart_or_table(fig, table: pd.DataFrame, name: str, alt: str, selectable: bool = False):
    """Every view two ways, over the same filtered data (as Our World in Data does).

    ``alt`` says in words what the chart shows: the chart's accessible name, and a line under it.
    ``selectable`` charts return the click selection (``on_select``); see ``selection.selected_ids``.
    """
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        if selectable:
            event = st.plotly_chart(fig, width="stretch", key=selection_key(name), on_select="rerun",
                                    selection_mode="points", alt=alt)
        else:
            event = st.plotly_chart(fig, width="stretch", key=name, alt=alt)
        described(alt)
    with table_tab:
        capped_dataframe(table, key=keys.table(name))
        st.download_button("Download this table (CSV)", lambda: exports.spreadsheet_csv(table), f"ctc-{name}.csv",
                           "text/csv", on_click="ignore", key=keys.download(name))
    return event
