"""Every rule of the contract, checked on the frames of strings ``read`` gives.

All problems of a folder are collected before anything is shown, each with the file, the
row as a spreadsheet numbers it (header = 1), the column, the value and what was expected.
Checks are vectorised pandas so that a million participation rows validate in seconds.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..contract import schema
from ..contract.schema import TABLES, Field, Table
from .arrow import isin, split_id_lists
from .problems import Problem
from .read import read_table


def _rows(mask: pd.Series) -> pd.Index:
    return mask[mask].index


def _problems(name: str, column: str, s: pd.Series, mask: pd.Series, expected: str) -> list[Problem]:
    idx = _rows(mask)
    return [Problem(name, int(i) + 2, column, None if pd.isna(v) else str(v), expected)
            for i, v in zip(idx, s.loc[idx], strict=True)]


def _check_field(table: Table, f: Field, s: pd.Series) -> list[Problem]:
    name = table.file
    present = s.notna()
    out: list[Problem] = []
    if f.required:
        # A cell of spaces looks empty in a spreadsheet: for a required column it is missing.
        blank = ~present | s.str.strip().eq("").fillna(True)
        out += _problems(name, f.name, s, blank, "a value (this column is required)")
        present &= ~blank
    v = s[present]
    if v.empty:
        return out
    stripped = v.str.strip()
    if f.type == "id":
        out += _problems(name, f.name, v, ~v.str.fullmatch(schema.ID_PATTERN),
                         "an identifier: letters, digits, '_', '.', '-', starting with a letter or digit")
    elif f.type == "ids":
        parts = split_id_lists(stripped)
        bad = parts[~parts.str.fullmatch(schema.ID_PATTERN).fillna(False)]
        bad_rows = pd.Series(v.index.isin(bad.index), index=v.index)
        out += _problems(name, f.name, v, bad_rows, "identifiers separated by ';'")
    elif f.type == "date":
        ok = stripped.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
        parsed = pd.to_datetime(stripped.where(ok), format="%Y-%m-%d", errors="coerce")
        out += _problems(name, f.name, v, parsed.isna(), "a date as YYYY-MM-DD")
    elif f.type in ("number", "integer"):
        if f.type == "integer":
            ok = stripped.str.fullmatch(r"[+-]?\d{1,15}")
            num = pd.to_numeric(stripped.where(ok), errors="coerce")
            out += _problems(name, f.name, v, num.isna(), "a whole number (no decimals)")
        else:
            num = pd.to_numeric(stripped, errors="coerce")
            bad = num.isna() | ~np.isfinite(num.fillna(0))
            out += _problems(name, f.name, v, bad, "a number (with '.' for decimals)")
        fine = num.notna() & np.isfinite(num.fillna(0))
        if f.minimum is not None:
            out += _problems(name, f.name, v, fine & (num < f.minimum), f"a value of at least {_num(f.minimum)}")
        if f.maximum is not None:
            out += _problems(name, f.name, v, fine & (num > f.maximum), f"a value of at most {_num(f.maximum)}")
    elif f.type == "boolean":
        out += _problems(name, f.name, v, ~isin(stripped.str.lower(), ["true", "false"]), "true or false")
    elif f.type == "enum":
        out += _problems(name, f.name, v, ~isin(v, f.enum), "one of: " + ", ".join(f.enum))
    elif f.type == "terms":
        out += _unknown_terms(name, f, v)
    elif f.type == "url":
        out += _problems(name, f.name, v, ~stripped.str.fullmatch(r"(?i)https?://\S+"),
                         "an address starting with http:// or https://")
    if f.unique:
        dup = v.duplicated(keep="first")
        if dup.any():
            first = {val: int(i) + 2 for i, val in v[~dup].items()}
            for i, val in v[dup].items():
                out.append(Problem(name, int(i) + 2, f.name, str(val),
                                   f"a unique value (already used in row {first[val]})"))
    return out


def _unknown_terms(name: str, f: Field, v: pd.Series) -> list[Problem]:
    """One problem per cell holding a term outside the field's vocabulary, naming the unknown term(s)."""
    out = []
    known = set(f.enum)
    for cell in v.drop_duplicates():
        terms = schema.split_list(cell)
        unknown = [t for t in terms if t not in known]
        if unknown or not terms:
            for row in v.index[v == cell]:
                out.append(Problem(name, int(row) + 2, f.name, str(cell),
                                   f"terms separated by ';' from the vocabulary ({'; '.join(unknown)} not in it): "
                                   + "; ".join(f.enum)))
    return out


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _check_table(table: Table, df: pd.DataFrame) -> list[Problem]:
    out = [Problem(table.file, 1, f.name, None, "this required column in the header row")
           for f in table.fields if f.required and f.name not in df.columns]
    for f in table.fields:
        if f.name in df.columns:
            out += _check_field(table, f, df[f.name])
    if len(table.primary_key) > 1 and set(table.primary_key) <= set(df.columns):
        key = list(table.primary_key)
        dup = df.duplicated(subset=key, keep="first") & df[key].notna().all(axis=1)
        for i in _rows(dup):
            out.append(Problem(table.file, int(i) + 2, "+".join(key), " / ".join(str(df.at[i, k]) for k in key),
                               "each " + " and ".join(key) + " pair once (this pair is repeated)"))
    return out


