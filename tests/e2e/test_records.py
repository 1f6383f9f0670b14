"""The records and the API from the same server as the dashboard (app.py), read as the open web reads them.

A reader with JavaScript turned off gets the record; the API counts exactly the meetings the dashboard's
count line shows for the same address; the record pages meet WCAG 2.1 A/AA in both colour schemes.
"""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from .conftest import COUNT_RE, count_line, goto, screenshot
from .test_accessibility import AXE, axe_violations

MEETING, ORGANIZATION = "SM-2003-NY", "OSCE"  # of the shipped data
# Dashboard addresses (path and query) whose count line the API must reproduce.
ADDRESSES = [
    ("", ""),
    ("timeline", "type=open+briefing"),
    ("map", "years=2005&years=2015"),
    ("data", "years=2004&years=2019&type=special+meeting&type=open+briefing&kind=regional"),
    ("participation", f"org={ORGANIZATION}&breakdown-by=Region"),
]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def test_a_record_reads_with_javascript_turned_off(shipped_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{shipped_server.url}/records/")
        expect(page.locator("h1")).to_contain_text("every meeting and organization")
        page.locator(f"a[href='/records/meetings/{MEETING}']").first.click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/records/meetings/{MEETING}")
        expect(page.locator("h1")).to_have_count(1)
        expect(page.get_by_role("heading", name="Hosts and participants, by role")).to_be_visible()
        expect(page.get_by_role("table").first).to_be_visible()
        expect(page.locator(".cite")).to_contain_text(f"meeting {MEETING}")
        assert "You need to enable JavaScript" not in page.content()
        screenshot(page, "records-meeting-nojs")
        own = [u for u in requests if "/records/meetings/" not in u and not u.endswith("/records/")]
        assert set(own) == {f"{shipped_server.url}/records/style.css"}, own  # its stylesheet, nothing else
    finally:
        context.close()


@pytest.mark.parametrize(("path", "query"), ADDRESSES, ids=[a or "overview" for a, _ in ADDRESSES])
def test_the_api_counts_the_meetings_the_page_counts(shipped_server, new_page, path, query):
    page = new_page()
    goto(page, f"{shipped_server.url}/{path}{'?' + query if query else ''}", COUNT_RE)
    shown = int(re.search(r"(\d+) of \d+ meetings", count_line(page).inner_text()).group(1))
    body = get_json(f"{shipped_server.url}/api/meetings.json{'?' + query if query else ''}")
    assert body["count"] == shown, (path, query, body["filters"])


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make test installs it: npm ci)")
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1400, 390])
def test_record_pages_meet_wcag_21_aa(shipped_server, browser, scheme, width):
    # axe is injected as a script, which the pages' policy forbids: only this test context bypasses it
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True)
    try:
        page = context.new_page()
        problems = []
        for path in ("/records/", f"/records/meetings/{MEETING}", f"/records/organizations/{ORGANIZATION}",
                     "/records/meetings/no-such-meeting"):
            page.goto(shipped_server.url + path)
            problems += [f"{path} [{scheme}, {width}]: {v['id']} {v['help']}" for v in axe_violations(page)]
        screenshot(page, f"records-404-{scheme}-{width}")
        page.goto(f"{shipped_server.url}/records/meetings/{MEETING}")
        screenshot(page, f"records-meeting-{scheme}-{width}")
        assert problems == []
    finally:
        context.close()
