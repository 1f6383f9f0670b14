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


def test_about_page_shows_what_changed_in_this_release_and_cites_it(make_app):
    from ctc_dashboard.dataset import changelog
    from tests.conftest import DATA

    latest = changelog.read(DATA)[0]
    at = make_app(DATA, PAGE)
    assert not at.exception, at.exception
    assert "What changed" in [h.value for h in at.header]
    shown = text(at)
    assert "Release **" in shown and f"(data version `{latest.data_version}`)" in shown
    assert any(latest.changes[0].what in df.value["what"].tolist() for df in at.dataframe if "what" in df.value)
    assert f"release {latest.version}" in at.code[0].value  # the citation names the release


def test_about_page_on_other_data_says_it_has_no_changelog(make_app):
    at = make_app(FIXTURE, PAGE)
    assert "What changed" in [h.value for h in at.header]
    assert "no changelog" in text(at) or "not a released version" in text(at)
