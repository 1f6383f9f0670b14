"""A copied link reproduces the view, in a new browser context."""

from playwright.sync_api import expect

from tests.conftest import FIXTURE

from .conftest import count_line, goto, nav_pages, no_exception, set_year_end, timeline_points, wait_idle

LINK = "/timeline?years=2003&years=2004"  # the format the slider writes (test_filters.py)


def _check_view(page) -> None:
    no_exception(page)
    expect(count_line(page)).to_contain_text("2 of 4 meetings, 2003–2004")
    end = page.locator('input[type=range][aria-label^="Years"]').last
    assert end.input_value() == "2004"
    assert timeline_points(page) == 2


def test_link_reproduces_view(fixture_server, new_page):
    page = new_page()
    goto(page, fixture_server.url + LINK, "When the meetings were held")
    _check_view(page)


# Regression: with the page scripts in a folder named pages/ next to dashboard.py, Streamlit 1.67 ran the
# first session of a fresh server in its legacy multipage mode (file names in the sidebar, the first
# widget change lost). The pages live in app_pages/ for that reason.
def test_shared_link_on_fresh_server(start_server, new_page):
    """The first visitor of a freshly started server opens a shared link, then changes a filter."""
    server = start_server(FIXTURE, warm=False)
    page = new_page()
    page.goto(server.url + LINK)
    page.locator("[data-testid=stMain] h1, [data-testid=stException]").first.wait_for(timeout=30_000)
    wait_idle(page)
    _check_view(page)
    assert [link for _, link in nav_pages(page)][:4] == ["Overview", "Map", "Timeline", "Participation"]
    set_year_end(page, 2019)  # once, no retry: the first change must count
    expect(count_line(page)).to_contain_text("3 of 4 meetings, 2003–2019", timeout=8_000)
