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

from ..contract import licence
from ..contract.datapackage import datapackage
from ..contract.schema import TABLES
from ..dataset.model import Dataset
from .summary import participation_detail
from .view import View, unpack

# A text cell starting with one of these runs as a formula in a spreadsheet.
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DANGEROUS = DANGEROUS_STARTS

# What "filtered" keeps of each table (said on the Data page, next to each download).
FILTERED_MEANS = {
    "meetings": "Filtered: the meetings that match every filter.",
    "organizations": "Filtered: the organizations at those meetings (any role, within the kind and role filters), "
                     "plus their parent organizations, so every reference in the download resolves.",
    "participation": "Filtered: the rows of those meetings, within the kind and role filters.",
    "sources": "Filtered: the sources cited by the rows of the other filtered tables.",
    "reported_figures": "Filtered: the figures of those meetings.",
    "places": "Filtered: the further places of those meetings.",
}


def _defuse(value: object) -> object:
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def neutralize(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula. Numbers and dates stay numbers.

    Column names are cells of the header row, and extra columns come from the user's files, so
    they are defused too. In object columns only the text values are touched, not the numbers.
    """
    out = df.copy()
    out.columns = [_defuse(c) for c in out.columns]
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if s.dtype == object:
            bad = s.map(lambda v: isinstance(v, str) and v.startswith(_DANGEROUS)).astype(bool)
        elif pd.api.types.is_string_dtype(s.dtype):
            bad = s.str.startswith(_DANGEROUS).fillna(False).astype(bool)
        else:
            continue
        if bad.any():
            s = s.astype(object).where(~bad, s[bad].map(_defuse))
        out.isetitem(i, s)
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
    frame = _contract_frame(df)
    # Python's csv writer quotes a cell only for the characters of the line terminator: with "\n"
    # a lone carriage return inside a cell would be written bare and split the row on reading.
    eol = "\r\n" if _has_carriage_return(frame) else "\n"
    return frame.to_csv(index=False, lineterminator=eol).encode("utf-8")


def _has_carriage_return(df: pd.DataFrame) -> bool:
    if any(isinstance(c, str) and "\r" in c for c in df.columns):
        return True
    for i in range(df.shape[1]):
        s = df.iloc[:, i]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if s.dtype == object:
            if s.map(lambda v: isinstance(v, str) and "\r" in v).any():
                return True
        elif pd.api.types.is_string_dtype(s.dtype) and s.str.contains("\r", regex=False).fillna(False).any():
            return True
    return False


def spreadsheet_csv(df: pd.DataFrame) -> bytes:
    """For Excel/LibreOffice: neutralized, with a BOM so accents open right."""
    return b"\xef\xbb\xbf" + contract_csv(neutralize(df))


READABLE_PARTICIPATION = ["start_date", "city", "country", "title", "label", "name", "kind", "role", "notes",
                          "source_ids", "meeting_id", "org_id"]


def readable_participation(ds: Dataset) -> pd.DataFrame:
    """participation.csv with the meeting (date, place, title) and the organization (label, name, kind) beside
    the ids, one row per participation row, oldest first: what an analyst would otherwise join in Excel."""
    d = participation_detail(ds)
    place = ds.meetings.set_index(ds.meetings["meeting_id"].astype("str"))[["city", "country"]]
    d["city"] = d["meeting_id"].map(place["city"])
    d["country"] = d["meeting_id"].map(place["country"])
    return d[[c for c in READABLE_PARTICIPATION if c in d.columns]].reset_index(drop=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def file_name(table: str, what: Dataset | View, ext: str = "csv") -> str:
    """Names say what is inside: ctc-meetings_years-2003-2007_organizations-osce.csv (a Dataset: all of it)."""
    parts = [f"ctc-{table.replace('_', '-')}"]
    _, described = unpack(what)
    if described is None:
        parts.append("all")
    else:
        parts += [_slug(d)[:60] for d in described] or ["default-view"]
    return "_".join(parts) + f".{ext}"


def descriptor_for(ds: Dataset) -> dict:
    """datapackage.json for these tables: the contract plus any extra columns they carry."""
    desc = datapackage()
    resources = []
    for res in desc["resources"]:
        name = res["name"]
        if not ds.has(name):
            continue
        df = ds.table(name)
        known = {f["name"] for f in res["schema"]["fields"]}
        res["schema"]["fields"] = res["schema"]["fields"] + [
            {"name": c, "type": "string", "description": "Extra column carried from the loaded data"}
            for c in df.columns if c not in known
        ]
        resources.append(res)
    desc["resources"] = resources
    return desc


def data_package_zip(what: Dataset | View) -> bytes:
    """The tables in the contract's format, with datapackage.json and a manifest whose filters are the file
    name's (both from ``unpack``)."""
    ds, described = unpack(what)
    manifest = {
        "title": "CTC cooperation dashboard: data package",
        "data": ds.label,
        "data_version": ds.version,
        "filters": described or [],
        "filtered": described is not None,
        "rows": {name: len(ds.table(name)) for name in TABLES
                 if ds.has(name)},
        "note": "An empty cell means unknown. Load this ZIP back into the dashboard to see the same view.",
        "licence": licence.manifest_entry(),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, table in TABLES.items():
            if not ds.has(name):
                continue
            zf.writestr(table.file, contract_csv(ds.table(name)))
        zf.writestr("datapackage.json", json.dumps(descriptor_for(ds), indent=2, ensure_ascii=False))
        zf.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return buf.getvalue()
