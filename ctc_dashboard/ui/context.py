"""The per-run context: the data in use, the view (filters and page choices) and its tables, built once by
dashboard.py.

Pages call ``context()``; nothing else reads the session's data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ..dataset.model import Dataset
from ..dataset.served import Served
from ..derive.filters import Filters
from ..derive.view import View
from . import cache, keys, url
from .sidebar import sidebar_filters
from .source import active_dataset, upload_banner


@dataclass(frozen=True)
class Context:
    view: View  # the full data, the filters, the page choices; view.data is the filtered data
    meetings: pd.DataFrame  # summary.meeting_summary(view.data)
    uploaded: bool
    served: Served | None = None  # the folder's state (None while this session shows an upload)

    @property
    def full(self) -> Dataset:
        return self.view.full

    @property
    def data(self) -> Dataset:
        """The filtered data: what every chart, count and download of the page shows."""
        return self.view.data

    @property
    def filters(self) -> Filters:
        return self.view.filters


def build_context(page: str | None = None) -> Context:
    """``page``: the url path of the page about to run (its choices go in the address)."""
    ds, served = active_dataset()
    uploaded = served is None
    if uploaded:
        upload_banner(ds)
    url.read_once(ds)
    if st.session_state.pop(keys.RESET_NEXT_RUN, False):  # a new upload: its default view
        url.reset(ds)
    opts = cache.param_options(ds.version, ds, uploaded)
    view = url.current_view(ds, opts)
    sidebar_filters(view, opts, uploaded)
    data, meetings = cache.filtered(ds.version, view.filters, ds, uploaded)
    view = view.with_data(data)
    url.write(view, page)
    ctx = Context(view=view, meetings=meetings, uploaded=uploaded, served=served)
    st.session_state[keys.CONTEXT] = ctx
    return ctx


def context() -> Context:
    """The context dashboard.py built for this run (built here if a page somehow runs first)."""
    ctx = st.session_state.get(keys.CONTEXT)
    return ctx if isinstance(ctx, Context) else build_context()
