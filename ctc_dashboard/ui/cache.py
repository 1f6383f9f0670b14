"""Every ``st.cache_*`` wrapper, one key style: the data version first, then what else the result depends on.

The Dataset itself is passed as ``_ds`` (not hashed): its version is a hash of its files, so the
version stands for it. Frames are shared read-only (pandas copy-on-write).
"""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from ..dataset.model import Dataset
from ..dataset.served import ServedData, for_folder, health_path
from ..derive import continuity, facets, filters, search, summary, view
from ..derive.view import ParamOptions, View
from ..limits import (
    CACHED_COUNT_TABLES,
    CACHED_MATRICES,
    CACHED_OPTIONS,
    CACHED_SEARCH_INDEXES,
    CACHED_VIEWS,
    DATA_WATCH_SECONDS,
    SERVED_FOLDERS,
    UPLOAD_COUNT_TABLES,
    UPLOAD_MATRICES,
    UPLOAD_OPTIONS,
    UPLOAD_SEARCH_INDEXES,
    UPLOAD_VIEWS,
    Limit,
)

T = TypeVar("T")


def _log_to_server_log() -> None:
    """Our messages (served version, refused updates) go to the server's stderr beside Streamlit's own."""
    logger = logging.getLogger("ctc_dashboard")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _forget_health(path: Path) -> None:
    path.unlink(missing_ok=True)  # a stopped server has no health to report


@st.cache_resource(max_entries=SERVED_FOLDERS.value, show_spinner=False, on_release=lambda holder: holder.stop())
def served(folder: str, label: str) -> ServedData:
    """One holder per folder for the whole process, shared by every session (the reload rule is its own).

    It writes the health file of this server (health-<port>.json) whenever the served state changes,
    and removes it when the process exits.
    """
    _log_to_server_log()
    port = st.get_option("server.port")
    atexit.register(_forget_health, health_path(port))
    return for_folder(folder, label, port=port, watch_every=DATA_WATCH_SECONDS.value)


# Each cache comes twice: process-wide for the served folder (shared by every session), and scoped to the
# session for an upload, so that nothing derived from an upload outlives its session (Streamlit drops a
# session's caches when its browser disconnects). ``pair`` makes both from one function and two caps.

def pair(fn: Callable[..., T], served: Limit, upload: Limit, resource: bool = False,
         spinner: bool | str = False) -> Callable[..., T]:
    """``fn`` cached twice (``st.cache_resource`` for shared objects, else ``st.cache_data``, which copies);
    the result takes ``uploaded=`` to choose the session's cache."""
    cache = st.cache_resource if resource else st.cache_data
    folder = cache(max_entries=served.value, show_spinner=spinner)(fn)
    session = cache(max_entries=upload.value, show_spinner=spinner, scope="session")(fn)

    def cached(*args, uploaded: bool = False) -> T:
        return (session if uploaded else folder)(*args)

    cached.__doc__ = fn.__doc__
    return cached


def _filtered(version: str, f: filters.Filters, _ds: Dataset) -> tuple[Dataset, pd.DataFrame]:
    view = filters.apply(_ds, f)
    return view, summary.meeting_summary(view)


_filtered_pair = pair(_filtered, CACHED_VIEWS, UPLOAD_VIEWS, resource=True)


def filtered(version: str, f: filters.Filters, ds: Dataset, uploaded: bool = False) -> tuple[Dataset, pd.DataFrame]:
    """Per data version and filters: going back to a view, or another session on it, costs nothing."""
    return _filtered_pair(version, f, ds, uploaded=uploaded)


def _param_options(version: str, _ds: Dataset) -> ParamOptions:
    return view.param_options(_ds)


_param_options_pair = pair(_param_options, CACHED_OPTIONS, UPLOAD_OPTIONS, resource=True)


def param_options(version: str, ds: Dataset, uploaded: bool = False) -> ParamOptions:
    """Every filter's and page choice's options in display order and their words, once per data version."""
    return _param_options_pair(version, ds, uploaded=uploaded)


def _facet_counts(version: str, f: filters.Filters, _ds: Dataset) -> dict[str, dict[str, int]]:
    return facets.counts(_ds, f)


_facet_counts_pair = pair(_facet_counts, CACHED_COUNT_TABLES, UPLOAD_COUNT_TABLES, resource=True)


def facet_counts(v: View, uploaded: bool = False) -> dict[str, dict[str, int]]:
    """The count on every filter option of the view (counted in its full data), per data version and filters."""
    return _facet_counts_pair(v.full.version, v.filters, v.full, uploaded=uploaded)


def _continuity(version: str, f: filters.Filters, sort: str, _view: Dataset):
    return continuity.matrix_table(_view, sort), continuity.continuity_table(_view)


_continuity_pair = pair(_continuity, CACHED_MATRICES, UPLOAD_MATRICES, spinner="Building the matrix…")


def continuity_tables(v: View, sort: str, uploaded: bool = False):
    """Matrix and continuity table per data version, filters and sort (a second or two at 100,000 meetings)."""
    return _continuity_pair(v.full.version, v.filters, sort, v.data, uploaded=uploaded)


def _search_index(version: str, _ds: Dataset) -> pd.DataFrame:
    return search.search_index(_ds)


_search_index_pair = pair(_search_index, CACHED_SEARCH_INDEXES, UPLOAD_SEARCH_INDEXES)


def search_index(version: str, ds: Dataset, uploaded: bool = False) -> pd.DataFrame:
    """Normalised search text, once per data version."""
    return _search_index_pair(version, ds, uploaded=uploaded)
