"""Files to frames: a folder -> {file name: bytes} (a ZIP: ``archive``); bytes -> a DataFrame of strings, or
the problems.

Decoding and CSV parsing only; the contract's rules are ``validate``'s.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from pathlib import Path

import pandas as pd

from .problems import DataError, Problem, preview


def read_folder(path: str | Path) -> dict[str, bytes]:
    """The CSV files of a folder, by file name. Other files (README, datapackage.json) are not data.

    Problems name the folder, not its full path: the report is shown to visitors.
    """
    folder = Path(path)
    name = folder.name or str(path)
    try:
        entries = sorted(folder.iterdir()) if folder.is_dir() else None
    except OSError as e:
        raise DataError([Problem(name, None, None, None, f"a readable folder ({e.strerror or e})")], name) from None
    if entries is None:
        raise DataError([Problem(name, None, None, None, "a folder with the CSV tables (or an .xlsx workbook, "
                                 "or a .zip of the tables); no such folder")], name)
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for p in entries:
        try:
            if p.suffix.lower() == ".csv" and p.is_file():
                files[p.name] = p.read_bytes()
        except OSError as e:
            problems.append(Problem(p.name, None, None, None, f"a readable file ({e.strerror or e})"))
    if problems:
        raise DataError(problems, name)
    return files


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
    return [Problem(name, last, None, None if cell is None else preview(cell),
                    'a closing double quote (") for the quoted cell that opens in this row')]


def _cut_last_row(name: str, text: str, width: int) -> list[Problem]:
    """A file that ends mid-row, without a line break, with fewer cells than the header: a save
    that did not finish (a short row elsewhere is read as trailing empty cells, as spreadsheets do)."""
    last = deque(enumerate(csv.reader(io.StringIO(text, newline="")), start=1), maxlen=1)
    records, row = last[0] if last else (0, [])
    if len(row) >= width:
        return []
    return [Problem(name, records, None, preview(",".join(row)),
                    f"a complete last row: {width} cells as in the header; this one has {len(row)} and the file "
                    "ends without a line break (was it saved completely?)")]


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
    if len(df) > 1 and not text.endswith(("\n", "\r")):
        problems += _cut_last_row(name, text, len(header))
    df = df.iloc[1:]
    df.index = df.index - 1
    df.columns = header
    df = df[df.notna().any(axis=1)]
    for i, h in enumerate(header):
        if not h:
            col = df.iloc[:, i].dropna()
            if not col.empty:
                problems.append(Problem(name, int(col.index[0]) + 2, f"(column {i + 1})", preview(col.iloc[0]),
                                        "a column name for a column that holds values"))
    df = df.loc[:, [bool(h) for h in header]]
    return df, problems


