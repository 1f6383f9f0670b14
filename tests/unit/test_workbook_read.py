"""An .xlsx workbook with a sheet per table loads like a folder; every answer names sheet, Excel row, column, value."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from ctc_dashboard import DataError, Dataset, Problem, load_folder
from ctc_dashboard.contract.schema import TABLES
from ctc_dashboard.dataset.load import load_source, load_xlsx
from tests.conftest import FIXTURE
from tests.workbooks import SAVED_BY_CALC, column_of, fixture_workbook, set_cell, to_bytes, with_saved_value


def load(wb_or_bytes) -> Dataset:
    data = wb_or_bytes if isinstance(wb_or_bytes, bytes) else to_bytes(wb_or_bytes)
    return load_xlsx(data, "book.xlsx")


def problems(wb_or_bytes) -> list[Problem]:
    with pytest.raises(DataError) as e:
        load(wb_or_bytes)
    assert e.value.problems
    return e.value.problems


def assert_same_as_fixture(ds: Dataset) -> None:
    ref = load_folder(FIXTURE)
    for name in TABLES:
        pd.testing.assert_frame_equal(ds.table(name), ref.table(name), obj=name)


# ---------------------------------------------------------------- good workbooks

def test_typed_workbook_gives_the_same_tables_as_the_folder():
    ds = load(fixture_workbook(typed=True))
    assert_same_as_fixture(ds)
    assert ds.notes == ()
    assert ds.label == "book.xlsx"


def test_everything_typed_as_text_gives_the_same_tables():
    """Numbers and dates stored as text are accepted where the contract allows them."""
    assert_same_as_fixture(load(fixture_workbook(typed=False)))


def test_sheet_names_match_whatever_the_case_or_a_csv_suffix():
    wb = fixture_workbook()
    wb["meetings"].title = "renamed"  # openpyxl refuses a rename that only changes the case
    wb["renamed"].title = "Meetings"
    wb["sources"].title = "sources.csv"
    assert_same_as_fixture(load(wb))


def test_whole_numbers_stored_as_floats_and_numbers_in_text_columns():
    wb = fixture_workbook()
    set_cell(wb, "meetings", 2, "organizations_reported", 5.0)  # Excel stores every number as a float
    set_cell(wb, "meetings", 2, "theme", 2003)  # a number typed into a text column is that text
    ds = load(wb)
    assert ds.meetings.loc[0, "organizations_reported"] == 5
    assert ds.meetings.loc[0, "theme"] == "2003"


def test_a_workbook_file_on_disk_loads_through_load_folder(tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(to_bytes(fixture_workbook()))
    assert_same_as_fixture(load_folder(path))
    assert load_source(path).label == "book.xlsx"


# ---------------------------------------------------------------- bad cells: sheet, Excel row, column, value

def test_bad_enum_names_sheet_row_column_value_and_expected():
    wb = fixture_workbook()
    set_cell(wb, "organizations", 3, "kind", "continental")
    [p] = problems(wb)
    assert (p.file, p.row, p.column, p.value) == ("sheet organizations", 3, "kind", "continental")
    assert "international, regional, subregional" in p.expected
    assert str(p).startswith("sheet organizations, row 3, column kind: 'continental'")


def test_references_name_the_sheet_not_a_csv_file():
    wb = fixture_workbook()
    set_cell(wb, "participation", 4, "meeting_id", "NOPE")
    [p] = problems(wb)
    assert (p.file, p.row, p.column, p.value) == ("sheet participation", 4, "meeting_id", "NOPE")
    assert "sheet meetings" in p.expected and ".csv" not in p.expected


def test_rows_are_counted_as_excel_counts_them_across_blank_rows():
    wb = fixture_workbook()
    ws: Worksheet = wb["organizations"]
    ws.insert_rows(3, amount=2)  # two empty rows: the row after them is Excel row 5
    set_cell(wb, "organizations", 5, "kind", "continental")
    [p] = problems(wb)
    assert p.row == 5


def test_every_problem_is_reported_at_once_across_sheets():
    wb = fixture_workbook()
    set_cell(wb, "organizations", 3, "kind", "continental")
    set_cell(wb, "meetings", 2, "latitude", "north")
    set_cell(wb, "sources", 2, "url", "ftp://x")
    found = {(p.file, p.row, p.column) for p in problems(wb)}
    assert {("sheet organizations", 3, "kind"), ("sheet meetings", 2, "latitude"), ("sheet sources", 2, "url")} <= found


def test_text_number_with_decimals_in_an_integer_column_is_refused():
    wb = fixture_workbook()
    set_cell(wb, "meetings", 2, "organizations_reported", "5.5")
    [p] = problems(wb)
    assert (p.row, p.column, p.value) == (2, "organizations_reported", "5.5")
    assert "whole number" in p.expected


def test_missing_required_column_and_sheet():
    wb = fixture_workbook()
    ws = wb["meetings"]
    ws.delete_cols(column_of(ws, "city"))
    del wb["sources"]
    found = problems(wb)
    assert any(p.file == "sheet meetings" and p.row == 1 and p.column == "city" for p in found)
    assert any(p.file == "sheet sources" and "a sheet named sources" in p.expected for p in found)


def test_values_under_no_header_name_the_column_letter():
    wb = fixture_workbook()
    ws = wb["participation"]
    ws.cell(row=3, column=ws.max_column + 2, value="stray")
    [p] = problems(wb)
    assert (p.file, p.row, p.value) == ("sheet participation", 3, "stray")
    assert p.column == "(column F)"


# ---------------------------------------------------------------- dates

def test_excel_dates_are_accepted_in_date_columns():
    wb = fixture_workbook()
    set_cell(wb, "sources", 2, "published", dt.date(2003, 3, 4))
    ds = load(wb)
    assert ds.sources.loc[0, "published"] == pd.Timestamp("2003-03-04")


def test_a_date_with_a_time_of_day_is_refused_with_its_value():
    wb = fixture_workbook()
    set_cell(wb, "meetings", 3, "start_date", dt.datetime(2004, 3, 11, 14, 30))
    [p] = problems(wb)
    assert (p.row, p.column, p.value) == (3, "start_date", "2004-03-11 14:30")
    assert "YYYY-MM-DD" in p.expected


def test_a_number_in_a_date_column_says_so():
    wb = fixture_workbook()
    set_cell(wb, "meetings", 2, "start_date", 37686)  # a date serial without a date format
    wb["meetings"]["C2"].number_format = "General"
    [p] = problems(wb)
    assert (p.file, p.row, p.column, p.value) == ("sheet meetings", 2, "start_date", "37686")
    assert "holds a number" in p.expected


def test_a_date_typed_as_text_in_another_format_is_refused():
    wb = fixture_workbook()
    set_cell(wb, "meetings", 2, "start_date", "06/03/2003")
    [p] = problems(wb)
    assert (p.row, p.column, p.value) == (2, "start_date", "06/03/2003")


# ---------------------------------------------------------------- formulas, errors, merged cells

def test_formula_with_a_saved_value_is_read_as_its_value_and_said_so():
    wb = fixture_workbook()
    set_cell(wb, "meetings", 2, "title", '=UPPER("first test meeting")')
    data = with_saved_value(to_bytes(wb), "meetings", "B2", "FIRST TEST MEETING")
    ds = load(data)
    assert ds.meetings.loc[0, "title"] == "FIRST TEST MEETING"
    [note] = ds.notes
    assert "'meetings'" in note and "B2" in note and "not the formulas" in note


def test_numeric_formula_result_is_typed_like_a_typed_cell():
    wb = fixture_workbook()
    set_cell(wb, "meetings", 2, "organizations_reported", "=2+3")
    data = with_saved_value(to_bytes(wb), "meetings", "M2", "5", text=False)
    ds = load(data)
    assert ds.meetings.loc[0, "organizations_reported"] == 5
    assert len(ds.notes) == 1


def test_formula_without_a_saved_value_is_a_problem_naming_the_formula():
    wb = fixture_workbook()
    set_cell(wb, "meetings", 2, "title", "=A2")  # openpyxl, like many generators, saves no result
    [p] = problems(wb)
    assert (p.file, p.row, p.column, p.value) == ("sheet meetings", 2, "title", "=A2")
    assert "values, not formulas" in p.expected


def test_excel_error_cells_are_problems():
    wb = fixture_workbook()
    set_cell(wb, "meetings", 2, "latitude", "#N/A")  # openpyxl stores the error code as an error cell
    [p] = problems(wb)
    assert (p.file, p.row, p.column, p.value) == ("sheet meetings", 2, "latitude", "#N/A")
    assert "Excel error" in p.expected


def test_merged_cells_are_one_problem_naming_the_range():
    wb = fixture_workbook()
    ws = wb["meetings"]
    col = column_of(ws, "city")
    ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    [p] = problems(wb)  # not also "required" for the emptied city of row 3
    assert (p.file, p.row, p.column) == ("sheet meetings", 2, "city")
    assert p.value == "merged cells F2:F3"
    assert "unmerge" in p.expected


# ---------------------------------------------------------------- sheets

def test_extra_sheets_are_not_read_and_a_note_says_so():
    wb = fixture_workbook()
    wb.create_sheet("Pivot").append(["anything", 1])
    wb.create_sheet("README").append(["our own template's sheet"])
    ds = load(wb)
    assert_same_as_fixture(ds)
    [note] = ds.notes
    assert "'Pivot'" in note and "not read" in note


def test_a_hidden_table_sheet_is_a_problem():
    wb = fixture_workbook()
    wb["sources"].sheet_state = "hidden"
    found = problems(wb)
    assert [p.file for p in found if "hidden" in p.expected] == ["sheet sources"]
    assert not any("a sheet named sources" in p.expected for p in found)


def test_a_hidden_extra_sheet_is_noted():
    wb = fixture_workbook()
    wb.create_sheet("scratch").sheet_state = "hidden"
    ds = load(wb)
    assert any("'scratch' (hidden)" in n for n in ds.notes)


def test_two_sheets_for_one_table_is_a_problem():
    wb = fixture_workbook()
    copy = wb.copy_worksheet(wb["meetings"])
    copy.title = "Meetings "
    found = problems(wb)
    assert any(p.file == "sheet Meetings " and "one sheet per table" in p.expected for p in found)


def test_an_empty_table_sheet_says_the_sheet_is_empty():
    wb = fixture_workbook()
    del wb["reported_figures"]
    wb.create_sheet("reported_figures")
    [p] = problems(wb)
    assert p.file == "sheet reported_figures" and "the sheet is empty" in p.expected


@pytest.mark.parametrize("data,words", [
    (b"not a workbook at all", "not one"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
    (b"PK\x03\x04 truncated zip", "Excel Workbook (.xlsx)"),
])
def test_files_that_are_not_workbooks_get_one_clear_problem(data, words):
    [p] = problems(data)
    assert p.file == "book.xlsx" and words in p.expected


# ---------------------------------------------------------------- workbooks saved by LibreOffice Calc

def test_calc_saved_export_gives_the_same_tables_and_no_note_for_its_booleans():
    ds = load_source(SAVED_BY_CALC / "libreoffice-fixture.xlsx")
    assert_same_as_fixture(ds)
    assert ds.notes == ()  # Calc stores TRUE/FALSE as the formulas TRUE()/FALSE(): booleans, not formulas


def test_calc_saved_formulas_are_read_as_their_results():
    ds = load_source(SAVED_BY_CALC / "libreoffice-formulas.xlsx")
    m = ds.meetings.set_index("meeting_id")
    assert m.loc["M1", "title"] == "FIRST TEST MEETING"
    assert m.loc["M2", "start_date"] == pd.Timestamp("2004-03-11")
    assert m.loc["M1", "organizations_reported"] == 5
    assert ds.participation.loc[0, "source_ids"] == "S1"
    assert len(ds.notes) == 2
    assert "(B2, M2, C3)" in ds.notes[0] and "(D2)" in ds.notes[1]


def test_calc_saved_merged_cells_and_hidden_sheets_are_reported():
    with pytest.raises(DataError) as e:
        load_source(SAVED_BY_CALC / "libreoffice-merged-hidden.xlsx")
    found = {(p.file, p.row, p.column, p.value) for p in e.value.problems}
    assert found == {("sheet meetings", 2, "city", "merged cells F2:F3"), ("sheet reported_figures", None, None, None)}


def test_a_workbook_with_damaged_sheet_xml_gets_a_problem_not_a_traceback():
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(to_bytes(fixture_workbook())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, body[: len(body) // 2] if info.filename == "xl/worksheets/sheet2.xml" else body)
    [p] = problems(out.getvalue())
    assert p.file == "book.xlsx" and "could not be read" in p.expected
