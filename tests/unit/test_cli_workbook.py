"""Command line for workbooks and databases: validate book.xlsx, export sqlite|xlsx, template; never a traceback."""

from __future__ import annotations

import json
import sqlite3

from tests.conftest import FIXTURE
from tests.workbooks import fixture_workbook, set_cell, to_bytes


def test_validate_a_good_workbook(tmp_path, run_cli):
    book = tmp_path / "book.xlsx"
    wb = fixture_workbook()
    wb.create_sheet("Notes")
    book.write_bytes(to_bytes(wb))
    proc = run_cli("validate", str(book))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("VALID") and "4 meetings" in proc.stdout
    assert "NOTE: Sheet 'Notes' is not a table" in proc.stdout


def test_validate_a_bad_workbook_names_sheet_row_column(tmp_path, run_cli):
    book = tmp_path / "book.xlsx"
    book.write_bytes(to_bytes(set_cell(fixture_workbook(), "organizations", 3, "kind", "continental")))
    proc = run_cli("validate", str(book))
    assert proc.returncode == 1
    assert "sheet organizations, row 3, column kind: 'continental'" in proc.stdout
    assert "INVALID: 1 problem(s) in 1 sheet(s)" in proc.stdout


def test_validate_a_missing_workbook_is_a_usage_error(tmp_path, run_cli):
    proc = run_cli("validate", str(tmp_path / "nope.xlsx"))
    assert proc.returncode == 2 and "no such folder or .xlsx workbook" in proc.stderr


def test_template_then_validate(tmp_path, run_cli):
    out = tmp_path / "template.xlsx"
    assert run_cli("template", str(out)).returncode == 0
    proc = run_cli("validate", str(out))
    assert proc.returncode == 0 and "0 meetings" in proc.stdout
    assert run_cli("template", str(tmp_path / "t.csv")).returncode == 2


def test_export_sqlite_writes_the_database_and_datasette_metadata(tmp_path, run_cli):
    out = tmp_path / "ctc.db"
    proc = run_cli("export", "sqlite", str(FIXTURE), str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "datasette" in proc.stdout
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT count(*) FROM meetings").fetchone() == (4,)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert "ctc" in meta["databases"]


def test_export_sqlite_from_a_workbook_with_metadata_elsewhere(tmp_path, run_cli):
    book = tmp_path / "book.xlsx"
    book.write_bytes(to_bytes(fixture_workbook()))
    meta = tmp_path / "m.json"
    proc = run_cli("export", "sqlite", str(book), str(tmp_path / "x.db"), "--metadata", str(meta))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(meta.read_text(encoding="utf-8"))["databases"].keys() == {"x"}


def test_export_of_invalid_data_writes_nothing(folder, tmp_path, run_cli):
    folder.set_cell("organizations.csv", 3, "kind", "continental")
    out = tmp_path / "x.db"
    proc = run_cli("export", "sqlite", str(folder.path), str(out))
    assert proc.returncode == 1 and "nothing written" in proc.stdout
    assert not out.exists()


def test_export_xlsx_round_trips_through_validate(tmp_path, run_cli):
    out = tmp_path / "out.xlsx"
    assert run_cli("export", "xlsx", str(FIXTURE), str(out)).returncode == 0
    proc = run_cli("validate", str(out))
    assert proc.returncode == 0 and "4 meetings, 5 organizations, 11 participation" in proc.stdout
    assert "NOTE" not in proc.stdout  # our own About sheet is not worth a note
