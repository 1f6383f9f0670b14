"""The dashboard's query parameters read for the API: ``derive.view.from_query``, the app's own reading.

The API is stricter than the app in one way only: a filter value the data does not allow (``years=bad``,
an unknown topic) is an error (HTTP 400) where the app drops it with a notice. A year outside the data is
clamped, as the app clamps it (reported, not refused); a page choice (``breakdown-by``) never changes the
rows, so its notices are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..dataset.model import Dataset
from ..derive.view import BY_KEY, FILTER_PARAMS, YEARS, Notice, View, from_query, to_query

FILTER_KEYS = tuple(p.key for p in FILTER_PARAMS)
__all__ = ["FILTER_KEYS", "Notice", "View", "read", "to_query"]


def read(params: Mapping[str, Sequence[str]], ds: Dataset) -> tuple[View, list[Notice], list[Notice]]:
    """(the view, the values refused, the values only clamped)."""
    view, notices = from_query(params, ds)
    refused, clamped = [], []
    for n in notices:
        param = BY_KEY.get(n.key)
        if param is None or not param.is_filter:
            continue
        if param.kind == YEARS and n.value.strip().lstrip("-").isdigit():
            clamped.append(n)
        else:
            refused.append(n)
    return view, refused, clamped
