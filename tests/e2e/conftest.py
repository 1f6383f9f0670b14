"""Browser tests: the real app (`streamlit run`) in headless Debian Chromium, fully offline.

- ``start_server(data)`` starts ``streamlit run dashboard.py`` on a free port (data=None: the shipped
  data/) with the shared harness (tests/support/harness.py), waits until it is healthy and returns it;
  every server is stopped by its process id (terminate, then kill) at the end of the session.
- ``new_page()`` opens a page in a fresh browser context (1400x1000). Every request to a host other
  than 127.0.0.1/localhost is aborted and recorded; any such request fails the test at teardown.
- Servers are warmed by one visit (test_links.py checks a cold server's first visitor). Tests still
  wait for the app's visible state (the count line) and
  retry an interaction (``retry``), never assume it was applied.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ctc_dashboard.ui import routes
from tests.conftest import FIXTURE
from tests.support import harness
from tests.support.harness import CHROMIUM, Server, is_local, launch

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORT = {"width": 1400, "height": 1000}

# (url path, sidebar link text, title shown on the page) of the pages every browser test walks through
PAGES = [(r.url_path, r.title, r.heading) for r in
         (routes.OVERVIEW, routes.MAP, routes.TIMELINE, routes.PARTICIPATION, routes.DATA, routes.ABOUT)]
COUNT_RE = re.compile(r"\d+ of \d+ meetings")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    here = Path(__file__).resolve().parent
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (apt-get install chromium; `make test` does it)")
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


# ----------------------------------------------------------------------------------------- servers

@pytest.fixture(scope="session")
def start_server(tmp_path_factory, browser) -> Iterator[Callable[..., Server]]:
    """Factory: ``start_server(folder)`` (None = shipped data/) -> a running, healthy Server.
    ``args`` are added to ``streamlit run`` (e.g. ``--server.disconnectedSessionTTL``), ``env`` to its environment.

    ``warm=True`` (the default) opens the default page once first. Without it the first visitor of
    a fresh server meets the bug pinned by test_links.py::test_shared_link_on_fresh_server.
    """
    log_dir = tmp_path_factory.mktemp("streamlit-logs")
    servers: list[Server] = []

    def _start(data: Path | None, warm: bool = True, args: tuple[str, ...] = (), env: dict | None = None) -> Server:
        server = Server(data, log_dir, args=args, env=env)
        servers.append(server)
        server.start(timeout=60)
        if warm:
            context = browser.new_context(viewport=VIEWPORT)
            try:
                page = context.new_page()
                page.goto(server.url + "/")
                wait_ready(page, COUNT_RE, timeout=60_000)
            finally:
                context.close()
        return server

    try:
        yield _start
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="session")
def fixture_server(start_server) -> Server:
    """tests/fixtures/small: 4 meetings (M3 an open briefing, left out by default)."""
    return start_server(FIXTURE)


@pytest.fixture(scope="session")
def shipped_server(start_server) -> Server:
    """The shipped data/ (part of the product: missing, the tests fail)."""
    return start_server(None)


# ----------------------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def new_page(browser):
    """Factory for pages in fresh contexts; any request off the machine fails the test."""
    contexts = []
    outside: list[str] = []

    def note(url: str) -> None:
        if not is_local(url) and url not in outside:
            outside.append(url)

    def guard(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            note(url)
            route.abort()

    def _new_page():
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        context.route("**/*", guard)
        context.on("request", lambda r: note(r.url))  # also what routing may not see (service workers)
        page = context.new_page()
        page.on("websocket", lambda ws: note(ws.url))
        contexts.append(context)
        return page

    _new_page.outside = outside  # a test may check (and clear) it itself
    yield _new_page
    for context in contexts:
        context.close()
    assert not outside, f"requests off the machine: {outside}"


# ----------------------------------------------------------------------------------------- helpers

def wait_idle(page, timeout: float = 30_000) -> None:
    """The script has finished its run, the browser is connected, nothing is still loading (harness.READY_JS)."""
    harness.wait_ready(page, None, timeout)


def wait_ready(page, text: str | re.Pattern | None = None, timeout: float = 30_000) -> None:
    """Idle, and `text` (by default any page title) visible in the main area."""
    main = page.locator("[data-testid=stMain]")
    target = main.locator("h1") if text is None else main.get_by_text(text)
    target.first.wait_for(state="visible", timeout=timeout)
    wait_idle(page, timeout)


def count_line(page):
    """The bold 'N of M meetings, …' line at the top of a page."""
    return page.locator("[data-testid=stMain] [data-testid=stMarkdown]").filter(has_text=COUNT_RE).first


def goto(page, url: str, title: str | re.Pattern | None = None) -> None:
    page.goto(url)
    wait_ready(page, title)


def retry(action: Callable[[], None], check: Callable[[float], None], attempts: int = 4,
          timeout: float = 8_000) -> None:
    """Do `action` until `check(timeout_ms)` passes: a fresh server may drop the first interaction."""
    from playwright.sync_api import TimeoutError as PWTimeout

    error: Exception | None = None
    for _ in range(attempts):
        try:
            action()
            check(timeout)
            return
        except (AssertionError, PWTimeout) as e:
            error = e
    assert error is not None
    raise error


def multiselect(page, label: str):
    return page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(
        has=page.locator("[data-testid=stWidgetLabel]", has_text=label))


def choose(page, label: str, option: str | re.Pattern) -> None:
    """Choose `option` in the sidebar multiselect `label`.

    If the chip is already there (shown but perhaps not applied by the server), remove it first, so
    a retry really sends the change again.
    """
    from playwright.sync_api import expect

    box = multiselect(page, label)
    chip = box.locator("[data-tag]").filter(has_text=option)
    if chip.count():
        chip.first.locator("button").click()  # "Remove <option>"
        expect(chip).to_have_count(0)
        wait_idle(page)
    box.locator("input").click()
    page.get_by_role("option", name=option).first.click(timeout=5_000)
    page.keyboard.press("Escape")


def set_year_end(page, year: int) -> None:
    """Move the Years slider's end thumb with the keyboard (the range input is visually hidden)."""
    thumb = page.locator('input[type=range][aria-label^="Years"]').last
    thumb.focus()
    now = int(thumb.input_value())
    if now == year:  # shown but perhaps not applied: nudge it so the change is sent again
        page.keyboard.press("ArrowRight" if year < int(thumb.get_attribute("max")) else "ArrowLeft")
        now = int(thumb.input_value())
    for _ in range(4):
        # Under load a rerun that arrives between two presses can set the thumb back to the value it sent:
        # read where it is and press on from there (the page's count must still follow, which callers check).
        key = "ArrowLeft" if now > year else "ArrowRight"
        for _ in range(abs(now - year)):
            page.keyboard.press(key)
        page.wait_for_timeout(300)
        now = int(thumb.input_value())
        if now == year:
            return


