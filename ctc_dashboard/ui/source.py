"""Which data a session sees: the folder chosen at start (argument > environment > shipped), or its upload.

An upload lives in this browser session's state only: never written to disk, never seen by
another session.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import streamlit as st

from ..dataset.load import load_files, load_xlsx
from ..dataset.model import Dataset
from ..dataset.problems import DataError, Problem
from ..dataset.read import read_zip
from ..dataset.workbook import is_workbook
from ..render.escape import md_escape
from . import cache, keys
from .sidebar import reset_filters
from .widgets import show_problems

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data"
SHIPPED_LABEL = "shipped data"
ENV_VAR = "CTC_DASHBOARD_DATA"


def data_folder(argv: list[str] | None = None) -> Path:
    """``-- --data DIR`` wins over $CTC_DASHBOARD_DATA, which wins over the shipped data/."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    chosen = args.data or os.environ.get(ENV_VAR) or str(SHIPPED)
    return Path(chosen).expanduser()


def _folder_dataset(folder: Path) -> Dataset | list[Problem]:
    label = SHIPPED_LABEL if folder == SHIPPED else folder.name
    return cache.load_folder(str(folder), cache.signature(folder), label)


def load_upload(files: dict[str, bytes], label: str) -> Dataset | list[Problem]:
    """Uploaded CSV files, one ZIP or one .xlsx workbook -> Dataset, or every problem."""
    try:
        books = [name for name in files if is_workbook(name)]
        if books:
            if len(files) > 1:
                return [Problem(name, None, None, None, "one workbook on its own (upload it without other files)")
                        for name in books]
            return load_xlsx(files[books[0]], books[0])
        if len(files) == 1 and next(iter(files)).lower().endswith(".zip"):
            files = read_zip(next(iter(files.values())), label)
        return load_files(files, label=label)
    except DataError as e:
        return e.problems


def active_dataset() -> tuple[Dataset, bool]:
    """The session's upload if any, else the folder chosen at start; stops the page if it is invalid."""
    up = st.session_state.get(keys.UPLOADED)
    if isinstance(up, Dataset):
        return up, True
    folder = data_folder()
    loaded = _folder_dataset(folder)
    if isinstance(loaded, list):
        st.title("CTC cooperation dashboard")
        show_problems(loaded, f"The data folder {md_escape(folder.name)}")
        st.stop()
    return loaded, False


def use_upload(ds: Dataset | None) -> None:
    """Switch this browser session to an uploaded dataset, or back to the folder (None)."""
    if ds is None:
        st.session_state.pop(keys.UPLOADED, None)
        loaded = _folder_dataset(data_folder())
        if isinstance(loaded, Dataset):
            reset_filters(loaded)
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
