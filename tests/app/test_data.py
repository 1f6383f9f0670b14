"""The Data page (/data): the filtered tables, the downloads, the upload check (CSV, ZIP, workbook)
and a workbook given as the data source."""

from __future__ import annotations

import json
import zipfile

from ctc_dashboard.contract.datapackage import datapackage
from ctc_dashboard.ui import keys, routes, source
from tests.conftest import FIXTURE
from tests.workbooks import fixture_workbook, set_cell, to_bytes, with_saved_value

from .conftest import ON_FIXTURE_AND_SHIPPED, text

PAGE = routes.DATA.file
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES = [(p.name, p.read_bytes()) for p in sorted(FIXTURE.glob("*.csv"))]


def _sidebar(at) -> str:
    return "\n".join(str(i.value) for i in at.sidebar.info)


def _upload(at, name: str, data: bytes):
    at.file_uploader(key=keys.UPLOAD).upload(name, data, XLSX).run()
    at.button(key=keys.USE_UPLOAD).click().run()
    return at


@ON_FIXTURE_AND_SHIPPED
def test_data_renders(make_app, data):
    at = make_app(data, PAGE)
    assert not at.exception, at.exception
    assert at.title, "page has a title"


def test_organization_filter_keeps_only_its_meetings(make_app):
    at = make_app(FIXTURE, PAGE, org=["ORGC"])
    assert not at.exception
    meetings = at.dataframe[0].value
    assert sorted(meetings["meeting_id"]) == ["M1", "M2"]


def test_data_page_cites_the_view_in_every_format(make_app, small):
    at = make_app(FIXTURE, PAGE, years=["2004", "2019"])
    assert not at.exception, at.exception
    codes = [c.value for c in at.code]
    plain = next(c for c in codes if c.startswith("\u201cCTC cooperation dashboard, view:"))
    assert "years 2004-2019" in plain and small.version in plain and "/data?years=2004&years=2019" in plain
    assert any(c.startswith("@misc{ctc-view-") for c in codes) and any("TY  - ELEC" in c for c in codes)


def test_data_page_offers_workbook_database_and_template_downloads(make_app):
    at = make_app(FIXTURE, PAGE)
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Download the filtered workbook (.xlsx)", "Download the filtered database (.db)",
            "Download its metadata.json (Datasette)", "Download the empty workbook template (.xlsx)"} <= labels
    assert {"xlsx", ".xlsx"} & set(at.file_uploader(key=keys.UPLOAD).proto.type)
    assert "CC-BY-4.0" in text(at)


# ---------------------------------------------------------------- the upload

def test_workbook_upload_is_checked_then_shown(make_app):
    wb = fixture_workbook()
    for name in ("participation", "reported_figures"):  # keep meetings M1 and M2 only
        ws = wb[name]
        for r in range(ws.max_row, 1, -1):
            if ws.cell(row=r, column=1).value not in ("M1", "M2"):
                ws.delete_rows(r)
    wb["meetings"].delete_rows(4, 2)
    at = _upload(make_app(FIXTURE, PAGE), "two-meetings.xlsx", to_bytes(wb))
    assert not at.exception, at.exception
    assert "Showing your upload" in _sidebar(at)
    assert at.session_state[keys.UPLOADED].label == "two-meetings.xlsx"
    assert "2 of 2 meetings" in text(at)


def test_workbook_upload_with_formulas_says_values_were_taken(make_app):
    wb = set_cell(fixture_workbook(), "meetings", 2, "title", '=UPPER("first test meeting")')
    data = with_saved_value(to_bytes(wb), "meetings", "B2", "FIRST TEST MEETING")
    at = _upload(make_app(FIXTURE, PAGE), "formulas.xlsx", data)
    assert not at.exception, at.exception
    assert "Showing your upload" in _sidebar(at)
    assert at.expander and "1 note" in at.expander[0].label
    assert any("not the formulas" in m.value for m in at.markdown)
    assert "FIRST TEST MEETING" in set(at.dataframe[0].value["title"])


def test_invalid_workbook_upload_reports_by_sheet_and_keeps_the_data(make_app):
    data = to_bytes(set_cell(fixture_workbook(), "organizations", 3, "kind", "continental"))
    at = _upload(make_app(FIXTURE, PAGE), "broken.xlsx", data)
    assert not at.exception, at.exception
    assert "does not match the data contract" in at.error[0].value
    report = next(d.value for d in at.dataframe if "expected" in d.value.columns)
    row = report.iloc[0]
    assert (row["file"], row["row"], row["column"], row["value"]) == ("sheet organizations", 3, "kind", "continental")
    assert "You still see the data you had before." in text(at)
    assert "Showing your upload" not in _sidebar(at)


def test_uploaded_csv_files_load():
    assert len(source.load_upload(FILES, "5 uploaded files").meetings) == 4


def test_two_uploaded_files_of_the_same_name_are_refused():
    """Two meetings.csv from different folders: which one is meant is not ours to guess."""
    problems = source.load_upload(FILES + [("meetings.csv", b"meeting_id\n")], "6 uploaded files")
    assert [(p.file, p.expected) for p in problems] == [("meetings.csv", "one file of this name; 2 were uploaded")]


def test_zip_upload_goes_through_the_archive_checks():
    problems = source.load_upload([("x.zip", b"not a zip")], "x.zip")
    assert problems[0].file == "x.zip" and "this file is text, not a ZIP archive" in problems[0].expected


# ---------------------------------------------------------------- a workbook as the data source

def test_data_argument_can_be_a_workbook(make_app, tmp_path):
    """``--data book.xlsx`` (here through the environment variable): every page reads it like a folder."""
    book = tmp_path / "book.xlsx"
    wb = fixture_workbook()
    wb.create_sheet("Pivot").append(["not a table"])
    book.write_bytes(to_bytes(wb))
    at = make_app(book, PAGE)
    assert not at.exception, at.exception
    assert "3 of 4 meetings" in text(at)
    assert at.expander and "1 note" in at.expander[0].label
    assert any("'Pivot'" in m.value for m in at.markdown)


def test_invalid_workbook_as_data_shows_the_report(make_app, tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_bytes(to_bytes(set_cell(fixture_workbook(), "meetings", 2, "latitude", "north")))
    at = make_app(book)
    assert not at.exception, at.exception
    assert "does not match the data contract" in at.error[0].value
    row = at.dataframe[0].value.iloc[0]
    assert (row["file"], row["row"], row["column"], row["value"]) == ("sheet meetings", 2, "latitude", "north")



def test_data_argument_can_be_a_data_package_zip(make_app, tmp_path):
    """``--data pkg.zip`` (here through the environment variable) serves a ZIP laid out as the Data page's
    download; the same ZIP through validate and export: tests/unit/test_cli.py."""
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in FILES:
            zf.writestr(name, data)
        zf.writestr("datapackage.json", json.dumps(datapackage()))
        zf.writestr("manifest.json", "{}")
    at = make_app(archive, PAGE)
    assert not at.exception, at.exception
    assert "3 of 4 meetings" in text(at)
    assert sorted(at.dataframe[0].value["meeting_id"]) == ["M1", "M2", "M4"]
