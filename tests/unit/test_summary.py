"""Derived tables: counts on the fixture, edge cases, and speed at 100k meetings / 1M participation rows."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from ctc_dashboard import load_folder
from ctc_dashboard.contract.labels import UNKNOWN_TYPE, org_labels
from ctc_dashboard.contract.schema import KINDS, QUALIFIERS, ROLES
from ctc_dashboard.dataset.model import with_contract_columns
from ctc_dashboard.derive.filters import Filters, apply
from ctc_dashboard.derive.summary import meeting_summary, organization_summary, participation_detail
from tests.conftest import FIXTURE

MEETING_COLUMNS = [
    "meeting_id", "title", "start_date", "end_date", "last_day", "year", "days", "venue", "city", "country",
    "latitude", "longitude", "place_basis", "meeting_type", "theme", "topics", "focus_region", "outcome",
    "organizations_reported", "date_precision", "visited_states", "further_places", "hosts", "named_organizations",
    "invited", "reported_min",
    "reported_max", "reported_text",
]


@pytest.fixture(scope="module")
def summary(small):
    return meeting_summary(small).set_index("meeting_id")


def _empty(small):
    return apply(small, Filters(years=(1900, 1900)))


def synthetic(n_meetings: int, n_orgs: int, n_rows: int, seed: int = 0):
    """A contract-shaped Dataset of any size, typed as the loader types it."""
    base = load_folder(FIXTURE)
    rng = np.random.default_rng(seed)
    ids = np.array([f"M{i}" for i in range(n_meetings)], dtype=object)
    start = pd.Series(pd.Timestamp("2003-01-01") + pd.to_timedelta(rng.integers(0, 8000, n_meetings), unit="D"))
    start = start.astype("datetime64[us]")
    end = (start + pd.to_timedelta(rng.integers(0, 3, n_meetings), unit="D")).where(rng.random(n_meetings) < 0.5)
    meetings = pd.DataFrame({
        "meeting_id": pd.Series(ids, dtype="str"),
        "title": pd.Series([f"Meeting {i}" for i in range(n_meetings)], dtype="str"),
        "start_date": start, "end_date": end,
        "city": pd.Series(["Vienna"] * n_meetings, dtype="str"),
        "country": pd.Series(["Austria"] * n_meetings, dtype="str"),
        "latitude": 48.2, "longitude": 16.4,
        "meeting_type": pd.Series(rng.choice(["special meeting", "open briefing"], n_meetings), dtype="str"),
        "organizations_reported": pd.array(np.where(rng.random(n_meetings) < 0.3,
                                                    rng.integers(0, 100, n_meetings), None), dtype="Int64"),
    })
    oids = np.array([f"O{i}" for i in range(n_orgs)], dtype=object)
    orgs = pd.DataFrame({
        "org_id": pd.Series(oids, dtype="str"),
        "name": pd.Series([f"Organization {i}" for i in range(n_orgs)], dtype="str"),
        "acronym": pd.Series([f"O{i}" if i % 2 else None for i in range(n_orgs)], dtype="str"),
        "kind": pd.Categorical(rng.choice(KINDS, n_orgs), categories=list(KINDS)),
    })
    part = pd.DataFrame({"meeting_id": ids[rng.integers(0, n_meetings, n_rows)],
                         "org_id": oids[rng.integers(0, n_orgs, n_rows)]}).drop_duplicates(ignore_index=True)
    part = pd.DataFrame({
        "meeting_id": part["meeting_id"].astype("str"), "org_id": part["org_id"].astype("str"),
        "role": pd.Categorical(rng.choice(ROLES, len(part)), categories=list(ROLES)),
    })
    n_fig = max(n_meetings // 2, 1)
    figures = pd.DataFrame({
        "meeting_id": pd.Series(ids[rng.integers(0, n_meetings, n_fig)], dtype="str"),
        "measure": pd.Categorical(["organizations"] * n_fig, categories=["organizations", "states", "participants"]),
        "value": pd.array(rng.integers(0, 100, n_fig), dtype="Int64"),
        "qualifier": pd.Categorical(rng.choice(QUALIFIERS, n_fig), categories=list(QUALIFIERS)),
        "source_id": pd.Series(["S1"] * n_fig, dtype="str"),
    })
    tables = {"meetings": meetings, "organizations": orgs, "participation": part, "reported_figures": figures}
    return replace(base, **{name: with_contract_columns(name, df) for name, df in tables.items()})


# ---------------------------------------------------------------- org_labels

def test_org_labels_prefer_acronym_then_name(small):
    labels = org_labels(small.organizations)
    assert labels["ORGA"] == "OAS-T" and labels["CTC"] == "CTC"
    orgs = small.organizations.copy()
    orgs["acronym"] = orgs["acronym"].where(orgs["org_id"] != "ORGC", None)
    assert org_labels(orgs)["ORGC"] == "Gamma Office"
    no_acronyms = orgs.assign(acronym=pd.Series(pd.NA, index=orgs.index, dtype="str"))
    assert org_labels(no_acronyms)["ORGA"] == "Organization of Alpha States"


# ---------------------------------------------------------------- meeting_summary

def test_meeting_summary_shape_and_order(small):
    s = meeting_summary(small)
    assert list(s.columns) == MEETING_COLUMNS
    assert s["meeting_id"].tolist() == ["M1", "M2", "M3", "M4"]
    assert list(s.index) == [0, 1, 2, 3]
    for c in ("year", "days", "named_organizations", "invited"):
        assert s[c].dtype == "int64", c
    for c in ("organizations_reported", "reported_min", "reported_max"):
        assert s[c].dtype == "Int64", c


def test_named_and_invited(summary):
    assert summary.at["M1", "named_organizations"] == 2  # ORGA participant + ORGC presenter, not the CTC
    assert summary.at["M1", "invited"] == 0
    assert summary.at["M3", "named_organizations"] == 0
    assert summary.at["M3", "invited"] == 1


def test_dates(summary):
    assert pd.isna(summary.at["M1", "end_date"])
    assert summary.at["M1", "last_day"] == pd.Timestamp("2003-03-06")
    assert summary.at["M1", "days"] == 1
    assert summary.at["M2", "last_day"] == pd.Timestamp("2004-03-12")
    assert summary.at["M2", "days"] == 2
    assert summary.at["M4", "year"] == 2019


def test_reported_figures(summary):
    assert summary.at["M1", "organizations_reported"] == 5
    assert (summary.at["M1", "reported_min"], summary.at["M1", "reported_max"]) == (4, 7)
    assert summary.at["M1", "reported_text"] == "5 (headline); sources give 4\u20137"
    assert (summary.at["M4", "reported_min"], summary.at["M4", "reported_max"]) == (3, 3)
    assert summary.at["M4", "reported_text"] == "3 (headline)"
    assert pd.isna(summary.at["M2", "reported_min"]) and pd.isna(summary.at["M2", "organizations_reported"])
    assert summary.at["M2", "reported_text"] == "unknown"


def test_reported_range_without_headline(small):
    figures = pd.concat([small.reported_figures, small.reported_figures.iloc[[0]].assign(meeting_id="M2", value=9)],
                        ignore_index=True)
    s = meeting_summary(replace(small, reported_figures=figures)).set_index("meeting_id")
    assert s.at["M2", "reported_text"] == "sources give 9"
    assert s.at["M2", "reported_min"] == 9
    # a "states" figure never counts as organizations
    assert s.at["M4", "reported_max"] == 3


def test_hosts_host_before_co_organizer(small, summary):
    assert summary.at["M2", "hosts"] == "GO"
    assert summary.at["M4", "hosts"] == "OAS-T"
    assert summary.at["M1", "hosts"] == ""
    extra = pd.DataFrame({"meeting_id": ["M4"], "org_id": ["ORGC"], "role": ["host"], "source_ids": ["S2"]})
    extra["role"] = extra["role"].astype(small.participation["role"].dtype)
    part = pd.concat([small.participation, extra], ignore_index=True)
    s = meeting_summary(replace(small, participation=part)).set_index("meeting_id")
    assert s.at["M4", "hosts"] == "GO, OAS-T"


def test_missing_type_and_optional_columns(small):
    m = small.meetings.copy()
    m["meeting_type"] = m["meeting_type"].where(m["meeting_id"] != "M2", None)
    s = meeting_summary(replace(small, meetings=m)).set_index("meeting_id")
    assert s.at["M2", "meeting_type"] == UNKNOWN_TYPE
    optional = ["end_date", "venue", "meeting_type", "theme", "outcome", "organizations_reported"]
    # A folder that leaves them out loads them empty (the Dataset's invariant), as here.
    m = with_contract_columns("meetings", small.meetings.drop(columns=optional))
    s = meeting_summary(replace(small, meetings=m)).set_index("meeting_id")
    assert list(s.reset_index().columns) == MEETING_COLUMNS
    assert (s["meeting_type"] == UNKNOWN_TYPE).all()
    assert (s["days"] == 1).all()
    assert (s.at["M1", "reported_min"], s.at["M1", "reported_max"]) == (4, 7)
    assert s.at["M1", "reported_text"] == "sources give 4\u20137"


def test_empty_dataset(small):
    empty = _empty(small)
    s = meeting_summary(empty)
    assert s.empty and list(s.columns) == MEETING_COLUMNS
    o = organization_summary(empty)
    assert o.empty and "came_back" in o.columns
    assert participation_detail(empty).empty


def test_meetings_without_participants(small):
    s = meeting_summary(replace(small, participation=small.participation.iloc[0:0]))
    assert (s["named_organizations"] == 0).all() and (s["hosts"] == "").all()


# ---------------------------------------------------------------- organization_summary

def test_organization_summary(small):
    o = organization_summary(small)
    assert list(o.columns) == ["org_id", "name", "acronym", "label", "kind", "meetings", *ROLES,
                               "first_meeting", "last_meeting", "came_back"]
    assert o["org_id"].iloc[0] == "CTC"
    assert o["meetings"].is_monotonic_decreasing
    o = o.set_index("org_id")
    assert o.at["CTC", "meetings"] == 4 and o.at["CTC", "convener"] == 4 and o.at["CTC", "came_back"] == 3
    assert o.at["ORGA", "meetings"] == 2
    assert (o.at["ORGA", "participant"], o.at["ORGA", "co-organizer"]) == (1, 1)
    assert o.at["ORGA", "first_meeting"] == pd.Timestamp("2003-03-06")
    assert o.at["ORGA", "last_meeting"] == pd.Timestamp("2019-04-26")
    assert o.at["ORGB", "meetings"] == 0 and o.at["ORGB", "invited"] == 1 and o.at["ORGB", "came_back"] == 0
    assert pd.isna(o.at["ORGB", "first_meeting"])
    assert o.loc["ORGB", "label"] == "BC"


# ---------------------------------------------------------------- participation_detail

def test_participation_detail(small):
    d = participation_detail(small)
    assert len(d) == len(small.participation)
    assert {"meeting_id", "title", "start_date", "year", "org_id", "label", "name", "kind", "role",
            "source_ids"} <= set(d.columns)
    row = d[d["org_id"] == "ORGB"].iloc[0]
    assert (row["label"], row["kind"], row["year"], row["title"]) == ("BC", "regional", 2016, "Test briefing")
    assert d["start_date"].is_monotonic_increasing


# ---------------------------------------------------------------- scale and real data

def test_summaries_at_100k_meetings():
    big = synthetic(100_000, 2_000, 1_000_000)
    s = meeting_summary(big)  # how fast: bench, builders at scale
    assert len(s) == 100_000
    assert s["named_organizations"].sum() == big.participation["role"].isin(ROLES[1:5]).sum()
    assert len(organization_summary(big)) == 2_000
    assert len(participation_detail(big)) == len(big.participation)


def test_real_data(shipped):
    real = shipped
    s = meeting_summary(real)
    assert len(s) == len(real.meetings)
    assert s["meeting_id"].is_unique
    assert (s["reported_min"].isna() | (s["reported_min"] <= s["reported_max"])).all()
    o = organization_summary(real)
    assert len(o) == len(real.organizations)
    assert len(participation_detail(real)) == len(real.participation)
