"""Issue 25 in the browser: what only a real page shows (wrapped options, print, the phone's sidebar)."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import VIEWPORT, goto, multiselect, retry, wait_idle

LONG_TOPIC = "capacity building and technical assistance"


def test_long_topic_options_are_not_cut(shipped_server, new_page):
    page = new_page()
    goto(page, shipped_server.url + "/", "CTC cooperation")
    option = page.get_by_role("option", name=LONG_TOPIC).first

    def open_list():
        page.keyboard.press("Escape")  # a list left open by an earlier attempt
        multiselect(page, "Topic").locator("input").click()

    retry(open_list, lambda ms: expect(option).to_be_visible(timeout=ms))  # a rerun may close the list
    text = option.locator("div").first
    # the whole label, count included, is inside the option's box: wrapped, not cut with an ellipsis
    assert text.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    assert "(" in text.inner_text() and text.inner_text().startswith(LONG_TOPIC)


def test_print_leaves_out_the_sidebar(shipped_server, new_page):
    page = new_page()
    goto(page, shipped_server.url + "/", "CTC cooperation")
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    main = page.get_by_test_id("stMain").bounding_box()
    assert main["x"] < 20 and main["width"] > VIEWPORT["width"] * 0.9  # the page takes the sheet's width
    expect(page.get_by_test_id("stDeckGlJsonChart").first).to_be_visible()  # the map is printed


def test_phone_sidebar_closes_after_choosing_a_page(shipped_server, browser):
    """Streamlit 1.67 closes the sidebar after navigation when the browser says it is a phone (user agent);
    a desktop browser narrowed to 390 px keeps it open, as on a desktop."""

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
                                             "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 "
                                             "Safari/604.1")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(shipped_server.url) else r.abort())
    try:
        page = context.new_page()
        goto(page, shipped_server.url + "/", "CTC cooperation")
        page.get_by_test_id("stExpandSidebarButton").click()
        link = page.get_by_test_id("stSidebarNavLink").filter(has_text="Timeline")
        expect(link).to_be_in_viewport()
        link.click()
        wait_idle(page)
        expect(page.get_by_role("heading", name="When the meetings were held")).to_be_visible()
        expect(link).not_to_be_in_viewport()
    finally:
        context.close()
