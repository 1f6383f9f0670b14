"""The landing page (/): counts of the default view; a folder that breaks the contract shows the report."""

from tests.conftest import FIXTURE

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
