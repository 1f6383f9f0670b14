"""Filters in the sidebar: the count, the URL, every page and the downloads follow them.

Fixture (tests/fixtures/small): M1 2003, M2 2004 (special meetings), M3 2016 (open briefing, left
out by default), M4 2019 (joint special meeting). ORGC (GO — Gamma Office) took part in M1 and M2.
"""

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from .conftest import (
    PAGES,
    choose,
    count_line,
    expect_count,
    goto,
    nav_pages,
    no_exception,
    retry,
    set_year_end,
    switch_page,
)

GAMMA = re.compile("Gamma Office")
COUNTED = {path for path, _, _ in PAGES} - {"about"}  # pages known to show the count line


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_filters_change_count_and_url(fixture_server, new_page):
    page = new_page()
    goto(page, f"{fixture_server.url}/timeline", "When the meetings were held")
    expect(count_line(page)).to_contain_text("3 of 4 meetings, 2003–2019")
    assert "years" not in _params(page) and "type" not in _params(page)  # the default view keeps a clean URL

    retry(lambda: choose(page, "Meeting type", "open briefing"), expect_count(page, "4 of 4 meetings, 2003–2019"))
    assert _params(page)["type"] == ["special meeting", "joint special meeting", "open briefing"]

    retry(lambda: set_year_end(page, 2004), expect_count(page, "2 of 4 meetings, 2003–2004"))
    # 2003-2005 shows the same count line: wait for the slider's last step to reach the URL
    expect(page).to_have_url(re.compile(r"years=2003&years=2004"))
    assert _params(page)["years"] == ["2003", "2004"]  # the link format test_links.py relies on
    no_exception(page)


def _choose_gamma(page):
    retry(lambda: choose(page, "Organizations", GAMMA), expect_count(page, "2 of 4 meetings"))
    assert _params(page)["org"] == ["ORGC"], page.url  # ids, not labels, so links stay stable


def _count_or_citation(page, path: str) -> None:
    """Every page says the view has 2 of 4 meetings (About, without a count line, cites the filter)."""
    if path == "about":
        # "Cite this view" in tabs (plain text, BibTeX, RIS, CSL-JSON): the plain text, open first
        expect(page.get_by_role("tabpanel", name="Plain text").get_by_test_id("stCode")).to_contain_text(
            "organizations ORGC")
    elif path in COUNTED or count_line(page).count():
        expect(count_line(page)).to_contain_text("2 of 4 meetings, 2003–2004")


def test_one_organization_on_every_page(fixture_server, new_page):
    """Chosen in the sidebar or opened from a link, ?org=ORGC holds on every page: 2 of 4 meetings."""
    page = new_page()
    goto(page, fixture_server.url + "/")
    _choose_gamma(page)
    switch_page(page, "Map", "map")
    assert _params(page).get("org") == ["ORGC"], page.url
    _count_or_citation(page, "map")

    shared = new_page()  # a link in another browser, to a page other than the first
    goto(shared, f"{fixture_server.url}/timeline?org=ORGC", "When the meetings were held")
    _count_or_citation(shared, "timeline")
    for path, link in nav_pages(shared):
        if path == "timeline":
            continue
        switch_page(shared, link, path)
        no_exception(shared)
        assert _params(shared).get("org") == ["ORGC"], f"/{path} lost the filter: {shared.url}"
        _count_or_citation(shared, path)


def test_download_gives_the_filtered_rows(fixture_server, new_page):
    page = new_page()
    goto(page, f"{fixture_server.url}/data?org=ORGC", "Data")
    expect(count_line(page)).to_contain_text("2 of 4 meetings")
    expect(page.locator("[data-testid=stCaptionContainer]").filter(has_text="rows. One row per meeting")
           ).to_contain_text("2 of 4 rows")

    table = page.locator("[data-testid=stDataFrame]").first
    expect(table.locator("tbody tr")).to_have_count(2)
    shown = [r.locator("td").first.inner_text().strip() for r in table.locator("tbody tr").all()]

    button = page.get_by_role("button", name=re.compile(r"Download filtered meetings\.csv"))
    expect(button).to_contain_text("(2 rows)")
    with page.expect_download() as info:
        button.click()
    download = info.value
    raw = download.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "spreadsheet CSVs start with a UTF-8 BOM"
    rows = list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"))))
    ids = [r["meeting_id"] for r in rows]
    assert ids == ["M1", "M2"]
    assert shown == ids
    assert "orgc" in download.suggested_filename.lower(), download.suggested_filename


def test_reset_filters_returns_to_the_default_view(fixture_server, new_page):
    page = new_page()
    goto(page, f"{fixture_server.url}/timeline?years=2003&years=2004&type=open+briefing", None)
    expect(count_line(page)).to_contain_text("0 of 4 meetings match the filters.")
    retry(lambda: page.locator("[data-testid=stSidebar]").get_by_role("button", name="Reset filters").click(),
          expect_count(page, "3 of 4 meetings, 2003–2019"))
    assert "years" not in _params(page) and "type" not in _params(page)
