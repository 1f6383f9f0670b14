"""Build Excel workbooks for tests: the small fixture typed as Excel would type it, then broken one cell at a time.

Helpers, not fixtures (those live in conftest.py). Rows are Excel rows: header = 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

from ctc_dashboard.contract.schema import TABLES
from tests.conftest import FIXTURE

SAVED_BY_CALC = FIXTURE.parent / "workbooks"  # saved by LibreOffice Calc: see its README.md


def _typed(value: str, kind: str | None):
    if value == "":
        return None
    if kind == "date":
        return dt.datetime.fromisoformat(value)
    if kind == "number":
        return float(value)
    if kind == "integer":
        return int(value)
    if kind == "boolean":
        return value == "true"
    return value


def fixture_workbook(typed: bool = True, folder: Path = FIXTURE) -> Workbook:
    """The fixture folder as one workbook, a sheet per table; ``typed``: dates, numbers, booleans as Excel types."""
    wb = Workbook()
    wb.remove(wb.active)
    for t in TABLES.values():
        path = folder / t.file
        if not path.exists():
            continue
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        ws = wb.create_sheet(t.name)
        header = rows[0]
        kinds = [next((f.type for f in t.fields if f.name == h), None) for h in header]
        ws.append(header)
        for r in rows[1:]:
            ws.append([_typed(v, k if typed else None) for v, k in zip(r, kinds, strict=True)])
    return wb


def to_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def column_of(ws, name: str) -> int:
    """1-based column of a header."""
    return next(c.column for c in ws[1] if c.value == name)


def set_cell(wb: Workbook, sheet: str, row: int, column: str, value) -> Workbook:
    ws = wb[sheet]
    ws.cell(row=row, column=column_of(ws, column), value=value)
    return wb


def with_saved_value(data: bytes, sheet: str, coordinate: str, value: str, text: bool = True) -> bytes:
    """Give a formula cell the result Excel would have saved with it (openpyxl saves formulas without results)."""
    wb = load_workbook(io.BytesIO(data))
    index = wb.sheetnames.index(sheet) + 1
    part = f"xl/worksheets/sheet{index}.xml"
    src = zipfile.ZipFile(io.BytesIO(data))
    xml = src.read(part).decode("utf-8")
    pattern = re.compile(rf'<c r="{coordinate}"([^>]*)><f>(.*?)</f><v\s*/>')
    kind = ' t="str"' if text else ""
    xml, n = pattern.subn(lambda m: f'<c r="{coordinate}"{m.group(1)}{kind}><f>{m.group(2)}</f><v>{value}</v>', xml)
    assert n == 1, f"no formula cell {coordinate} in {sheet}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, xml.encode("utf-8") if info.filename == part else src.read(info))
    return out.getvalue()


def formula_cells(data: bytes) -> list[str]:
    """Every cell of every sheet that openpyxl reads as a formula (data_type 'f')."""
    wb = load_workbook(io.BytesIO(data))
    return [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


def raw_formulas(data: bytes) -> list[str]:
    """<f> elements in the sheets' XML: what Excel itself would run."""
    z = zipfile.ZipFile(io.BytesIO(data))
    return [n for n in z.namelist() if n.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[ >]", z.read(n))]
