"""Country visits in the browser: one choice away by link, the map's legend says how visits are drawn, and the
Visited State filter narrows to the visits to one State."""

import re

from playwright.sync_api import expect

from .conftest import count_line, goto, multiselect, no_exception, retry, wait_idle

LINK = "/map?type=special+meeting&type=joint+special+meeting&type=country+visit"


def test_visits_on_the_map_and_the_visited_state_filter(shipped_server, new_page):
    page = new_page()
    goto(page, shipped_server.url + LINK, "Map")
    no_exception(page)
    expect(count_line(page)).to_contain_text(re.compile(r"\d+ of \d+ meetings and 107 of 107 country visits"))
    main = page.locator("[data-testid=stMain]")
    expect(main.get_by_text("country visit (the visited State is shaded)")).to_be_visible()

    def _choose() -> None:  # typed: the long option list draws only the options in view
        box = multiselect(page, "Visited State")
        box.locator("input").click()
        page.keyboard.type("Nigeria")
        page.get_by_role("option", name=re.compile(r"^Nigeria")).first.click(timeout=5_000)
        page.keyboard.press("Escape")
        wait_idle(page)

    def _check(timeout: float) -> None:
        expect(main.get_by_text(re.compile(r"5 of 107 country visits, 2006"))).to_be_visible(timeout=timeout)

    retry(_choose, _check)
    assert "visited=NGA" in page.url
    no_exception(page)
