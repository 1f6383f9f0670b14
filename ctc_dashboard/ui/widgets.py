"""Shared widgets: the page header and its empty state, chart-or-table tabs, capped tables, problem reports."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from ..dataset.problems import Problem
from ..derive import exports, scope
from ..derive.citations import view_citation
from ..derive.view import BY_KEY, View, to_query
from ..limits import DATA_WATCH_SECONDS, PROBLEMS_SHOWN, TABLE_ROWS
from ..render import prose
from ..render.escape import md_escape
from ..render.source_line import source_lines, with_source
from . import cache, columns, keys, url
from .address import server_address
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


def _include_types(view: View, types: tuple[str, ...]) -> None:
    """Through the view: every widget set to this view with the types included (the URL follows)."""
    url.seed(View(view.full, replace(view.filters, meeting_types=types), view.choices))


def hidden_notice(ctx: Context) -> None:
    """Beside every count: which meeting types the view hides and how many meetings, and a button that includes
    them (the default view leaves out open briefings; a count quoted without this would be partial)."""
    counts = cache.facet_counts(ctx.view, ctx.uploaded)["type"]
    line = scope.hidden_line(ctx.full, ctx.filters, counts)
    if line is None:
        return
    st.markdown(md_escape(line))
    st.button(scope.include_label(ctx.full, ctx.filters, counts), key=keys.INCLUDE_HIDDEN, icon=":material/add:",
              on_click=_include_types, args=(ctx.view, scope.with_hidden_types(ctx.full, ctx.filters, counts)))


def page_header(title: str, ctx: Context) -> bool:
    """Title, the count line, what the view hides and the empty state. Returns False when nothing matches."""
    st.title(title)
    st.markdown(f"**{count_line(ctx)}**")
    hidden_notice(ctx)
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
    return columns.table(table.head(TABLE_ROWS.value), **kwargs)


def dark_theme() -> bool:
    """Whether the reader's page is dark (the map then takes the dark basemap)."""
    return getattr(st.context.theme, "type", None) == "dark"


def described(alt: str) -> None:
    """A chart's text alternative, also shown under it: what the chart says, for every reader."""
    st.caption(md_escape(alt))


IMAGE_FORMATS = {"svg": "SVG", "png": "PNG (2x)"}


def image_format_choice() -> None:
    """In the sidebar: what the camera button of every chart saves (this session only, not in the address)."""
    # A radio, not a segmented control: the chosen segment's accent on the sidebar's grey is 4.26:1.
    st.sidebar.radio("Chart downloads (camera button)", list(IMAGE_FORMATS), horizontal=True,
                     format_func=IMAGE_FORMATS.get, key=keys.IMAGE_FORMAT,
                     help="SVG scales without blur in a report; PNG is saved at twice the screen size. "
                          "Every chart carries its source line in the image.")


def chart_config(ctx: Context, name: str, filtered: bool = True) -> dict:
    """Plotly's modebar, for every chart: the camera saves an image named after the chart and the view."""
    fmt = st.session_state.get(keys.IMAGE_FORMAT) or "svg"
    stem = exports.file_name(name, ctx.view if filtered else ctx.full, fmt).removesuffix(f".{fmt}")
    return {"displaylogo": False,
            "toImageButtonOptions": {"format": fmt, "scale": 2 if fmt == "png" else 1, "filename": stem}}


def show_chart(fig, ctx: Context, name: str, alt: str, key: str | None = None, filtered: bool = True, **kwargs):
    """Every plotly chart goes through here: it ends with its source line and saves as the reader chose.

    ``fig`` is the page's own, built for this call (never a cached figure): the line is added to it in place.
    ``filtered=False``: the chart shows all the data whatever the filters (a profile), and says so.
    """
    words = ctx.view.describe() if filtered else []
    sourced = with_source(fig, source_lines(ctx.full.label, ctx.full.version, words), dark=dark_theme(), copy=False)
    # The figure's own height, given to the element too: its space is kept while plotly's bundle loads.
    height = int(sourced.layout.height) if sourced.layout.height else "content"
    return st.plotly_chart(sourced, width="stretch", height=height, key=key or name, alt=alt,
                           config=chart_config(ctx, name, filtered), **kwargs)


def chart_or_table(fig, table: pd.DataFrame, name: str, alt: str, selectable: bool = False):
    """Every view two ways, over the same filtered data (as Our World in Data does).

    ``alt`` says in words what the chart shows: the chart's accessible name, and a line under it.
    ``selectable`` charts return the click selection (``on_select``); see ``selection.selected_ids``.
    """
    # The tabs track which is open (a switch reruns): the table and its data grid bundle are sent only when
    # the reader opens it, not with every chart on every page.
    chart_tab, table_tab = st.tabs(["Chart", "Table"], key=keys.shown(name), on_change="rerun")
    with chart_tab:
        from .context import context  # here: context.py imports this module (through source.py)

        ctx = context()
        if selectable:
            event = show_chart(fig, ctx, name, alt, key=selection_key(name), on_select="rerun",
                               selection_mode="points")
        else:
            event = show_chart(fig, ctx, name, alt)
        described(alt)
    with table_tab:
        if table_tab.open:
            table_shown(table, name)
    return event


def table_shown(table: pd.DataFrame, name: str) -> None:
    """A view's table (first rows) and its full download, in an open tab or expander."""
    capped_dataframe(table, key=keys.table(name))
    st.download_button("Download this table (CSV)", lambda: exports.spreadsheet_csv(table), f"ctc-{name}.csv",
                       "text/csv", on_click="ignore", key=keys.download(name))


def view_link(ctx: Context, page: str) -> str:
    """The view's real address on this server: the page, its filters and its own choices (as ui.url writes them)."""
    query = {k: v for k, v in to_query(ctx.view).items() if BY_KEY[k].is_filter or BY_KEY[k].page == page}
    return f"{server_address() or ''}/{page}" + (f"?{urlencode(query, doseq=True)}" if query else "")


def cite_view(ctx: Context, page: str, version: str | None = None) -> None:
    """"Cite this view": plain text, BibTeX, RIS and CSL-JSON (derive.citations, shared with the record pages),
    naming the filters in words, the data version (``version``: with its release, ui.changes), the access date
    and the address that reproduces the view."""
    cite = view_citation(ctx.full, ctx.view.describe(), view_link(ctx, page))
    formats = (replace(cite, data_version=version) if version else cite).formats()
    for tab, text in zip(st.tabs(list(formats)), formats.values(), strict=True):
        tab.code(text, language=None, wrap_lines=True)
    st.caption("The address reproduces this view (its filters live in it). BibTeX, RIS and CSL-JSON import into "
               "reference managers.")
