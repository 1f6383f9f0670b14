"""The map page (/map): the empty state, and the colouring chosen by link with its legend."""

from ctc_dashboard.ui import routes
from tests.conftest import FIXTURE

from .conftest import ON_FIXTURE_AND_SHIPPED, markdown, text

PAGE = routes.MAP.file


@ON_FIXTURE_AND_SHIPPED
def test_map_renders(make_app, data):
    at = make_app(data, PAGE)
    assert not at.exception, at.exception
    assert at.title, "page has a title"


def test_empty_state_when_nothing_matches(make_app):
    at = make_app(FIXTURE, PAGE, type=["open briefing"], org=["ORGC"])
    assert not at.exception
    assert "0 of 4 meetings match the filters." in text(at)
    assert any("No meeting matches" in i.value for i in at.info)


def test_map_colouring_comes_from_the_link_and_has_its_legend(make_app):
    at = make_app(None, PAGE, **{"map-colour": "Topic"})
    assert not at.exception
    assert at.get("button_group")[0].value == "topic"
    legend = markdown(at)
    assert "terrorist financing" in legend and "several topics" in legend
