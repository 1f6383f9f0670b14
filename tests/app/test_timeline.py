"""The timeline page (/timeline): the year filter changes the count and the points; topics per year."""

from ctc_dashboard.ui import routes
from tests.conftest import FIXTURE

from .conftest import ON_FIXTURE_AND_SHIPPED, charts, text

PAGE = routes.TIMELINE.file


@ON_FIXTURE_AND_SHIPPED
def test_timeline_renders(make_app, data):
    at = make_app(data, PAGE)
    assert not at.exception, at.exception
    assert at.title, "page has a title"


def test_year_filter_changes_count_and_charts(make_app):
    at = make_app(FIXTURE, PAGE, years=[2003, 2004])
    assert "2 of 4 meetings, 2003–2004" in text(at)
    spec = charts(at)[0]
    xs = [x for tr in spec["data"] if tr.get("mode", "").find("markers") >= 0 for x in tr.get("x", []) if x]
    assert len(xs) == 2


def test_topics_per_year_chart_on_the_timeline(make_app):
    at = make_app(None, PAGE)
    assert not at.exception
    heat = next(s for s in charts(at) if s["data"] and s["data"][0].get("type") == "heatmap")
    assert "Topics per year" in heat["layout"]["title"]["text"]
    assert "terrorist financing" in heat["data"][0]["y"]
    assert "terrorist narratives<br>and violent extremism" in heat["data"][0]["y"]
