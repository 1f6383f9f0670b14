"""Every kind of contract break, seen through the app: the report names file, row and column; no traceback."""

import pandas as pd
import pytest

M, ORG, P, S, R = "meetings.csv", "organizations.csv", "participation.csv", "sources.csv", "reported_figures.csv"

# (how to break the fixture, the (file, row, column) the report must name first)
BREAKS = {
    "missing file": (lambda f: f.delete(S), (S, None, None)),
    "missing required column": (lambda f: f.drop_column(M, "city"), (M, 1, "city")),
    "required cell empty": (lambda f: f.set_cell(M, 3, "title", ""), (M, 3, "title")),
    "bad identifier": (lambda f: f.set_cell(ORG, 2, "org_id", "C T C"), (ORG, 2, "org_id")),
    "duplicate key": (lambda f: f.copy_row(M, 2), (M, 6, "meeting_id")),
    "bad date": (lambda f: f.set_cell(M, 2, "start_date", "6/3/2003"), (M, 2, "start_date")),
    "end before start": (lambda f: f.set_cell(M, 3, "end_date", "2004-03-01"), (M, 3, "end_date")),
    "latitude out of range": (lambda f: f.set_cell(M, 4, "latitude", "91"), (M, 4, "latitude")),
    "kind not allowed": (lambda f: f.set_cell(ORG, 3, "kind", "continental"), (ORG, 3, "kind")),
    "role not allowed": (lambda f: f.set_cell(P, 2, "role", "observer"), (P, 2, "role")),
    "boolean": (lambda f: f.set_cell(ORG, 2, "un_system", "yes"), (ORG, 2, "un_system")),
    "parent is itself": (lambda f: f.set_cell(ORG, 3, "parent_id", "ORGA"), (ORG, 3, "parent_id")),
    "unknown meeting": (lambda f: f.set_cell(P, 2, "meeting_id", "M9"), (P, 2, "meeting_id")),
    "unknown source": (lambda f: f.set_cell(M, 2, "source_ids", "S1;S9"), (M, 2, "source_ids")),
    "url scheme": (lambda f: f.set_cell(S, 2, "url", "javascript:alert(1)"), (S, 2, "url")),
    "figure below zero": (lambda f: f.set_cell(R, 2, "value", "-1"), (R, 2, "value")),
    "semicolon file": (lambda f: f.write(P, f.read(P).replace(",", ";")), (P, 1, None)),
    "not UTF-8": (lambda f: f.write(ORG, f.read(ORG).encode("latin-1")), (ORG, None, None)),
}


@pytest.mark.parametrize("case", list(BREAKS))
def test_broken_folder_gets_a_report(make_app, folder, case):
    breaker, (file, row, column) = BREAKS[case]
    breaker(folder)
    at = make_app(folder.path)
    assert not at.exception, at.exception
    assert at.error and "does not match the data contract" in at.error[0].value
    report = at.dataframe[0].value
    hits = report[report["file"] == file]
    assert not hits.empty, report
    first = hits.iloc[0]
    assert (None if pd.isna(first["row"]) else int(first["row"])) == row
    assert (first["column"] if isinstance(first["column"], str) else None) == column
    assert not at.title or at.title[0].value == "CTC cooperation dashboard"  # nothing else is shown