def _blank(df: pd.DataFrame, column: str) -> pd.Series:
    """Cells that are missing or only spaces (a missing column is blank everywhere)."""
    if column not in df.columns:
        return pd.Series(True, index=df.index)
    return df[column].isna() | df[column].str.strip().eq("").fillna(True)


def _places(m: pd.DataFrame) -> list[Problem]:
    """Where a meeting took place: the place columns unless it was virtual; no coordinates if it was; a reason
    for an assumed place."""
    out: list[Problem] = []
    basis = m["place_basis"].str.strip() if "place_basis" in m.columns else pd.Series(pd.NA, index=m.index)
    virtual = basis.eq(schema.VIRTUAL).fillna(False)
    placed = ~virtual
    for col in schema.PLACE_COLUMNS:
        if col not in m.columns:
            if placed.any():
                out.append(Problem("meetings.csv", 1, col, None, "this column in the header row (required "
                                   "unless every meeting's place_basis is virtual)"))
            continue
        out += _problems("meetings.csv", col, m[col], placed & _blank(m, col),
                         "a value (required unless place_basis is virtual)")
    for col in ("latitude", "longitude"):
        if col in m.columns:
            out += _problems("meetings.csv", col, m[col], virtual & ~_blank(m, col),
                             "no value: a virtual meeting (place_basis virtual) has no place to draw")
    if "place_basis" in m.columns:
        note = m["place_note"] if "place_note" in m.columns else pd.Series(pd.NA, index=m.index, dtype=object)
        out += _problems("meetings.csv", "place_note", note, basis.eq(schema.ASSUMED).fillna(False)
                         & _blank(m, "place_note"), "the reason the place is assumed (place_basis is assumed)")
    return out


def _further_places(pl: pd.DataFrame, m: pd.DataFrame | None) -> list[Problem]:
    """A further place belongs to a meeting that had a place, in another city, within the meeting's dates."""
    out: list[Problem] = []
    if "place_basis" in pl.columns:
        note = pl["place_note"] if "place_note" in pl.columns else pd.Series(pd.NA, index=pl.index, dtype=object)
        out += _problems("places.csv", "place_note", note, pl["place_basis"].str.strip().eq(schema.ASSUMED)
                         .fillna(False) & _blank(pl, "place_note"),
                         "the reason the place is assumed (place_basis is assumed)")
    if m is None or "meeting_id" not in m.columns or "meeting_id" not in pl.columns:
        return out
    first = m.drop_duplicates("meeting_id").set_index("meeting_id")
    mid = pl["meeting_id"]
    if "place_basis" in first.columns:
        virtual = mid.map(first["place_basis"].str.strip().eq(schema.VIRTUAL)).fillna(False).astype(bool)
        out += _problems("places.csv", "meeting_id", mid, virtual,
                         "a meeting that had a place (this one's place_basis is virtual in meetings.csv)")
    if {"city"} <= set(pl.columns) & set(first.columns):
        same = pl["city"].str.strip().eq(mid.map(first["city"].str.strip())).fillna(False)
        out += _problems("places.csv", "city", pl["city"], same,
                         "a city other than the meeting's city in meetings.csv (that place is already there)")
    if "start_date" in first.columns:
        m_start = pd.to_datetime(mid.map(first["start_date"]), format="%Y-%m-%d", errors="coerce")
        m_end = pd.to_datetime(mid.map(first["end_date"]) if "end_date" in first.columns else None,
                               format="%Y-%m-%d", errors="coerce")
        m_end = m_end.fillna(m_start) if isinstance(m_end, pd.Series) else m_start
        for col in ("start_date", "end_date"):
            if col in pl.columns:
                d = pd.to_datetime(pl[col], format="%Y-%m-%d", errors="coerce")
                out += _problems("places.csv", col, pl[col], d.notna() & ((d < m_start) | (d > m_end)),
                                 "a date within the meeting's dates in meetings.csv")
    return out


