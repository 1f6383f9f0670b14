"""The SQLite export: counts, types, keys that hold (PRAGMA foreign_key_check), full-text search, Datasette metadata."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

import pandas as pd
import pytest

from ctc_dashboard import Dataset, load_folder
from ctc_dashboard.contract import licence
from ctc_dashboard.contract.schema import TABLES
from ctc_dashboard.derive.filters import apply, default_filters
from ctc_dashboard.derive.sqlite import metadata, metadata_json, sqlite_bytes, write_sqlite
from ctc_dashboard.derive.view import View
from tests.conftest import ROOT


def open_db(ds: Dataset, tmp_path, name: str = "ctc.db", **kw) -> sqlite3.Connection:
    path = write_sqlite(ds, tmp_path / name, **kw)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def count(conn, table: str) -> int:
    return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def search(conn, table: str, query: str, column: str) -> list[str]:
    return [r[0] for r in conn.execute(
        f'SELECT {column} FROM "{table}" WHERE rowid IN (SELECT rowid FROM "{table}_fts" '
        f'WHERE "{table}_fts" MATCH ?) ORDER BY 1', (query,))]


def test_every_table_has_every_row(small, tmp_path):
    conn = open_db(small, tmp_path)
    for name in TABLES:
        if small.has(name):
            assert count(conn, name) == len(small.table(name)), name


def test_keys_hold_on_the_shipped_data_and_a_filtered_view(shipped, tmp_path):
    regional = apply(shipped, dataclasses.replace(default_filters(shipped), kinds=("regional",)))
    for i, ds in enumerate((shipped, regional)):
        conn = open_db(ds, tmp_path, f"db{i}.db")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert count(conn, "meetings") == len(ds.meetings)


def test_primary_and_foreign_keys_are_declared(small, tmp_path):
    conn = open_db(small, tmp_path)
    pk = {name: [r[1] for r in sorted(conn.execute(f'PRAGMA table_info("{name}")'), key=lambda r: r[5]) if r[5]]
          for name in TABLES if small.has(name)}
    assert pk == {"meetings": ["meeting_id"], "organizations": ["org_id"], "participation": ["meeting_id", "org_id"],
                  "sources": ["source_id"], "reported_figures": []}
    fks = {(name, r[3], r[2], r[4]) for name in TABLES if small.has(name)
           for r in conn.execute(f'PRAGMA foreign_key_list("{name}")')}
    assert fks == {("organizations", "parent_id", "organizations", "org_id"),
                   ("participation", "meeting_id", "meetings", "meeting_id"),
                   ("participation", "org_id", "organizations", "org_id"),
                   ("reported_figures", "meeting_id", "meetings", "meeting_id"),
                   ("reported_figures", "source_id", "sources", "source_id")}
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO participation (meeting_id, org_id, role) VALUES ('NOPE', 'CTC', 'host')")


def test_columns_are_typed_and_unknown_is_null(small, tmp_path):
    conn = open_db(small, tmp_path)
    types = {r[1]: r[2] for r in conn.execute('PRAGMA table_info("meetings")')}
    assert (types["latitude"], types["organizations_reported"], types["year"], types["start_date"]) == \
        ("REAL", "INTEGER", "INTEGER", "TEXT")
    row = conn.execute("SELECT start_date, end_date, year, typeof(latitude), organizations_reported "
                       "FROM meetings WHERE meeting_id = 'M1'").fetchone()
    assert row == ("2003-03-06", None, 2003, "real", 5)
    assert conn.execute("SELECT un_system FROM organizations WHERE org_id = 'CTC'").fetchone() == (1,)
    with pytest.raises(sqlite3.IntegrityError):  # the vocabularies are CHECKed
        conn.execute("UPDATE organizations SET kind = 'continental' WHERE org_id = 'CTC'")


def test_year_column_counts_meetings_per_year(shipped, tmp_path):
    conn = open_db(shipped, tmp_path)
    by_year = dict(conn.execute("SELECT year, count(*) FROM meetings GROUP BY year"))
    expected = shipped.meetings["start_date"].dt.year.value_counts().to_dict()
    assert by_year == expected


def test_indexes_on_what_analysts_filter_by(small, tmp_path):
    conn = open_db(small, tmp_path)
    indexed = {(r[0], r[1]) for r in conn.execute(
        "SELECT m.tbl_name, i.name FROM sqlite_master m, pragma_index_info(m.name) i WHERE m.type = 'index'")}
    assert {("meetings", "year"), ("participation", "org_id"), ("participation", "role"),
            ("organizations", "kind")} <= indexed


def test_full_text_search_on_names_titles_and_themes(shipped, tmp_path):
    conn = open_db(shipped, tmp_path)
    assert "SM-2004-VIE" in search(conn, "meetings", "vienna", "meeting_id")
    assert search(conn, "organizations", "OSCE", "org_id") == ["OSCE"]
    assert "OIC" in search(conn, "organizations", "islamic cooperation", "org_id")
    # Accents do not matter: 'Communique' finds 'Communiqué' in the fixture's outcome.
    small_conn = open_db(load_folder(ROOT / "tests" / "fixtures" / "small"), tmp_path, "small.db")
    assert search(small_conn, "meetings", "communique", "meeting_id") == ["M1"]


def test_source_id_lists_become_link_rows(small, tmp_path):
    conn = open_db(small, tmp_path)
    assert conn.execute("SELECT source_id FROM meeting_sources WHERE meeting_id = 'M2' ORDER BY 1").fetchall() == \
        [("S1",), ("S2",)]
    assert count(conn, "participation_sources") >= count(conn, "participation") - \
        int(small.participation["source_ids"].isna().sum())


def test_about_table_carries_version_filters_and_licence(small, tmp_path):
    f = dataclasses.replace(default_filters(small), kinds=("regional",))
    conn = open_db(View(small, f), tmp_path)
    about = dict(conn.execute("SELECT key, value FROM about"))
    assert about["data_version"] == small.version
    assert "kinds regional" in about["filters"]
    assert licence.DATA_LICENCE["name"] in about["licence"]


def test_download_bytes_are_the_same_database(small, tmp_path):
    path = tmp_path / "download.db"
    path.write_bytes(sqlite_bytes(small))
    conn = sqlite3.connect(path)
    assert count(conn, "participation") == len(small.participation)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_metadata_describes_every_column_from_the_schema(small):
    meta = metadata(small, "ctc")
    assert meta["license"].startswith(licence.DATA_LICENCE["title"])
    assert meta["license_url"] == licence.DATA_LICENCE["path"]
    assert "sources" in meta["source"]
    tables = meta["databases"]["ctc"]["tables"]
    for name, t in TABLES.items():
        if not small.has(name):
            assert name not in tables
            continue
        for f in t.fields:
            assert tables[name]["columns"][f.name] == f.description
    assert tables["meetings"]["columns"]["extra_col"].startswith("Extra column")
    assert tables["meetings"]["columns"]["year"]
    assert tables["meetings"]["fts_table"] == "meetings_fts"
    assert "year" in tables["meetings"]["facets"]
    json.loads(metadata_json(small, "ctc"))  # valid JSON


def test_metadata_names_every_table_of_the_database(small, tmp_path):
    conn = open_db(small, tmp_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE '%\\_fts%' ESCAPE '\\'")}
    assert tables == set(metadata(small, "ctc")["databases"]["ctc"]["tables"])


def test_extra_columns_that_collide_in_sqlite_get_a_suffix(small, tmp_path):
    """SQLite names are case-blind: 'Title' beside 'title', a 'year' or a 'rowid' column must not break the export."""
    m = small.meetings.copy()
    for extra in ("Title", "year", "rowid"):
        m[extra] = pd.Series(["x"] * len(m), index=m.index, dtype="str")
    ds = dataclasses.replace(small, meetings=m)
    conn = open_db(ds, tmp_path)
    columns = [r[1] for r in conn.execute('PRAGMA table_info("meetings")')]
    assert {"title", "Title_2", "year", "year_2", "rowid_2"} <= set(columns)
    assert conn.execute("SELECT year, year_2, Title_2 FROM meetings WHERE meeting_id = 'M1'").fetchone() == \
        (2003, "x", "x")
    assert search(conn, "meetings", "vienna", "meeting_id") == ["M2"]
    assert set(metadata(ds)["databases"]["ctc"]["tables"]["meetings"]["columns"]) == set(columns)
