"""One index per dataset: the positions a view is handed by ``apply`` are the ones a lookup by id would find, so
the summary built from them is the summary built from scratch, whatever the filters."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from ctc_dashboard import load_folder
from ctc_dashboard.dataset.arrow import positions
from ctc_dashboard.derive import index, summary
from ctc_dashboard.derive.filters import ALL, Filters, apply, default_filters
from tests.conftest import DATA, FIXTURE

FILTERS = {
    "default view": lambda ds: default_filters(ds),
    "no filter": lambda ds: Filters(),
    "years": lambda ds: Filters(years=(2004, 2016)),
    "one organization": lambda ds: Filters(organizations=("ORGA",)),
    "two organizations, all": lambda ds: Filters(organizations=("ORGA", "ORGD"), match=ALL),
    "kind": lambda ds: Filters(kinds=("regional",)),
    "role": lambda ds: Filters(roles=("host", "participant")),
    "region": lambda ds: Filters(regions=("Americas",)),
    "nothing matches": lambda ds: Filters(years=(1990, 1991)),
}


@pytest.fixture(scope="module", params=["fixture", "shipped"])
def ds(request):
    return load_folder(FIXTURE if request.param == "fixture" else DATA)


@pytest.mark.parametrize("name", FILTERS)
def test_a_view_knows_its_rows_positions_without_a_lookup(ds, name):
    view = apply(ds, FILTERS[name](ds))
    handed = view.__dict__["rows"]  # left by apply, remapped from the full dataset's index
    p, m, o = view.participation, view.meetings, view.organizations
    np.testing.assert_array_equal(handed.meeting, positions(p["meeting_id"], pd.Index(m["meeting_id"])))
    np.testing.assert_array_equal(handed.org, positions(p["org_id"], pd.Index(o["org_id"])))
    assert (handed.meeting >= 0).all() and (handed.org >= 0).all()
    ids = m["meeting_id"].to_numpy(dtype=object)
    assert list(ids[np.argsort(handed.id_rank)]) == sorted(ids)


@pytest.mark.parametrize("name", FILTERS)
def test_summary_from_the_index_is_the_summary_from_scratch(ds, name):
    view = apply(ds, FILTERS[name](ds))
    fresh = replace(view)  # the same tables, no positions kept: looked up by id
    assert "rows" not in fresh.__dict__
    pd.testing.assert_frame_equal(summary.meeting_summary(view), summary.meeting_summary(fresh))
    expected = summary.meeting_summary(fresh)
    assert list(expected["meeting_id"]) == list(
        expected.sort_values(["start_date", "meeting_id"], kind="stable")["meeting_id"])


def test_the_index_is_built_once_per_dataset(ds):
    assert index.of(ds) is index.of(ds)
    apply(ds, default_filters(ds))
    assert index.of(ds) is ds.__dict__["index"]


@pytest.mark.parametrize("name", FILTERS)
def test_figures_places_and_sources_picked_by_position_are_the_ones_named(ds, name):
    view = apply(ds, FILTERS[name](ds))
    kept = set(view.meetings["meeting_id"])
    assert list(view.reported_figures.index) == [
        i for i, mid in ds.reported_figures["meeting_id"].items() if mid in kept]
    assert set(view.places["meeting_id"]) <= kept
    assert len(view.places) == int(ds.places["meeting_id"].isin(kept).sum())
    cited = set(view.reported_figures["source_id"].dropna())
    for table in (view.meetings, view.organizations, view.participation, view.places):
        for cell in table["source_ids"].dropna():
            cited |= {s.strip() for s in str(cell).split(";") if s.strip()}
    assert set(view.sources["source_id"]) == cited & set(ds.sources["source_id"])
