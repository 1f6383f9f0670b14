"""How every table is shown, derived once from the contract's field types (``contract.schema.TABLES``).

A column named as a contract field takes that field's type and meaning: dates as dates (never
``2003-03-06 00:00:00``), addresses as links, numbers as numbers, long text wide and wrapped, the field's
description as its help. Derived tables (summaries, profiles) carry the same names, so they read the same.
An empty cell reads "unknown" (``contract.labels.UNKNOWN``), never "None"; ids go last, after what a reader
needs. Pages call ``table`` instead of ``st.dataframe``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..contract.labels import UNKNOWN
from ..contract.schema import TABLES


def _fields() -> dict:
    """Field by column name, across tables (a name means one thing everywhere; the first table's wins)."""
    out: dict = {}
    for t in TABLES.values():
        for f in t.fields:
            out.setdefault(f.name, f)
    return out


FIELDS = _fields()

DATE_FORMAT = "YYYY-MM-DD"
LONG_TEXT = ("notes", "description", "outcome", "theme", "cited_for", "reported_text")  # wide and wrapped
WRAPPED_ROW_PX = 72  # three lines; Streamlit wraps cell text only in rows taller than 4rem (64 px)
ID_TYPES = ("id", "ids")


def is_id(name: str) -> bool:
    """An identifier column (kept, but after the columns a reader reads)."""
    field = FIELDS.get(name)
    return (field is not None and field.type in ID_TYPES) or name.endswith(("_id", "_ids"))


def column(name: str, dtype) -> object | None:
    """The config of one column: from its contract field's type, else from its dtype (derived dates)."""
    field = FIELDS.get(name)
    kind = field.type if field is not None else None
    help_text = field.description if field is not None and field.description else None
    label = name
    if kind == "date" or pd.api.types.is_datetime64_any_dtype(dtype):
        return st.column_config.DateColumn(label, format=DATE_FORMAT, help=help_text)
    if kind == "url":
        return st.column_config.LinkColumn(label, help=help_text)
    if kind in ("integer", "number"):
        return st.column_config.NumberColumn(label, help=help_text)
    if kind == "boolean":
        return st.column_config.CheckboxColumn(label, help=help_text)
    if name in LONG_TEXT:
        return st.column_config.TextColumn(label, help=help_text, width="large")
    return st.column_config.Column(label, help=help_text)


def config(df: pd.DataFrame) -> dict:
    return {c: cfg for c in df.columns if (cfg := column(str(c), df[c].dtype)) is not None}


def order(df: pd.DataFrame) -> list[str]:
    """Readable columns first, in their order; ids last (the first id stays first when all are ids)."""
    cols = [str(c) for c in df.columns]
    return [c for c in cols if not is_id(c)] + [c for c in cols if is_id(c)]


def table(df: pd.DataFrame, *, column_config: dict | None = None, column_order: list[str] | None = None,
          ids_last: bool = True, **kwargs):
    """``st.dataframe`` with the derived configs (``column_config`` overrides them), "unknown" in empty cells,
    ids last unless ``ids_last`` is False, and taller rows that wrap long text when the table has any."""
    wraps = any(str(c) in LONG_TEXT for c in (column_order or df.columns))
    kwargs.setdefault("width", "stretch")
    kwargs.setdefault("hide_index", True)
    if wraps:
        kwargs.setdefault("row_height", WRAPPED_ROW_PX)
    return st.dataframe(df, column_config={**config(df), **(column_config or {})},
                        column_order=column_order if column_order is not None else (order(df) if ids_last else None),
                        placeholder=UNKNOWN, **kwargs)
