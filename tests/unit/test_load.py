"""The validator and typed loader: every contract rule names the file, spreadsheet row and column.

Fixture rows (header = row 1):
meetings      2 M1, 3 M2, 4 M3, 5 M4
organizations 2 CTC, 3 ORGA, 4 ORGB (parent ORGA), 5 ORGC, 6 ORGD
participation 2..12 (2 M1/CTC, 3 M1/ORGA, ... 9 M3/ORGB invited, ... 12 M4/ORGD)
sources       2 S1, 3 S2
"""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO

import pandas as pd
import pytest

from ctc_dashboard import DataError, Problem, load_files
from ctc_dashboard.contract.schema import THIS_YEAR
from ctc_dashboard.dataset.archive import read_zip
from ctc_dashboard.dataset.read import read_folder

M, O, P, S, R = "meetings.csv", "organizations.csv", "participation.csv", "sources.csv", "reported_figures.csv"  # noqa: E741


def where(problems: list[Problem]) -> set[tuple[str, int | None, str | None]]:
    return {(p.file, p.row, p.column) for p in problems}


# ---------------------------------------------------------------- the fixture itself

def test_fixture_is_valid(folder):
    assert folder.problems() == []
    ds = folder.load()
    assert ds.counts() == {"meetings": 4, "organizations": 5, "participation": 11, "sources": 2,
                           "reported_figures": 4}
    assert ds.has_reported_figures


# ---------------------------------------------------------------- one cell breaks one rule

CELL_RULES = [
    # (file, row, column, bad value, what the expected text mentions)
    pytest.param(M, 3, "title", "", "required", id="required-empty-title"),
    pytest.param(M, 4, "city", "", "required", id="required-empty-city"),
    pytest.param(M, 3, "title", "   ", "required", id="required-only-spaces"),
    pytest.param(P, 3, "role", "", "required", id="required-empty-role"),
    pytest.param(O, 6, "kind", "", "required", id="required-empty-kind"),
    pytest.param(M, 2, "start_date", "2003-13-01", "YYYY-MM-DD", id="date-month-13"),
    pytest.param(M, 2, "start_date", "6/3/2003", "YYYY-MM-DD", id="date-us-format"),
    pytest.param(M, 3, "end_date", "2004-02-30", "YYYY-MM-DD", id="date-feb-30"),
    pytest.param(S, 2, "published", "2003-3-4", "YYYY-MM-DD", id="date-no-zero-padding"),
    pytest.param(M, 3, "end_date", "2004-03-10", "on or after start_date", id="end-before-start"),
    pytest.param(M, 2, "latitude", "91", "at most 90", id="latitude-91"),
    pytest.param(M, 2, "latitude", "-90.5", "at least -90", id="latitude-minus-90.5"),
    pytest.param(M, 2, "longitude", "-181", "at least -180", id="longitude-minus-181"),
    pytest.param(M, 2, "latitude", "forty", "number", id="latitude-not-a-number"),
    pytest.param(M, 2, "latitude", "40,71", "number", id="latitude-decimal-comma"),
    pytest.param(M, 2, "longitude", "inf", "number", id="longitude-inf"),
    pytest.param(O, 3, "hq_latitude", "nan", "number", id="hq-latitude-nan-text"),
    pytest.param(O, 3, "kind", "national", "international, regional, subregional", id="kind-not-in-enum"),
    pytest.param(O, 3, "kind", "Regional", "international, regional, subregional", id="kind-case-sensitive"),
    pytest.param(P, 3, "role", "speaker", "convener", id="role-not-in-enum"),
    pytest.param(O, 3, "un_system", "yes", "true or false", id="boolean-yes"),
    pytest.param(O, 3, "un_system", "1", "true or false", id="boolean-1"),
    pytest.param(O, 3, "parent_id", "ORGA", "not its own", id="parent-self"),
    pytest.param(O, 4, "parent_id", "ORGX", "exists in organizations.csv", id="parent-unknown"),
    pytest.param(O, 3, "hq_longitude", "", "both or neither", id="hq-latitude-without-longitude"),
    pytest.param(O, 3, "hq_latitude", "", "both or neither", id="hq-longitude-without-latitude"),
    pytest.param(O, 3, "founded", "1700", "at least 1800", id="founded-1700"),
    pytest.param(O, 3, "founded", str(THIS_YEAR + 1), f"at most {THIS_YEAR}", id="founded-next-year"),
    pytest.param(O, 3, "member_states", "-1", "at least 0", id="member-states-negative"),
    pytest.param(M, 2, "organizations_reported", "57.5", "whole number", id="integer-with-decimals"),
    pytest.param(M, 2, "states_reported", "-3", "at least 0", id="states-negative"),
    pytest.param(M, 2, "states_reported", "ten", "whole number", id="integer-text"),
    pytest.param(O, 3, "website", "ftp://x", "http", id="website-ftp"),
    pytest.param(O, 3, "website", "javascript:alert(1)", "http", id="website-javascript"),
    pytest.param(O, 3, "website", "www.example.org", "http", id="website-no-scheme"),
    pytest.param(S, 3, "url", "javascript:alert(1)", "http", id="source-url-javascript"),
    pytest.param(P, 2, "meeting_id", "M9", "exists in meetings.csv", id="participation-unknown-meeting"),
    pytest.param(P, 2, "org_id", "ORGZ", "exists in organizations.csv", id="participation-unknown-org"),
    pytest.param(M, 2, "source_ids", "S1;S9", "sources.csv", id="meetings-unknown-source"),
    pytest.param(O, 2, "source_ids", "S9", "sources.csv", id="organizations-unknown-source"),
    pytest.param(P, 4, "source_ids", "S2;S9", "sources.csv", id="participation-unknown-source"),
    pytest.param(M, 2, "source_ids", "S1;;S2", "separated by ';'", id="source-ids-empty-item"),
    pytest.param(R, 2, "source_id", "S9", "exists in sources.csv", id="figures-unknown-source"),
    pytest.param(R, 2, "meeting_id", "M9", "exists in meetings.csv", id="figures-unknown-meeting"),
    pytest.param(R, 2, "measure", "people", "organizations, states, participants", id="figures-measure-enum"),
    pytest.param(R, 3, "qualifier", "roughly", "exactly, more than, about, expected", id="figures-qualifier-enum"),
    pytest.param(R, 2, "value", "-1", "at least 0", id="figures-value-negative"),
    pytest.param(R, 2, "value", "", "required", id="figures-value-required"),
]


