"""The exported database and its metadata.json, served by Datasette itself: search, facets, links, licence."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from datasette.app import Datasette

from ctc_dashboard.contract import licence
from ctc_dashboard.derive.sqlite import metadata_json, write_sqlite


@pytest.fixture(scope="module")
def served(tmp_path_factory, shipped):
    """GET a path of Datasette serving ctc.db with -m metadata.json (in process, no server, no network)."""
    folder = tmp_path_factory.mktemp("datasette")
    ds = shipped
    db = write_sqlite(ds, folder / "ctc.db")
    meta = json.loads(metadata_json(ds, database="ctc"))
    app = Datasette([str(db)], metadata=meta)

    def get(path: str):
        # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
        with ThreadPoolExecutor(1) as pool:
            response = pool.submit(asyncio.run, app.client.get(path)).result()
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        return response

    return get, ds


def test_metadata_is_accepted_with_title_and_licence(served):
    get, _ = served
    meta = get("/-/metadata.json").json()
    assert meta["license_url"] == licence.DATA_LICENCE["path"]
    assert licence.DATA_LICENCE["title"] in get("/ctc/meetings").text


def test_full_text_search_through_datasette(served):
    get, _ = served
    rows = get("/ctc/meetings.json?_search=vienna&_shape=array").json()
    assert "SM-2004-VIE" in [r["meeting_id"] for r in rows]
    orgs = get("/ctc/organizations.json?_search=OSCE&_shape=array").json()
    assert [r["org_id"] for r in orgs] == ["OSCE"]


def test_year_facet_counts_every_meeting(served):
    get, ds = served
    data = get("/ctc/meetings.json?_size=0").json()
    counts = {r["value"]: r["count"] for r in data["facet_results"]["year"]["results"]}
    assert sum(counts.values()) == len(ds.meetings)


def test_foreign_keys_link_participation_to_its_meeting_and_organization(served):
    get, _ = served
    html = get("/ctc/participation").text
    assert 'href="/ctc/meetings/' in html and 'href="/ctc/organizations/' in html


def test_column_descriptions_come_from_the_schema(served):
    get, _ = served
    assert "First day (YYYY-MM-DD)" in get("/ctc/meetings").text
