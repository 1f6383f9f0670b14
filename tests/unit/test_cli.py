"""`ctc-dashboard validate SOURCE` (or `python -m ctc_dashboard`): exit 0 valid, 1 invalid, 2 usage; no traceback.

In process (``run_cli``: ``cli.main(argv)``), but for three smoke tests of a real process."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ctc_dashboard import env
from tests.conftest import DATA, FIXTURE, ROOT


def run_subprocess(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m ctc_dashboard`` in a process of its own: only for the smoke tests that need one (the
    module entry point, the console script, the terminal's encoding); every other test uses ``run_cli``."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "ctc_dashboard", *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", env=full_env, timeout=120)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


def test_valid_folder(run_cli):
    proc = run_cli("validate", str(FIXTURE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("VALID")
    for count in ("4 meetings", "5 organizations", "11 participation", "2 sources", "4 reported_figures"):
        assert count in proc.stdout


def test_valid_folder_without_optional_table(folder, run_cli):
    folder.delete("reported_figures.csv")
    proc = run_cli("validate", str(folder.path))
    assert proc.returncode == 0
    assert "reported_figures" not in proc.stdout


def test_invalid_folder_lists_every_problem(folder, run_cli):
    folder.set_cell("meetings.csv", 3, "latitude", "91")
    folder.set_cell("organizations.csv", 6, "kind", "local")
    folder.add_row("participation.csv", meeting_id="M1", org_id="ORGA", role="participant")
    proc = run_cli("validate", str(folder.path))
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    assert lines[:-1] == [
        "meetings.csv, row 3, column latitude: '91' — expected a value of at most 90",
        "organizations.csv, row 6, column kind: 'local' — expected one of: international, regional, subregional",
        "participation.csv, row 13, column meeting_id+org_id: 'M1 / ORGA' — expected each meeting_id and org_id "
        "pair once (this pair is repeated)",
    ]
    assert lines[-1].startswith("INVALID")
    assert "3 problem(s) in 3 file(s)" in lines[-1]


def test_missing_folder(tmp_path, run_cli):
    proc = run_cli("validate", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert "no such folder" in proc.stderr


def test_file_instead_of_folder(run_cli):
    proc = run_cli("validate", str(FIXTURE / "meetings.csv"))
    assert proc.returncode == 2


def test_no_arguments(run_cli):
    assert run_cli().returncode == 2
    assert run_cli("validate").returncode == 2


def test_unknown_command(run_cli):
    assert run_cli("frobnicate").returncode == 2


def test_datapackage_command_prints_json(run_cli):
    proc = run_cli("datapackage")
    assert proc.returncode == 0
    desc = json.loads(proc.stdout)
    assert [r["name"] for r in desc["resources"]] == ["meetings", "organizations", "participation", "sources",
                                                      "reported_figures", "places"]


def _lines(text: str) -> list[str]:
    return text.split("\n")


HOSTILE = {
    "png": lambda f: f.write("meetings.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
    "utf16": lambda f: f.write("meetings.csv", f.read("meetings.csv").encode("utf-16")),
    "utf16le-no-bom": lambda f: f.write("meetings.csv", f.read("meetings.csv").encode("utf-16-le")),
    "latin1": lambda f: f.write("meetings.csv", f.read("meetings.csv").encode("latin-1")),
    "semicolons": lambda f: f.write("meetings.csv", f.read("meetings.csv").replace(",", ";")),
    "tabs": lambda f: f.write("organizations.csv", f.read("organizations.csv").replace(",", "\t")),
    "empty": lambda f: f.write("participation.csv", b""),
    "blank-first-line": lambda f: f.write("sources.csv", "\n" + f.read("sources.csv")),
    "too-many-cells": lambda f: f.write("meetings.csv", f.read("meetings.csv").replace("x1\n", "x1,more\n")),
    "unterminated-quote": lambda f: f.write("meetings.csv", f.read("meetings.csv").replace("Test Hall", '"Test Hall')),
    "duplicate-columns": lambda f: f.write("sources.csv", f.read("sources.csv").replace("publisher", "title")),
    "extra-file": lambda f: f.write("extra.csv", b"\x00\x01"),
    "huge-bad-cell": lambda f: f.set_cell("meetings.csv", 2, "latitude", "1" * 1_000_000),
    "crazy-unicode": lambda f: f.set_cell("meetings.csv", 2, "source_ids", "S\u202e1;\U0001f600;\u0000x"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_are_reported_not_crashed(folder, case, run_cli):
    HOSTILE[case](folder)
    proc = run_cli("validate", str(folder.path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[-1].startswith("INVALID")
    assert len(lines) >= 2
    for line in lines[:-1]:
        assert re.match(r"^[\w.]+\.csv(, row \d+)?(, column [^:]+)?(: .*)? — expected .+", line), line
    assert all(len(line) < 400 for line in lines)


def test_hostile_output_survives_ascii_terminal(folder):
    folder.set_cell("meetings.csv", 2, "latitude", "Délta ☃")
    proc = run_subprocess("validate", str(folder.path), env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 1
    assert proc.stdout.strip().splitlines()[-1].startswith("INVALID")


def test_shipped_data_validates(run_cli):
    proc = run_cli("validate", str(DATA))
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert proc.stdout.startswith("VALID")


def test_fixture_path_is_relative_safe():
    # Run from the project root with a relative path, as the Makefile does.
    proc = run_subprocess("validate", str(Path("tests") / "fixtures" / "small"))
    assert proc.returncode == 0


def test_console_script_is_installed():
    """`make` installs the project: the `ctc-dashboard` command sits beside the venv's python."""
    script = Path(sys.executable).with_name("ctc-dashboard")
    assert script.exists(), "pip install -e . (make does it) installs the console script"
    proc = subprocess.run([str(script), "validate", str(FIXTURE)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.startswith("VALID"), proc.stdout + proc.stderr
    usage = subprocess.run([str(script)], capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and usage.stderr.startswith("usage: ctc-dashboard")


# ---------------------------------------------------------------- ZIP archives and the health file

def _zip_of(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


FIXTURE_FILES = {p.name: p.read_bytes() for p in sorted(FIXTURE.glob("*.csv"))}


def test_valid_zip(tmp_path, run_cli):
    archive = tmp_path / "package.zip"
    archive.write_bytes(_zip_of({f"export/{k}": v for k, v in FIXTURE_FILES.items()}))
    proc = run_cli("validate", str(archive))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("VALID") and "4 meetings" in proc.stdout


@pytest.mark.parametrize("members, member", [
    ({"../meetings.csv": b"x"}, "package.zip › ../meetings.csv"),
    ({"C:/tables/meetings.csv": b"x"}, "package.zip › C:/tables/meetings.csv"),
    ({"inner.zip": b"PK\x03\x04"}, "package.zip › inner.zip"),
    ({"a/meetings.csv": b"x", "b/meetings.csv": b"x"}, "package.zip › a/meetings.csv"),
])
def test_hostile_zip_names_the_member(tmp_path, members, member, run_cli):
    archive = tmp_path / "package.zip"
    archive.write_bytes(_zip_of(members))
    proc = run_cli("validate", str(archive))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[0].startswith(member + " — expected")
    assert proc.stdout.strip().splitlines()[-1].startswith("INVALID")


def test_file_named_zip_that_is_not_one(tmp_path, run_cli):
    archive = tmp_path / "tables.zip"
    archive.write_bytes(FIXTURE_FILES["meetings.csv"])
    proc = run_cli("validate", str(archive))
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == ("tables.zip — expected a ZIP archive of CSV files; this file is CSV text: "
                                           "upload it under its .csv name")


def test_health_without_a_server(tmp_path, run_cli):
    proc = run_cli("health", "--port", "1", env={env.STATUS: str(tmp_path)})
    assert proc.returncode == 2 and "no health status for port 1" in proc.stderr


@pytest.mark.parametrize("status, code", [("ok", 0), ("refused", 1), ("invalid", 1)])
def test_health_reads_the_servers_file(tmp_path, status, code, run_cli):
    (tmp_path / "health-8600.json").write_text(json.dumps({"status": status, "served_version": "abc"}))
    proc = run_cli("health", "--port", "8600", env={env.STATUS: str(tmp_path)})
    assert proc.returncode == code
    assert json.loads(proc.stdout)["status"] == status


# ---------------------------------------------------------------- one source, every command

def test_every_command_and_the_app_accept_the_same_data_package_zip(tmp_path, run_cli):
    """Regression: ``validate pkg.zip`` said VALID while ``export sqlite pkg.zip`` said "expected a folder"
    (each command decided on its own what a path is). The ZIP is laid out as the Data page's download.
    ``--data pkg.zip``: tests/app/test_data.py."""
    from ctc_dashboard.contract.datapackage import datapackage

    archive = tmp_path / "package.zip"
    archive.write_bytes(_zip_of({**FIXTURE_FILES, "datapackage.json": json.dumps(datapackage()).encode(),
                                 "manifest.json": b"{}"}))
    ran = run_cli("validate", str(archive))
    assert ran.returncode == 0 and ran.stdout.startswith("VALID") and "4 meetings" in ran.stdout
    ran = run_cli("export", "sqlite", str(archive), str(tmp_path / "ctc.db"))
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert sqlite3.connect(tmp_path / "ctc.db").execute("SELECT count(*) FROM meetings").fetchone() == (4,)
    ran = run_cli("export", "xlsx", str(archive), str(tmp_path / "ctc.xlsx"))
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "4 meetings" in run_cli("validate", str(tmp_path / "ctc.xlsx")).stdout


def test_a_source_that_is_none_of_the_three_is_a_usage_error_for_every_command(tmp_path, run_cli):
    other = tmp_path / "tables.txt"
    other.write_text("meeting_id\n")
    for argv in (["validate", str(other)], ["export", "sqlite", str(other), str(tmp_path / "x.db")],
                 ["export", "xlsx", str(other), str(tmp_path / "x.xlsx")]):
        ran = run_cli(*argv)
        assert ran.returncode == 2 and "no such folder or .xlsx workbook or .zip" in ran.stderr, argv
    assert not list(tmp_path.glob("x.*"))
