"""The Frictionless descriptor says what the contract and the validator say.

Three-way cross-check: the contract (transcribed below, and parsed from the spec when it is at
hand), ``schema.datapackage()`` and ``data/datapackage.json``; then Frictionless itself, run with
the generated descriptor, must accept the fixture and flag the rows our validator flags.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from frictionless import Package

from ctc_dashboard.contract.datapackage import datapackage
from ctc_dashboard.contract.schema import THIS_YEAR
from tests.conftest import DATA, FIXTURE, ROOT

# The contract, transcribed from docs/data-contract.md: column -> (type, required, enum).
CONTRACT: dict[str, dict[str, tuple[str, bool, tuple[str, ...]]]] = {
    "meetings": {
        "meeting_id": ("string", True, ()), "title": ("string", True, ()), "start_date": ("date", True, ()),
        "end_date": ("date", False, ()), "venue": ("string", False, ()), "city": ("string", False, ()),
        "country": ("string", False, ()), "country_code": ("string", False, ()),
        "latitude": ("number", False, ()), "longitude": ("number", False, ()),
        "place_basis": ("string", False, ("stated", "assumed", "virtual")), "place_note": ("string", False, ()),
        "meeting_type": ("string", False, ()), "theme": ("string", False, ()),
        "organizations_reported": ("integer", False, ()), "states_reported": ("integer", False, ()),
        "outcome": ("string", False, ()), "source_ids": ("string", False, ()), "notes": ("string", False, ()),
    },
    "organizations": {
        "org_id": ("string", True, ()), "name": ("string", True, ()), "acronym": ("string", False, ()),
        "kind": ("string", True, ("international", "regional", "subregional")),
        "un_system": ("boolean", False, ()), "parent_id": ("string", False, ()),
        "hq_city": ("string", False, ()), "hq_country": ("string", False, ()),
        "hq_latitude": ("number", False, ()), "hq_longitude": ("number", False, ()),
        "founded": ("integer", False, ()), "member_states": ("integer", False, ()),
        "member_states_as_of": ("date", False, ()),
        "website": ("string", False, ()), "source_ids": ("string", False, ()),
    },
    "participation": {
        "meeting_id": ("string", True, ()), "org_id": ("string", True, ()),
        "role": ("string", True, ("convener", "host", "co-organizer", "presenter", "participant", "invited")),
        "source_ids": ("string", False, ()),
    },
    "sources": {
        "source_id": ("string", True, ()), "title": ("string", True, ()), "publisher": ("string", False, ()),
        "published": ("date", False, ()), "url": ("string", False, ()),
    },
    "reported_figures": {
        "meeting_id": ("string", True, ()),
        "measure": ("string", True, ("organizations", "states", "participants")),
        "value": ("integer", True, ()),
        "qualifier": ("string", False, ("exactly", "more than", "about", "expected")),
        "source_id": ("string", True, ()), "note": ("string", False, ()),
    },
    "places": {
        "meeting_id": ("string", True, ()), "city": ("string", True, ()), "country": ("string", True, ()),
        "country_code": ("string", False, ()), "latitude": ("number", True, ()), "longitude": ("number", True, ()),
        "venue": ("string", False, ()), "start_date": ("date", False, ()), "end_date": ("date", False, ()),
        "place_basis": ("string", False, ("stated", "assumed")), "place_note": ("string", False, ()),
        "source_ids": ("string", False, ()), "notes": ("string", False, ()),
    },
}
RANGES = {
    ("meetings", "latitude"): (-90, 90), ("meetings", "longitude"): (-180, 180),
    ("organizations", "hq_latitude"): (-90, 90), ("organizations", "hq_longitude"): (-180, 180),
    ("organizations", "founded"): (1800, THIS_YEAR), ("organizations", "member_states"): (0, None),
    ("meetings", "organizations_reported"): (0, None), ("meetings", "states_reported"): (0, None),
    ("places", "latitude"): (-90, 90), ("places", "longitude"): (-180, 180),
    ("reported_figures", "value"): (0, None),
}
FOREIGN_KEYS = {
    "organizations": {("parent_id", "", "org_id")},
    "participation": {("meeting_id", "meetings", "meeting_id"), ("org_id", "organizations", "org_id")},
    "reported_figures": {("meeting_id", "meetings", "meeting_id"), ("source_id", "sources", "source_id")},
    "places": {("meeting_id", "meetings", "meeting_id")},
}
PRIMARY_KEYS = {"meetings": ["meeting_id"], "organizations": ["org_id"], "participation": ["meeting_id", "org_id"],
                "sources": ["source_id"], "places": ["meeting_id", "city"]}
CONTRACT_DOC = ROOT / "docs" / "data-contract.md"  # the prose contract, in the repository so its test runs


def _resources(desc: dict) -> dict[str, dict]:
    return {r["name"]: r for r in desc["resources"]}


def _fields(res: dict) -> dict[str, dict]:
    return {f["name"]: f for f in res["schema"]["fields"]}


# ---------------------------------------------------------------- descriptor vs contract vs file

def test_descriptor_matches_shipped_datapackage_json():
    path = DATA / "datapackage.json"
    assert json.loads(path.read_text(encoding="utf-8")) == datapackage(), (
        "data/datapackage.json is stale: regenerate it with `python -m ctc_dashboard datapackage "
        "> data/datapackage.json`")


def test_every_table_column_and_enum_of_the_contract_is_in_the_descriptor():
    res = _resources(datapackage())
    assert list(res) == list(CONTRACT)
    for table, columns in CONTRACT.items():
        fields = _fields(res[table])
        assert res[table]["path"] == f"{table}.csv"
        for col, (ftype, required, enum) in columns.items():
            assert col in fields, f"{table}.{col} missing from the descriptor"
            f = fields[col]
            c = f.get("constraints", {})
            assert f["type"] == ftype, (table, col)
            assert bool(c.get("required")) == required, (table, col)
            assert tuple(c.get("enum", ())) == enum, (table, col)
        # Columns the contract does not name must be marked as our extensions, and optional.
        for name, f in fields.items():
            if name not in columns:
                assert f.get("x-extension") is True, (table, name)
                assert not f.get("constraints", {}).get("required"), (table, name)


def test_ranges_keys_and_patterns():
    res = _resources(datapackage())
    for (table, col), (lo, hi) in RANGES.items():
        c = _fields(res[table])[col]["constraints"]
        assert c.get("minimum") == lo, (table, col)
        assert c.get("maximum") == hi, (table, col)
    for table, pk in PRIMARY_KEYS.items():
        assert res[table]["schema"].get("primaryKey") == pk
    assert "primaryKey" not in res["reported_figures"]["schema"]
    for table, expected in FOREIGN_KEYS.items():
        fks = {(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
               for fk in res[table]["schema"]["foreignKeys"]}
        assert fks == expected
    for r in res.values():
        for name, f in _fields(r).items():
            c = f.get("constraints", {})
            if name.endswith("_id"):
                assert re.fullmatch(c["pattern"], "A1_b.c-d") and not re.fullmatch(c["pattern"], "A 1"), name
                assert not re.fullmatch(c["pattern"], "-x"), name
            if name == "source_ids":
                assert re.fullmatch(c["pattern"], "S1;S2") and not re.fullmatch(c["pattern"], "S1 S2")
            if name in ("website", "url"):
                assert re.fullmatch(c["pattern"], "https://x.org") and not re.fullmatch(c["pattern"], "ftp://x")
        assert r["schema"]["missingValues"] == [""]
        assert r["schema"]["fieldsMatch"] == "partial"  # any column order, extra columns allowed
        assert r["encoding"] == "utf-8" and r["dialect"]["delimiter"] == ","
    assert "may be absent" in res["reported_figures"]["description"]
    assert "may be absent" in res["places"]["description"]


def test_contract_document_tables_are_in_the_descriptor():
    """Parse the prose contract so that a column added there shows up here."""
    spec = CONTRACT_DOC
    res = _resources(datapackage())
    table = None
    seen: dict[str, set[str]] = {}
    for line in spec.read_text(encoding="utf-8").splitlines():
        m = re.match(r"## (\w+)\.csv", line)
        if m:
            table = m.group(1)
            seen[table] = set()
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if table and line.startswith("|") and len(cells) >= 3 and cells[0] not in ("column", "---"):
            col, ftype, required = cells[0], cells[1], cells[2]
            fields = _fields(res[table])
            assert col in fields, f"{table}.{col} in the contract but not in the descriptor"
            assert bool(fields[col].get("constraints", {}).get("required")) == (required == "yes"), (table, col)
            seen[table].add(col)
            for value in re.findall(r"`([^`]+)`", cells[3] if len(cells) > 3 else ""):
                if ftype == "enum":
                    assert value in fields[col]["constraints"]["enum"], (table, col, value)
    assert set(seen) == set(CONTRACT)
    assert {t: set(c) for t, c in CONTRACT.items()} == seen


# ---------------------------------------------------------------- Frictionless runs the descriptor

def _frictionless(path: Path) -> list[tuple[str, int | None, str | None, str]]:
    desc = datapackage()
    # An optional table a folder lacks is left out of its descriptor, as the data package download does.
    desc["resources"] = [r for r in desc["resources"] if (path / r["path"]).exists()]
    (path / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    # No options: the descriptor itself must say that columns match by name ("fieldsMatch").
    report = Package(str(path / "datapackage.json")).validate()
    return [(task.name, getattr(e, "row_number", None), getattr(e, "field_name", None), e.type)
            for task in report.tasks for e in task.errors]


def test_frictionless_accepts_the_fixture(tmp_path):
    dest = tmp_path / "small"
    shutil.copytree(FIXTURE, dest)
    assert _frictionless(dest) == []


BREAKS = [
    # file, row, column, value  -> both validators must flag (resource, row[, column])
    ("organizations.csv", 4, "kind", "national"),
    ("participation.csv", 3, "role", "speaker"),
    ("meetings.csv", 2, "latitude", "91"),
    ("meetings.csv", 3, "longitude", "-181"),
    ("meetings.csv", 3, "start_date", "2004-13-11"),
    ("organizations.csv", 3, "un_system", "yes"),
    ("organizations.csv", 3, "founded", "1700"),
    ("organizations.csv", 3, "website", "ftp://x"),
    ("organizations.csv", 3, "member_states", "-1"),
    ("meetings.csv", 2, "organizations_reported", "57.5"),
    ("meetings.csv", 3, "title", ""),
    ("sources.csv", 3, "url", "javascript:alert(1)"),
    ("reported_figures.csv", 2, "measure", "people"),
    ("reported_figures.csv", 3, "qualifier", "roughly"),
    ("reported_figures.csv", 2, "value", "-1"),
    ("participation.csv", 2, "source_ids", "S1 S2"),
    ("participation.csv", 3, "org_id", "ORGZ"),
    ("reported_figures.csv", 2, "source_id", "S9"),
    ("organizations.csv", 4, "parent_id", "ORGX"),
]


@pytest.mark.parametrize(("file", "row", "column", "value"), BREAKS, ids=[f"{b[0]}-{b[2]}" for b in BREAKS])
def test_frictionless_and_our_validator_flag_the_same_cell(folder, file, row, column, value):
    folder.set_cell(file, row, column, value)
    ours = {(p.file, p.row) for p in folder.problems()}
    assert (file, row) in ours
    theirs = _frictionless(folder.path)
    resource = file.removesuffix(".csv")
    hits = [e for e in theirs if e[0] == resource and e[1] == row]
    assert hits, theirs
    if not any(e[3] == "foreign-key" for e in hits):
        assert any(e[2] == column for e in hits), hits


def test_frictionless_accepts_any_column_order_and_extra_columns(folder):
    header, rows = folder.rows("organizations.csv")
    order = list(reversed(range(len(header))))
    folder.write_rows("organizations.csv", [header[i] for i in order] + ["mine"],
                      [[r[i] for i in order] + ["x"] for r in rows])
    folder.drop_column("meetings.csv", "notes")
    assert folder.problems() == []
    assert _frictionless(folder.path) == []


def test_frictionless_flags_missing_required_column(folder):
    folder.drop_column("meetings.csv", "title")
    assert ("meetings.csv", 1, "title") in {(p.file, p.row, p.column) for p in folder.problems()}
    assert ("meetings", None, "title", "missing-label") in _frictionless(folder.path)


def test_a_missing_city_column_is_a_problem_unless_every_meeting_was_virtual(folder):
    folder.drop_column("meetings.csv", "city")
    assert ("meetings.csv", 1, "city") in {(p.file, p.row, p.column) for p in folder.problems()}


def test_frictionless_flags_duplicate_keys(folder):
    folder.copy_row("meetings.csv", 2)
    folder.add_row("participation.csv", meeting_id="M1", org_id="ORGA", role="host")
    theirs = _frictionless(folder.path)
    assert any(e[0] == "meetings" and e[1] == 6 for e in theirs), theirs
    assert any(e[0] == "participation" and e[1] == 13 for e in theirs), theirs


def test_shipped_data_passes_frictionless_as_is():
    """A third party runs `frictionless validate data/datapackage.json` without our options."""
    report = Package(str(DATA / "datapackage.json")).validate()
    errors = [(t.name, getattr(e, "row_number", None), getattr(e, "field_name", None), e.type, e.note)
              for t in report.tasks for e in t.errors]
    assert errors == [], errors[:20]


def test_shipped_data_passes_frictionless_with_generated_descriptor(tmp_path):
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest, ignore=shutil.ignore_patterns("datapackage.json"))
    errors = _frictionless(dest)
    assert errors == [], errors[:20]
