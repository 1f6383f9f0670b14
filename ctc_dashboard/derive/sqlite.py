"""A Datasette-ready SQLite database of a Dataset, and the metadata.json that describes it.

``datasette ctc.db -m metadata.json`` then gives facets, SQL and JSON over the same tables the
dashboard shows. Built with the standard library's sqlite3: typed columns, NOT NULL where the
contract requires a value, CHECKs for the vocabularies, primary and foreign keys (so Datasette
links rows), link tables for the ``source_ids`` lists, a ``year`` column on meetings, indexes
on what analysts filter by, and FTS5 full-text search over names, titles and themes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd

from ..contract import licence
from ..contract.schema import TABLES, Field, Table
from ..dataset.arrow import split_id_lists
from ..dataset.model import Dataset
from .view import View, unpack

_SQL_TYPES = {"id": "TEXT", "ids": "TEXT", "text": "TEXT", "enum": "TEXT", "terms": "TEXT", "url": "TEXT",
              "date": "TEXT", "number": "REAL", "integer": "INTEGER", "boolean": "INTEGER"}

# Full-text search: the columns of each table that hold names, titles and themes.
FTS_COLUMNS = {
    "meetings": ("title", "theme", "city", "country", "outcome", "notes"),
    "organizations": ("name", "acronym", "aliases", "notes"),
    "sources": ("title", "publisher"),
}
# source_ids lists as rows, so that Datasette can link and facet by source.
LINK_TABLES = {
    "meetings": ("meeting_sources", ("meeting_id",)),
    "organizations": ("organization_sources", ("org_id",)),
    "participation": ("participation_sources", ("meeting_id", "org_id")),
}
INDEXES = {
    "meetings": ("year", "meeting_type", "country", "start_date"),
    "organizations": ("kind", "parent_id", "hq_country"),
    "participation": ("org_id", "role"),
    "reported_figures": ("meeting_id", "source_id", "measure"),
    "places": ("meeting_id",),
}
FACETS = {
    "meetings": ["year", "meeting_type", "country", "place_basis"],
    "organizations": ["kind", "un_system", "hq_country"],
    "participation": ["role", "org_id"],
    "sources": ["publisher", "reliability"],
    "reported_figures": ["measure", "qualifier"],
}
YEAR_DESCRIPTION = "Year of start_date (added for facets)"
DATASETTE_TITLE = "CTC cooperation dashboard: meetings of the Counter-Terrorism Committee with organizations"


def _q(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _column_sql(f: Field | None, name: str) -> str:
    if f is None:
        return f"{_q(name)} TEXT"  # an extra column carried from the loaded data
    sql = f"{_q(name)} {_SQL_TYPES[f.type]}"
    if f.required:
        sql += " NOT NULL"
    if f.enum and f.type == "enum":  # a terms cell is a ';'-list of them, checked by the validator
        sql += f" CHECK ({_q(name)} IN ({', '.join(repr(v) for v in f.enum)}))"
    if f.type == "boolean":
        sql += f" CHECK ({_q(name)} IN (0, 1))"
    return sql


_YEAR = ("year",)  # the added column's key, distinct from any column of the data (a str)
_RESERVED = {"rowid", "oid", "_rowid_"}  # a column so named would hide the rowid that full-text search joins on


def sql_columns(t: Table, columns: list[str]) -> dict[str, str]:
    """Frame column -> database column. SQLite names are case-blind, so an extra column that collides with
    another (``Title`` beside ``title``), with ``year`` or with rowid gets a ``_2`` suffix."""
    taken = {"year"} if t.name == "meetings" else set()
    out = {}
    for c in columns:
        name = str(c)
        while name.lower() in taken or name.lower() in _RESERVED:
            name += "_2"
        taken.add(name.lower())
        out[c] = name
    return out


def _create_sql(t: Table, columns: list[str]) -> str:
    defs = []
    names = sql_columns(t, columns)
    for c in columns:
        defs.append(_column_sql(next((f for f in t.fields if f.name == c), None), names[c]))
        if t.name == "meetings" and c == "start_date":
            defs.append('"year" INTEGER')
    if t.primary_key:
        defs.append(f"PRIMARY KEY ({', '.join(_q(k) for k in t.primary_key)})")
    for fk in t.foreign_keys:
        defs.append(f"FOREIGN KEY ({_q(fk.column)}) REFERENCES {_q(fk.table)}({_q(fk.ref_column)})")
    return f"CREATE TABLE {_q(t.name)} (\n  " + ",\n  ".join(defs) + "\n)"


def _rows(df: pd.DataFrame, with_year: bool) -> tuple[list[str], list[tuple]]:
    """Typed columns -> SQLite values: ISO dates, 0/1, None for unknown."""
    cols, values = [], []
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            v = [None if pd.isna(x) else x.strftime("%Y-%m-%d") for x in s]
        elif pd.api.types.is_bool_dtype(s.dtype):
            v = [None if pd.isna(x) else int(bool(x)) for x in s]
        elif pd.api.types.is_integer_dtype(s.dtype):
            v = [None if pd.isna(x) else int(x) for x in s]
        elif pd.api.types.is_float_dtype(s.dtype):
            v = [None if pd.isna(x) else float(x) for x in s]
        else:
            v = [None if pd.isna(x) else str(x) for x in s.astype(object)]
        cols.append(c)
        values.append(v)
        if with_year and c == "start_date":
            cols.append(_YEAR)
            values.append([None if pd.isna(x) else int(x.year) for x in s])
    return cols, list(zip(*values, strict=True)) if values else []


def _fill(conn: sqlite3.Connection, ds: Dataset, described: list[str] | None) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    present = [n for n in TABLES if ds.has(n)]
    # Parents first, so that every foreign key resolves as rows go in.
    for name in ("sources", "meetings", "organizations", "participation", "reported_figures", "places"):
        if name not in present:
            continue
        t, df = TABLES[name], ds.table(name)
        cols, rows = _rows(df, with_year=name == "meetings")
        renamed = {**sql_columns(t, list(df.columns)), _YEAR: "year"}
        cols = [renamed[c] for c in cols]
        conn.execute(_create_sql(t, list(df.columns)))
        placeholders = ", ".join("?" for _ in cols)
        if name == "organizations":  # a parent may come after its child: check keys at commit
            conn.execute("PRAGMA defer_foreign_keys = ON")
        conn.executemany(f"INSERT INTO {_q(name)} ({', '.join(map(_q, cols))}) VALUES ({placeholders})", rows)
        for c in INDEXES.get(name, ()):
            if c in cols:
                conn.execute(f"CREATE INDEX {_q(f'idx_{name}_{c}')} ON {_q(name)}({_q(c)})")
        if name in LINK_TABLES and "source_ids" in df.columns:
            _link_table(conn, name, df)
        if name in FTS_COLUMNS:
            fts_cols = [c for c in FTS_COLUMNS[name] if c in df.columns]
            fts = f"{name}_fts"
            conn.execute(f"CREATE VIRTUAL TABLE {_q(fts)} USING fts5({', '.join(map(_q, fts_cols))}, "
                         f"content={_q(name)}, tokenize='unicode61 remove_diacritics 2')")
            conn.execute(f"INSERT INTO {_q(fts)} (rowid, {', '.join(map(_q, fts_cols))}) "
                         f"SELECT rowid, {', '.join(map(_q, fts_cols))} FROM {_q(name)}")
    conn.execute('CREATE TABLE "about" ("key" TEXT PRIMARY KEY, "value" TEXT)')
    conn.executemany('INSERT INTO "about" VALUES (?, ?)', _about(ds, described))


def _link_table(conn: sqlite3.Connection, name: str, df: pd.DataFrame) -> None:
    link, key = LINK_TABLES[name]
    t = TABLES[name]
    parts = split_id_lists(df["source_ids"].reset_index(drop=True))
    rows = pd.DataFrame({k: df[k].reset_index(drop=True).loc[parts.index].to_numpy() for k in key})
    rows["source_id"] = parts.to_numpy()
    rows = rows.drop_duplicates()
    key_sql = ", ".join(_q(k) for k in key)
    conn.execute(
        f"CREATE TABLE {_q(link)} ({', '.join(f'{_q(k)} TEXT NOT NULL' for k in key)}, "
        f'"source_id" TEXT NOT NULL REFERENCES "sources"("source_id"), '
        f"PRIMARY KEY ({key_sql}, \"source_id\"), "
        f"FOREIGN KEY ({key_sql}) REFERENCES {_q(t.name)}({key_sql}))")
    conn.executemany(f"INSERT INTO {_q(link)} VALUES ({', '.join('?' for _ in range(len(key) + 1))})",
                     rows.itertuples(index=False, name=None))
    conn.execute(f"CREATE INDEX {_q(f'idx_{link}_source_id')} ON {_q(link)}(\"source_id\")")


def _about(ds: Dataset, described: list[str] | None) -> list[tuple[str, str]]:
    rows = [("data", ds.label), ("data_version", ds.version),
            ("filters", "; ".join(described) if described else ("default view" if described is not None else "none")),
            ("licence", licence.data_licence_line()), ("licence_url", licence.DATA_LICENCE["path"]),
            ("code_licence", licence.code_licence_line()),
            ("unknown", "An empty (NULL) value means unknown: no source gives it.")]
    rows += [(f"rows_{name}", str(len(ds.table(name)))) for name in TABLES
             if ds.has(name)]
    return rows


def write_sqlite(what: Dataset | View, path: str | Path) -> Path:
    """Write the database to ``path`` (replaced whole, never left half-written)."""
    ds, described = unpack(what)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(suffix=".db", dir=path.parent or ".")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            with conn:
                _fill(conn, ds, described)
        finally:
            conn.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def sqlite_bytes(what: Dataset | View) -> bytes:
    """The database as bytes, for a download (built in memory)."""
    ds, described = unpack(what)
    conn = sqlite3.connect(":memory:")
    try:
        with conn:
            _fill(conn, ds, described)
        return conn.serialize()
    finally:
        conn.close()


def metadata(what: Dataset | View, database: str = "ctc") -> dict:
    """Datasette's metadata.json: title, licence, sources and every column's description from the schema.

    ``database`` is the database file's name without ``.db`` (Datasette names databases so).
    """
    ds, described = unpack(what)
    tables: dict[str, dict] = {}
    for name, t in TABLES.items():
        if not ds.has(name):
            continue
        df = ds.table(name)
        names = sql_columns(t, list(df.columns))
        columns = {names[c]: next((f.description for f in t.fields if f.name == c),
                                  "Extra column carried from the data") for c in df.columns}
        if name == "meetings":
            columns["year"] = YEAR_DESCRIPTION
        entry: dict = {"title": t.title, "description": t.description, "columns": columns,
                       "facets": [c for c in FACETS.get(name, []) if c in columns]}
        if name in FTS_COLUMNS:
            entry["fts_table"] = f"{name}_fts"
        if name == "meetings":
            entry["sort_desc"] = "start_date"
        tables[name] = entry
        if name in LINK_TABLES and "source_ids" in df.columns:
            link, key = LINK_TABLES[name]
            tables[link] = {"description": f"One row per source cited by a row of {name} (its source_ids, split).",
                            "columns": {**{k: t.field(k).description for k in key},
                                        "source_id": "source_id from sources"}}
    tables["about"] = {"description": "Where this database comes from: data version, filters, licence, row counts."}
    view = "; ".join(described) if described else "all the data"
    return {
        "title": DATASETTE_TITLE,
        "description": (f"Data: {ds.label}, version {ds.version}; view: {view}. Every value comes from a source in "
                        "the sources table; an empty value means unknown."),
        "license": f"{licence.DATA_LICENCE['title']} ({licence.DATA_LICENCE['name']})",
        "license_url": licence.DATA_LICENCE["path"],
        "source": f"{len(ds.sources)} public documents, listed in the sources table",
        "about": licence.SOURCE_TEXTS_NOTE,
        "databases": {database: {"tables": tables}},
    }


def metadata_json(what: Dataset | View, database: str = "ctc") -> bytes:
    """``metadata`` as the bytes of Datasette's metadata.json."""
    return (json.dumps(metadata(what, database), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