@pytest.mark.parametrize(("file", "row", "column", "value", "mentions"), CELL_RULES)
def test_each_rule_names_file_row_column(folder, file, row, column, value, mentions):
    folder.set_cell(file, row, column, value)
    problems = folder.problems()
    assert where(problems) == {(file, row, column)}, [str(p) for p in problems]
    assert any(mentions in p.expected for p in problems), [p.expected for p in problems]
    if value:
        assert any(p.value and p.value in value for p in problems)


@pytest.mark.parametrize(("file", "row", "column", "value"), [
    (M, 2, "meeting_id", "M 1"), (O, 2, "org_id", "C TC"), (P, 2, "org_id", "CTC "), (S, 2, "source_id", "S 1"),
    (R, 2, "meeting_id", "M1 "), (O, 3, "parent_id", "-ORGA"), (M, 2, "source_ids", "S1 S2"),
])
def test_id_with_space_is_reported(folder, file, row, column, value):
    folder.set_cell(file, row, column, value)
    problems = [p for p in folder.problems() if p.file == file]
    assert (file, row, column) in where(problems)
    assert any("identifier" in p.expected for p in problems if (p.row, p.column) == (row, column))
    assert any(p.value == value for p in problems)


def test_id_pattern_only_problem_when_consistent(folder):
    """Rename M1 everywhere to 'M 1': the only complaint is the identifier pattern, at each place."""
    for name in (M, P, R):
        folder.write(name, folder.read(name).replace("M1,", "M 1,"))
    problems = folder.problems()
    assert where(problems) == {(M, 2, "meeting_id"), (P, 2, "meeting_id"), (P, 3, "meeting_id"),
                               (P, 4, "meeting_id"), (R, 2, "meeting_id"), (R, 3, "meeting_id"),
                               (R, 4, "meeting_id")}
    assert {p.expected for p in problems if p.file == M} == {
        "an identifier: letters, digits, '_', '.', '-', starting with a letter or digit"}


