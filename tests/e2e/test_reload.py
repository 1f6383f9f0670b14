"""A bad edit of the served folder never takes the site down: the last valid version stays, the refusal is
reported (Sources & about, health file), and a fixed folder is shown without a restart."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import shutil
import time
import urllib.request

from playwright.sync_api import expect

from tests.conftest import DATA, ROOT

from .conftest import count_line, goto, screenshot, switch_page, wait_ready

REFUSED = "An update of the data folder was refused"


def _health(server) -> dict:
    """The health file as an operator's poller reads it over HTTP.

    The file is swapped atomically, but Streamlit's static route takes its length from one stat and its bytes from
    a second open, so a read across a swap ends short (IncompleteRead): read again, as a poller would."""
    def read() -> dict:
        with urllib.request.urlopen(f"{server.url}/app/static/status/health-{server.port}.json", timeout=5) as r:
            assert r.status == 200
            return json.loads(r.read())

    for _ in range(4):
        try:
            return read()
        except http.client.IncompleteRead:
            time.sleep(0.2)
    return read()


def _until(check, timeout: float = 30) -> None:
    """Poll: the folder watcher or the next page run picks a change up within seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            check()
            return
        except (AssertionError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _about_until(page, text: str) -> None:
    """Navigate (as a reader would) until the Sources & about page shows `text`."""
    main = page.locator("[data-testid=stMain]")

    def check():
        if "/about" in page.url:
            switch_page(page, "Overview", "")
        switch_page(page, "Sources & about", "about")
        assert text in main.inner_text()

    _until(check)


def _one_more_open_briefing(text: str) -> str:
    """The edit that was meant: the first special meeting becomes an open briefing (a valid change that
    the default view, special meetings only, shows as one meeting fewer)."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    col = rows[0].index("meeting_type")
    row = next(r for r in rows[1:] if r[col] == "special meeting")
    row[col] = "open briefing"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_bad_edit_keeps_the_last_valid_version_and_a_fix_is_shown_without_restart(start_server, new_page,
                                                                                   tmp_path):
    folder = tmp_path / "served"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("*.md", "*.json"))
    server = start_server(folder)
    page = new_page()
    goto(page, server.url + "/", re.compile(r"\d+ of \d+ meetings"))
    before = count_line(page).inner_text()
    n, total = map(int, re.match(r"(\d+) of (\d+) meetings", before).groups())
    version = _health(server)["served_version"]
    assert _health(server)["status"] == "ok"

    # A half-written save: meetings.csv cut in the middle of a row, a few characters into it (cut near a
    # row's end, the lost characters can be an optional last cell, e.g. a visit's date_precision: no refusal).
    meetings = folder / "meetings.csv"
    original = meetings.read_text(encoding="utf-8")
    cut = original.index("\n", len(original) // 2) + 15
    meetings.write_text(original[:cut], encoding="utf-8")

    _about_until(page, REFUSED)
    main = page.locator("[data-testid=stMain]")
    expect(main).to_contain_text(f"still shows version {version}")
    screenshot(page, "about-refused-update")
    assert "Traceback" not in main.inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the full report (CSV)").click()
    report = download.value.path().read_text(encoding="utf-8-sig")
    assert report.startswith("file,row,column,value,expected") and "\nmeetings.csv," in report

    switch_page(page, "Overview", "")
    expect(count_line(page)).to_have_text(before)  # the open session: still the last valid data
    newcomer = new_page()
    goto(newcomer, server.url + "/", re.compile(r"\d+ of \d+ meetings"))
    expect(count_line(newcomer)).to_have_text(before)  # a new visitor too, not a report
    assert "does not match the data contract" not in newcomer.locator("[data-testid=stMain]").inner_text()

    health = _health(server)
    assert health["status"] == "refused" and health["last_update_refused"] is True
    assert health["served_version"] == version and health["problems"] >= 1
    assert str(ROOT) not in json.dumps(health) and str(tmp_path) not in json.dumps(health)
    assert "refused" in server.log_text()

    # The fix: a whole, valid folder with the edit that was meant, shown without a restart.
    meetings.write_text(_one_more_open_briefing(original), encoding="utf-8")
    def served_again():
        assert _health(server)["status"] == "ok"

    _until(served_again)
    switch_page(page, "Sources & about", "about")
    expect(main).not_to_contain_text(REFUSED)
    switch_page(page, "Overview", "")
    expect(count_line(page)).to_contain_text(f"{n - 1} of {total} meetings")
    assert _health(server)["served_version"] != version

    # A folder that goes away is a refused update too, not an outage.
    shutil.move(folder, tmp_path / "moved")
    _about_until(page, REFUSED)
    expect(main).to_contain_text("no such folder")
    switch_page(page, "Overview", "")
    expect(count_line(page)).to_contain_text(f"{n - 1} of {total} meetings")
    wait_ready(page)
