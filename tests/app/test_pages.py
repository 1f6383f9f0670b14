"""Every page renders on the shipped data and on the fixture; filters change what pages show."""

import json

import pytest

from ctc_dashboard.ui import keys, routes
from tests.conftest import DATA, FIXTURE

from .conftest import PAGES

HAS_DATA = (DATA / "meetings.csv").exists()


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_fixture(make_app, page):
    at = make_app(FIXTURE, page)
    assert not at.exception, at.exception
    assert at.title, "page has a title"


@pytest.mark.skipif(not HAS_DATA, reason="shipped data not built yet")
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_shipped_data(make_app, page):
    at = make_app(None, page)
    assert not at.exception, at.exception


def test_default_view_leaves_out_briefings(make_app):
    at = make_app(FIXTURE)
    # fixture: 4 meetings, one open briefing (M3): the default view is the special meetings.
    assert "3 of 4 meetings, 2003–2019" in _text(at)


def test_year_filter_changes_count_and_charts(make_app):
    at = make_app(FIXTURE, routes.TIMELINE.file, years=[2003, 2004])
    assert "2 of 4 meetings, 2003–2004" in _text(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    xs = [x for tr in spec["data"] if tr.get("mode", "").find("markers") >= 0 for x in tr.get("x", []) if x]
    assert len(xs) == 2


def test_organization_filter_keeps_only_its_meetings(make_app):
    at = make_app(FIXTURE, routes.DATA.file, org=["ORGC"])
    assert not at.exception
    meetings = at.dataframe[0].value
    assert sorted(meetings["meeting_id"]) == ["M1", "M2"]


def test_empty_state_when_nothing_matches(make_app):
    at = make_app(FIXTURE, routes.MAP.file, type=["open briefing"], org=["ORGC"])
    assert not at.exception
    assert "0 of 4 meetings match the filters." in _text(at)
    assert any("No meeting matches" in i.value for i in at.info)


def test_invalid_folder_shows_report_not_traceback(make_app, tmp_path):
    for f in FIXTURE.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    bad = (tmp_path / "organizations.csv").read_text().replace(",regional,", ",continental,", 1)
    (tmp_path / "organizations.csv").write_text(bad)
    at = make_app(tmp_path)
    assert not at.exception
    assert at.error and "does not match the data contract" in at.error[0].value
    report = at.dataframe[0].value
    row = report.iloc[0]
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
