"""Synthetic folders: valid, deterministic, shaped like the real data, fast to write."""

from __future__ import annotations

import pytest

from ctc_dashboard import load_folder
from ctc_dashboard.contract.schema import KINDS, MEETING_TYPES, ROLES
from ctc_dashboard.synth import CONVENER, write_synthetic

TABLE_FILES = ("meetings.csv", "organizations.csv", "participation.csv", "sources.csv", "reported_figures.csv")


@pytest.fixture(scope="module")
def synth500(tmp_path_factory):
    out = write_synthetic(tmp_path_factory.mktemp("synth") / "s500", 500, seed=3)
    return out, load_folder(out)


def test_small_folder_is_valid_and_complete(synth500):
    _, ds = synth500
    assert ds.has_reported_figures
    assert len(ds.meetings) == 500
    assert len(ds.organizations) == 40  # max(40, meetings // 50)
    assert set(ds.organizations["kind"].dropna()) == set(KINDS)
    assert set(ds.participation["role"].dropna()) == set(ROLES)
    assert set(ds.meetings["meeting_type"].dropna()) == set(MEETING_TYPES)
    assert ds.meetings["meeting_type"].isna().any()
    assert ds.meetings["title"].str.startswith("Synthetic meeting ").all()
    assert ds.meetings["start_date"].dt.year.between(2003, 2025).all()
    assert 0.2 < ds.meetings["end_date"].notna().mean() < 0.4
    assert ds.meetings["city"].nunique() <= 300
    orgs = ds.organizations
    assert orgs["hq_latitude"].isna().any() and orgs["hq_latitude"].notna().any()
    assert orgs["parent_id"].notna().any()
    assert len(ds.reported_figures) > 0
    assert len(ds.sources) >= 10


def test_one_convener_per_meeting(synth500):
    _, ds = synth500
    conv = ds.participation[ds.participation["role"] == "convener"]
    assert (conv["org_id"] == CONVENER).all()
    assert conv["meeting_id"].is_unique and len(conv) == len(ds.meetings)


def test_about_ten_rows_per_meeting_with_a_long_tail(synth500):
    _, ds = synth500
    per_meeting = ds.participation.groupby("meeting_id").size()
    assert 7 <= per_meeting.mean() <= 13
    assert per_meeting.max() >= 3 * per_meeting.median()
    per_org = ds.participation.loc[ds.participation["role"] != "convener", "org_id"].value_counts()
    assert per_org.iloc[0] >= 5 * per_org.median()  # a few organizations attend very often


def test_same_seed_same_bytes(tmp_path, synth500):
    first, _ = synth500
    again = write_synthetic(tmp_path / "again", 500, seed=3)
    other = write_synthetic(tmp_path / "other", 500, seed=4)
    for name in TABLE_FILES:
        assert (again / name).read_bytes() == (first / name).read_bytes(), name
    assert (other / "participation.csv").read_bytes() != (first / "participation.csv").read_bytes()


@pytest.mark.parametrize("meetings,organizations", [(1, None), (3, 2), (25, 5)])
def test_tiny_folders_are_valid(tmp_path, meetings, organizations):
    ds = load_folder(write_synthetic(tmp_path / "t", meetings, organizations))
    assert len(ds.meetings) == meetings


def test_scale_is_shaped(tmp_path):
    out = write_synthetic(tmp_path / "s20k", 20_000)  # how fast: bench, builders at scale
    ds = load_folder(out)
    assert len(ds.meetings) == 20_000 and len(ds.organizations) == 400
    assert 8 <= len(ds.participation) / 20_000 <= 12
