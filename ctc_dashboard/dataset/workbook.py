"""Read an Excel workbook (.xlsx) as a folder is read: one sheet per table, named as the table.

Each table sheet becomes the contract's CSV text, one CSV record per Excel row, so the folder
validator checks it with the same rules and the row numbers it reports are the rows Excel
shows. What a CSV cannot hold is answered here, before validation:

- typed cells: Excel dates become YYYY-MM-DD, whole numbers lose their ``.0``, TRUE/FALSE
  become true/false; a number typed as text stays text, which the contract accepts where it
  allows a number (the validator decides);
- formulas: we take the value Excel saved, never the formula, and say so in a note; a formula
  with no saved value (a file never opened in Excel) is a problem;
- merged cells, Excel errors (#N/A), hidden table sheets, two sheets for one table: problems;
- other sheets (notes, pivots, our README/About) are not read, and a note says which.

Every problem names the sheet, the row as Excel numbers it, the column and the value.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from ..contract.schema import TABLES, Field, Table
from ..limits import ZIP_UNPACKED_BYTES
from .problems import DataError, Problem

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Sheets our own template and export add: not tables, not worth a note.
OWN_SHEETS = ("README", "About")
_MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]+\d+(?::[A-Za-z]+\d+)?)\"")
_FILE_REF_RE = re.compile(r"\b(" + "|".join(TABLES) + r")\.csv\b")
_COLUMN_NO_RE = re.compile(r"^\(column (\d+)\)$")
# LibreOffice saves every TRUE/FALSE cell as the formula TRUE() or FALSE(): a boolean, not worth a note.
_BOOLEAN_FORMULAS = {"=TRUE()", "=FALSE()", "=TRUE", "=FALSE"}


def is_workbook(name: str | Path) -> bool:
    return str(name).lower().endswith(WORKBOOK_SUFFIXES)


def sheet_label(sheet: str) -> str:
    """How a problem names a sheet (where a folder's problem names a file)."""
    return f"sheet {sheet}"


@dataclass
class WorkbookRead:
    """The tables of a workbook as contract CSV bytes, with what reading it found."""

    files: dict[str, bytes] = field(default_factory=dict)  # "meetings.csv" -> CSV bytes
    sheets: dict[str, str] = field(default_factory=dict)  # table name -> the sheet's own name
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    covered: set[tuple[str, int, str]] = field(default_factory=set)  # cells a problem here already explains


def _table_for_sheet(title: str) -> str | None:
    """'meetings', 'Meetings ', 'meetings.csv' -> 'meetings'."""
    key = title.strip().lower()
    key = key[:-4] if key.endswith(".csv") else key
    return key if key in TABLES else None


def _number_text(v: float | int, f: Field | None) -> str:
    if isinstance(v, int):
        return str(v)
    if math.isfinite(v) and v.is_integer() and (f is None or f.type != "number"):
        return str(int(v))  # 57.0 -> "57": Excel stores every number as a float
    return repr(v)


def cell_text(value: object, f: Field | None) -> str | None:
    """An Excel value -> the contract's text for the column it is in (None = empty = unknown)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("true" if value else "false") if f is not None and f.type == "boolean" else str(value).upper()
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float):
        return _number_text(value, f)
    text = str(value)
    return text if text != "" else None


def _merged_ranges(archive: zipfile.ZipFile, part: str) -> list[str]:
    """Merged ranges of one sheet, read from its XML (openpyxl's streaming reader does not keep them)."""
    try:
        return [m.decode("ascii").upper() for m in _MERGE_RE.findall(archive.read(part.lstrip("/")))]
    except KeyError:
        return []


def _unpacked_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return sum(i.file_size for i in zf.infolist())


def _not_a_workbook(label: str, detail: str) -> DataError:
    return DataError([Problem(label, None, None, None,
                              "an Excel workbook (.xlsx) with one sheet per table" + detail)], label)


def _open(data: bytes, label: str, data_only: bool):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as e:
        raise _not_a_workbook(label, f"; this file could not be opened as one ({type(e).__name__}: {e})."
                              " An old .xls or an .ods file: save it as 'Excel Workbook (.xlsx)'") from None


def read_workbook(data: bytes, label: str = "upload.xlsx") -> WorkbookRead:
    """Workbook bytes -> contract CSVs per table, problems and notes. Raises DataError if it is no workbook."""
    if not data.startswith(b"PK"):
        hint = (" (this looks like an old .xls file, or a password-protected workbook)"
                if data.startswith(b"\xd0\xcf\x11\xe0") else "")
        raise _not_a_workbook(label, f"; this file is not one{hint}. Save it as 'Excel Workbook (.xlsx)', "
                              "without a password")
    try:
        size = _unpacked_size(data)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise _not_a_workbook(label, f"; this file is damaged or is not one ({e}). Save it again as "
                              "'Excel Workbook (.xlsx)'") from None
    if size > ZIP_UNPACKED_BYTES.value:
        raise DataError([Problem(label, None, None, f"{size} bytes",
                                 f"a workbook of at most {ZIP_UNPACKED_BYTES.value // 2**20} MiB once unpacked")],
                        label)
    out = WorkbookRead()
    formulas: dict[str, dict[tuple[int, int], str]] = {}
    try:
        wb = _open(data, label, data_only=False)
        try:
            archive = wb._archive  # the open ZIP, for the merged ranges
            for ws in wb.worksheets:
                _read_sheet(ws, archive, out, formulas)
            for cs in getattr(wb, "chartsheets", []):
                out.notes.append(f"Sheet {cs.title!r} is a chart, not a table; it was not read.")
        finally:
            wb.close()
        if formulas:
            _formula_values(data, label, out, formulas)
    except DataError:
        raise
    except Exception as e:  # noqa: BLE001 - a damaged file's XML can fail anywhere in openpyxl: answer, never crash
        raise _not_a_workbook(label, f"; part of this file could not be read ({type(e).__name__}: {e}). Open it "
                              "in Excel and save it again as 'Excel Workbook (.xlsx)'") from None
    return out


def _read_sheet(ws, archive: zipfile.ZipFile, out: WorkbookRead,
                formulas: dict[str, dict[tuple[int, int], str]]) -> None:
    title = ws.title
    name = _table_for_sheet(title)
    hidden = ws.sheet_state != "visible"
    if name is None:
        if title.strip() not in OWN_SHEETS:
            out.notes.append(f"Sheet {title!r}{' (hidden)' if hidden else ''} is not a table of the contract "
                             f"({', '.join(TABLES)}); it was not read.")
        return
    where = sheet_label(title)
    if name in out.sheets:
        out.problems.append(Problem(where, None, None, None,
                                    f"one sheet per table; sheet {out.sheets[name]!r} already holds {name}"))
        return
    out.sheets[name] = title
    if hidden:
        out.covered.add((where, None, None))  # not also "missing"
        out.problems.append(Problem(where, None, None, None,
                                    "a visible sheet: this table's sheet is hidden, so what it holds cannot be "
                                    "checked by eye. Unhide it (right-click a sheet tab > Unhide) or delete it"))
        return
    table = TABLES[name]
    ws.reset_dimensions()  # a stale <dimension> would cut rows off; read every row there is
    rows: list[list[str | None]] = []
    fields: list[Field | None] = []
    cell_formulas: dict[tuple[int, int], str] = {}
    for r, cells in enumerate(ws.iter_rows(), start=1):
        values: list[str | None] = []
        for c, cell in enumerate(cells, start=1):
            kind = getattr(cell, "data_type", "n")
            value = cell.value
            f = fields[c - 1] if r > 1 and c <= len(fields) else None
            if kind == "f":
                cell_formulas[(r, c)] = str(value)
                values.append(None)  # filled from the saved values
                continue
            if kind == "e":
                column = _column_name(rows, c)
                out.problems.append(Problem(where, r, column, str(value),
                                            "a value; this cell shows an Excel error"))
                out.covered.add((where, r, column))
                values.append(None)
                continue
            if f is not None and f.type == "date" and isinstance(value, int | float) and not isinstance(value, bool):
                column = f.name
                out.problems.append(Problem(where, r, column, _number_text(value, None),
                                            "a date (this cell holds a number: type the date as YYYY-MM-DD "
                                            "or format the cell as a date)"))
                out.covered.add((where, r, column))
                values.append(None)
                continue
            values.append(cell_text(value, f))
        if r == 1:
            fields = [_field(table, v) for v in values]
        rows.append(values)
    for ref in _merged_ranges(archive, ws._worksheet_path):
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        columns = [_column_name(rows, c) for c in range(min_col, max_col + 1)]
        out.problems.append(Problem(
            where, min_row, columns[0] if len(columns) == 1 else ", ".join(columns), f"merged cells {ref}",
            "one value in each cell: unmerge these cells (Home > Merge & Center) and type the value in every "
            "row and column it applies to"))
        for rr in range(min_row, max_row + 1):
            for col in columns:
                out.covered.add((where, rr, col))
    if cell_formulas:
        formulas[title] = cell_formulas
    out.files[table.file] = _csv(rows)
    out.sheets[name] = title


def _field(table: Table, header: str | None) -> Field | None:
    h = (header or "").strip()
    return next((f for f in table.fields if f.name == h), None)


def _column_name(rows: list[list[str | None]], c: int) -> str:
    """The header of column ``c`` as the validator names it, else its letter."""
    header = rows[0] if rows else []
    name = (header[c - 1] or "").strip() if c <= len(header) else ""
    return name or f"(column {get_column_letter(c)})"


def _csv(rows: list[list[str | None]]) -> bytes:
    width = max((len(r) for r in rows), default=0)
    buf = io.StringIO()
    # "\r\n" so that csv quotes a cell holding a lone carriage return (it quotes the terminator's characters).
    w = csv.writer(buf, lineterminator="\r\n")
    for r in rows:
        w.writerow([("" if v is None else v) for v in r] + [""] * (width - len(r)))
    return buf.getvalue().encode("utf-8")


def _formula_values(data: bytes, label: str, out: WorkbookRead,
                    formulas: dict[str, dict[tuple[int, int], str]]) -> None:
    """Put each formula's saved value in its cell, note it, and report formulas that saved none."""
    wb = _open(data, label, data_only=True)
    try:
        for title, cells in formulas.items():
            name = _table_for_sheet(title)
            table = TABLES[name]
            where = sheet_label(title)
            records = list(csv.reader(io.StringIO(out.files[table.file].decode("utf-8"), newline="")))
            header = records[0] if records else []
            fields = [_field(table, h) for h in header]
            ws = wb[title]
            ws.reset_dimensions()
            saved: dict[tuple[int, int], object] = {}
            wanted_rows = {r for r, _ in cells}
            last = max(wanted_rows)
            for r, row in enumerate(ws.iter_rows(max_row=last, values_only=True), start=1):
                if r in wanted_rows:
                    for (fr, fc) in cells:
                        if fr == r:
                            saved[(fr, fc)] = row[fc - 1] if fc <= len(row) else None
            taken, missing = [], []
            for (r, c), formula in sorted(cells.items()):
                f = fields[c - 1] if r > 1 and c <= len(fields) else None
                text = cell_text(saved.get((r, c)), f)
                coordinate = f"{get_column_letter(c)}{r}"
                if text is None:
                    column = (header[c - 1].strip() if c <= len(header) and header[c - 1].strip()
                              else f"(column {get_column_letter(c)})")
                    missing.append(coordinate)
                    out.problems.append(Problem(where, r, column, formula,
                                                "a value: this cell holds a formula with no saved result. We read "
                                                "values, not formulas: open and save the workbook in Excel, or "
                                                "paste the cells as values"))
                    out.covered.add((where, r, column))
                    continue
                if not (formula.upper() in _BOOLEAN_FORMULAS and isinstance(saved.get((r, c)), bool)):
                    taken.append(coordinate)
                records[r - 1][c - 1] = text
            if taken:
                shown = ", ".join(taken[:10]) + (f" and {len(taken) - 10} more" if len(taken) > 10 else "")
                out.notes.append(f"Sheet {title!r}: {len(taken)} cell(s) hold formulas ({shown}). We read the "
                                 "values Excel saved for them, not the formulas: check that they are the values "
                                 "you mean, or paste them as values.")
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\r\n").writerows(records)
            out.files[table.file] = buf.getvalue().encode("utf-8")
    finally:
        wb.close()


def relabel(p: Problem, sheets: dict[str, str]) -> Problem:
    """A validator problem about 'meetings.csv' -> the same problem about the sheet that held it."""
    stem = p.file[:-4] if p.file.endswith(".csv") else p.file
    where = sheet_label(sheets.get(stem, stem)) if stem in TABLES else p.file
    expected = _FILE_REF_RE.sub(lambda m: f"sheet {sheets.get(m.group(1), m.group(1))}", p.expected)
    expected = expected.replace("this file (a required table)", f"a sheet named {stem} (a required table)")
    expected = expected.replace("; the file is empty", "; the sheet is empty")
    column = p.column
    if column and (m := _COLUMN_NO_RE.match(column)):
        column = f"(column {get_column_letter(int(m.group(1)))})"
    return dataclasses.replace(p, file=where, column=column, expected=expected)


def workbook_problems(book: WorkbookRead, validator_problems: list[Problem]) -> list[Problem]:
    """The reader's own problems and the validator's, named by sheet; one per cell (merged, formula, error)."""
    problems = list(book.problems)
    for p in validator_problems:
        q = relabel(p, book.sheets)
        if (q.file, q.row, q.column) not in book.covered:
            problems.append(q)
    return sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.expected))
