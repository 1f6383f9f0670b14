"""Downloads: CSVs safe for spreadsheets, and an exact data package ZIP.

Two kinds of CSV on purpose: the spreadsheet CSV defuses formula injection (a text cell
starting with = + - @ tab or CR gets a leading apostrophe), the data package CSV is the
contract's exact format so that loading it back gives the same tables.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pandas as pd

from .filters import Filters
from .load import Dataset
from .schema import TABLES, datapackage

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula. Numbers and dates stay numbers."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_string_dtype(s.dtype) or isinstance(s.dtype, pd.CategoricalDtype) or s.dtype == object:
            s = s.astype("str")
            bad = s.str.startswith(_DANGEROUS).fillna(False)
            if bad.any():
                s = s.where(~bad, "'" + s)
            out[col] = s
    return out


def _contract_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            out[col] = s.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(s.dtype):
            out[col] = s.map({True: "true", False: "false"})
    return out


def contract_csv(df: pd.DataFrame) -> bytes:
    """The exact contract format (ISO dates, true/false, empty = unknown)."""
    return _contract_frame(df).to_csv(index=False, lineterminator="\n").encode("utf-8")


def spreadsheet_csv(df: pd.DataFrame) -> bytes:
    """For Excel/LibreOffice: neutralized, with a BOM so accents open right."""
    return b"\xef\xbb\xbf" + contract_csv(neutralize(df))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def file_name(table: str, ds: Dataset, filters: Filters | None, ext: str = "csv") -> str:
    """Names say what is inside: ctc-meetings_years-2003-2007_organizations-osce.csv."""
    parts = [f"ctc-{table.replace('_', '-')}"]
    if filters is None:
        parts.append("all")
    else:
        parts += [_slug(d)[:60] for d in filters.describe(ds)] or ["default-view"]
    return "_".join(parts) + f".{ext}"


def descriptor_for(ds: Dataset) -> dict:
    """datapackage.json for these tables: the contract plus any extra columns they carry."""
    desc = datapackage()
    resources = []
    for res in desc["resources"]:
        name = res["name"]
        if name == "reported_figures" and not ds.has_reported_figures:
            continue
        df = ds.table(name)
        known = {f["name"] for f in res["schema"]["fields"]}
        res["schema"]["fields"] = [f for f in res["schema"]["fields"] if f["name"] in df.columns] + [
            {"name": c, "type": "string", "description": "Extra column carried from the loaded data"}
            for c in df.columns if c not in known
        ]
        resources.append(res)
    desc["resources"] = resources
    return desc


def data_package_zip(ds: Dataset, filters: Filters | None) -> bytes:
    manifest = {
        "title": "CTC cooperation dashboard: data package",
        "data": ds.label,
        "data_version": ds.version,
        "filters": filters.describe(ds) if filters is not None else [],
        "filtered": filters is not None,
        "rows": {name: len(ds.table(name)) for name in TABLES
                 if name != "reported_figures" or ds.has_reported_figures},
        "note": "An empty cell means unknown. Load this ZIP back into the dashboard to see the same view.",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, table in TABLES.items():
            if name == "reported_figures" and not ds.has_reported_figures:
                continue
            zf.writestr(table.file, contract_csv(ds.table(name)))
        zf.writestr("datapackage.json", json.dumps(descriptor_for(ds), indent=2, ensure_ascii=False))
        zf.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return buf.getvalue()
