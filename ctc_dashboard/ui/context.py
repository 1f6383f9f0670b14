"""The per-run context: the data in use, the filters and the filtered tables, built once by dashboard.py.

Pages call ``context()``; nothing else reads the session's data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ..dataset.model import Dataset
from ..dataset.served import Served
from ..derive.filters import Filters
from . import cache, keys
from .sidebar import sidebar_filters
from .source import active_dataset, upload_banner


@dataclass(frozen=True)
class Context:
    full: Dataset
    view: Dataset
    filters: Filters
    meetings: pd.DataFrame  # summary.meeting_summary(view)
    uploaded: bool
    served: Served | None = None  # the folder's state (None while this session shows an upload)


def build_context() -> Context:
    ds, served = active_dataset()
    uploaded = served is None
    if uploaded:
        upload_banner(ds)
    f = sidebar_filters(ds, uploaded)
    view, meetings = cache.filtered(ds.version, f, ds, uploaded)
    ctx = Context(full=ds, view=view, filters=f, meetings=meetings, uploaded=uploaded, served=served)
    st.session_state[keys.CONTEXT] = ctx
    return ctx


def context() -> Context:
    """The context dashboard.py built for this run (built here if a page somehow runs first)."""
    ctx = st.session_state.get(keys.CONTEXT)
    return ctx if isinstance(ctx, Context) else build_context()
