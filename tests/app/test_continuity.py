"""The who-came-back page (/continuity): the matrix, its sort (by widget and by link), the filters."""

from ctc_dashboard.ui import routes
from tests.conftest import FIXTURE

from .conftest import ON_FIXTURE_AND_SHIPPED, charts

PAGE = routes.CONTINUITY.file


@ON_FIXTURE_AND_SHIPPED
def test_continuity_renders_with_its_matrix(make_app, data):
    at = make_app(data, PAGE)
    assert not at.exception, at.exception
    assert at.title[0].value == "Who came back"
    assert at.get("plotly_chart")


def test_continuity_page_shows_the_matrix_and_the_table(make_app):
    at = make_app(FIXTURE, PAGE)
    spec = charts(at)[0]
    heatmap = spec["data"][0]  # the chart's trace, then the key (one legend entry per role) and the source line
    assert heatmap["type"] == "heatmap"
    assert spec["layout"]["legend2"]["title"]["text"].startswith("Source: CTC cooperation dashboard")
    assert len(heatmap["y"]) == 4  # the default view: M3 (and ORGB, invited only to it) left out
    tables = [df.value for df in at.dataframe]
    continuity = next(t for t in tables if "came_back" in t.columns)
    orga = continuity.set_index("org_id").loc["ORGA"]
    assert (orga["first_meeting"], orga["last_meeting"], orga["came_back"]) == ("M1", "M4", 1)


def test_sort_by_number_of_meetings(make_app):
    at = make_app(FIXTURE, PAGE)
    at.button_group(key="matrix-sort").set_value("meetings").run()
    assert not at.exception, at.exception
    assert "sorted by number of meetings" in charts(at)[0]["layout"]["title"]["subtitle"]["text"]


def test_matrix_sort_comes_from_the_link(make_app):
    at = make_app(None, PAGE, **{"matrix-sort": "Number of meetings"})
    assert not at.exception
    assert at.get("button_group")[0].value == "meetings"


def test_continuity_page_follows_filters(make_app):
    at = make_app(FIXTURE, PAGE, years=[2005, 2010])
    assert not at.exception, at.exception
    assert any("No meeting matches" in i.value for i in at.info)


def test_continuity_works_without_optional_columns(make_app, minimal_folder):
    at = make_app(minimal_folder.path, PAGE)
    assert not at.exception, at.exception
    assert at.get("plotly_chart")