def test_unknown_sources_are_named(folder):
    folder.set_cell(M, 2, "source_ids", "S9;S1;S8").set_cell(M, 4, "source_ids", "s2")
    problems = folder.problems()
    assert where(problems) == {(M, 2, "source_ids"), (M, 4, "source_ids")}
    assert [p.value for p in problems] == ["S9; S8", "s2"]


def test_ids_are_case_sensitive(folder):
    folder.set_cell(P, 3, "org_id", "orga")
    assert where(folder.problems()) == {(P, 3, "org_id")}


def test_missing_required_file(folder):
    folder.delete(P)
    assert where(folder.problems()) == {(P, None, None)}


def test_reported_figures_is_optional(folder):
    folder.delete(R)
    ds = folder.load()
    assert not ds.has_reported_figures
    assert ds.reported_figures.empty
    assert list(ds.reported_figures.columns) == ["meeting_id", "measure", "value", "qualifier", "source_id", "note"]


@pytest.mark.parametrize(("file", "column"), [
    (M, "city"), (M, "latitude"), (M, "meeting_id"), (O, "kind"), (P, "role"), (S, "title"), (R, "value"),
])
def test_missing_required_column(folder, file, column):
    folder.drop_column(file, column)
    assert where(folder.problems()) == {(file, 1, column)}


def test_missing_optional_column_is_fine(folder):
    folder.drop_column(M, "end_date").drop_column(O, "parent_id").drop_column(P, "source_ids")
    ds = folder.load()
    # Left-out optional columns load as empty (unknown), so every page can rely on them.
    assert ds.meetings["end_date"].isna().all()
    assert ds.organizations["parent_id"].isna().all()
    assert len(ds.participation) == 11


def test_duplicate_meeting_id(folder):
    folder.copy_row(M, 2, title="Copy")
    problems = folder.problems()
    assert where(problems) == {(M, 6, "meeting_id")}
    assert "row 2" in problems[0].expected


def test_duplicate_org_id(folder):
    folder.copy_row(O, 6)
    assert where(folder.problems()) == {(O, 7, "org_id")}


def test_duplicate_source_id(folder):
    folder.copy_row(S, 3)
    assert where(folder.problems()) == {(S, 4, "source_id")}


def test_duplicate_participation_pair(folder):
    folder.add_row(P, meeting_id="M1", org_id="ORGA", role="presenter", source_ids="S1")
    problems = folder.problems()
    assert where(problems) == {(P, 13, "meeting_id+org_id")}
    assert problems[0].value == "M1 / ORGA"


def test_same_org_at_other_meeting_is_not_duplicate(folder):
    folder.add_row(P, meeting_id="M3", org_id="ORGA", role="participant")
    assert folder.problems() == []


def test_parent_two_cycle(folder):
    folder.set_cell(O, 3, "parent_id", "ORGB")  # ORGB's parent is ORGA
    problems = folder.problems()
    assert where(problems) == {(O, 3, "parent_id"), (O, 4, "parent_id")}
    assert all("loops" in p.expected for p in problems)


def test_parent_three_cycle(folder):
    folder.set_cell(O, 2, "parent_id", "ORGB").set_cell(O, 3, "parent_id", "CTC")
    assert where(folder.problems()) == {(O, 2, "parent_id"), (O, 3, "parent_id"), (O, 4, "parent_id")}


def test_parent_chain_without_cycle_is_fine(folder):
    folder.set_cell(O, 3, "parent_id", "CTC")  # ORGB -> ORGA -> CTC
    assert folder.problems() == []


def test_end_date_equal_to_start_is_fine(folder):
    folder.set_cell(M, 2, "end_date", "2003-03-06")
    assert folder.problems() == []


def test_boundary_values_are_fine(folder):
    (folder.set_cell(M, 2, "latitude", "-90").set_cell(M, 2, "longitude", "180")
     .set_cell(O, 3, "founded", "1800").set_cell(O, 5, "founded", str(THIS_YEAR))
     .set_cell(O, 3, "member_states", "0").set_cell(O, 3, "un_system", "TRUE")
     .set_cell(O, 5, "website", "http://example.org/a?b=c"))
    assert folder.problems() == []


