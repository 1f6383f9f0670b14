"""Excel out: the view as one workbook that loads back to the same tables, no cell ever a formula; the template."""

from __future__ import annotations

import dataclasses
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from ctc_dashboard import Dataset, load_folder
from ctc_dashboard.contract import licence
from ctc_dashboard.contract.schema import TABLES
from ctc_dashboard.dataset.load import load_xlsx
from ctc_dashboard.derive.filters import Filters, apply, default_filters
from ctc_dashboard.derive.view import View
from ctc_dashboard.derive.workbook import template_bytes, workbook_bytes
from tests.conftest import FIXTURE
from tests.workbooks import fixture_workbook, formula_cells, raw_formulas, to_bytes

HOSTILE = ["=1+1", "+33 1 23", "-2+3", "@SUM(A1)", "\t=cmd", "=HYPERLINK(\"http://x\",\"click\")", "==", "=", "-"]


def assert_same(a: Dataset, b: Dataset) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(a.table(name).reset_index(drop=True), b.table(name).reset_index(drop=True),
                                      obj=name)
    assert a.has_reported_figures == b.has_reported_figures


def roundtrip(ds: Dataset, filters: Filters | None = None) -> Dataset:
    """The full data ``ds`` through a workbook of the view ``filters`` (None: all of it) and back."""
    return load_xlsx(workbook_bytes(ds if filters is None else View(ds, filters)), "download.xlsx")


def hostile(ds: Dataset) -> Dataset:
    """The fixture with formula-looking text in a text column, a notes column and an extra column's header."""
    m = ds.meetings.copy()
    n = len(m)
    m["title"] = pd.Series([HOSTILE[i % len(HOSTILE)] for i in range(n)], index=m.index, dtype="str")
    m["notes"] = pd.Series(HOSTILE[-n:], index=m.index, dtype="str")
    m["=extra"] = pd.Series(["@x"] * n, index=m.index, dtype="str")
    o = ds.organizations.copy()
    o["name"] = pd.Series(["+" + v for v in o["name"]], index=o.index, dtype="str")
    return dataclasses.replace(ds, meetings=m, organizations=o)


# ---------------------------------------------------------------- round trip

def test_full_data_loads_back_to_the_same_tables(small):
    back = roundtrip(small)
    assert_same(back, small)
    assert back.notes == ()


def test_shipped_data_loads_back_to_the_same_tables(shipped):
    assert_same(roundtrip(shipped), shipped)


def test_filtered_view_loads_back_to_the_same_view(small):
    f = dataclasses.replace(default_filters(small), kinds=("regional",))
    view = apply(small, f)
    assert len(view.meetings) < len(small.meetings)
    assert_same(roundtrip(small, f), view)


def test_without_the_optional_table_there_is_no_such_sheet(folder):
    folder.delete("reported_figures.csv")
    ds = folder.load()
    data = workbook_bytes(ds)
    assert "reported_figures" not in load_workbook(io.BytesIO(data)).sheetnames
    assert_same(load_xlsx(data), ds)


def test_numbers_dates_and_booleans_are_typed_cells(small):
    wb = load_workbook(io.BytesIO(workbook_bytes(small)))
    m, o = wb["meetings"], wb["organizations"]
    assert m["C2"].is_date and m["C2"].number_format == "yyyy-mm-dd"
    assert isinstance(m["I2"].value, float)  # latitude
    un_system = [c.value for c in o[1]].index("un_system") + 1  # after the optional region column
    assert o.cell(2, un_system).value is True
    assert m["D2"].value is None  # unknown end_date stays an empty cell


# ---------------------------------------------------------------- text is never a formula

def test_no_cell_is_a_formula_whatever_the_text_starts_with(small):
    data = workbook_bytes(hostile(small))
    assert formula_cells(data) == []
    assert raw_formulas(data) == []


def test_formula_looking_text_comes_back_as_the_same_text(small):
    ds = hostile(small)
    data = workbook_bytes(ds)
    ws = load_workbook(io.BytesIO(data))["meetings"]
    titles = [c.value for c in ws["B"][1:]]
    assert titles == list(ds.meetings["title"])
    assert all(c.data_type == "s" for c in ws["B"][1:])
    assert ws["B2"].quotePrefix  # Excel keeps it text even after the cell is edited
    assert ws.cell(row=1, column=ws.max_column).value == "=extra"
    assert_same(load_xlsx(data), ds)


def test_text_that_looks_like_a_number_or_date_stays_text(small):
    m = small.meetings.copy()
    m["theme"] = pd.Series(["2003", "2003-03-06", "TRUE", "1e5"], index=m.index, dtype="str")
    ds = dataclasses.replace(small, meetings=m)
    data = workbook_bytes(ds)
    ws = load_workbook(io.BytesIO(data))["meetings"]
    theme = [c.value for c in ws[1]].index("theme")
    assert [row[theme].data_type for row in ws.iter_rows(min_row=2)] == ["s"] * 4
    assert_same(load_xlsx(data), ds)


