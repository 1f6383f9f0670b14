"""Read + validate + type -> Dataset, or DataError with every Problem; the data version.

A folder of CSV files and an Excel workbook (one sheet per table) load the same way: the
workbook's sheets are read as the contract's CSV text, then validated by the same rules.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from pathlib import Path

from ..contract.schema import TABLES
from .model import Dataset, empty_table, typed, with_contract_columns
from .problems import DataError, Problem
from .read import read_folder
from .validate import validate_files
from .workbook import is_workbook, read_workbook, workbook_problems


def version_of(files: Mapping[str, bytes]) -> str:
    """A short hash of every file's name and bytes: caches and citations key on it."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + files[name] + b"\0")
    return h.hexdigest()[:12]


def load_files(files: Mapping[str, bytes], label: str = "data") -> Dataset:
    """Validate then type. Raises DataError with every problem when the contract is broken."""
    dfs, problems = validate_files(files)
    if problems:
        raise DataError(sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "")), label)
    # Validation numbered rows by the index; the Dataset gets a plain 0..n-1 index.
    # Optional contract columns a folder leaves out are added empty (= unknown): the Dataset's invariant.
    tables = {name: with_contract_columns(name, typed(TABLES[name], df).reset_index(drop=True))
              for name, df in dfs.items()}
    has_figures, has_places = "reported_figures" in tables, "places" in tables
    tables.setdefault("reported_figures", empty_table("reported_figures"))
    tables.setdefault("places", empty_table("places"))
    return Dataset(**tables, label=label, version=version_of(files), has_reported_figures=has_figures,
                   has_places=has_places)


def load_xlsx(data: bytes, label: str = "upload.xlsx") -> Dataset:
    """An .xlsx workbook -> Dataset (with notes, e.g. formulas taken as values), or DataError named by sheet."""
    book = read_workbook(data, label)
    try:
        ds = load_files(book.files, label=label)
    except DataError as e:
        raise DataError(workbook_problems(book, e.problems), label) from None
    if book.problems:
        raise DataError(workbook_problems(book, []), label)
    return dataclasses.replace(ds, notes=tuple(book.notes))


def load_xlsx_file(path: str | Path) -> Dataset:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise DataError([Problem(p.name, None, None, None, f"a readable workbook ({e.strerror or e})")],
                        p.name) from None
    return load_xlsx(data, label=p.name)


def load_folder(path: str | Path) -> Dataset:
    """A folder of CSV tables (or an .xlsx workbook) -> Dataset, labelled with the folder's (or file's) name."""
    if is_workbook(path) and Path(path).is_file():
        return load_xlsx_file(path)
    return load_files(read_folder(path), label=Path(path).name or str(path))
