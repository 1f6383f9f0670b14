"""The landing page loads only what it shows: no table (nor the data grid's script) until the reader opens one,
and opening a Table tab or the venues expander brings its table."""

from playwright.sync_api import expect

from .conftest import goto, no_exception, retry, wait_idle


def test_closed_tables_are_not_loaded_until_opened(fixture_server, new_page):
    page = new_page()
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    goto(page, fixture_server.url + "/", "CTC cooperation")
    page.locator("[data-testid=stPlotlyChart] .js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    wait_idle(page)
    grids = page.locator("[data-testid=stDataFrame]")
    assert grids.count() == 0
    assert not [u for u in scripts if "/DataFrame." in u], "the data grid's script came with the landing page"

    when = page.locator("[data-testid=stTabs]").first
    retry(lambda: when.get_by_role("tab", name="Table").click(),
          lambda ms: expect(when.locator("[data-testid=stDataFrame]")).to_have_count(1, timeout=ms))
    expect(when.get_by_role("button", name="Download this table (CSV)")).to_be_visible()

    venues = page.locator("[data-testid=stExpander]").filter(has_text="Table: venues")
    retry(lambda: venues.get_by_text("Table: venues").click(),
          lambda ms: expect(venues.locator("[data-testid=stDataFrame]")).to_have_count(1, timeout=ms))
    wait_idle(page)
    no_exception(page)