def test_control_characters_a_workbook_cannot_hold_are_replaced_and_said(small):
    m = small.meetings.copy()
    m["notes"] = pd.Series(["bell\x07here", None, None, None], index=m.index, dtype="str")
    wb = load_workbook(io.BytesIO(workbook_bytes(dataclasses.replace(small, meetings=m))))
    notes_col = [c.value for c in wb["meetings"][1]].index("notes") + 1
    assert wb["meetings"].cell(row=2, column=notes_col).value == "bell\ufffdhere"
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True)}
    assert "control characters" in about["Warning"]


# ---------------------------------------------------------------- the About sheet

def test_about_sheet_has_filters_version_counts_sources_and_licence(small):
    f = dataclasses.replace(default_filters(small), kinds=("regional",))
    view = apply(small, f)
    wb = load_workbook(io.BytesIO(workbook_bytes(View(small, f))))
    assert wb.sheetnames[0] == "About"
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True)}
    assert about["Data version"] == small.version
    assert "kinds regional" in about["Filters"]
    assert about["Rows in meetings"] == str(len(view.meetings))
    assert about["Rows in participation"] == str(len(view.participation))
    assert str(len(view.sources)) in about["Sources"]
    assert licence.DATA_LICENCE["name"] in about["Licence"] and licence.DATA_LICENCE["path"] in about["Licence"]
    assert "publishers" in about["Licence"]
    assert formula_cells(workbook_bytes(View(small, f))) == []


# ---------------------------------------------------------------- the template

@pytest.fixture(scope="module")
def template():
    return template_bytes()


def test_template_has_a_sheet_per_table_with_the_contract_headers(template):
    wb = load_workbook(io.BytesIO(template))
    assert wb.sheetnames == ["README", *TABLES]
    for name, t in TABLES.items():
        assert [c.value for c in wb[name][1]] == t.columns
        assert wb[name].max_row == 1


def test_template_readme_explains_every_column_with_allowed_values(template):
    rows = list(load_workbook(io.BytesIO(template))["README"].iter_rows(values_only=True))
    described = {(r[0].split(" ")[0], r[1]): r for r in rows if r and len(r) > 4 and r[1]}
    for name, t in TABLES.items():
        for f in t.fields:
            row = described[(name, f.name)]
            assert row[4] == f.description
            for value in f.enum:
                assert value in row[5]
    assert any(licence.DATA_LICENCE["name"] in (r[0] or "") for r in rows if r)


def test_template_has_drop_down_lists_for_every_enum(template):
    wb = load_workbook(io.BytesIO(template))
    for name, t in TABLES.items():
        lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
                 for dv in wb[name].data_validations.dataValidation}
        for i, f in enumerate(t.fields):
            letter = wb[name].cell(row=1, column=i + 1).column_letter
            if f.type == "terms":  # a ';'-list of terms: one list value would refuse it; the validator checks it
                assert letter not in lists
            elif f.enum:
                dv = lists[letter]
                assert dv.type == "list" and dv.formula1 == '"' + ",".join(f.enum) + '"'
                assert dv.errorStyle == "stop"


def test_empty_template_is_valid_and_empty(template):
    ds = load_xlsx(template, "template.xlsx")
    assert ds.counts() == dict.fromkeys(TABLES, 0)
    assert ds.notes == ()


def test_template_filled_in_gives_the_fixture_tables(template, small):
    wb = load_workbook(io.BytesIO(template))
    filled = fixture_workbook()
    for name in TABLES:
        if name not in filled.sheetnames:  # an optional table the fixture lacks stays a header-only sheet
            continue
        ws, src = wb[name], filled[name]
        header = [c.value for c in ws[1]]
        src_header = [c.value for c in src[1]]
        for extra in (h for h in src_header if h not in header):  # the fixture's extra column
            header.append(extra)
            ws.cell(row=1, column=len(header), value=extra)
        for r, row in enumerate(src.iter_rows(min_row=2, values_only=True), start=2):
            values = dict(zip(src_header, row, strict=True))
            for c, h in enumerate(header, start=1):
                ws.cell(row=r, column=c, value=values.get(h))
    ds = load_xlsx(to_bytes(wb), "filled.xlsx")
    ref = load_folder(FIXTURE)
    for name in TABLES:
        pd.testing.assert_frame_equal(ds.table(name), ref.table(name)[list(ds.table(name).columns)], obj=name)


def test_a_view_too_big_for_a_sheet_is_refused_with_the_reason(small, monkeypatch):
    from ctc_dashboard.derive import workbook as workbook_write

    monkeypatch.setattr(workbook_write, "EXCEL_MAX_ROWS", 8)  # participation has 11 rows
    reason = workbook_write.too_big_for_excel(small)
    assert reason and "participation (11 rows)" in reason
    with pytest.raises(ValueError, match="at most 7 rows"):
        workbook_bytes(small)


def test_template_text_columns_are_formatted_as_text(template):
    wb = load_workbook(io.BytesIO(template))
    ws = wb["meetings"]
    letters = {c.value: c.column_letter for c in ws[1]}
    assert ws.column_dimensions[letters["meeting_id"]].number_format == "@"
    assert ws.column_dimensions[letters["title"]].number_format == "@"
    assert ws.column_dimensions[letters["start_date"]].number_format != "@"
    assert ws.column_dimensions[letters["latitude"]].number_format != "@"
