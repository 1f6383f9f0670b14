"""The Dataset invariant (every contract column present) and the words for values, each declared once."""

from dataclasses import replace

import pandas as pd
import pytest

from ctc_dashboard.contract.labels import UNKNOWN_TYPE, org_full_label, org_full_labels, type_order, year_span
from ctc_dashboard.contract.schema import TABLES, split_list
from ctc_dashboard.dataset.arrow import split_id_lists
from ctc_dashboard.dataset.model import with_contract_columns


def test_a_dataset_without_a_contract_column_is_refused(small):
    with pytest.raises(ValueError, match="meetings.theme"):
        replace(small, meetings=small.meetings.drop(columns="theme"))


def test_a_folder_without_optional_columns_loads_them_empty(folder):
    folder.drop_column("meetings.csv", "theme").drop_column("organizations.csv", "hq_latitude")
    folder.drop_column("organizations.csv", "hq_longitude")
    ds = folder.load()
    for name, t in TABLES.items():
        assert t.columns == list(ds.table(name).columns[: len(t.columns)]), name
    assert ds.meetings["theme"].isna().all() and ds.organizations["hq_latitude"].dtype == "float64"


def test_with_contract_columns_types_what_it_adds(small):
    m = with_contract_columns("meetings", small.meetings.drop(columns=["end_date", "organizations_reported"]))
    assert m["end_date"].dtype == small.meetings["end_date"].dtype and m["end_date"].isna().all()
    assert str(m["organizations_reported"].dtype) == "Int64"
    assert list(m.columns) == list(small.meetings.columns)


def test_one_list_splitter():
    assert split_list(" a ; b;c ") == ["a", "b", "c"]
    assert split_list("a;;b") == ["a", "b"] and split_list("a;;b", keep_blank=True) == ["a", "", "b"]
    assert split_list(None) == [] and split_list(float("nan")) == []
    s = pd.Series(["S1; S2", None, "S2", "S1;;S3"], index=[10, 11, 12, 13], dtype="str")
    parts = split_id_lists(s)
    assert list(zip(parts.index, parts, strict=True)) == [(10, "S1"), (10, "S2"), (12, "S2"), (13, "S1"),
                                                           (13, ""), (13, "S3")]


def test_meeting_type_order():
    assert type_order(["open briefing", None, "zeta", "special meeting", "alpha"]) == [
        "special meeting", "open briefing", "alpha", "zeta", UNKNOWN_TYPE]
    assert type_order([UNKNOWN_TYPE, "joint special meeting"]) == ["joint special meeting", UNKNOWN_TYPE]
    assert type_order([]) == []


def test_organization_labels(small):
    assert org_full_label("OSCE", "Organization for Security") == "OSCE — Organization for Security"
    assert org_full_label("Gamma Office", "Gamma Office") == "Gamma Office"
    labels = org_full_labels(small.organizations)
    assert labels["ORGA"] == "OAS-T — Organization of Alpha States"


def test_year_span():
    assert year_span(pd.Series([2003, 2003])) == "2003"
    assert year_span(pd.Series([2019, 2003])) == "2003\u20132019"
