"""Read + validate + type -> Dataset, or DataError with every Problem; the data version.

A folder of CSV files, an Excel workbook (one sheet per table) and a ZIP of the tables (e.g. the
data package the Data page downloads) load the same way: each is read as the contract's CSV text,
then validated by the same rules. ``source_kind`` is the one place that decides which a path is;
``load_source`` is what every command, ``--data``, the served folder and the upload go through.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from pathlib import Path

from ..contract.schema import TABLES
from .archive import read_zip
from .model import Dataset, empty_table, typed, with_contract_columns
from .problems import DataError, Problem
from .read import read_folder
from .validate import validate_files
from .workbook import is_workbook, read_workbook, workbook_problems

FOLDER, WORKBOOK, ZIP = "folder", "workbook", "zip"
# What a usage message says a source may be.
SOURCE_HELP = "a data folder (meetings.csv and the other tables), an .xlsx workbook with one sheet per table, " \
              "or a .zip of the tables (a data package)"


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


def file_kind(name: str | Path) -> str | None:
    """WORKBOOK or ZIP by a file's name (an upload has no path, only its name); None for anything else."""
    if is_workbook(name):
        return WORKBOOK
    return ZIP if str(name).lower().endswith(".zip") else None


def source_kind(path: str | Path) -> str | None:
    """FOLDER, WORKBOOK or ZIP: what the path holds; None when it is none of them (or does not exist)."""
    p = Path(path)
    if p.is_dir():
        return FOLDER
    return file_kind(p) if p.is_file() else None


def load_bytes(name: str, data: bytes, label: str | None = None) -> Dataset:
    """One file's bytes (an .xlsx workbook or a ZIP of the tables) -> Dataset, or DataError."""
    label = label or name
    kind = file_kind(name)
    if kind == WORKBOOK:
        return load_xlsx(data, label)
    if kind == ZIP:
        return load_files(read_zip(data, label), label=label)
    raise DataError([Problem(name, None, None, None, "an .xlsx workbook or a .zip of the tables")], label)


def load_source(path: str | Path, label: str | None = None) -> Dataset:
    """A data folder, an .xlsx workbook or a data package .zip -> Dataset, or DataError with every problem.

    Labelled ``label``, else with the folder's or file's name (problems name it, never the full path:
    the report is shown to visitors).
    """
    p = Path(path)
    label = label or p.name or str(path)
    kind = source_kind(p) or file_kind(p)  # a missing book.xlsx: "a readable file (No such file...)"
    if kind in (WORKBOOK, ZIP):
        try:
            data = p.read_bytes()
        except OSError as e:
            raise DataError([Problem(p.name, None, None, None, f"a readable file ({e.strerror or e})")],
                            label) from None
        return load_bytes(p.name, data, label)
    # A folder, or nothing usable: read_folder names what it expected.
    return load_files(read_folder(p), label=label)


def load_folder(path: str | Path) -> Dataset:
    """The public name from before ``load_source``: a folder, a workbook or a ZIP -> Dataset."""
    return load_source(path)