def _cross_field(dfs: dict[str, pd.DataFrame]) -> list[Problem]:
    out: list[Problem] = []
    m = dfs.get("meetings")
    if m is not None and {"start_date", "end_date"} <= set(m.columns):
        start = pd.to_datetime(m["start_date"], format="%Y-%m-%d", errors="coerce")
        end = pd.to_datetime(m["end_date"], format="%Y-%m-%d", errors="coerce")
        out += _problems("meetings.csv", "end_date", m["end_date"], end < start,
                         "a date on or after start_date")
    if m is not None:
        out += _places(m)
    pl = dfs.get("places")
    if pl is not None:
        out += _further_places(pl, m)
        if {"start_date", "end_date"} <= set(pl.columns):
            start = pd.to_datetime(pl["start_date"], format="%Y-%m-%d", errors="coerce")
            end = pd.to_datetime(pl["end_date"], format="%Y-%m-%d", errors="coerce")
            out += _problems("places.csv", "end_date", pl["end_date"], end < start, "a date on or after start_date")
    if m is not None and "meeting_type" in m.columns:
        visit = m["meeting_type"].str.strip().eq(schema.VISIT).fillna(False)
        states = m["visited_states"] if "visited_states" in m.columns else pd.Series(pd.NA, index=m.index, dtype=object)
        out += _problems("meetings.csv", "visited_states", states, visit & (states.isna() | states.str.strip().eq("")),
                         "the visited State(s) as ISO 3166-1 alpha-3 codes (required for a country visit)")
    o = dfs.get("organizations")
    if o is not None:
        lat = o["hq_latitude"] if "hq_latitude" in o else pd.Series(pd.NA, index=o.index, dtype=object)
        lon = o["hq_longitude"] if "hq_longitude" in o else pd.Series(pd.NA, index=o.index, dtype=object)
        out += _problems("organizations.csv", "hq_longitude", lon, lat.notna() & lon.isna(),
                         "a value, since hq_latitude is given (both or neither)")
        out += _problems("organizations.csv", "hq_latitude", lat, lon.notna() & lat.isna(),
                         "a value, since hq_longitude is given (both or neither)")
        if {"org_id", "parent_id"} <= set(o.columns):
            out += _problems("organizations.csv", "parent_id", o["parent_id"], o["parent_id"] == o["org_id"],
                             "another organization's org_id (not its own)")
            out += _cycles(o)
        if "member_states_as_of" in o.columns:
            count = o["member_states"] if "member_states" in o.columns else pd.Series(pd.NA, index=o.index)
            out += _problems("organizations.csv", "member_states_as_of", o["member_states_as_of"],
                             ~_blank(o, "member_states_as_of") & count.isna(),
                             "empty, since member_states is empty (a date needs the count it dates)")
    return out


def _cycles(o: pd.DataFrame) -> list[Problem]:
    """Rows whose parent chain comes back to themselves (self-parents are reported on their own).

    Only the organizations on the loop are named: a child of a looping organization is not at fault.
    """
    parent = {oid: pid for oid, pid in zip(o["org_id"], o["parent_id"], strict=True)
              if isinstance(oid, str) and isinstance(pid, str) and pid != oid}
    loop_of: dict[str, list[str]] = {}
    done: set[str] = set()
    for start in parent:
        path: list[str] = []
        cur: str | None = start
        while cur is not None and cur not in done and cur not in path:
            path.append(cur)
            cur = parent.get(cur)
        if cur is not None and cur in path:
            loop = path[path.index(cur):]
            for oid in loop:
                loop_of[oid] = loop
        done.update(path)
    out = []
    for i, (oid, pid) in zip(o.index, zip(o["org_id"], o["parent_id"], strict=True), strict=True):
        if oid in loop_of and isinstance(pid, str) and pid != oid:
            loop = loop_of[oid]
            k = loop.index(oid)
            chain = " -> ".join(loop[k:] + loop[:k] + [oid])
            out.append(Problem("organizations.csv", int(i) + 2, "parent_id", str(pid),
                               f"a parent chain that ends (this one loops: {chain})"))
    return out


def _references(dfs: dict[str, pd.DataFrame]) -> list[Problem]:
    out: list[Problem] = []
    for t in TABLES.values():
        df = dfs.get(t.name)
        if df is None:
            continue
        for fk in t.foreign_keys:
            ref = dfs.get(fk.table)
            if fk.column not in df.columns or ref is None or fk.ref_column not in ref.columns:
                continue
            s = df[fk.column]
            out += _problems(t.file, fk.column, s, s.notna() & ~isin(s, ref[fk.ref_column]),
                             f"{'an' if fk.ref_column[0] in 'aeiou' else 'a'} {fk.ref_column} that exists in "
                             f"{fk.table}.csv")
        src = dfs.get("sources")
        if "source_ids" in df.columns and src is not None and "source_id" in src.columns:
            parts = split_id_lists(df["source_ids"])
            missing = parts[~isin(parts, src["source_id"])]
            for i, sid in missing.groupby(level=0).agg(list).items():
                out.append(Problem(t.file, int(i) + 2, "source_ids", "; ".join(sid),
                                   "source ids that exist in sources.csv"))
    return out


def validate_files(files: Mapping[str, bytes]) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    problems: list[Problem] = []
    dfs: dict[str, pd.DataFrame] = {}
    known = {t.file for t in TABLES.values()}
    for fname in files:
        if fname not in known:
            problems.append(Problem(fname, None, None, None,
                                    "one of " + ", ".join(sorted(known)) + " (this file is not part of the contract)"))
    for t in TABLES.values():
        if t.file not in files:
            if t.required:
                problems.append(Problem(t.file, None, None, None, "this file (a required table)"))
            continue
        df, read_problems = read_table(t.file, files[t.file])
        problems += read_problems
        if df is not None:
            dfs[t.name] = df
            problems += _check_table(t, df)
    problems += _cross_field(dfs)
    problems += _references(dfs)
    return dfs, problems


