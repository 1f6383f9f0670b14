"""Where a meeting took place: the place basis (stated / assumed / virtual) and further places, as the
validator checks them on a copy of the small fixture."""

from __future__ import annotations

import pytest

PLACES_HEADER = "meeting_id,city,country,country_code,latitude,longitude,start_date,place_basis,place_note,source_ids\n"


def _with_basis(folder, basis: dict[int, str], notes: dict[int, str] | None = None):
    header, rows = folder.rows("meetings.csv")
    header = [*header, "place_basis", "place_note"]
    rows = [[*r, basis.get(i, "stated"), (notes or {}).get(i, "")] for i, r in enumerate(rows, start=2)]
    return folder.write_rows("meetings.csv", header, rows)


def _cells(problems):
    return {(p.file, p.row, p.column) for p in problems}


def test_a_virtual_meeting_without_a_place_loads_with_no_coordinates(folder):
    _with_basis(folder, {2: "virtual"})
    for col in ("venue", "city", "country", "country_code", "latitude", "longitude"):
        folder.set_cell("meetings.csv", 2, col, "")
    ds = folder.load()
    row = ds.meetings.iloc[0]
    assert row["place_basis"] == "virtual"
    assert row[["latitude", "longitude"]].isna().all()


def test_a_virtual_meeting_with_coordinates_is_a_problem(folder):
    _with_basis(folder, {2: "virtual"})
    problems = folder.problems()
    assert ("meetings.csv", 2, "latitude") in _cells(problems)
    assert ("meetings.csv", 2, "longitude") in _cells(problems)
    assert "virtual" in next(p for p in problems if p.column == "latitude").expected


@pytest.mark.parametrize("column", ["city", "country", "latitude", "longitude"])
def test_a_meeting_with_a_place_needs_its_place_columns(folder, column):
    _with_basis(folder, {})
    folder.set_cell("meetings.csv", 3, column, "")
    problems = folder.problems()
    assert ("meetings.csv", 3, column) in _cells(problems)
    assert "unless place_basis is virtual" in next(p for p in problems if p.column == column).expected


def test_data_without_a_place_basis_column_still_needs_a_city(folder):
    folder.set_cell("meetings.csv", 2, "city", "")
    assert ("meetings.csv", 2, "city") in _cells(folder.problems())


def test_an_assumed_place_needs_its_reason(folder):
    _with_basis(folder, {2: "assumed"})
    assert ("meetings.csv", 2, "place_note") in _cells(folder.problems())
    _with_basis(folder.drop_column("meetings.csv", "place_basis").drop_column("meetings.csv", "place_note"),
                {2: "assumed"}, {2: "Not stated; the Committee's seat is assumed."})
    assert folder.problems() == []


def test_an_unknown_place_basis_is_named(folder):
    _with_basis(folder, {2: "online"})
    p = next(p for p in folder.problems() if p.column == "place_basis")
    assert p.row == 2 and "stated, assumed, virtual" in p.expected


def test_a_further_place_loads_and_is_checked_against_its_meeting(folder):
    folder.write("places.csv", PLACES_HEADER + "M2,Salzburg,Austria,AUT,47.8,13.04,2004-03-12,stated,,S1\n")
    ds = folder.load()
    assert ds.has("places") and ds.places["city"].tolist() == ["Salzburg"]
    folder.write("places.csv", PLACES_HEADER + "M2,Vienna,Austria,AUT,48.2,16.37,2004-03-20,assumed,,S1\n")
    cells = _cells(folder.problems())
    assert {("places.csv", 2, "city"), ("places.csv", 2, "start_date"), ("places.csv", 2, "place_note")} <= cells


def test_a_virtual_meeting_has_no_further_place(folder):
    _with_basis(folder, {3: "virtual"})
    for col in ("latitude", "longitude"):
        folder.set_cell("meetings.csv", 3, col, "")
    folder.write("places.csv", PLACES_HEADER + "M2,Salzburg,Austria,AUT,47.8,13.04,,stated,,S1\n")
    assert ("places.csv", 2, "meeting_id") in _cells(folder.problems())


def test_a_member_count_date_needs_the_count(folder):
    header, rows = folder.rows("organizations.csv")
    folder.write_rows("organizations.csv", [*header, "member_states_as_of"],
                      [[*r, "2024-03-07"] for r in rows])
    counts = dict(zip([r[0] for r in rows], [r[header.index("member_states")] for r in rows], strict=True))
    flagged = {p.row for p in folder.problems() if p.column == "member_states_as_of"}
    assert flagged == {i for i, oid in enumerate(counts, start=2) if not counts[oid]}
