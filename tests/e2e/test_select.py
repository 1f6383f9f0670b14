"""Click to select: a meeting clicked on the timeline or the map shows in a box and in the URL, and clears."""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from .conftest import FIXTURE, first_map_view, goto, retry, wait_idle


def _selected(page):
    return page.locator("[data-testid=stMain]").get_by_text("Selected:")


def _meeting_param(page) -> list[str]:
    return parse_qs(urlsplit(page.url).query).get("meeting", [])


def test_click_on_timeline_selects_and_clears(fixture_server, new_page):
    page = new_page()
    goto(page, f"{fixture_server.url}/timeline", "When the meetings were held")
    chart = page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first
    point = chart.locator(".scatterlayer .trace .points path").first
    point.wait_for(timeout=20_000)

    def click():
        point.click(force=True)
        wait_idle(page)

    retry(click, lambda t: expect(_selected(page)).to_be_visible(timeout=t))
    assert len(_meeting_param(page)) == 1  # the selection is in the URL
    expect(page.get_by_role("link", name="Open the meeting's profile")).to_be_visible()
    page.get_by_role("button", name="Clear selection").click()
    expect(_selected(page)).to_have_count(0, timeout=8_000)
    assert _meeting_param(page) == []


def _pixel(lat: float, lon: float, zoom: float, centre: tuple[float, float]) -> tuple[float, float]:
    """Web Mercator offset (pixels) of a point from the view centre, as deck.gl draws it."""
    world = 512 * 2**zoom

    def xy(la, lo):
        merc = math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        return (lo + 180) / 360 * world, (1 - merc / math.pi) / 2 * world

    x0, y0 = xy(*centre)
    x1, y1 = xy(lat, lon)
    return x1 - x0, y1 - y0


def test_click_on_map_selects_a_venue(fixture_server, new_page):
    page = new_page()
    goto(page, f"{fixture_server.url}/map", "Where the meetings were held")
    deck = page.locator("[data-testid=stDeckGlJsonChart]").first
    canvas = deck.locator("canvas").first
    canvas.wait_for(timeout=20_000)
    page.wait_for_timeout(1_500)
    box = canvas.bounding_box()
    view = first_map_view(FIXTURE)
    dx, dy = _pixel(48.2085, 16.3721, view["zoom"], (view["lat"], view["lon"]))  # Vienna: M2 only
    dx += 4  # east of the centre: GO's arc to New York leaves from Vienna's centre

    def click():
        page.mouse.click(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy)
        wait_idle(page)

    retry(click, lambda t: expect(_selected(page)).to_be_visible(timeout=t))
    assert _meeting_param(page) == ["M2"]
    expect(page.locator("[data-testid=stMain]")).to_contain_text("Second test meeting")


def test_keyboard_picks_a_meeting_where_a_click_would(fixture_server, new_page):
    """Beside the clickable timeline, a list does the same: type a city, press Enter, the meeting is selected."""
    page = new_page()
    goto(page, f"{fixture_server.url}/timeline", "When the meetings were held")
    picker = page.locator("[data-testid=stSelectbox]").filter(has_text="Select a meeting")

    def pick():
        picker.locator("input").click()
        page.keyboard.type("Vienna")
        page.keyboard.press("Enter")
        wait_idle(page)

    retry(pick, lambda t: expect(_selected(page)).to_be_visible(timeout=t))
    assert _meeting_param(page) == ["M2"]
    expect(page.locator("[data-testid=stMain]")).to_contain_text("Second test meeting")
    page.get_by_role("button", name="Clear selection").click()
    expect(_selected(page)).to_have_count(0, timeout=8_000)
    assert _meeting_param(page) == []
