"""Read a folder, an upload or a ZIP into a validated, typed ``Dataset``.

All problems of a folder are collected before anything is shown, each with the file, the
row as a spreadsheet numbers it (header = 1), the column, the value and what was expected.
Checks are vectorised pandas so that a million participation rows validate in seconds.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import schema
from .schema import TABLES, Field, Table

MAX_ZIP_BYTES = 512 * 1024 * 1024  # uncompressed; guards against zip bombs
_VALUE_PREVIEW = 60


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | None  # spreadsheet row: header = 1; None = the whole file
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        got = "" if self.value is None else f": {_preview(self.value)!r}"
        return f"{where}{got} — expected {self.expected}"

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "value": self.value,
                "expected": self.expected}


def _preview(value: str) -> str:
    value = str(value)
    return value if len(value) <= _VALUE_PREVIEW else value[:_VALUE_PREVIEW] + f"… ({len(value)} characters)"


class DataError(Exception):
    """Raised when a folder breaks the contract; carries every problem found."""

    def __init__(self, problems: list[Problem], label: str = ""):
        self.problems = problems
        self.label = label
        super().__init__(f"{len(problems)} problem(s) in {label or 'the data'}")


@dataclass(frozen=True)
class Dataset:
    meetings: pd.DataFrame
    organizations: pd.DataFrame
    participation: pd.DataFrame
    sources: pd.DataFrame
    reported_figures: pd.DataFrame
    label: str = "data"
    version: str = ""
    has_reported_figures: bool = True

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def counts(self) -> dict[str, int]:
        return {name: len(self.table(name)) for name in TABLES}

    @cached_property
    def source_links(self) -> dict[str, pd.Series]:
        """source_id cited by each row (row label -> id), split once per dataset, for cheap filtering."""
        out = {}
        for name in ("meetings", "organizations", "participation"):
            df = self.table(name)
            s = df["source_ids"].dropna() if "source_ids" in df else pd.Series([], dtype="str")
            out[name] = split_id_lists(s)
        out["reported_figures"] = self.reported_figures["source_id"].dropna()
        return out


def isin(s: pd.Series, values) -> pd.Series:
    """``Series.isin`` done by Arrow: pandas 3 iterates an Arrow-backed argument in Python (seconds at 1M rows)."""
    try:
        value_set = pa.array(values if isinstance(values, pd.Series) else list(values)).unique()
        hit = pc.is_in(pa.array(s), value_set=value_set).fill_null(False)
        return pd.Series(hit.to_numpy(zero_copy_only=False), index=s.index)
    except (pa.ArrowException, TypeError, ValueError):
        return s.isin(set(values))


def split_id_lists(s: pd.Series) -> pd.Series:
    """"a; b" cells -> one id per entry, indexed by the cell's row. Splits each distinct cell once
    (a million rows usually hold a few thousand distinct lists)."""
    s = s.dropna()
    if s.empty:
        return pd.Series([], dtype="str")
    codes, uniques = pd.factorize(s.str.strip())
    parts = pd.Series(pd.array(uniques, dtype="str")).str.split(r"\s*;\s*", regex=True).explode()
    ids = pd.DataFrame({"code": parts.index.to_numpy(), "id": parts.to_numpy()})
    rows = pd.DataFrame({"row": s.index.to_numpy(), "code": codes})
    m = rows.merge(ids, on="code", how="left")
    return pd.Series(m["id"].to_numpy(), index=m["row"].to_numpy(), dtype="str")


# ---------------------------------------------------------------- reading bytes

def read_folder(path: str | Path) -> dict[str, bytes]:
    """The CSV files of a folder, by file name. Other files (README, datapackage.json) are not data."""
    folder = Path(path)
    if not folder.is_dir():
        raise DataError([Problem(str(path), None, None, None, "a folder with the CSV tables; no such folder")],
                        str(path))
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for p in sorted(folder.iterdir()):
        if p.suffix.lower() == ".csv" and p.is_file():
            try:
                files[p.name] = p.read_bytes()
            except OSError as e:
                problems.append(Problem(p.name, None, None, None, f"a readable file ({e.strerror or e})"))
    if problems:
        raise DataError(problems, str(path))
    return files


def read_zip(data: bytes, label: str = "upload.zip") -> dict[str, bytes]:
    """The CSV members of a ZIP (any folder inside it), refusing archives that unpack too large."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        members = [i for i in zf.infolist() if not i.is_dir() and i.filename.lower().endswith(".csv")
                   and not Path(i.filename).name.startswith((".", "__MACOSX"))
                   and "__MACOSX" not in i.filename]
        total = sum(i.file_size for i in members)
        if total > MAX_ZIP_BYTES:
            raise DataError([Problem(label, None, None, f"{total} bytes",
                                     f"at most {MAX_ZIP_BYTES // 2**20} MiB of CSV once unpacked")], label)
        return {Path(i.filename).name: zf.read(i) for i in members}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError) as e:
        raise DataError([Problem(label, None, None, None, f"a ZIP archive of CSV files ({e})")], label) from None


