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


# ---------------------------------------------------------------- the shipped data on the map and in the counts

@pytest.fixture(scope="module")
def shipped_summary():
    from ctc_dashboard.contract.schema import VISIT
    from ctc_dashboard.dataset.load import load_folder
    from ctc_dashboard.derive.filters import Filters, apply, meeting_types
    from ctc_dashboard.derive.summary import meeting_summary
    from tests.conftest import DATA
    full = load_folder(DATA)
    # the meetings: country visits have places of their own kind (the visited State), tested in test_visits.py
    ds = apply(full, Filters(meeting_types=tuple(t for t in meeting_types(full) if t != VISIT)))
    return ds, meeting_summary(ds)


def test_the_map_draws_stated_places_rings_assumed_ones_and_leaves_out_virtual_meetings(shipped_summary):
    from ctc_dashboard.render import maps
    _, m = shipped_summary
    points, aggregated = maps.venue_points(m)
    assert not aggregated
    drawn = points["meeting_id"].tolist()
    assert "OB-2020-NY-08" not in drawn and "OB-2020-NY-12" not in drawn
    assert drawn.count("SM-2022-DEL") == 2 and {"Mumbai", "New Delhi"} <= set(points["city"])
    assumed = set(m.loc[m["place_basis"] == "assumed", "meeting_id"])
    rings = set(points.loc[points["line_width"] > 1, "meeting_id"])
    assert rings == assumed and len(assumed) > 0
    assert all(c[3] < 100 for c in points.loc[points["line_width"] > 1, "colour"])  # pale fill: a ring
    legend = maps.colour_legend(m, "type")
    assert "place assumed (no source states it)" in legend and "2 virtual meetings are not on the map." in legend


def test_the_map_counts_virtual_country_visits_apart_from_virtual_meetings():
    from ctc_dashboard.dataset.load import load_folder
    from ctc_dashboard.derive.summary import meeting_summary
    from ctc_dashboard.render import alt_text, maps
    from tests.conftest import DATA
    m = meeting_summary(load_folder(DATA))  # meetings and visits, as the map shows them with both types chosen
    said = "2 virtual meetings and 9 virtual country visits are not on the map."
    assert said in maps.place_legend(m) and said in alt_text.venues(m)


def test_host_city_counts_the_table_and_the_text_say_the_same(shipped_summary):
    from ctc_dashboard.derive.summary import headline_figures
    from ctc_dashboard.render import alt_text, maps
    ds, m = shipped_summary
    h = headline_figures(ds, m)
    table = maps.venues_table(m)
    cities = table[table["city"] != "held virtually"]
    assert h["cities"] == len(cities) and "Mumbai" in set(cities["city"])
    assert table.loc[table["city"] == "held virtually", "meetings"].tolist() == [2] == [h["virtual"]]
    assert h["outside_new_york"] == m.loc[~m["city"].isin(["New York", "held virtually"]), "meeting_id"].nunique()
    assert int(cities["place_assumed"].sum()) == h["assumed"]
    text = alt_text.venues(m)
    assert f"in {h['cities']} cities" in text and "2 virtual meetings are not on the map." in text


def test_the_profile_says_where_the_place_comes_from(shipped_summary):
    from ctc_dashboard.derive import profiles
    ds, _ = shipped_summary
    venue = dict(profiles.meeting_facts(ds, "SM-2022-DEL"))["Venue"]
    assert venue.startswith("New Delhi, India") and "Also held in Mumbai, India (building not known) on 28 October " \
        "2022. Place stated by a source." in venue
    assert dict(profiles.meeting_facts(ds, "OB-2020-NY-08"))["Venue"] == "Held virtually (no place)"
    facts = dict(profiles.meeting_facts(ds, "OB-2023-NY-10"))
    assert "Place assumed (no source states it): " in facts["Venue"]
    assert facts["Chair"] == "Lana Nusseibeh (United Arab Emirates)"
    assert facts["Presided by"] == "Mohamed Abushahab (United Arab Emirates)"


def test_the_downloads_carry_the_place_basis_and_the_further_places(shipped_summary, tmp_path):
    import io
    import sqlite3
    import zipfile

    from openpyxl import load_workbook

    from ctc_dashboard.dataset.load import load_source
    from ctc_dashboard.derive.exports import data_package_zip
    from ctc_dashboard.derive.sqlite import write_sqlite
    from ctc_dashboard.derive.workbook import workbook_bytes
    ds, _ = shipped_summary
    package = tmp_path / "package.zip"
    package.write_bytes(data_package_zip(ds))
    with zipfile.ZipFile(package) as zf:
        assert "places.csv" in zf.namelist()
    back = load_source(package)
    assert back.places["city"].tolist() == ["Mumbai"]
    assert back.meetings["place_basis"].astype(str).value_counts().to_dict() == \
        ds.meetings["place_basis"].astype(str).value_counts().to_dict()
    conn = sqlite3.connect(write_sqlite(ds, tmp_path / "ctc.db"))
    assert conn.execute("SELECT city FROM places").fetchall() == [("Mumbai",)]
    assert conn.execute("SELECT count(*) FROM meetings WHERE place_basis = 'virtual' AND latitude IS NULL"
                        ).fetchone() == (2,)
    book = load_workbook(io.BytesIO(workbook_bytes(ds)), read_only=True)
    assert "places" in book.sheetnames
    header = [c.value for c in next(book["meetings"].iter_rows(max_row=1))]
    assert {"place_basis", "place_note", "presided_by"} <= set(header)
