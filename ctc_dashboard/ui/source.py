"""Which data a session sees: the folder chosen at start (argument > environment > shipped), or its upload.

The folder's version is the one ``dataset.served`` keeps for the whole process (a new version only if
whole and valid). An upload lives in this browser session's state only: never written to disk, never
seen by another session, and nothing derived from it is cached process-wide, so it goes with the session.
"""

from __future__ import annotations

import streamlit as st

from ..dataset.load import WORKBOOK, file_kind, load_bytes, load_files
from ..dataset.model import Dataset
from ..dataset.problems import DataError, Problem
from ..dataset.served import SHIPPED, SHIPPED_LABEL, Served, data_folder, folder_label
from ..render.escape import md_escape
from . import cache, keys
from .sidebar import reset_filters
from .widgets import show_problems

__all__ = ["SHIPPED", "SHIPPED_LABEL", "data_folder"]  # the folder's choice is dataset.served's


def served_state() -> Served:
    """The folder's state now: re-read if it changed, a new version kept only if whole and valid."""
    folder = data_folder()
    label = folder_label(folder)
    return cache.served(str(folder), label).current(lambda: st.spinner("Loading and checking the data…"))


def load_upload(files: dict[str, bytes] | list[tuple[str, bytes]], label: str) -> Dataset | list[Problem]:
    """Uploaded CSV files, one ZIP or one .xlsx workbook -> Dataset, or every problem. Two files of one
    name are refused, never one silently kept."""
    pairs = list(files.items()) if isinstance(files, dict) else list(files)
    names = [name for name, _ in pairs]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        return [Problem(n, None, None, None, f"one file of this name; {names.count(n)} were uploaded")
                for n in repeated]
    try:
        books = [name for name in names if file_kind(name) == WORKBOOK]
        if books and len(pairs) > 1:
            return [Problem(name, None, None, None, "one workbook on its own (upload it without other files)")
                    for name in books]
        if len(pairs) == 1 and file_kind(names[0]) is not None:  # one workbook or one ZIP
            return load_bytes(names[0], pairs[0][1], label=names[0] if books else label)
        return load_files(dict(pairs), label=label)
    except DataError as e:
        return e.problems


def active_dataset() -> tuple[Dataset, Served | None]:
    """The session's upload (and None) if any, else the folder's served version and its state. Stops the
    page if nothing valid was ever served: a folder invalid from the start shows only its report."""
    up = st.session_state.get(keys.UPLOADED)
    if isinstance(up, Dataset):
        return up, None
    state = served_state()
    if state.dataset is None:
        st.title("CTC cooperation dashboard")
        show_problems(list(state.problems), f"The data folder {md_escape(data_folder().name)}")
        st.stop()
    return state.dataset, state


def use_upload(ds: Dataset | None) -> None:
    """Switch this browser session to an uploaded dataset, or back to the folder (None)."""
    if ds is None:
        st.session_state.pop(keys.UPLOADED, None)
        state = served_state()
        if state.dataset is not None:
            reset_filters(state.dataset)
    else:
        st.session_state[keys.UPLOADED] = ds
        # The filter widgets of this run already exist: they are reset at the start of the next run.
        st.session_state[keys.RESET_NEXT_RUN] = True


def upload_banner(ds: Dataset) -> None:
    """In the sidebar, while an upload is shown: what it is, and the way back."""
    st.sidebar.info(f"Showing your upload **{md_escape(ds.label)}** ({len(ds.meetings)} meetings), "
                    "in this browser session only.", icon=":material/upload_file:")
    st.sidebar.button("Back to the shipped data", on_click=use_upload, args=(None,), key=keys.BACK_TO_SHIPPED,
                      width="stretch")


def readme() -> str | None:
    """The shipped data's README (inclusion rule, columns, known gaps), if there is one."""
    path = SHIPPED / "README.md"
    return path.read_text(encoding="utf-8") if path.exists() else None
