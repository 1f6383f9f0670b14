"""Own data in the browser: an upload is checked, shown to its session only, and a bad one changes nothing."""

from __future__ import annotations

import io
import zipfile

from playwright.sync_api import expect

from ctc_dashboard.limits import UPLOAD_MB
from tests.conftest import FIXTURE

from .conftest import count_line, goto, wait_idle


def _zip(edit=None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted(FIXTURE.glob("*.csv")):
            text = f.read_text(encoding="utf-8")
            z.writestr(f.name, edit(f.name, text) if edit else text)
    return buf.getvalue()


def _two_meetings(name: str, text: str) -> str:
    """The fixture cut to meetings M1 and M2 (and the rows that refer to them)."""
    if name in ("meetings.csv", "participation.csv", "reported_figures.csv"):
        lines = text.splitlines(keepends=True)
        return lines[0] + "".join(ln for ln in lines[1:] if ln.startswith(("M1,", "M2,")))
    return text


def _bad_kind(name: str, text: str) -> str:
    return text.replace(",regional,", ",continental,", 1) if name == "organizations.csv" else text


def _upload(page, name: str, data: bytes) -> None:
    uploader = page.locator("[data-testid=stFileUploader]")
    uploader.locator("input[type=file]").set_input_files(
        [{"name": name, "mimeType": "application/zip", "buffer": data}])
    expect(uploader).to_contain_text(name)
    wait_idle(page)


def _use(page, expect_text: str, where) -> None:
    for attempt in range(3):  # a fresh session may drop the first click
        try:
            page.get_by_role("button", name="Check and use these files").click()
            expect(where).to_contain_text(expect_text, timeout=8_000)
            return
        except AssertionError:
            if attempt == 2:
                raise


def test_upload_is_shown_to_its_session_only(fixture_server, new_page):
    mine, other = new_page(), new_page()
    goto(mine, f"{fixture_server.url}/data", "Data")
    goto(other, fixture_server.url, None)
    expect(count_line(other)).to_contain_text("3 of 4 meetings")

    _upload(mine, "two-meetings.zip", _zip(_two_meetings))
    _use(mine, "Showing your upload", mine.locator("[data-testid=stSidebar]"))
    expect(count_line(mine)).to_contain_text("2 of 2 meetings")
    # the switch resets the filters without an error (the sidebar's widgets exist when the button runs)
    expect(mine.locator("[data-testid=stException]")).to_have_count(0)

    other.reload()  # the other session still sees the server's data
    expect(count_line(other)).to_contain_text("3 of 4 meetings")

    mine.get_by_role("button", name="Back to the shipped data").click()
    expect(count_line(mine)).to_contain_text("3 of 4 meetings", timeout=8_000)


def test_invalid_upload_reports_and_keeps_the_data(fixture_server, new_page):
    page = new_page()
    goto(page, f"{fixture_server.url}/data", "Data")
    expect(count_line(page)).to_contain_text("3 of 4 meetings")
    _upload(page, "broken.zip", _zip(_bad_kind))
    _use(page, "does not match the data contract", page.locator("[data-testid=stMain]"))
    main = page.locator("[data-testid=stMain]")
    expect(main).to_contain_text("You still see the data you had before.")
    assert "Traceback" not in main.inner_text()
    expect(page.locator("[data-testid=stSidebar]")).not_to_contain_text("Showing your upload")
    expect(count_line(page)).to_contain_text("3 of 4 meetings")


def test_upload_over_the_size_limit_is_refused(fixture_server, new_page, tmp_path):
    page = new_page()
    goto(page, f"{fixture_server.url}/data", "Data")
    big = tmp_path / "huge.zip"
    with big.open("wb") as f:  # the limit in .streamlit/config.toml (a unit test checks it is UPLOAD_MB)
        f.truncate((UPLOAD_MB.value + 1) * 1024 * 1024)
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(big))
    uploader = page.locator("[data-testid=stFileUploader]")
    expect(uploader).to_contain_text(f"File must be {UPLOAD_MB.value:.1f}MB or smaller", timeout=15_000)


def test_hostile_archive_gets_a_report_naming_the_member(fixture_server, new_page):
    """A ZIP climbing out with '..' and hiding a nested archive: refused, members named in the report."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted(FIXTURE.glob("*.csv")):
            z.writestr(f"export/{f.name}", f.read_bytes())
        z.writestr("../../etc/cron.d/x.csv", b"* * * * * root sh\n")
        z.writestr("export/more.zip", _zip())
    page = new_page()
    goto(page, f"{fixture_server.url}/data", "Data")
    _upload(page, "hostile.zip", buf.getvalue())
    main = page.locator("[data-testid=stMain]")
    _use(page, "does not match the data contract: 2 problem(s)", main)
    expect(main).to_contain_text("You still see the data you had before.")
    assert "Traceback" not in main.inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the full report (CSV)").click()
    report = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert report[0] == "file,row,column,value,expected"
    assert [line.split(",")[0] for line in report[1:]] == ["hostile.zip › ../../etc/cron.d/x.csv",
                                                           "hostile.zip › export/more.zip"]
    expect(count_line(page)).to_contain_text("3 of 4 meetings")