def expect_count(page, text: str | re.Pattern):
    """A `check` for retry(): the count line shows `text`."""
    from playwright.sync_api import expect

    def _check(timeout: float) -> None:
        expect(count_line(page)).to_contain_text(text, timeout=timeout)
        wait_idle(page)

    return _check


def nav_pages(page) -> list[tuple[str, str]]:
    """(url path, link text) of every page in the sidebar navigation, as the app lists them now."""
    links = page.locator("[data-testid=stSidebarNav] a[data-testid=stSidebarNavLink]")
    links.first.wait_for()
    out = []
    for link in links.all():
        path = urlsplit(link.get_attribute("href") or "").path.strip("/")
        label = link.inner_text().strip().split("\n")[-1]  # after the icon (emoji or material ligature)
        out.append((path, re.sub(r"^\W+", "", label).strip()))
    return out


def sidebar_link(page, text: str):
    # the link's text is the icon (an emoji or a material-icon ligature such as "map") then the label
    return page.locator("[data-testid=stSidebarNav] [data-testid=stSidebarNavLink]").filter(
        has_text=re.compile(rf"{re.escape(text)}\s*$"))


def switch_page(page, link: str, path: str) -> None:
    """Click a sidebar link (same browser session) and wait until the new page has run."""
    h1 = page.locator("[data-testid=stMain] h1").first
    before = h1.inner_text() if h1.count() else ""
    sidebar_link(page, link).click()
    page.wait_for_url(re.compile(rf"/{re.escape(path)}(\?|$)"))
    page.wait_for_function("""before => {
        const h = document.querySelector('[data-testid=stMain] h1');
        return h && h.innerText !== before;
    }""", arg=before, timeout=30_000)
    wait_idle(page)


def timeline_points(page) -> int:
    """Meeting markers drawn in the first plotly chart of the page (the timeline)."""
    chart = page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first
    chart.locator(".main-svg").first.wait_for(timeout=20_000)
    return chart.locator(".scatterlayer .trace .points path").count()


def basemap_drawn(page, chart, timeout: float = 20.0) -> bool:
    """The deck.gl map shows more than its background: the countries are painted (not a blank map)."""
    from io import BytesIO

    import numpy as np
    from PIL import Image

    deadline = time.monotonic() + timeout
    while True:
        pixels = np.asarray(Image.open(BytesIO(chart.screenshot())).convert("RGB")).reshape(-1, 3)
        _, counts = np.unique(pixels, axis=0, return_counts=True)
        if 1 - counts.max() / counts.sum() > 0.10:  # > 10 % of the map is not the background colour
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)


def no_exception(page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0, page.locator(
        "[data-testid=stException]").first.inner_text()
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "Traceback" not in body
    assert "does not match the data contract" not in body


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def first_map_view(folder: Path) -> dict:
    """The venue map's first view on a page of ``folder`` in the default filters (lat, lon, zoom)."""
    from ctc_dashboard import apply, load_folder
    from ctc_dashboard.derive import filters, summary
    from ctc_dashboard.render import maps

    ds = load_folder(folder)
    view = maps.first_view(summary.meeting_summary(apply(ds, filters.default_filters(ds))))
    return {"lat": view.latitude, "lon": view.longitude, "zoom": view.zoom}
