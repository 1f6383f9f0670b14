"""The Data page's workbook download in a real browser: the filtered rows, no formula, and it loads back."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from ctc_dashboard.dataset.load import load_xlsx
from tests.workbooks import formula_cells

from .conftest import count_line, goto


def test_filtered_workbook_download_loads_back(fixture_server, new_page):
    page = new_page()
    goto(page, f"{fixture_server.url}/data?org=ORGC", "Data")
    expect(count_line(page)).to_contain_text("2 of 4 meetings")
    button = page.get_by_role("button", name="Download the filtered workbook (.xlsx)")
    with page.expect_download() as info:
        button.click()
    download = info.value
    data = download.path().read_bytes()
    assert download.suggested_filename.endswith(".xlsx") and "orgc" in download.suggested_filename.lower()
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[0] == "About"
    assert [c.value for c in wb["meetings"]["A"][1:]] == ["M1", "M2"]
    assert formula_cells(data) == []
    ds = load_xlsx(data, download.suggested_filename)
    assert list(ds.meetings["meeting_id"]) == ["M1", "M2"]
