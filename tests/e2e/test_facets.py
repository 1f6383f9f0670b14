"""Topic and region links in a fresh browser: the filtered view, with the counts the package computes.

Each link opens in a new browser context (no session, no cookies), as a shared link would. The expected
numbers come from ``filters.apply`` and ``facets.counts`` on the same shipped data the server shows.
Screenshots of the new charts (1400 px and 390 px, light and dark) go to tests/e2e/screenshots/.
"""

from dataclasses import replace
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from ctc_dashboard.derive import facets, filters, visits

from .conftest import count_line, goto, multiselect, no_exception, screenshot, wait_idle


def _expected(ds, **changes) -> tuple[str, dict[str, dict[str, int]]]:
    f = replace(filters.default_filters(ds), **changes)
    n = len(filters.apply(ds, f).meetings)
    meetings, _ = visits.split(ds.meetings)  # the count line's total never counts country visits as meetings
    return f"{n} of {len(meetings)} meetings", facets.counts(ds, f)


def _chips(page, label: str) -> list[str]:
    return [c.strip() for c in multiselect(page, label).locator("[data-tag]").all_inner_texts()]


@pytest.mark.parametrize(("key", "value", "field", "label"), [
    ("topic", "terrorist financing", "topics", "Topic"),
    ("region", "Americas", "regions", "Region"),
])
def test_link_opens_the_filtered_view_with_the_same_counts(shipped_server, new_page, shipped, key, value, field,
                                                           label):
    count, counts = _expected(shipped, **{field: (value,)})
    page = new_page()
    goto(page, f"{shipped_server.url}/data?{key}={quote(value)}", "Data")
    expect(count_line(page)).to_contain_text(count)
    assert _chips(page, label) == [f"{value} ({counts[key][value]:,})"]
    # the chosen meeting types carry the counts of this view too
    types = _chips(page, "Meeting type")
    assert types == [f"{t} ({counts['type'][t]:,})" for t in filters.default_types(shipped)]
    no_exception(page)


def test_every_option_of_a_filter_lists_its_count(shipped_server, new_page, shipped):
    _, counts = _expected(shipped)
    page = new_page()
    goto(page, f"{shipped_server.url}/", None)
    box = multiselect(page, "Organizations").locator("input")
    box.click()
    shown = [o for o in page.get_by_role("option").all_inner_texts()  # virtual list: the first options only
             if o != "Select all" and not o.endswith("...")]  # Streamlit cuts long labels in the list
    assert shown and all(o.endswith(")") for o in shown), shown
    box.fill("UNODC")
    option = page.get_by_role("option").filter(has_text="United Nations Office on Drugs and Crime")
    expect(option).to_have_text(f"UNODC — United Nations Office on Drugs and Crime ({counts['org']['UNODC']})")
    page.keyboard.press("Escape")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1400, 390])
def test_screenshots_of_the_new_charts(shipped_server, browser, scheme, width):
    """Not an assertion of looks: the files are for a person to look at; the test checks they rendered."""
    context = browser.new_context(viewport={"width": width, "height": 1100}, color_scheme=scheme)
    try:
        page = context.new_page()
        for path, title, name in (("timeline?type=special+meeting&type=joint+special+meeting&type=open+briefing",
                                   "When the meetings were held", "topics-per-year"),
                                  ("participation?breakdown-by=Region", "Who took part", "region-breakdown"),
                                  ("map?map-colour=Topic", "Where the meetings were held", "map-by-topic")):
            goto(page, f"{shipped_server.url}/{path}", title)
            target = {"topics-per-year": page.locator(".js-plotly-plot").nth(2),
                      "region-breakdown": page.locator(".js-plotly-plot").first,
                      "map-by-topic": page.locator("[data-testid=stDeckGlJsonChart]").first}[name]
            target.scroll_into_view_if_needed()
            wait_idle(page)
            page.wait_for_timeout(800)
            screenshot(page, f"facets-{name}-{width}-{scheme}")
            no_exception(page)
    finally:
        context.close()
