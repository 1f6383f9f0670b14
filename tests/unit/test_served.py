"""The reload rule: a new folder version is served only if whole and valid; a refusal keeps the last good one."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import threading

import pytest

from ctc_dashboard.dataset.load import load_folder
from ctc_dashboard.dataset.problems import DataError, Problem
from ctc_dashboard.dataset.served import Refusal, ServedData, folder_signature, health, write_json

T0 = dt.datetime(2026, 12, 1, 14, 0, tzinfo=dt.UTC)
M = "meetings.csv"


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        self.now += dt.timedelta(minutes=1)
        return self.now


def served_folder(path, **kw) -> ServedData:
    return ServedData(lambda: load_folder(path), lambda: folder_signature(path), label="small", clock=Clock(), **kw)


def cut_mid_row(folder) -> None:
    """A half-written save: the file ends in the middle of a row."""
    text = folder.read(M)
    folder.write(M, text[: text.index("\n", len(text) // 2) - 7])


def test_valid_folder_is_served(folder):
    s = served_folder(folder.path).current()
    assert len(s.dataset.meetings) == 4
    assert s.refusal is None and s.problems == ()
    assert s.since == s.checked


def test_half_written_file_is_refused_and_the_last_good_version_stays(folder, caplog):
    served = served_folder(folder.path)
    good = served.current()
    cut_mid_row(folder)
    with caplog.at_level(logging.WARNING, logger="ctc_dashboard.data"):
        after = served.current()
    assert after.dataset is good.dataset
    assert after.since == good.since
    assert isinstance(after.refusal, Refusal) and after.refusal.at > good.since
    assert any(p.file == M for p in after.refusal.problems)
    assert f"small: update refused, still serving version {good.version}" in caplog.text


def test_fixed_folder_replaces_the_served_version(folder):
    served = served_folder(folder.path)
    good = served.current()
    original = folder.read(M)
    cut_mid_row(folder)
    assert served.current().refusal is not None
    folder.write(M, original)
    folder.set_cell("organizations.csv", 2, "name", "Renamed")  # the edit that was meant
    fixed = served.current()
    assert fixed.refusal is None
    assert fixed.version != good.version and fixed.since > good.since
    assert fixed.dataset.organizations.loc[0, "name"] == "Renamed"


def test_unchanged_folder_is_not_read_again(folder):
    calls = []
    served = ServedData(lambda: calls.append(1) or load_folder(folder.path), lambda: folder_signature(folder.path))
    first = served.current()
    for _ in range(5):
        assert served.current() is first
    assert calls == [1]


def test_same_content_saved_again_keeps_the_dataset_and_clears_the_refusal(folder):
    served = served_folder(folder.path)
    good = served.current()
    original = folder.read(M)
    cut_mid_row(folder)
    assert served.current().refusal is not None
    folder.write(M, original + "\n")  # a blank line at the end: same tables, another version
    folder.write(M, original)
    back = served.current()
    assert back.dataset is good.dataset and back.refusal is None


def test_folder_that_disappears_is_a_refused_update(folder, tmp_path):
    served = served_folder(folder.path)
    good = served.current()
    shutil.rmtree(folder.path)
    after = served.current()
    assert after.dataset is good.dataset
    assert [p.expected for p in after.refusal.problems] == [
        "a folder with the CSV tables (or an .xlsx workbook, or a .zip of the tables); no such folder"]
    assert all(str(tmp_path) not in p.file for p in after.refusal.problems)


def test_unreadable_folder_is_a_refused_update(folder):
    def load():
        raise PermissionError(13, "Permission denied")

    results = iter([load_folder(folder.path)])
    served = ServedData(lambda: next(results, None) or load(), iter(range(10)).__next__, label="small")
    good = served.current()
    after = served.current()
    assert after.dataset is good.dataset
    assert after.refusal.problems == (Problem("small", None, None, None, "a readable data folder (Permission denied)"),)


def test_unexpected_error_is_refused_not_raised(folder, caplog):
    results = iter([load_folder(folder.path)])

    def load():
        ds = next(results, None)
        if ds is None:
            raise MemoryError("out of memory")
        return ds

    served = ServedData(load, iter(range(10)).__next__, label="small")
    good = served.current()
    with caplog.at_level(logging.ERROR, logger="ctc_dashboard.data"):
        after = served.current()
    assert after.dataset is good.dataset
    assert "MemoryError" in after.refusal.problems[0].expected
    assert "loading small failed" in caplog.text


def test_folder_invalid_at_start_has_only_the_report(folder):
    cut_mid_row(folder)
    s = served_folder(folder.path).current()
    assert s.dataset is None and s.refusal is None
    assert any(p.file == M for p in s.problems)


def test_folder_invalid_at_start_then_fixed_is_served(folder):
    original = folder.read(M)
    cut_mid_row(folder)
    served = served_folder(folder.path)
    assert served.current().dataset is None
    folder.write(M, original)
    assert len(served.current().dataset.meetings) == 4


def test_sessions_keep_the_served_version_while_another_thread_reloads(folder):
    """A reload (seconds on a big folder) never blocks a session that already has a version to show."""
    good = load_folder(folder.path)
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow_load():
        calls.append(1)
        if len(calls) == 1:
            return good
        started.set()
        release.wait(10)
        raise DataError([Problem(M, 2, None, None, "x")])

    version = {"v": 1}
    served = ServedData(slow_load, lambda: version["v"], label="small")
    assert served.current().dataset is good
    version["v"] = 2
    worker = threading.Thread(target=served.current)
    worker.start()
    assert started.wait(10)
    meanwhile = served.current()  # returns at once, while the reload is still running
    assert meanwhile.dataset is good and meanwhile.refusal is None
    release.set()
    worker.join(10)
    assert served.current().refusal is not None
    assert len(calls) == 2  # the waiting session did not load a second time


def test_first_load_is_shared_by_sessions_that_arrive_together(folder):
    calls = []
    gate = threading.Barrier(4)

    def load():
        calls.append(1)
        return load_folder(folder.path)

    served = ServedData(load, lambda: 1)
    results = []

    def session():
        gate.wait()
        results.append(served.current().dataset)

    threads = [threading.Thread(target=session) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert calls == [1]
    assert len(results) == 4 and all(r is results[0] for r in results)


def test_change_is_reported_to_the_callback_and_its_failure_is_contained(folder, caplog):
    seen = []

    def on_change(state):
        seen.append(state)
        raise OSError("read-only file system")

    served = served_folder(folder.path, on_change=on_change)
    with caplog.at_level(logging.ERROR, logger="ctc_dashboard.data"):
        s = served.current()
    assert seen == [s] and s.dataset is not None
    assert "could not report the data state" in caplog.text


def test_watcher_notices_an_edit_without_a_visit(folder):
    changed = threading.Event()
    served = served_folder(folder.path, on_change=lambda s: s.refusal and changed.set())
    served.current()
    served.watch(0.05)
    try:
        cut_mid_row(folder)
        assert changed.wait(5)
        assert served.state.refusal is not None
    finally:
        served.stop()


# ---------------------------------------------------------------- health

def test_health_of_a_served_version(folder):
    h = health(served_folder(folder.path).current(), "small")
    assert h == {"status": "ok", "data": "small", "served_version": h["served_version"],
                 "served_since": "2026-12-01T14:01:00Z", "meetings": 4, "last_checked": "2026-12-01T14:01:00Z",
                 "last_update_refused": False, "refused_at": None, "problems": 0}
    assert len(h["served_version"]) == 12


def test_health_after_a_refused_update(folder):
    served = served_folder(folder.path)
    good = served.current()
    cut_mid_row(folder)
    h = health(served.current(), "small")
    assert h["status"] == "refused" and h["last_update_refused"] is True
    assert h["served_version"] == good.version
    assert h["refused_at"] == "2026-12-01T14:02:00Z" and h["problems"] >= 1


def test_health_when_nothing_valid_was_served(folder):
    cut_mid_row(folder)
    h = health(served_folder(folder.path).current(), "small")
    assert h["status"] == "invalid" and h["served_version"] is None and h["problems"] >= 1


def test_health_holds_no_path_and_no_cell(folder, tmp_path):
    served = served_folder(folder.path)
    served.current()
    folder.set_cell(M, 2, "title", "SECRET DRAFT VALUE").set_cell(M, 2, "latitude", "999")
    text = json.dumps(health(served.current(), "small"))
    assert "SECRET" not in text and str(tmp_path) not in text and "999" not in text


def test_health_file_is_replaced_whole(tmp_path):
    target = tmp_path / "status" / "health.json"
    write_json(target, {"status": "ok"})
    write_json(target, {"status": "refused"})
    assert json.loads(target.read_text()) == {"status": "refused"}
    assert [p.name for p in target.parent.iterdir()] == ["health.json"]


@pytest.mark.parametrize("gone", ["rmtree", "rename"])
def test_signature_changes_when_the_folder_goes(folder, gone):
    before = folder_signature(folder.path)
    if gone == "rmtree":
        shutil.rmtree(folder.path)
    else:
        folder.path.rename(folder.path.with_name("moved"))
    assert folder_signature(folder.path) != before


# ---------------------------------------------------------------- a save that did not finish

def test_file_cut_mid_row_is_not_whole(folder):
    text = folder.read(M)
    last = text.rstrip("\n").rsplit("\n", 1)[1]
    folder.write(M, text.rstrip("\n")[: -len(last) + 10])  # the last row cut after 10 characters
    with pytest.raises(DataError) as info:
        load_folder(folder.path)
    cut = [p for p in info.value.problems if p.file == M and p.column is None]
    assert [(p.row, p.value) for p in cut] == [(5, last[:10])]
    assert "ends without a line break (was it saved completely?)" in cut[0].expected
    assert any(p.row == 5 and p.column == "start_date" for p in info.value.problems)  # and what it lacks


def test_complete_last_row_without_a_line_break_is_whole(folder):
    folder.write(M, folder.read(M).rstrip("\n"))
    assert len(load_folder(folder.path).meetings) == 4


def test_short_last_row_ending_in_a_line_break_is_read_as_empty_cells(folder):
    header, rows = folder.rows(M)
    rows[-1] = rows[-1][: header.index("meeting_type") + 1]
    folder.write(M, "\n".join(",".join(r) for r in [header, *rows]) + "\n")
    assert len(load_folder(folder.path).meetings) == 4


def test_health_file_is_written_when_the_records_made_the_holder_first(folder, tmp_path, monkeypatch):
    """The app's start-up warm-up (or a first visit to /records/ or /api/) loads the folder before any session
    asks for it with its port: the health file is still written, at once, and kept current."""
    from ctc_dashboard import env
    from ctc_dashboard.dataset import served as served_module

    monkeypatch.setenv(env.STATUS, str(tmp_path))
    monkeypatch.setattr(served_module, "_HOLDERS", {})
    first = served_module.for_folder(folder.path, "small")  # the records: no port
    assert first.current().dataset is not None
    again = served_module.for_folder(folder.path, "small", port=8599)  # a session of the server on 8599
    assert again is first
    report = json.loads((tmp_path / "health-8599.json").read_text())
    assert report["status"] == "ok" and report["served_version"] == first.state.version
    cut_mid_row(folder)
    again.current()
    assert json.loads((tmp_path / "health-8599.json").read_text())["status"] == "refused"
