"""A chart saved with the camera button carries its source: an SVG opened on its own, and a PNG at 2x."""

from __future__ import annotations

import struct

from ctc_dashboard.ui import routes

from .conftest import retry, screenshot, wait_idle, wait_ready

SOURCE = "Source: CTC cooperation dashboard"
URL = f"{routes.TIMELINE.url_path}?years=2003&years=2007"
FIRST_VISIT_MS = 90_000  # the first chart page a server draws loads plotly on a cold cache; a busy machine is slow


def goto(page, url: str) -> None:
    page.goto(url)
    wait_ready(page, routes.TIMELINE.heading, timeout=FIRST_VISIT_MS)


def _download(page, chart):
    chart.locator(".main-svg").first.wait_for(timeout=20_000)
    chart.hover()
    with page.expect_download() as info:
        chart.locator(".modebar-btn[data-title^='Download plot']").click()
    return info.value


def test_the_exported_svg_opened_alone_shows_its_source_line_and_is_named_after_chart_and_view(
        shipped_server, new_page, tmp_path):
    page = new_page()
    goto(page, f"{shipped_server.url}/{URL}")
    chart = page.locator("[data-testid=stMain] [data-testid=stPlotlyChart]").first
    download = _download(page, chart)
    assert download.suggested_filename.startswith("ctc-timeline_years-2003-2007")
    assert download.suggested_filename.endswith(".svg")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    svg = path.read_text(encoding="utf-8")

    alone = new_page()  # a fresh page with nothing of the app: the file is all there is
    alone.set_content(svg)
    source = alone.locator("svg text", has_text=SOURCE)
    assert source.count() == 1 and source.is_visible()
    block = alone.locator("svg").first.text_content()
    assert "years 2003-2007" in block and "version " in block
    box, frame = source.bounding_box(), alone.locator("svg").first.bounding_box()
    assert box["y"] > frame["y"] + frame["height"] / 2  # it ends the chart, below the plot
    screenshot(alone, "exported-timeline-svg")


def test_the_png_choice_saves_at_twice_the_chart_width(shipped_server, new_page, tmp_path):
    page = new_page()
    goto(page, f"{shipped_server.url}/{URL}")
    chart = page.locator("[data-testid=stMain] [data-testid=stPlotlyChart]").first
    downloads = []

    def choose_png_and_download():
        sidebar = page.locator("[data-testid=stSidebar]")
        if downloads:  # an earlier click was dropped by a fresh session: choose SVG and PNG again, so it is sent
            sidebar.get_by_text("SVG", exact=True).click()
            wait_idle(page)
        sidebar.get_by_text("PNG (2x)").click()
        wait_idle(page)
        downloads.append(_download(page, chart))
        assert downloads[-1].suggested_filename.endswith(".png"), downloads[-1].suggested_filename

    retry(choose_png_and_download, lambda ms: None, attempts=3)
    download = downloads[-1]
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    width = struct.unpack(">I", path.read_bytes()[16:20])[0]  # the PNG header's width
    drawn = chart.locator(".main-svg").first.bounding_box()["width"]
    assert abs(width - 2 * drawn) <= 4
