"""WCAG 2.1 A/AA in a real browser: axe-core on every page, light and dark, desktop and phone.

axe-core (npm, pinned in tests/e2e/package.json; ``make test`` installs it into tests/e2e/node_modules)
is injected into each page once the script is idle and its charts are drawn. Any violation of a rule
tagged wcag2a, wcag2aa, wcag21a or wcag21aa fails, with the element and the rule's explanation.

axe judges contrast only where the browser paints, inside the viewport: each page is checked top to
bottom by making the viewport as tall as the page (in slices of TALLEST pixels, scrolled, when it is
taller), on the same page load.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ctc_dashboard.derive.profiles import MEETING, ORGANIZATION
from ctc_dashboard.ui import routes
from tests.conftest import ROOT

from .conftest import goto, multiselect, retry, screenshot, wait_idle, wait_ready

AXE = ROOT / "tests" / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = ["light", "dark"]
WIDTHS = {"desktop": {"width": 1400, "height": 1000}, "phone": {"width": 390, "height": 844}}
PAGE_LOAD_MS = 90_000  # a page's first visit loads its chart code on a cold cache; a shared machine is slow
TALLEST = 6000  # px: a taller viewport costs the headless browser more memory than a scroll
# every page, and the two kinds of profile (shipped data: the first meeting and the OSCE)
PROFILE_MEETING = "SM-2003-NY"
PROFILE_ORG = "OSCE"
COMPARED = ("FATF", "UNODC")
ROUTE_URLS = [(r.url_path, r.heading) for r in routes.ROUTES]
URLS = ROUTE_URLS + [
    (f"{routes.PROFILE.url_path}?{MEETING}={PROFILE_MEETING}", routes.PROFILE.heading),
    (f"{routes.PROFILE.url_path}?{ORGANIZATION}={PROFILE_ORG}", routes.PROFILE.heading),
    # the views only our classification draws (raw values in the URL: derive.view.PARAMS), filtered by it
    (f"{routes.PARTICIPATION.url_path}?breakdown-by=region&region=Europe", routes.PARTICIPATION.heading),
    (f"{routes.MAP.url_path}?map-colour=topic&topic=weapons", routes.MAP.heading),
    # a comparison of two organizations (with the list of where they met), and of two periods
    (f"{routes.COMPARE.url_path}?org={COMPARED[0]}&org={COMPARED[1]}", routes.COMPARE.heading),
    (f"{routes.COMPARE.url_path}?period=2003-2007&period=2014-2025", routes.COMPARE.heading),
]

# The phone walk: every page once in each scheme. The other addresses above show the same pages with other
# content (a profile, a breakdown, a comparison), laid out in the same single column on a phone; the desktop
# walk checks each of them in both schemes.
URLS_BY_WIDTH = {"desktop": URLS, "phone": ROUTE_URLS}
PARTS = 2  # each walk in two halves (every other address), so that `make test`'s workers share it


def _drawn(page) -> None:
    """Every plotly chart and map on screen has drawn, so axe sees what a reader sees."""
    main = page.locator("[data-testid=stMain]")
    for chart in main.locator("[data-testid=stPlotlyChart]:visible .js-plotly-plot").all():
        chart.locator(".main-svg").first.wait_for(timeout=20_000)
    for deck in main.locator("[data-testid=stDeckGlJsonChart]:visible").all():
        deck.locator("canvas").first.wait_for(timeout=20_000)
    page.wait_for_timeout(300)  # chart transitions


def axe_violations(page, rules: list[str] | None = None) -> list[dict]:
    """axe's violations of the WCAG 2.1 A/AA rules (or of ``rules`` only) on the page as it is."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    result = page.evaluate("only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only)
    return result["violations"]


PAGE_HEIGHT = ("Math.max(document.querySelector('[data-testid=stMain]').scrollHeight, "
               "document.querySelector('[data-testid=stSidebarContent]')?.scrollHeight || 0)")


