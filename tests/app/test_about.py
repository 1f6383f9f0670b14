"""The Sources & about page (/about): both licences. (Which version is served: test_reload.py.)"""

from ctc_dashboard.ui import routes
from tests.conftest import FIXTURE

from .conftest import ON_FIXTURE_AND_SHIPPED, text

PAGE = routes.ABOUT.file


@ON_FIXTURE_AND_SHIPPED
def test_about_renders(make_app, data):
    at = make_app(data, PAGE)
    assert not at.exception, at.exception
    assert at.title, "page has a title"


def test_about_page_states_both_licences(make_app):
    at = make_app(FIXTURE, PAGE)
    shown = text(at)
    assert "Licence" in [s.value for s in at.header]  # an h2 under the page title
    assert "Creative Commons Attribution 4" in shown and "MIT" in shown and "publishers" in shown
