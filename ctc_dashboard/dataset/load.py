"""Read + validate + type -> Dataset, or DataError with every Problem; the data version."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from ..contract.schema import TABLES
from .model import Dataset, empty_table, typed, with_contract_columns
from .problems import DataError
from .read import read_folder
from .validate import validate_files


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
    has_figures = "reported_figures" in tables
    tables.setdefault("reported_figures", empty_table("reported_figures"))
    return Dataset(**tables, label=label, version=version_of(files), has_reported_figures=has_figures)


def load_folder(path: str | Path) -> Dataset:
    """A folder of CSV tables -> Dataset, labelled with the folder's name."""
    return load_files(read_folder(path), label=Path(path).name or str(path))