def whole_page_violations(page, viewport: dict) -> list[dict]:
    """axe over the whole page, top to bottom, on one page load.

    Every rule once as the page opens (they read the whole document), then the one rule that sees only what
    is painted, colour contrast, with the viewport as tall as the page (slices of TALLEST scrolled to when it
    is taller). Violations of one rule found twice are merged; the viewport is put back by the caller.
    """
    merged: dict[str, dict] = {}

    def merge(violations: list[dict]) -> None:
        for v in violations:
            seen = merged.setdefault(v["id"], {**v, "nodes": []})
            known = {str(n["target"]) for n in seen["nodes"]}
            seen["nodes"] += [n for n in v["nodes"] if str(n["target"]) not in known]

    merge(axe_violations(page))
    height = page.evaluate(PAGE_HEIGHT)
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], min(height, TALLEST))})
    wait_idle(page)
    _drawn(page)
    height = page.evaluate(PAGE_HEIGHT)  # charts stretched to the new viewport
    for top in range(0, height, TALLEST):
        if top:
            page.evaluate("y => document.querySelector('[data-testid=stMain]').scrollTo(0, y)", top)
            _drawn(page)
        merge(axe_violations(page, ["color-contrast"]))
    page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    return list(merged.values())


def unnamed_charts(page) -> tuple[int, list[str]]:
    """Charts and maps on the page, and those without a text alternative (``alt=``: role=figure, aria-label)."""
    charts = page.locator("[data-testid=stMain] [data-testid=stPlotlyChart], "
                          "[data-testid=stMain] [data-testid=stDeckGlJsonChart]")
    missing = []
    for i in range(charts.count()):
        chart = charts.nth(i)
        label = (chart.get_attribute("aria-label") or "").strip()
        if chart.get_attribute("role") != "figure" or len(label.split()) < 4:
            missing.append(f"chart {i + 1} ({chart.get_attribute('data-testid')}): {label!r}")
    return charts.count(), missing


def _describe(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        for node in v["nodes"][:5]:
            lines.append(f"{where}: {v['id']} ({v['impact']}) {node['target']} -- "
                         f"{node.get('failureSummary', '').splitlines()[-1].strip()} -- {node['html'][:160]}")
        if len(v["nodes"]) > 5:
            lines.append(f"{where}: {v['id']}: and {len(v['nodes']) - 5} more")
    return lines


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make test installs it: npm ci)")
@pytest.mark.spread
@pytest.mark.timeout(900)  # up to 15 page loads, each checked top to bottom, on a shared 2-core machine
@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_meets_wcag_21_aa_and_every_chart_has_a_text_alternative(shipped_server, browser, scheme, width,
                                                                            part):
    """Every address of URLS_BY_WIDTH in 4 settings, each checked top to bottom by axe; every plotly chart and map
    must carry a sentence for screen readers."""
    context = browser.new_context(viewport=WIDTHS[width], color_scheme=scheme)
    context.route(re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/]).*"), lambda route: route.abort())
    problems: list[str] = []
    unnamed: list[str] = []
    charts = 0
    try:
        page = context.new_page()
        for path, title in URLS_BY_WIDTH[width][part::PARTS]:
            page.goto(f"{shipped_server.url}/{path}")
            wait_ready(page, title, timeout=PAGE_LOAD_MS)
            _drawn(page)
            name = re.sub(r"\W+", "-", path or "overview").strip("-")
            problems += _describe(f"/{path} [{scheme}, {width}]", whole_page_violations(page, WIDTHS[width]))
            screenshot(page, f"a11y-{scheme}-{width}-{name}")  # the first slice of the page, as tall as checked
            page.set_viewport_size(WIDTHS[width])
            n, missing = unnamed_charts(page)
            charts += n
            unnamed += [f"/{path}: {m}" for m in missing]
    finally:
        context.close()
    assert not problems, f"{len(problems)} WCAG 2.1 A/AA violation(s):\n" + "\n".join(problems)
    assert charts >= 3, f"only {charts} charts and maps found"  # the check looks where the charts are
    assert not unnamed, "charts or maps without a text alternative:\n" + "\n".join(unnamed)


def test_typed_acronym_then_enter_selects_exactly_that_organization(shipped_server, new_page):
    """Keyboard only: type "OSCE" in the Organizations filter, press Enter: only the OSCE is chosen."""
    page = new_page()
    goto(page, f"{shipped_server.url}/timeline", "When the meetings were held")
    box = multiselect(page, "Organizations")
    wanted = PROFILE_ORG

    def type_and_enter():
        for chip in box.locator("[data-tag] button").all():
            chip.click()
        box.locator("input").click()
        page.keyboard.type(wanted)
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        wait_idle(page)

    def check(timeout):
        expect(box.locator("[data-tag]")).to_have_count(1, timeout=timeout)
        expect(page).to_have_url(re.compile(rf"[?&]org={wanted}(&|$)"), timeout=timeout)

    retry(type_and_enter, check)
    assert box.locator("[data-tag]").first.inner_text().startswith(wanted)
