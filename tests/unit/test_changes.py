"""What changed between two versions: ``derive.changes`` and ``ctc-dashboard diff`` on two small folders with
known changes, the same data as a folder and as its ZIP, and the shipped changelog."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from ctc_dashboard.dataset import changelog
from ctc_dashboard.dataset.load import load_folder, version_of
from ctc_dashboard.dataset.read import read_folder
from ctc_dashboard.derive import changes
from ctc_dashboard.derive.exports import data_package_zip
from tests.conftest import DATA, FIXTURE, Folder

# The known changes made to a copy of the fixture, as the diff must list them (table, key, change, field, old, new).
EXPECTED = [
    ("meetings", "M5", "added", "", "", ""),
    ("meetings", "M1", "changed", "title", "First test meeting", "First test meeting, renamed"),
    ("meetings", "M2", "changed", "end_date", "2004-03-12", ""),
    ("meetings", "M2", "changed", "latitude", "48.2085", "48.2"),
    ("participation", "M5 / ORGA", "added", "", "", ""),
    ("participation", "M1 / ORGC", "removed", "", "", ""),
    ("participation", "M2 / ORGC", "changed", "role", "host", "presenter"),
]


@pytest.fixture
def pair(tmp_path):
    """The fixture (old) and a copy with the changes of EXPECTED (new)."""
    new = Folder(tmp_path / "new")
    shutil.copytree(FIXTURE, new.path)
    new.set_cell("meetings.csv", 2, "title", "First test meeting, renamed")
    new.set_cell("meetings.csv", 3, "end_date", "")
    new.set_cell("meetings.csv", 3, "latitude", "48.2")
    new.copy_row("meetings.csv", 2, meeting_id="M5", title="A fifth meeting")
    header, rows = new.rows("participation.csv")
    at = {(r[0], r[1]): i for i, r in enumerate(rows)}
    assert ("M1", "ORGC") in at and ("M2", "ORGC") in at, "the fixture changed: update EXPECTED"
    rows[at[("M2", "ORGC")]][header.index("role")] = "presenter"
    rows = [r for i, r in enumerate(rows) if i != at[("M1", "ORGC")]]
    rows.append(["M5", "ORGA", "host"] + [""] * (len(header) - 3))
    new.write_rows("participation.csv", header, rows)
    return FIXTURE, new.path


def _rows(frame):
    return [tuple(r) for r in frame[changes.COLUMNS].itertuples(index=False)]


def test_the_diff_lists_every_known_change_by_table_key_and_field(pair):
    old, new = (load_folder(p) for p in pair)
    found = changes.diff(old, new)
    assert sorted(_rows(found)) == sorted(EXPECTED)
    counts = changes.counts(found, old, new).set_index("table")
    assert counts.loc["meetings", ["added", "removed", "changed", "fields_changed"]].tolist() == [1, 0, 2, 3]
    assert counts.loc["participation", ["rows_before", "rows_after"]].tolist() == [len(old.participation),
                                                                                   len(new.participation)]
    assert "places" not in counts.index  # neither side has the optional table


def test_the_same_data_as_a_folder_and_as_its_zip_has_no_changes(tmp_path):
    zipped = tmp_path / "package.zip"
    zipped.write_bytes(data_package_zip(load_folder(FIXTURE)))
    from ctc_dashboard.dataset.load import load_source
    assert changes.diff(load_source(FIXTURE), load_source(zipped)).empty


def test_the_command_prints_the_changes_as_text_and_as_csv(pair, run_cli):
    old, new = pair
    ran = run_cli("diff", str(old), str(new))
    assert ran.returncode == 0
    assert "meetings: 4 -> 5 rows; 1 added, 0 removed, 2 changed (3 fields)" in ran.stdout
    assert "  + M5" in ran.stdout and "  - M1 / ORGC" in ran.stdout
    assert "  ~ M2 / ORGC role: 'host' -> 'presenter'" in ran.stdout
    ran = run_cli("diff", str(old), str(new), "--csv")
    assert ran.returncode == 0
    rows = list(csv.reader(io.StringIO(ran.stdout)))
    assert rows[0] == changes.COLUMNS and sorted(map(tuple, rows[1:])) == sorted(EXPECTED)


def test_the_command_refuses_an_invalid_side_and_a_missing_one(pair, run_cli, tmp_path):
    old, new = pair
    Folder(new).set_cell("meetings.csv", 2, "start_date", "not a date")
    ran = run_cli("diff", str(old), str(new))
    assert ran.returncode == 1 and "INVALID" in ran.stderr and "start_date" in ran.stderr
    assert run_cli("diff", str(old), str(tmp_path / "nowhere")).returncode == 2


def test_the_shipped_changelog_names_the_shipped_data_version():
    releases = changelog.read(DATA)
    assert releases, "data/changelog.json is missing"
    latest = releases[0]
    shipped_version = version_of(read_folder(DATA))
    assert latest.data_version == shipped_version, (
        f"data/ changed (data version {shipped_version}) but data/changelog.json's latest release is "
        f"{latest.data_version}: add a release (date, version, data_version, what / why / source)")
    assert all(c.what and c.why and c.source for r in releases for c in r.changes)
    assert len({r.data_version for r in releases}) == len(releases)


def test_a_broken_changelog_is_named_by_release_and_field():
    with pytest.raises(ValueError, match="release 1: 'data_version' must be"):
        changelog.parse('{"releases": [{"version": "x", "date": "2026-12-04", "data_version": "abc", '
                        '"changes": [{"what": "a", "why": "b", "source": "c"}]}]}')
    with pytest.raises(ValueError, match="change 1: why missing"):
        changelog.parse('{"releases": [{"version": "x", "date": "2026-12-04", "data_version": "0123456789ab", '
                        '"changes": [{"what": "a", "source": "c"}]}]}')