def test_all_problems_at_once(folder):
    folder.set_cell(M, 3, "latitude", "91")
    folder.set_cell(O, 6, "kind", "local")
    folder.set_cell(P, 12, "role", "guest")
    folder.set_cell(M, 5, "start_date", "26/04/2019")
    problems = folder.problems()
    assert where(problems) == {(M, 3, "latitude"), (O, 6, "kind"), (P, 12, "role"), (M, 5, "start_date")}
    assert {p.file for p in problems} == {M, O, P}


def test_all_problems_from_read_and_rules_together(folder):
    folder.write(S, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    folder.set_cell(O, 6, "kind", "local")
    folder.write("notes.csv", "a,b\n1,2\n")
    assert where(folder.problems()) == {(S, None, None), (O, 6, "kind"), ("notes.csv", None, None)}


def test_data_error_carries_problems_sorted(folder):
    folder.set_cell(P, 12, "role", "guest").set_cell(P, 3, "role", "guest")
    with pytest.raises(DataError) as info:
        folder.load()
    assert [(p.file, p.row) for p in info.value.problems] == [(P, 3), (P, 12)]
    assert "2 problem(s)" in str(info.value)


def test_problem_text_names_everything():
    p = Problem(M, 3, "latitude", "91", "a value of at most 90")
    assert str(p) == "meetings.csv, row 3, column latitude: '91' — expected a value of at most 90"
    long = str(Problem(M, 3, "notes", "x" * 1000, "something"))
    assert len(long) < 200 and "1000 characters" in long


# ---------------------------------------------------------------- hostile and odd files

def _one_problem_for(folder, name):
    problems = folder.problems()
    mine = [p for p in problems if p.file == name]
    assert mine, [str(p) for p in problems]
    for p in problems:
        str(p)  # printable
    return mine


def test_binary_file(folder):
    folder.write(M, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
    [p] = _one_problem_for(folder, M)
    assert (p.row, p.column) == (None, None)
    assert "binary" in p.expected


def test_binary_without_nul_bytes(folder):
    folder.write(M, bytes(range(128, 256)) * 4)
    [p] = _one_problem_for(folder, M)
    assert "UTF-8" in p.expected


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file(folder, encoding):
    folder.write(M, folder.read(M).encode(encoding))
    [p] = _one_problem_for(folder, M)
    assert "UTF-16" in p.expected and "UTF-8" in p.expected


def test_latin1_file_names_the_line(folder):
    text = folder.read(M).replace("Communiqué", "Communique").replace("Second test meeting", "Réunion")
    folder.write(M, text.encode("latin-1"))
    [p] = _one_problem_for(folder, M)
    assert "0xe9" in p.value and "line 3" in p.value
    assert "UTF-8" in p.expected


@pytest.mark.parametrize(("sep", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_other_separators(folder, sep, word):
    folder.write(M, folder.read(M).replace(",", sep))
    [p] = _one_problem_for(folder, M)
    assert (p.row, p.column) == (1, None)
    assert word in p.expected and "commas" in p.expected


@pytest.mark.parametrize("content", [b"", b"\n\n", b"   \r\n", b"\xef\xbb\xbf"])
def test_empty_file(folder, content):
    folder.write(M, content)
    [p] = _one_problem_for(folder, M)
    assert "empty" in p.expected


def test_blank_lines_before_header(folder):
    folder.write(M, "\n\n" + folder.read(M))
    [p] = _one_problem_for(folder, M)
    assert (p.row, p.column) == (1, None)


def test_header_only_tables_load_with_zero_rows(folder):
    for name in (M, P, R):
        folder.header_only(name)
    ds = folder.load()
    assert len(ds.meetings) == 0 and len(ds.participation) == 0 and len(ds.reported_figures) == 0
    assert pd.api.types.is_datetime64_any_dtype(ds.meetings["start_date"])
    assert isinstance(ds.participation["role"].dtype, pd.CategoricalDtype)
    assert "extra_col" in ds.meetings.columns


def test_one_megabyte_cell(folder):
    big = "word " * 200_000
    folder.set_cell(M, 3, "notes", big)
    ds = folder.load()
    assert ds.meetings.loc[1, "notes"] == big


def test_one_megabyte_bad_cell_is_previewed(folder):
    folder.set_cell(M, 3, "latitude", "9" * 1_000_000)
    problems = folder.problems()
    assert where(problems) == {(M, 3, "latitude")}
    assert len(str(problems[0])) < 300


def test_quoted_newlines_keep_spreadsheet_rows(folder):
    note = "first line\nsecond line, with a comma\r\nthird \"quoted\" line"
    folder.set_cell(M, 2, "notes", note).set_cell(M, 3, "title", "Two\n\nlines")
    ds = folder.load()
    assert ds.meetings.loc[0, "notes"] == note
    assert ds.meetings.loc[1, "title"] == "Two\n\nlines"
    folder.set_cell(M, 4, "latitude", "91")
    folder.set_cell(M, 5, "end_date", "2019-04-25")
    assert where(folder.problems()) == {(M, 4, "latitude"), (M, 5, "end_date")}


def test_blank_line_between_rows_keeps_spreadsheet_rows(folder):
    lines = folder.read(M).split("\n")
    lines.insert(2, "")  # blank spreadsheet row 3: M2 moves to row 4, M4 to row 6
    folder.write(M, "\n".join(lines))
    assert len(folder.load().meetings) == 4
    lines[5] = lines[5].replace("2019-04-26", "2019-13-26")
    folder.write(M, "\n".join(lines))
    assert where(folder.problems()) == {(M, 6, "start_date")}


def test_row_of_empty_cells_is_ignored(folder):
    folder.write(M, folder.read(M) + "," * 17 + "\n")
    assert len(folder.load().meetings) == 4


def test_crlf_loads_identically(folder, small):
    for name in (M, O, P, S, R):
        folder.write(name, folder.read(name).replace("\n", "\r\n"))
    ds = folder.load()
    for name in ("meetings", "organizations", "participation", "sources", "reported_figures"):
        pd.testing.assert_frame_equal(ds.table(name), small.table(name))


def test_utf8_bom_loads(folder, small):
    folder.write(M, b"\xef\xbb\xbf" + folder.read(M).encode("utf-8"))
    ds = folder.load()
    assert list(ds.meetings.columns)[0] == "meeting_id"
    pd.testing.assert_frame_equal(ds.meetings, small.meetings)


def test_padded_header_names_are_trimmed(folder, small):
    folder.write(M, folder.read(M).replace("meeting_id,title", " meeting_id , title", 1))
    pd.testing.assert_frame_equal(folder.load().meetings, small.meetings)


def test_row_with_too_many_cells(folder):
    lines = folder.read(M).split("\n")
    lines[2] += ",surplus"
    folder.write(M, "\n".join(lines))
    [p] = _one_problem_for(folder, M)
    assert (p.row, p.column) == (3, None)
    assert p.value == "surplus"


def test_first_data_row_with_too_many_cells_is_not_shifted(folder):
    """pandas would silently take the first column as an index; the loader must report it."""
    lines = folder.read(M).split("\n")
    lines[1] += ",surplus"
    folder.write(M, "\n".join(lines))
    [p] = _one_problem_for(folder, M)
    assert (p.row, p.column) == (2, None)


def test_every_row_with_too_many_cells_after_a_multiline_cell(folder):
    folder.set_cell(M, 2, "notes", "a\nb\nc")
    lines = folder.read(M).split("\n")
    lines[4] += ",x"  # spreadsheet row 3 (the notes cell spans physical lines 2-4)
    lines[6] += ",y,z"  # spreadsheet row 5
    folder.write(M, "\n".join(lines))
    assert where(_one_problem_for(folder, M)) == {(M, 3, None), (M, 5, None)}


def test_row_with_too_few_cells_reports_missing_required(folder):
    lines = folder.read(M).split("\n")
    lines[3] = "M3,Test briefing,2016-04-14"
    folder.write(M, "\n".join(lines))
    assert where(folder.problems()) == {(M, 4, "city"), (M, 4, "country"), (M, 4, "latitude"),
                                        (M, 4, "longitude")}


def test_unterminated_quote(folder):
    lines = folder.read(M).split("\n")
    lines[2] = lines[2].replace("Second test meeting", '"Second test meeting')
    folder.write(M, "\n".join(lines))
    [p] = _one_problem_for(folder, M)
    assert (p.row, p.column) == (3, None)
    assert "quote" in p.expected


def test_stray_quote_inside_cell_is_text(folder):
    folder.write(M, folder.read(M).replace("Second test meeting", 'Second 12" meeting'))
    assert folder.load().meetings.loc[1, "title"] == 'Second 12" meeting'


def test_duplicate_column_names(folder):
    folder.write(M, folder.read(M).replace("extra_col", "title", 1))
    [p] = _one_problem_for(folder, M)
    assert (p.file, p.row, p.column) == (M, 1, "title")


def test_unnamed_column_with_values(folder):
    folder.write(M, folder.read(M).replace("extra_col", "", 1))
    [p] = _one_problem_for(folder, M)
    assert (p.row, p.value) == (2, "x1")


def test_unnamed_empty_trailing_column_is_fine(folder):
    lines = folder.read(O).split("\n")
    folder.write(O, "\n".join(line + "," if line else line for line in lines))
    assert len(folder.load().organizations) == 5


def test_unknown_extra_csv_file(folder):
    folder.write("notes.csv", "a,b\n1,2\n")
    assert where(folder.problems()) == {("notes.csv", None, None)}


def test_non_csv_files_are_ignored(folder):
    folder.write("README.md", "# data\n")
    folder.write("datapackage.json", "{}")
    assert folder.problems() == []


def test_unknown_extra_column_is_kept_as_text(folder):
    folder.set_cell(P, 2, "source_ids", "S1")
    folder.write(P, folder.read(P).replace("source_ids\n", "source_ids,remark\n", 1)
                 .replace("M1,CTC,convener,S1\n", "M1,CTC,convener,S1,0042\n", 1))
    ds = folder.load()
    assert ds.participation["remark"].tolist()[0] == "0042"
    assert pd.isna(ds.participation["remark"].tolist()[1])
    assert pd.api.types.is_string_dtype(ds.participation["remark"])
    assert ds.meetings["extra_col"].tolist()[0] == "x1"
    assert pd.api.types.is_string_dtype(ds.meetings["extra_col"])
    assert list(ds.meetings.columns)[-1] == "extra_col"


def test_empty_cells_are_missing_not_zero_or_blank(small):
    m = small.meetings.set_index("meeting_id")
    assert pd.isna(m.loc["M1", "end_date"])
    assert pd.isna(m.loc["M2", "organizations_reported"])
    assert pd.isna(m.loc["M2", "venue"])
    assert pd.isna(m.loc["M2", "extra_col"])
    assert m.loc["M1", "organizations_reported"] == 5
    o = small.organizations.set_index("org_id")
    assert pd.isna(o.loc["ORGD", "un_system"])
    assert pd.isna(o.loc["ORGD", "hq_latitude"])
    assert pd.isna(o.loc["ORGD", "member_states"])
    assert pd.isna(o.loc["ORGD", "parent_id"])
    assert not (small.meetings.astype("string") == "").any().any()
    assert not (small.organizations.astype("string") == "nan").any().any()


@pytest.mark.parametrize("text", ["NA", "null", "N/A", "nan", "None", "0", "-"])
def test_na_like_text_stays_text(folder, text):
    folder.set_cell(M, 3, "venue", text).set_cell(M, 3, "extra_col", text)
    m = folder.load().meetings
    assert m.loc[1, "venue"] == text
    assert m.loc[1, "extra_col"] == text


def test_typed_loading(small):
    m, o, p, s, r = small.meetings, small.organizations, small.participation, small.sources, small.reported_figures
    assert pd.api.types.is_datetime64_any_dtype(m["start_date"])
    assert pd.api.types.is_datetime64_any_dtype(m["end_date"])
    assert pd.api.types.is_datetime64_any_dtype(s["published"])
    assert m.loc[0, "start_date"] == pd.Timestamp(dt.date(2003, 3, 6))
    for df, col in ((m, "meeting_id"), (o, "org_id"), (p, "meeting_id"), (p, "org_id"), (s, "source_id"),
                    (m, "source_ids"), (o, "parent_id"), (m, "title")):
        assert pd.api.types.is_string_dtype(df[col]), col
        assert not isinstance(df[col].dtype, pd.CategoricalDtype)
    assert isinstance(o["kind"].dtype, pd.CategoricalDtype)
    assert list(o["kind"].cat.categories) == ["international", "regional", "subregional"]
    assert isinstance(p["role"].dtype, pd.CategoricalDtype)
    assert isinstance(r["measure"].dtype, pd.CategoricalDtype)
    assert str(m["organizations_reported"].dtype) == "Int64"
    assert str(o["founded"].dtype) == "Int64"
    assert str(r["value"].dtype) == "Int64"
    assert str(o["un_system"].dtype) == "boolean"
    assert o["un_system"].tolist()[:3] == [True, False, False]
    assert m["latitude"].dtype == "float64"
    assert m.loc[0, "longitude"] == pytest.approx(-74.006)
    assert list(m.index) == [0, 1, 2, 3]
    assert o.loc[4, "name"] == "Délta Subregional Group"


def test_date_dtype_does_not_depend_on_content(folder, small):
    folder.set_cell(M, 3, "end_date", "").set_cell(M, 5, "end_date", "")  # every end_date blank
    folder.set_cell(S, 2, "published", "1066-10-14")
    ds = folder.load()
    assert ds.meetings["end_date"].dtype == small.meetings["end_date"].dtype == small.meetings["start_date"].dtype
    assert ds.sources["published"].dtype == small.sources["published"].dtype
    assert ds.sources.loc[0, "published"].year == 1066


def test_ids_and_dates_are_trimmed(folder):
    folder.set_cell(M, 2, "start_date", " 2003-03-06 ").set_cell(M, 2, "source_ids", " S1 ; S2 ")
    m = folder.load().meetings
    assert m.loc[0, "start_date"] == pd.Timestamp("2003-03-06")


def test_index_is_plain_after_blank_lines(folder):
    lines = folder.read(P).split("\n")
    lines.insert(3, "")
    folder.write(P, "\n".join(lines))
    assert list(folder.load().participation.index) == list(range(11))


# ---------------------------------------------------------------- zip and folder reading

def _zip(files: dict[str, bytes]) -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_read_zip_in_a_subfolder(folder, small):
    files = read_folder(folder.path)
    data = _zip({f"export/{k}": v for k, v in files.items()} | {"__MACOSX/._meetings.csv": b"\x00\x01",
                                                                  "export/README.md": b"hi"})
    ds = load_files(read_zip(data))
    pd.testing.assert_frame_equal(ds.meetings, small.meetings)


def test_read_zip_rejects_non_zip():
    with pytest.raises(DataError) as info:
        read_zip(b"not a zip at all", "upload.zip")
    assert info.value.problems[0].file == "upload.zip"


def test_read_folder_missing(tmp_path):
    with pytest.raises(DataError) as info:
        read_folder(tmp_path / "nope")
    assert len(info.value.problems) == 1


# ---------------------------------------------------------------- load_source: one decision for every entry point

def test_load_source_reads_a_folder_a_workbook_and_a_zip_alike(tmp_path, small):
    from ctc_dashboard.dataset.load import load_source, source_kind
    from tests.conftest import FIXTURE
    from tests.workbooks import fixture_workbook, to_bytes

    book, archive = tmp_path / "book.xlsx", tmp_path / "tables.zip"
    book.write_bytes(to_bytes(fixture_workbook()))
    with zipfile.ZipFile(archive, "w") as zf:
        for p in FIXTURE.glob("*.csv"):
            zf.writestr(f"export/{p.name}", p.read_bytes())
    for path, kind in ((FIXTURE, "folder"), (book, "workbook"), (archive, "zip")):
        assert source_kind(path) == kind
        ds = load_source(path)
        assert ds.label == path.name
        for name in ("meetings", "organizations", "participation", "sources"):
            assert ds.table(name)[small.table(name).columns].astype(str).equals(
                small.table(name).astype(str)), (kind, name)


def test_load_source_names_what_it_expected_when_the_path_is_missing(tmp_path):
    from ctc_dashboard.dataset.load import load_source, source_kind

    for name, expected in (("gone.zip", "a readable file"), ("gone.xlsx", "a readable file"),
                           ("gone", "a folder with the CSV tables")):
        assert source_kind(tmp_path / name) is None
        with pytest.raises(DataError) as e:
            load_source(tmp_path / name)
        (problem,) = e.value.problems
        assert problem.file == name and problem.expected.startswith(expected), problem