def _decode(name: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, [Problem(name, None, None, None, "UTF-8 text; this file is UTF-16 (save it as 'CSV UTF-8')")]
    sample = raw[:65536]
    if b"\x00" in sample:
        half = max(len(sample) // 2, 1)
        if max(sample[0::2].count(0), sample[1::2].count(0)) > 0.9 * half:
            return None, [Problem(name, None, None, None,
                                  "UTF-8 text; this file looks like UTF-16 (save it as 'CSV UTF-8')")]
        return None, [Problem(name, None, None, None, "a CSV text file; this looks like a binary file")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        bad = raw[e.start: e.start + 1].hex()
        return None, [Problem(name, None, None, f"byte 0x{bad} on line {line}",
                              "UTF-8 text (save the file as 'CSV UTF-8')")]
    if not text.strip():
        return None, [Problem(name, None, None, None, "a header row and data rows; the file is empty")]
    return text, []


def _scan_rows(name: str, text: str, width: int) -> list[Problem]:
    """Slow path, only after the fast parser failed: find the rows that do not fit the header.

    ``csv.reader`` yields one record per spreadsheet row (a blank line is an empty record, a
    quoted line break stays inside its cell), so the record number is the spreadsheet row.
    """
    problems = []
    reader = csv.reader(io.StringIO(text, newline=""))
    i, row = 0, []
    try:
        for i, row in enumerate(reader, start=1):
            if len(row) > width:
                problems.append(Problem(name, i, None, ",".join(row[width:]),
                                        f"{width} cells as in the header; this row has {len(row)}"))
    except csv.Error as e:
        problems.append(Problem(name, i + 1, None, None, f"well-formed CSV ({e})"))
    return problems


def _unclosed_quote(name: str, text: str) -> list[Problem]:
    """The row whose opening double quote is never closed: it swallows the rest of the file."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    last, row = len(records), (records[-1] if records else [])
    cell = next((c for c in row if "\n" in c or "\r" in c), None)
    return [Problem(name, last, None, None if cell is None else _preview(cell),
                    'a closing double quote (") for the quoted cell that opens in this row')]


def read_table(name: str, raw: bytes) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Bytes -> DataFrame of strings (missing = empty cell), or the problems that stop reading.

    The frame's index is the spreadsheet row minus 2 (the first data row is row 2), so problems
    can name the row even when blank rows or cells holding line breaks come before it. Rows
    with no value at all (blank lines) are dropped after numbering.
    """
    text, problems = _decode(name, raw)
    if text is None:
        return None, problems
    csv.field_size_limit(2**31 - 1)
    try:
        header = next(csv.reader(io.StringIO(text, newline="")))
    except (csv.Error, StopIteration) as e:
        return None, [Problem(name, 1, None, None, f"a header row ({e})")]
    header = [h.strip() for h in header]
    if not any(header):
        return None, [Problem(name, 1, None, None, "the column names in row 1; row 1 is empty")]
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "semicolons" if ";" in header[0] else "tabs"
        return None, [Problem(name, 1, None, header[0],
                              f"columns separated by commas; this file uses {sep} (save it as 'CSV UTF-8')")]
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            problems.append(Problem(name, 1, h, h, "each column name once; this one is repeated"))
        seen.add(h)
    if problems:
        return None, problems
    try:
        # header=None: the header line is parsed as a row like the others, so a first data row
        # with an extra cell is an error rather than silently taken as an index column.
        df = pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False, na_values=[""],
                         skip_blank_lines=False, engine="c")
    except (pd.errors.ParserError, ValueError) as e:
        if "EOF inside string" in str(e):
            return None, _unclosed_quote(name, text)
        return None, _scan_rows(name, text, len(header)) or [Problem(name, None, None, None, f"well-formed CSV ({e})")]
    df = df.iloc[1:]
    df.index = df.index - 1
    df.columns = header
    df = df[df.notna().any(axis=1)]
    for i, h in enumerate(header):
        if not h:
            col = df.iloc[:, i].dropna()
            if not col.empty:
                problems.append(Problem(name, int(col.index[0]) + 2, f"(column {i + 1})", _preview(col.iloc[0]),
                                        "a column name for a column that holds values"))
    df = df.loc[:, [bool(h) for h in header]]
    return df, problems


# ---------------------------------------------------------------- checking

def _rows(mask: pd.Series) -> pd.Index:
    return mask[mask].index


def _problems(name: str, column: str, s: pd.Series, mask: pd.Series, expected: str) -> list[Problem]:
    idx = _rows(mask)
    return [Problem(name, int(i) + 2, column, None if pd.isna(v) else str(v), expected)
            for i, v in zip(idx, s.loc[idx], strict=True)]


_ID_RE = re.compile(schema.ID_PATTERN)


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


def _cross_field(dfs: dict[str, pd.DataFrame]) -> list[Problem]:
    out: list[Problem] = []
    m = dfs.get("meetings")
    if m is not None and {"start_date", "end_date"} <= set(m.columns):
        start = pd.to_datetime(m["start_date"], format="%Y-%m-%d", errors="coerce")
        end = pd.to_datetime(m["end_date"], format="%Y-%m-%d", errors="coerce")
        out += _problems("meetings.csv", "end_date", m["end_date"], end < start,
                         "a date on or after start_date")
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


# ---------------------------------------------------------------- typing

def _typed(t: Table, df: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for col in df.columns:
        s = df[col]
        f = next((x for x in t.fields if x.name == col), None)
        kind = f.type if f else "text"
        if kind == "date":
            # One resolution whatever the content (an empty or all-blank column would parse to [s]).
            s = pd.to_datetime(s.str.strip(), format="%Y-%m-%d").astype("datetime64[us]")
        elif kind == "number":
            s = pd.to_numeric(s.str.strip()).astype("float64")
        elif kind == "integer":
            s = pd.to_numeric(s.str.strip()).astype("Int64")
        elif kind == "boolean":
            s = s.str.strip().str.lower().map({"true": True, "false": False}).astype("boolean")
        elif kind == "enum":
            s = s.astype(pd.CategoricalDtype(list(f.enum)))
        elif kind in ("id", "ids", "url"):
            s = s.str.strip().astype("str")
        else:
            s = s.astype("str")
        out[col] = s
    ordered = [c for c in t.columns if c in out] + [c for c in df.columns if c not in t.columns]
    return pd.DataFrame(out, index=df.index)[ordered]


def empty_table(name: str) -> pd.DataFrame:
    t = TABLES[name]
    return _typed(t, pd.DataFrame({c: pd.Series([], dtype="str") for c in t.columns}))


def version_of(files: Mapping[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + files[name] + b"\0")
    return h.hexdigest()[:12]


def _with_all_columns(t: Table, df: pd.DataFrame) -> pd.DataFrame:
    missing = [f.name for f in t.fields if f.name not in df.columns]
    if not missing:
        return df
    return df.assign(**{c: pd.Series(pd.NA, index=df.index, dtype="str") for c in missing})


def load_files(files: Mapping[str, bytes], label: str = "data") -> Dataset:
    """Validate then type. Raises DataError with every problem when the contract is broken."""
    dfs, problems = validate_files(files)
    if problems:
        raise DataError(sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "")), label)
    # Validation numbered rows by the index; the Dataset gets a plain 0..n-1 index.
    # Optional contract columns a folder leaves out are added empty (= unknown), so every page and
    # builder can rely on the full set of columns.
    typed = {name: _typed(TABLES[name], _with_all_columns(TABLES[name], df)).reset_index(drop=True)
             for name, df in dfs.items()}
    has_figures = "reported_figures" in typed
    typed.setdefault("reported_figures", empty_table("reported_figures"))
    return Dataset(**typed, label=label, version=version_of(files), has_reported_figures=has_figures)


def load_folder(path: str | Path) -> Dataset:
    return load_files(read_folder(path), label=Path(path).name or str(path))
