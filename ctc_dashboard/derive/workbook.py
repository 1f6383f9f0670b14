"""Write Excel workbooks: the filtered view (one sheet per table + About) and the empty template.

Every text cell is written as a text cell, never as a formula, whatever it starts with: openpyxl
would store a string starting with ``=`` as a formula, so the cell's type is set back to text,
and cells that a spreadsheet would re-read as a formula on editing get Excel's quote prefix
(the hidden apostrophe). Numbers, dates and booleans stay typed, so reading the workbook back
(``dataset.workbook``) gives the same tables.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..contract import licence
from ..contract.schema import MEETING_TYPES, TABLES, Field, Table
from ..dataset.model import Dataset
from ..limits import TEMPLATE_ROWS
from .exports import DANGEROUS_STARTS
from .view import View, unpack

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXCEL_MAX_CHARS = 32_767  # what one Excel cell holds
EXCEL_MAX_ROWS = 1_048_576  # rows of one sheet, the header included
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT_TYPES = ("id", "ids", "text", "url", "enum", "terms")  # template columns formatted as text
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _width(name: str) -> float:
    return min(max(len(name) + 4, 12), 48)


def _text_cell(ws, value: str, font: Font | None = None) -> WriteOnlyCell:
    """A cell that holds text and stays text: never a formula, whatever the text starts with."""
    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    if value.startswith(DANGEROUS_STARTS):
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def _python_values(s: pd.Series) -> list:
    """One column -> Python values for cells: None for unknown, typed where the column is typed."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return [None if pd.isna(v) else v.to_pydatetime() for v in s]
    if pd.api.types.is_bool_dtype(s.dtype):
        return [None if pd.isna(v) else bool(v) for v in s]
    if pd.api.types.is_integer_dtype(s.dtype):
        return [None if pd.isna(v) else int(v) for v in s]
    if pd.api.types.is_float_dtype(s.dtype):
        return [None if pd.isna(v) else float(v) for v in s]
    return [None if pd.isna(v) else str(v) for v in s.astype(object)]


