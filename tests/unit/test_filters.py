"""What the sidebar filters keep, and that every filtered view still keeps the contract.

Fixture: M1 2003 special (CTC convener, ORGA participant, ORGC presenter), M2 2004 special (CTC, ORGC host,
ORGD participant), M3 2016 open briefing (CTC, ORGB invited), M4 2019 joint special (CTC, ORGA co-organizer,
ORGD participant). ORGB's parent is ORGA; ORGD is the only subregional organization.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ctc_dashboard import Dataset
from ctc_dashboard.contract.labels import UNKNOWN_TYPE
from ctc_dashboard.contract.schema import TABLES
from ctc_dashboard.dataset.validate import validate_files
from ctc_dashboard.derive.exports import contract_csv
from ctc_dashboard.derive.filters import Filters, apply, default_filters, meeting_types, took_part, year_bounds


def ids(df: pd.DataFrame, col: str = "meeting_id") -> list[str]:
    return sorted(df[col].unique())


def pairs(ds: Dataset) -> set[tuple[str, str]]:
    return set(zip(ds.participation["meeting_id"], ds.participation["org_id"], strict=True))


def assert_valid(ds: Dataset) -> None:
    """Write the view back as contract CSVs and run the validator: every reference must resolve."""
    files = {t.file: contract_csv(ds.table(n)) for n, t in TABLES.items()}
    _, problems = validate_files(files)
    assert problems == [], [str(p) for p in problems]


def cited(ds: Dataset) -> set[str]:
    out = set(ds.reported_figures["source_id"])
    for df in (ds.meetings, ds.organizations, ds.participation):
        out |= set(df["source_ids"].dropna().str.split(";").explode().str.strip())
    return out


def test_default_filters_exclude_open_briefings(small):
    f = default_filters(small)
    assert f.years == (2003, 2019)
    assert set(f.meeting_types) == {"special meeting", "joint special meeting"}
    view = apply(small, f)
    assert ids(view.meetings) == ["M1", "M2", "M4"]
    assert "M3" not in set(view.participation["meeting_id"])
    assert ids(view.organizations, "org_id") == ["CTC", "ORGA", "ORGC", "ORGD"]  # ORGB was only at M3
    assert f.is_default_for(small)
    assert_valid(view)


def test_no_filters_keep_everything(small):
    view = apply(small, Filters())
    for name in ("meetings", "organizations", "participation", "reported_figures", "sources"):
        assert len(view.table(name)) == len(small.table(name)), name


def test_years_range(small):
    assert ids(apply(small, Filters(years=(2004, 2016))).meetings) == ["M2", "M3"]
    assert ids(apply(small, Filters(years=(2019, 2019))).meetings) == ["M4"]
    assert ids(apply(small, Filters(years=(2003, 2003))).meetings) == ["M1"]
    view = apply(small, Filters(years=(2004, 2016)))
    assert set(view.reported_figures["meeting_id"]) <= {"M2", "M3"}
    assert_valid(view)


def test_year_bounds_and_types(small):
    assert year_bounds(small) == (2003, 2019)
    assert meeting_types(small) == ["special meeting", "joint special meeting", "open briefing"]


def test_missing_meeting_type_is_its_own_choice(folder):
    folder.set_cell("meetings.csv", 3, "meeting_type", "")
    ds = folder.load()
    assert UNKNOWN_TYPE in meeting_types(ds)
    assert UNKNOWN_TYPE in default_filters(ds).meeting_types
    assert "M2" in set(apply(ds, default_filters(ds)).meetings["meeting_id"])
    assert ids(apply(ds, Filters(meeting_types=(UNKNOWN_TYPE,))).meetings) == ["M2"]


def test_organization_that_took_part(small):
    view = apply(small, Filters(organizations=("ORGA",)))
    assert ids(view.meetings) == ["M1", "M4"]
    # The meetings are kept whole: the other organizations at them stay.
    assert ("M1", "ORGC") in pairs(view) and ("M4", "ORGD") in pairs(view)
    assert_valid(view)


def test_organization_only_invited_does_not_match(small):
    view = apply(small, Filters(organizations=("ORGB",)))
    assert view.meetings.empty
    assert view.participation.empty


def test_several_organizations_is_any_of(small):
    assert ids(apply(small, Filters(organizations=("ORGA", "ORGC"))).meetings) == ["M1", "M2", "M4"]


def test_kinds_narrow_participation(small):
    view = apply(small, Filters(kinds=("subregional",)))
    assert set(view.participation["org_id"]) == {"ORGD"}
    assert ids(view.meetings) == ["M2", "M4"]
    assert ids(view.organizations, "org_id") == ["ORGD"]
    assert set(view.reported_figures["meeting_id"]) == {"M4"}
    assert_valid(view)


def test_all_kinds_is_no_restriction(small):
    view = apply(small, Filters(kinds=("international", "regional", "subregional")))
    assert len(view.participation) == len(small.participation)


def test_roles(small):
    view = apply(small, Filters(roles=("host", "co-organizer")))
    assert pairs(view) == {("M2", "ORGC"), ("M4", "ORGA")}
    assert ids(view.meetings) == ["M2", "M4"]
    assert_valid(view)


def test_parent_of_kept_child_is_kept(small):
    view = apply(small, Filters(roles=("invited",)))
    assert pairs(view) == {("M3", "ORGB")}
    assert ids(view.organizations, "org_id") == ["ORGA", "ORGB"]  # ORGA: ORGB's parent
    assert_valid(view)


def test_grandparent_is_kept(folder):
    folder.set_cell("organizations.csv", 3, "parent_id", "ORGC")  # ORGB -> ORGA -> ORGC
    view = apply(folder.load(), Filters(roles=("invited",)))
    assert ids(view.organizations, "org_id") == ["ORGA", "ORGB", "ORGC"]
    assert_valid(view)


def test_sources_are_those_cited(folder):
    folder.add_row("sources.csv", source_id="S3", title="Cited by ORGD only", url="https://example.org/3")
    folder.set_cell("organizations.csv", 6, "source_ids", "S3")  # only ORGD cites S3
    ds = folder.load()
    for f in (Filters(), Filters(kinds=("subregional",)), Filters(roles=("invited",)),
              Filters(organizations=("ORGC",))):
        view = apply(ds, f)
        assert set(view.sources["source_id"]) == cited(view), f
        assert_valid(view)
    assert "S3" in set(apply(ds, Filters(kinds=("subregional",))).sources["source_id"])
    assert "S3" not in set(apply(ds, Filters(roles=("invited",))).sources["source_id"])
    assert "S3" not in set(apply(ds, Filters(years=(2003, 2003))).sources["source_id"])


def test_reported_figure_sources_are_kept(folder):
    folder.add_row("sources.csv", source_id="S3", title="Only a figure")
    folder.set_cell("reported_figures.csv", 5, "source_id", "S3")  # the M4 figure
    view = apply(folder.load(), Filters(years=(2019, 2019)))
    assert "S3" in set(view.sources["source_id"])
    assert_valid(view)


@pytest.mark.parametrize("f", [
    Filters(years=(1990, 1995)),
    Filters(organizations=("NOPE",)),
    Filters(kinds=("subregional",), roles=("convener",)),
    Filters(meeting_types=("open briefing",), kinds=("international",), roles=("host",)),
], ids=["years", "unknown-org", "kind-and-role", "type-kind-role"])
def test_empty_result_is_empty_frames(small, f):
    view = apply(small, f)
    for name in ("meetings", "organizations", "participation", "reported_figures", "sources"):
        df = view.table(name)
        assert df.empty, name
        assert list(df.columns) == list(small.table(name).columns)
        assert (df.dtypes == small.table(name).dtypes).all(), name
    assert_valid(view)
    assert f.describe(small)


def test_took_part_excludes_invited(small):
    assert ("M3", "ORGB") not in set(zip(took_part(small.participation)["meeting_id"],
                                         took_part(small.participation)["org_id"], strict=True))
    assert len(took_part(small.participation)) == 10


def test_describe(small):
    assert default_filters(small).describe(small) == ["types special meeting, joint special meeting"]
    assert Filters(years=(2003, 2019)).describe(small) == []
    assert Filters(years=(2004, 2010), organizations=("ORGA",), kinds=("regional",),
                   roles=("host",)).describe(small) == [
        "years 2004-2010", "organizations ORGA", "kinds regional", "roles host"]


def test_filters_do_not_change_the_dataset(small):
    before = small.meetings.copy()
    apply(small, Filters(kinds=("subregional",), years=(2004, 2004)))
    pd.testing.assert_frame_equal(small.meetings, before)


def test_organizations_taking_part_leave_out_convener_and_invited(small):
    from ctc_dashboard.derive.filters import apply, default_filters, organizations_taking_part

    assert organizations_taking_part(small.participation) == 3  # ORGA, ORGC, ORGD; not CTC, not ORGB (invited)
    view = apply(small, default_filters(small))
    assert organizations_taking_part(view.participation) == 3
