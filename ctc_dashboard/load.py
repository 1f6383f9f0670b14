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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

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
    tables: tuple[str, ...] = field(default=tuple(TABLES), repr=False)

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def counts(self) -> dict[str, int]:
        return {name: len(self.table(name)) for name in TABLES}


# ---------------------------------------------------------------- reading bytes

def read_folder(path: str | Path) -> dict[str, bytes]:
    """The CSV files of a folder, by file name. Other files (README, datapackage.json) are not data."""
    folder = Path(path)
    if not folder.is_dir():
        raise DataError([Problem(str(path), None, None, None, "a folder with the CSV tables; no such folder")],
                        str(path))
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix.lower() == ".csv" and p.is_file()}


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
    if b"\x00" in raw[:65536]:
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
    """Slow path, only after the fast parser failed: find the rows that do not fit the header."""
    problems = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for i, row in enumerate(reader, start=1):
            if len(row) > width:
                problems.append(Problem(name, i, None, ",".join(row[width:]),
                                        f"{width} cells as in the header; this row has {len(row)}"))
    except csv.Error as e:
        problems.append(Problem(name, reader.line_num, None, None, f"well-formed CSV ({e})"))
    return problems


def read_table(name: str, raw: bytes) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Bytes -> DataFrame of strings (missing = empty cell), or the problems that stop reading."""
    text, problems = _decode(name, raw)
    if text is None:
        return None, problems
    csv.field_size_limit(2**31 - 1)
    try:
        header = next(csv.reader(io.StringIO(text, newline="")))
    except (csv.Error, StopIteration) as e:
        return None, [Problem(name, 1, None, None, f"a header row ({e})")]
    header = [h.strip() for h in header]
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
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""],
                         skip_blank_lines=True, engine="c")
    except (pd.errors.ParserError, ValueError) as e:
        return None, _scan_rows(name, text, len(header)) or [Problem(name, None, None, None, f"well-formed CSV ({e})")]
    df.columns = header
    for i, h in enumerate(header):
        if not h:
            col = df.iloc[:, i]
            if col.notna().any():
                row = int(col.notna().to_numpy().argmax()) + 2
                problems.append(Problem(name, row, f"(column {i + 1})", _preview(col.dropna().iloc[0]),
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
        out += _problems(name, f.name, s, ~present, "a value (this column is required)")
    v = s[present]
    if v.empty:
        return out
    stripped = v.str.strip()
    if f.type == "id":
        out += _problems(name, f.name, v, ~v.str.fullmatch(schema.ID_PATTERN),
                         "an identifier: letters, digits, '_', '.', '-', starting with a letter or digit")
    elif f.type == "ids":
        parts = stripped.str.split(r"\s*;\s*", regex=True).explode()
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
        fine = num.notna()
        if f.minimum is not None:
            out += _problems(name, f.name, v, fine & (num < f.minimum), f"a value of at least {_num(f.minimum)}")
        if f.maximum is not None:
            out += _problems(name, f.name, v, fine & (num > f.maximum), f"a value of at most {_num(f.maximum)}")
    elif f.type == "boolean":
        out += _problems(name, f.name, v, ~stripped.str.lower().isin(["true", "false"]), "true or false")
    elif f.type == "enum":
        out += _problems(name, f.name, v, ~v.isin(f.enum), "one of: " + ", ".join(f.enum))
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
    parent = dict(zip(o["org_id"], o["parent_id"], strict=True))
    out = []
    for i, (oid, pid) in enumerate(zip(o["org_id"], o["parent_id"], strict=True)):
        if pd.isna(pid) or pid == oid:
            continue
        seen, cur = {oid}, pid
        while isinstance(cur, str) and cur in parent:
            if cur in seen:
                out.append(Problem("organizations.csv", int(o.index[i]) + 2, "parent_id", str(pid),
                                   f"a parent chain that ends (this one loops back through {cur})"))
                break
            seen.add(cur)
            cur = parent[cur]
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
            out += _problems(t.file, fk.column, s, s.notna() & ~s.isin(ref[fk.ref_column]),
                             f"a {fk.ref_column} that exists in {fk.table}.csv")
        src = dfs.get("sources")
        if "source_ids" in df.columns and src is not None and "source_id" in src.columns:
            s = df["source_ids"].dropna().str.strip()
            parts = s.str.split(r"\s*;\s*", regex=True).explode()
            missing = parts[~parts.isin(src["source_id"])]
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
            s = pd.to_datetime(s.str.strip(), format="%Y-%m-%d")
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


def load_files(files: Mapping[str, bytes], label: str = "data") -> Dataset:
    """Validate then type. Raises DataError with every problem when the contract is broken."""
    dfs, problems = validate_files(files)
    if problems:
        raise DataError(sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "")), label)
    typed = {name: _typed(TABLES[name], df) for name, df in dfs.items()}
    has_figures = "reported_figures" in typed
    typed.setdefault("reported_figures", empty_table("reported_figures"))
    return Dataset(**typed, label=label, version=version_of(files), has_reported_figures=has_figures)


def load_folder(path: str | Path) -> Dataset:
    return load_files(read_folder(path), label=Path(path).name or str(path))