def _cell(ws, value):
    """Plain values where openpyxl writes them right (it is the slow part); a prepared cell where not."""
    if isinstance(value, str):
        if value.startswith(DANGEROUS_STARTS) or ILLEGAL_CHARACTERS_RE.search(value):
            return _text_cell(ws, value)
        return value  # openpyxl stores a str as a formula only when it starts with "="
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _write_table(wb: Workbook, name: str, df: pd.DataFrame) -> dict[str, int]:
    """One sheet named as the table; returns counts of cells that needed care (for the About sheet)."""
    ws = wb.create_sheet(name)
    ws.freeze_panes = "A2"
    for i, col in enumerate(df.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _width(str(col))
    ws.append([_text_cell(ws, str(c), _BOLD) for c in df.columns])
    columns = [_python_values(df[c]) for c in df.columns]
    replaced = too_long = 0
    for values in zip(*columns, strict=True) if columns else ():
        for v in values:
            if isinstance(v, str):
                if ILLEGAL_CHARACTERS_RE.search(v):
                    replaced += 1
                if len(v) > EXCEL_MAX_CHARS:
                    too_long += 1
        ws.append([_cell(ws, v) for v in values])
    return {"replaced": replaced, "too_long": too_long}


def _about_rows(view: Dataset, described: list[str] | None, care: dict[str, dict]) -> list:
    rows: list[tuple[str, str]] = [
        ("CTC cooperation dashboard", "the filtered view" if described is not None else "all the data"),
        ("Data", view.label),
        ("Data version", view.version),
        ("Filters", "; ".join(described) if described else ("default view" if described is not None else "none")),
    ]
    for name in TABLES:
        if view.has(name):
            rows.append((f"Rows in {name}", str(len(view.table(name)))))
    rows += [
        ("Sources", f"Every value comes from a source in the sheet 'sources' ({len(view.sources)} documents cited "
                    "by these rows); source_ids and source_id name them."),
        ("Unknown", "An empty cell means unknown: no source gives the value."),
        ("Licence", licence.data_licence_line()),
        ("Code", licence.code_licence_line()),
        ("Formulas", "None: every text cell is stored as text, whatever it starts with."),
        ("Load it back", "Upload this workbook on the dashboard's Data page (or run `python -m ctc_dashboard "
                         "validate` on it) to see the same tables. This About sheet is not read."),
        ("Written", dt.date.today().isoformat()),
    ]
    for name, c in care.items():
        if c["replaced"]:
            rows.append(("Warning", f"{c['replaced']} cell(s) of sheet {name} held control characters that a "
                                    "workbook cannot store; each was replaced by \ufffd. The CSV and data "
                                    "package downloads hold them unchanged."))
        if c["too_long"]:
            rows.append(("Warning", f"{c['too_long']} cell(s) of sheet {name} hold more than {EXCEL_MAX_CHARS:,} "
                                    "characters, more than Excel shows in a cell. The CSV and data package "
                                    "downloads hold them as well."))
    return rows


def too_big_for_excel(view: Dataset) -> str | None:
    """Why this view cannot be one workbook (a sheet holds at most 1,048,576 rows), or None."""
    big = [f"{name} ({len(view.table(name)):,} rows)" for name in TABLES
           if len(view.table(name)) > EXCEL_MAX_ROWS - 1]
    if big:
        return (f"An Excel sheet holds at most {EXCEL_MAX_ROWS - 1:,} rows besides its header; "
                f"{', '.join(big)} is more. Narrow the filters, or use the data package or the database.")
    return None


def workbook_bytes(what: Dataset | View) -> bytes:
    """The view as one .xlsx: an About sheet, then one sheet per table (the names the reader expects)."""
    view, described = unpack(what)
    if (reason := too_big_for_excel(view)) is not None:
        raise ValueError(reason)
    wb = Workbook(write_only=True)
    about = wb.create_sheet("About")
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 110
    care = {}
    for name in TABLES:
        if not view.has(name):
            continue
        care[name] = _write_table(wb, name, view.table(name))
    for key, value in _about_rows(view, described, care):
        about.append([_text_cell(about, key, _BOLD), _text_cell(about, value)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- the template

def _type_words(f: Field) -> str:
    return {"id": "identifier", "ids": "identifiers separated by ';'", "text": "text",
            "date": "date (YYYY-MM-DD or an Excel date)", "number": "number ('.' for decimals)",
            "integer": "whole number", "boolean": "true or false", "enum": "one of the allowed values",
            "terms": "allowed values separated by ';'",
            "url": "web address (http or https)"}[f.type]


def _rule(t: Table, f: Field) -> str:
    parts = []
    if f.unique or t.primary_key == (f.name,):
        parts.append("unique")
    if f.minimum is not None:
        parts.append(f"at least {int(f.minimum) if float(f.minimum).is_integer() else f.minimum}")
    if f.maximum is not None:
        parts.append(f"at most {int(f.maximum) if float(f.maximum).is_integer() else f.maximum}")
    for fk in t.foreign_keys:
        if fk.column == f.name:
            parts.append(f"a {fk.ref_column} of the sheet {fk.table}")
    if f.type == "ids":
        parts.append("each a source_id of the sheet sources")
    if len(t.primary_key) > 1 and f.name in t.primary_key:
        parts.append(" + ".join(t.primary_key) + " unique together")
    return "; ".join(parts)


def _allowed(f: Field) -> tuple[str, ...]:
    if f.enum:
        return f.enum
    if f.type == "boolean":
        return ("true", "false")
    if f.name == "meeting_type":
        return MEETING_TYPES
    return ()


README_INTRO = [
    "How to fill in this workbook",
    "One sheet per table, named as the table: keep the sheet names and the header row (row 1); column order "
    "does not matter, and extra columns are kept.",
    "Leave a cell empty when no source gives the value: an empty cell means unknown. Never estimate.",
    "Every row cites its source(s): add each document to the sheet sources and put its source_id in source_ids.",
    "Dates: type them as Excel dates or as YYYY-MM-DD. Numbers typed as text are accepted where a number is "
    "expected. Lists inside a cell are separated by ';'.",
    "We read values, not formulas: a formula's saved value is taken (and you are told). Do not merge cells. "
    "Other sheets (like this one) are not read.",
    "Check it: upload it on the dashboard's Data page, or run: python -m ctc_dashboard validate this.xlsx",
]


def template_bytes() -> bytes:
    """Empty tables with their headers, drop-down lists for the enums, and a README of every column."""
    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    for i, line in enumerate(README_INTRO):
        readme.append([line])
        readme.cell(row=i + 1, column=1).font = _BOLD if i == 0 else Font()
    readme.append([licence.data_licence_line()])
    readme.append([])
    header = ["sheet", "column", "type", "required", "meaning", "allowed values", "rule"]
    readme.append(header)
    header_row = readme.max_row
    for c in range(1, len(header) + 1):
        readme.cell(row=header_row, column=c).font = _BOLD
    for t in TABLES.values():
        for f in t.fields:
            readme.append([t.name + ("" if t.required else " (optional sheet)"), f.name, _type_words(f),
                           "yes" if f.required else "no", f.description,
                           ("; " if f.type == "terms" else ", ").join(_allowed(f))
                           + (" (others allowed)" if f.name == "meeting_type" else ""),
                           _rule(t, f)])
    for col, width in zip("ABCDEFG", (22, 24, 30, 10, 60, 50, 44), strict=True):
        readme.column_dimensions[col].width = width
    for row in readme.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = _WRAP
            if isinstance(cell.value, str) and cell.value.startswith(DANGEROUS_STARTS):
                cell.data_type = "s"
    for t in TABLES.values():
        ws = wb.create_sheet(t.name)
        ws.append(t.columns)
        ws.freeze_panes = "A2"
        for i, f in enumerate(t.fields, start=1):
            letter = get_column_letter(i)
            cell = ws.cell(row=1, column=i)
            cell.font = _BOLD
            desc = f.description + (" (required)" if f.required else "")
            ws.column_dimensions[letter].width = _width(f.name)
            if f.type in TEXT_FORMAT_TYPES:
                # Typed into a text-formatted column, 007 stays 007 and =x stays text: Excel converts neither.
                ws.column_dimensions[letter].number_format = "@"
            # A list validation takes one value (and 255 characters): a ';'-list of terms is left to the validator.
            allowed = _allowed(f) if f.type != "terms" else ()
            if allowed:
                strict = f.name != "meeting_type"
                dv = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True,
                                    showErrorMessage=True, errorStyle="stop" if strict else "warning",
                                    errorTitle=f.name, error="Allowed: " + ", ".join(allowed),
                                    promptTitle=f.name, prompt=desc[:255], showInputMessage=True)
                dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS.value + 1}")
                ws.add_data_validation(dv)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
