"""The landing page (/): counts of the default view; a folder that breaks the contract shows the report."""

import json

from streamlit.testing.v1 import AppTest

from ctc_dashboard.ui import keys
from tests.conftest import FIXTURE, ROOT

from .conftest import ON_FIXTURE_AND_SHIPPED, text

PAGE = None  # the default page: no switch


@ON_FIXTURE_AND_SHIPPED
def test_overview_renders(make_app, data):
    at = make_app(data, PAGE)
    assert not at.exception, at.exception
    assert at.title, "page has a title"


def test_default_view_leaves_out_briefings(make_app):
    at = make_app(FIXTURE)
    # fixture: 4 meetings, one open briefing (M3): the default view is the special meetings.
    assert "3 of 4 meetings, 2003–2019" in text(at)


def test_invalid_folder_shows_report_not_traceback(make_app, folder):
    folder.set_cell("organizations.csv", 3, "kind", "continental")
    at = make_app(folder.path)
    assert not at.exception
    assert at.error and "does not match the data contract" in at.error[0].value
    row = at.dataframe[0].value.iloc[0]
    assert (row["file"], row["row"], row["column"], row["value"]) == ("organizations.csv", 3, "kind", "continental")


def test_overview_sends_no_table_until_one_is_opened(make_app):
    """Closed tabs and expanders cost nothing: the data grid's bundle is fetched only for an open table."""
    at = make_app(FIXTURE)
    assert not at.dataframe and not at.get("download_button")
    at.session_state[keys.shown(keys.OVERVIEW_TIMELINE)] = "Table"  # the reader opens the Table tab
    at.run()
    assert not at.exception
    (table,) = at.dataframe
    assert sorted(table.value["meeting_id"]) == ["M1", "M2", "M4"]
    assert [b.label for b in at.get("download_button")] == ["Download this table (CSV)"]
    at.session_state[keys.shown(keys.OVERVIEW_MAP)] = True  # and the venues expander
    at.run()
    assert any("city" in t.value.columns for t in at.dataframe)


def test_the_benchmarks_shape_page_draws_the_landings_elements(make_app, tmp_path, monkeypatch):
    """bench/shape_app.py (the landing's elements with no data work, cold-loaded beside the floor by bench.landing)
    draws every element the landing draws, in the same places: a new kind of element fails here, not in a
    benchmark run."""
    from bench import shape

    landing = shape.of(make_app())
    dump = tmp_path / "shape.json"
    dump.write_text(json.dumps(landing), encoding="utf-8")
    monkeypatch.setenv("CTC_SHAPE", str(dump))
    replay = AppTest.from_file(str(ROOT / "bench" / "shape_app.py"), default_timeout=60)
    replay.run()
    assert not replay.exception
    assert shape.layout(shape.of(replay)) == shape.layout(landing)
    assert sum(kind == "multiselect" for _, kind in shape.layout(landing)) >= 5  # it is the landing's, with filters
