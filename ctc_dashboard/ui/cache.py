"""Every ``st.cache_*`` wrapper, one key style: the data version first, then what else the result depends on.

The Dataset itself is passed as ``_ds`` (not hashed): its version is a hash of its files, so the
version stands for it. Frames are shared read-only (pandas copy-on-write).
"""

from __future__ import annotations

import atexit
import logging
from pathlib import Path

import pandas as pd
import streamlit as st

from ..dataset.model import Dataset
from ..dataset.served import ServedData, for_folder, health_path
from ..derive import continuity, facets, filters, search, summary
from ..limits import DATA_WATCH_SECONDS, UPLOAD_VIEWS


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


@st.cache_resource(max_entries=4, show_spinner=False, on_release=lambda holder: holder.stop())
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
# session's caches when its browser disconnects).

def _filtered(version: str, f: filters.Filters, _ds: Dataset) -> tuple[Dataset, pd.DataFrame]:
    view = filters.apply(_ds, f)
    return view, summary.meeting_summary(view)


_filtered_folder = st.cache_resource(max_entries=32, show_spinner=False)(_filtered)
_filtered_upload = st.cache_resource(max_entries=UPLOAD_VIEWS.value, show_spinner=False, scope="session")(_filtered)


def filtered(version: str, f: filters.Filters, ds: Dataset, uploaded: bool = False) -> tuple[Dataset, pd.DataFrame]:
    """Per data version and filters: going back to a view, or another session on it, costs nothing."""
    return (_filtered_upload if uploaded else _filtered_folder)(version, f, ds)


def _facet_options(version: str, _ds: Dataset) -> dict[str, tuple[list[str], dict[str, str]]]:
    return facets.options(_ds)


_facet_options_folder = st.cache_resource(max_entries=4, show_spinner=False)(_facet_options)
_facet_options_upload = st.cache_resource(max_entries=1, show_spinner=False, scope="session")(_facet_options)


def facet_options(version: str, ds: Dataset, uploaded: bool = False) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Each counted filter's options in display order and their labels, once per data version."""
    return (_facet_options_upload if uploaded else _facet_options_folder)(version, ds)


def _facet_counts(version: str, f: filters.Filters, _ds: Dataset) -> dict[str, dict[str, int]]:
    return facets.counts(_ds, f)


_facet_counts_folder = st.cache_resource(max_entries=64, show_spinner=False)(_facet_counts)
_facet_counts_upload = st.cache_resource(max_entries=UPLOAD_VIEWS.value, show_spinner=False,
                                         scope="session")(_facet_counts)


def facet_counts(version: str, f: filters.Filters, ds: Dataset, uploaded: bool = False) -> dict[str, dict[str, int]]:
    """The count on every filter option, per data version and filters (like the filtered view)."""
    return (_facet_counts_upload if uploaded else _facet_counts_folder)(version, f, ds)


def _continuity(version: str, f: filters.Filters, sort: str, _view: Dataset):
    return continuity.matrix_table(_view, sort), continuity.continuity_table(_view)


_continuity_folder = st.cache_data(max_entries=8, show_spinner="Building the matrix…")(_continuity)
_continuity_upload = st.cache_data(max_entries=2, show_spinner="Building the matrix…", scope="session")(_continuity)


def continuity_tables(version: str, f: filters.Filters, sort: str, view: Dataset, uploaded: bool = False):
    """Matrix and continuity table per data version, filters and sort (a second or two at 100,000 meetings)."""
    return (_continuity_upload if uploaded else _continuity_folder)(version, f, sort, view)


def _search_index(version: str, _ds: Dataset) -> pd.DataFrame:
    return search.search_index(_ds)


_search_index_folder = st.cache_data(max_entries=4, show_spinner=False)(_search_index)
_search_index_upload = st.cache_data(max_entries=1, show_spinner=False, scope="session")(_search_index)


def search_index(version: str, ds: Dataset, uploaded: bool = False) -> pd.DataFrame:
    """Normalised search text, once per data version."""
    return (_search_index_upload if uploaded else _search_index_folder)(version, ds)
