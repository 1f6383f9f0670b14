"""Every page loads in a real browser on the shipped data, with its charts and map drawn."""

import os
import shutil

from tests.conftest import ROOT

from .conftest import PAGES, SCREENSHOTS, basemap_drawn, goto, nav_pages, no_exception, screenshot

PLOTLY_PAGES = {"", "timeline", "participation"}  # at least two plotly charts each
MAP_PAGES = {"", "map"}
TITLES = {path: title for path, _, title in PAGES}
DOCS_SHOT = ROOT / "docs" / "overview.png"  # UPDATE_DOCS_SCREENSHOT=1 make e2e refreshes it


def test_every_page_loads(shipped_server, new_page):
    page = new_page()
    dataset = "shipped"
    for old in SCREENSHOTS.glob(f"{dataset}-*.png"):  # pages come and go: no stale screenshots
        old.unlink()
    goto(page, shipped_server.url + "/")
    pages = nav_pages(page)
    assert [link for _, link, _ in PAGES] == [link for path, link in pages if path in TITLES], pages

    for i, (path, _) in enumerate(pages, start=1):
        goto(page, f"{shipped_server.url}/{path}", TITLES.get(path))
        no_exception(page)
        h1 = page.locator("[data-testid=stMain] h1").first.inner_text().strip()
        if path in TITLES:
            assert h1 == TITLES[path]
        else:
            assert h1, f"/{path} has no title"

        if path in MAP_PAGES:
            chart = page.locator("[data-testid=stDeckGlJsonChart]").first
            chart.locator("canvas").first.wait_for(timeout=20_000)
            assert basemap_drawn(page, chart), f"/{path}: the map shows no countries (blank basemap)"
        if path in PLOTLY_PAGES:
            plots = page.locator("[data-testid=stPlotlyChart] .js-plotly-plot")
            plots.first.locator(".main-svg").first.wait_for(timeout=20_000)
            plots.nth(1).locator(".main-svg").first.wait_for(timeout=20_000)
            assert plots.count() >= 2
        if path == "data":
            page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=20_000)

        page.wait_for_timeout(300)  # chart transitions
        shot = screenshot(page, f"{dataset}-{i}-{path or 'overview'}")
        no_exception(page)
        if path == "" and (not DOCS_SHOT.exists() or os.environ.get("UPDATE_DOCS_SCREENSHOT")):
            DOCS_SHOT.parent.mkdir(exist_ok=True)  # the README's picture: refreshed on request only
            shutil.copyfile(shot, DOCS_SHOT)

    assert "Traceback" not in shipped_server.log_text()
