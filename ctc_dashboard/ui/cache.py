"""Every ``st.cache_*`` wrapper, one key style: the data version first, then what else the result depends on.

The Dataset itself is passed as ``_ds`` (not hashed): its version is a hash of its files, so the
version stands for it. Frames are shared read-only (pandas copy-on-write).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from ..dataset.load import load_files, load_xlsx_file
from ..dataset.model import Dataset
from ..dataset.problems import DataError, Problem
from ..dataset.read import read_folder
from ..dataset.workbook import is_workbook
from ..derive import continuity, facets, filters, search, summary


@st.cache_resource(show_spinner="Loading and checking the data…", max_entries=4)
def load_folder(folder: str, signature: tuple, label: str) -> Dataset | list[Problem]:
    """Per folder and its files' sizes and times: an edited file is read again."""
    try:
        if is_workbook(folder):
            return load_xlsx_file(folder)
        return load_files(read_folder(folder), label=label)
    except DataError as e:
        return e.problems


@st.cache_resource(max_entries=32, show_spinner=False)
def filtered(version: str, f: filters.Filters, _ds: Dataset) -> tuple[Dataset, pd.DataFrame]:
    """Per data version and filters: going back to a view, or another session on it, costs nothing."""
    view = filters.apply(_ds, f)
    return view, summary.meeting_summary(view)


@st.cache_resource(max_entries=4, show_spinner=False)
def facet_options(version: str, _ds: Dataset) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Each counted filter's options in display order and their labels, once per data version."""
    return facets.options(_ds)


@st.cache_resource(max_entries=64, show_spinner=False)
def facet_counts(version: str, f: filters.Filters, _ds: Dataset) -> dict[str, dict[str, int]]:
    """The count on every filter option, per data version and filters (like the filtered view)."""
    return facets.counts(_ds, f)


@st.cache_data(max_entries=8, show_spinner="Building the matrix…")
def continuity_tables(version: str, f: filters.Filters, sort: str, _view: Dataset):
    """Matrix and continuity table per data version, filters and sort (a second or two at 100,000 meetings)."""
    return continuity.matrix_table(_view, sort), continuity.continuity_table(_view)


@st.cache_data(max_entries=4, show_spinner=False)
def search_index(version: str, _ds: Dataset) -> pd.DataFrame:
    """Normalised search text, once per data version."""
    return search.search_index(_ds)


def signature(folder: Path) -> tuple:
    """What changes when a CSV of the folder (or the workbook) changes: names, sizes, modification times."""
    try:
        if folder.is_file():
            return ((folder.name, folder.stat().st_size, folder.stat().st_mtime_ns),)
        return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.glob("*.csv")))
    except OSError:
        return ()
