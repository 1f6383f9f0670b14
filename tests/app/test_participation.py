"""The participation page (/participation): the breakdown chosen by link."""

from ctc_dashboard.ui import routes

from .conftest import ON_FIXTURE_AND_SHIPPED, charts

PAGE = routes.PARTICIPATION.file


@ON_FIXTURE_AND_SHIPPED
def test_participation_renders(make_app, data):
    at = make_app(data, PAGE)
    assert not at.exception, at.exception
    assert at.title, "page has a title"


def test_breakdown_choice_comes_from_the_link(make_app):
    at = make_app(None, PAGE, **{"breakdown-by": "Region"})
    assert not at.exception
    assert at.get("button_group")[0].value == "region"
    names = {tr.get("name") for tr in charts(at)[0]["data"]}
    assert "Global (international)" in names and "Organization kind" not in names
