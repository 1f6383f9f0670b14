"""What changed between two versions of the data: rows added, removed and changed per table, by key and field.

Both sides are loaded Datasets (a folder, a workbook or a data package ZIP, through ``load_source``), so a
value compares as the contract writes it (ISO dates, true/false, empty = unknown) whatever file it came from.
Used by ``ctc-dashboard diff OLD NEW`` and by the Sources & about page (an uploaded earlier package
against the data shown).
"""

from __future__ import annotations

import math

import pandas as pd

from ..contract.schema import TABLES
from ..dataset.model import Dataset

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
COLUMNS = ["table", "key", "change", "field", "old", "new"]
KEY_SEPARATOR = " / "
# reported_figures has no primary key: a figure is known by everything but its note.
FALLBACK_KEYS = {"reported_figures": ("meeting_id", "measure", "value", "qualifier", "source_id")}


def key_columns(table: str) -> tuple[str, ...]:
    """The columns that name a row of ``table`` in a diff (its primary key)."""
    return TABLES[table].primary_key or FALLBACK_KEYS[table]


def _cell(value: object) -> str:
    """A value as the contract's CSV writes it: '' for unknown, ISO dates, true/false, 40.7143."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(value).removesuffix(".0") if value.is_integer() else repr(value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _as_text(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({c: [_cell(v) for v in df[c].astype("object")] for c in df.columns}, index=df.index)
    return out.astype("object")


def _keyed(df: pd.DataFrame, key: tuple[str, ...]) -> pd.DataFrame:
    text = _as_text(df)
    names = text[list(key)].agg(KEY_SEPARATOR.join, axis=1) if len(text) else pd.Series([], dtype="object")
    text.index = pd.Index(names, name="key")
    return text[~text.index.duplicated(keep="first")]


def table_changes(table: str, old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """One row per added or removed row (field empty) and per changed field of a row in both, by key."""
    key = key_columns(table)
    a, b = _keyed(old, key), _keyed(new, key)
    rows: list[tuple[str, str, str, str, str, str]] = []
    for k in b.index.difference(a.index, sort=False):
        rows.append((table, k, ADDED, "", "", ""))
    for k in a.index.difference(b.index, sort=False):
        rows.append((table, k, REMOVED, "", "", ""))
    both = a.index.intersection(b.index, sort=False)
    fields = [c for c in dict.fromkeys([*a.columns, *b.columns]) if c not in key]
    for f in fields:
        x = a.loc[both, f] if f in a.columns else pd.Series("", index=both, dtype="object")
        y = b.loc[both, f] if f in b.columns else pd.Series("", index=both, dtype="object")
        for k in both[(x != y).to_numpy()]:
            rows.append((table, k, CHANGED, f, x[k], y[k]))
    out = pd.DataFrame(rows, columns=COLUMNS)
    order = {ADDED: 0, REMOVED: 1, CHANGED: 2}
    return out.sort_values(["change", "key", "field"], key=lambda s: s.map(order) if s.name == "change" else s,
                           kind="stable").reset_index(drop=True)


def diff(old: Dataset, new: Dataset) -> pd.DataFrame:
    """Every change from ``old`` to ``new``, table by table in the contract's order (COLUMNS)."""
    parts = [table_changes(name, old.table(name), new.table(name)) for name in TABLES
             if old.has(name) or new.has(name)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)


def counts(changes: pd.DataFrame, old: Dataset, new: Dataset) -> pd.DataFrame:
    """Per table: rows before and after, rows added, removed and changed (a row with several changed fields
    counts once), fields changed."""
    rows = []
    for name in TABLES:
        if not (old.has(name) or new.has(name)):
            continue
        c = changes[changes["table"] == name]
        rows.append({"table": name, "rows_before": len(old.table(name)) if old.has(name) else 0,
                     "rows_after": len(new.table(name)) if new.has(name) else 0,
                     ADDED: int((c["change"] == ADDED).sum()), REMOVED: int((c["change"] == REMOVED).sum()),
                     CHANGED: int(c.loc[c["change"] == CHANGED, "key"].nunique()),
                     "fields_changed": int((c["change"] == CHANGED).sum())})
    return pd.DataFrame(rows)


def _short(text: str, width: int, start: int = 0) -> str:
    """At most ``width`` characters of ``text`` from about ``start``, with '…' where it is cut."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    start = max(0, min(start, len(text) - width + 1))
    cut = text[start: start + width - 2]
    return ("…" if start else "") + cut + ("…" if start + width - 2 < len(text) else "")


def _first_difference(a: str, b: str) -> int:
    """Where two texts start to differ (so that a long changed note shows the changed part)."""
    a, b = " ".join(a.split()), " ".join(b.split())
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def report(changes: pd.DataFrame, table_counts: pd.DataFrame, old_label: str, new_label: str,
           width: int = 100) -> str:
    """The diff as plain text: a line per table, then '+', '-' and '~ key field: old -> new' lines."""
    lines = [f"Changes from {old_label} to {new_label}:"]
    for r in table_counts.itertuples(index=False):
        lines.append(f"  {r.table}: {r.rows_before} -> {r.rows_after} rows; {getattr(r, ADDED)} added, "
                     f"{getattr(r, REMOVED)} removed, {getattr(r, CHANGED)} changed ({r.fields_changed} fields)")
    if changes.empty:
        lines.append("No changes.")
        return "\n".join(lines) + "\n"
    sign = {ADDED: "+", REMOVED: "-", CHANGED: "~"}
    for table, group in changes.groupby("table", sort=False):
        lines.append("")
        lines.append(f"{table}:")
        for r in group.itertuples(index=False):
            if r.change == CHANGED:
                at = max(0, _first_difference(r.old, r.new) - 10)
                lines.append(f"  ~ {r.key} {r.field}: {_short(repr(r.old), width // 2, at)} -> "
                             f"{_short(repr(r.new), width // 2, at)}")
            else:
                lines.append(f"  {sign[r.change]} {r.key}")
    return "\n".join(lines) + "\n"
