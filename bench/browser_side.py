"""Browser side: a cold ``streamlit run`` and a cold headless Chromium per run (the shared harness):
landing page until drawn and idle, a real slider change, a warm page switch, a reload on the warm server."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlparse

from ctc_dashboard.render.maps import COUNTRY_SHAPES
from tests.support.harness import LOCAL_HOSTS, READY_JS, SHIFTS_JS, Server, cumulative_layout_shift, launch

from .common import VIEWPORT, log

# What "drawn and idle" means, checked in the page every 50 ms: the harness's READY_JS (the one "ready"),
# then the charts and maps drawn and the heading shown. A map is drawn once its basemap's country shapes have
# arrived (``Page.wait``: the style asks for them from a worker after deck.gl has started): without that, a page
# whose charts were quick counted as ready before its map had asked for its basemap, and a slower one waited.
COUNTRIES = COUNTRY_SHAPES.name  # what static/basemap-style.json asks for
STATE_JS = """
async ([nPlots, nDecks, heading, countPattern]) => {
  const ready = (""" + READY_JS + """)(null);
  const app = document.querySelector('[data-testid=stApp]');
  const state = app ? app.getAttribute('data-test-script-state') : null;
  const running = !!document.querySelector('[data-testid=stStatusWidgetRunningIcon]');
  const plots = [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length;
  const decks = [...document.querySelectorAll('[data-testid=stDeckGlJsonChart]')]
    .filter(d => d.querySelector('canvas')).length;
  const h1 = document.querySelector('h1');
  const re = countPattern ? new RegExp(countPattern) : null;
  const strong = re ? [...document.querySelectorAll('[data-testid=stMarkdownContainer] strong')]
    .find(e => re.test(e.textContent)) : null;
  const exc = !!document.querySelector('[data-testid=stException]');
  const ok = ready && !running && plots >= nPlots && decks >= nDecks
    && (nDecks > 0 || decks === 0) && (!heading || (h1 && h1.textContent.includes(heading)));
  if (ok) {  // let React commit and plotly/deck.gl draw the last frame
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
  return {ok, state, plots, decks, count: strong ? strong.textContent : null, exception: exc,
          h1: h1 ? h1.textContent : null};
}
"""
COUNT_PATTERN = r" of [\d,]+ meetings"


class Page:
    """A Playwright page with request bookkeeping: in-flight static files and any non-local request."""

    def __init__(self, browser, offsite: list[str]):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.add_init_script(f"({SHIFTS_JS})()")
        self.inflight: set = set()
        self.offsite = offsite
        self.page.on("request", self._request)
        self.page.on("requestfinished", self._finished)
        self.basemaps = 0  # country shapes received (the map's basemap)
        self.page.on("requestfailed", lambda r: self.inflight.discard(r))

    def _request(self, r) -> None:
        u = urlparse(r.url)
        if u.scheme in ("http", "https", "ws", "wss") and (u.hostname or "") not in LOCAL_HOSTS:
            self.offsite.append(r.url)
        if u.path.startswith("/app/static/"):  # the basemap style and country shapes the map waits for
            self.inflight.add(r)

    def _finished(self, r) -> None:
        self.inflight.discard(r)
        if urlparse(r.url).path.endswith("/" + COUNTRIES):
            self.basemaps += 1

    def wait(self, n_plots: int, n_decks: int, heading: str | None, timeout: float,
             until: Callable[[dict], bool] | None = None) -> dict:
        deadline = time.perf_counter() + timeout
        last: dict = {}
        while time.perf_counter() < deadline:
            last = self.page.evaluate(STATE_JS, [n_plots, n_decks, heading, COUNT_PATTERN])
            if last.get("exception"):
                raise RuntimeError(f"the app shows an exception: {last}")
            if (last["ok"] and not self.inflight and (n_decks == 0 or self.basemaps > 0)
                    and (until is None or until(last))):
                return last
            self.page.wait_for_timeout(50)
        raise TimeoutError(f"not ready after {timeout:.0f} s: {last}; loading: {[r.url for r in self.inflight]}")

    def layout_shift(self, settle_ms: int = 1000) -> float:
        """CLS so far, after ``settle_ms`` more (a shift right after "ready" still counts)."""
        self.page.wait_for_timeout(settle_ms)
        return cumulative_layout_shift(self.page.evaluate("window.__shifts || []"))

    def close(self) -> None:
        self.context.close()


def browser_runs(target: dict, runs: int, pw, offsite: list[str]) -> dict:
    """Cold server + cold browser per run; landing, filter change, page switch, warm reload."""
    res: dict = {k: [] for k in ("server_start_s", "cold_load_s", "layout_shift", "filter_change_s",
                                 "filter_retries", "page_switch_s", "warm_load_s", "server_rss_mb")}
    timeout = target.get("timeout", 120)
    for i in range(runs):
        server = Server(target.get("data"), app=target["app"])
        browser = None
        try:
            res["server_start_s"].append(server.start())
            browser = launch(pw)
            page = Page(browser, offsite)
            t = time.perf_counter()
            page.page.goto(server.url + "/", wait_until="commit", timeout=timeout * 1000)
            state = page.wait(target["plots"], target["decks"], target["heading"], timeout)
            res["cold_load_s"].append(time.perf_counter() - t)
            res["layout_shift"].append(page.layout_shift())
            if target.get("dashboard"):
                res["filter_change_s"].append(None)
                before = state["count"]
                slider = page.page.locator('input[type=range][aria-label^="Years"]').first
                for attempt in range(4):  # a fresh server sometimes drops the first interaction
                    slider.focus()
                    t = time.perf_counter()
                    page.page.keyboard.press("PageUp")
                    try:
                        page.wait(target["plots"], target["decks"], target["heading"], min(timeout, 15 + 15 * attempt),
                                  until=lambda s, before=before: s["count"] is not None and s["count"] != before)
                        res["filter_change_s"][-1] = time.perf_counter() - t
                        res["filter_retries"].append(attempt)
                        break
                    except TimeoutError:
                        continue
                link = page.page.locator('[data-testid=stSidebarNavLink][href$="/timeline"]')
                t = time.perf_counter()
                link.click()
                page.wait(2, 0, "When the meetings were held", timeout)
                res["page_switch_s"].append(time.perf_counter() - t)
            page.close()
            if target.get("warm", True):
                # The same landing page again from a new browser context: server cache warm, browser cache cold.
                page = Page(browser, offsite)
                t = time.perf_counter()
                page.page.goto(server.url + "/", wait_until="commit", timeout=timeout * 1000)
                page.wait(target["plots"], target["decks"], target["heading"], timeout)
                res["warm_load_s"].append(time.perf_counter() - t)
                page.close()
            res["server_rss_mb"].append(server.peak_rss_mb())
        except Exception as e:  # keep going: one failed run should not lose the others
            log(f"  run {i + 1} of {target['name']} failed: {type(e).__name__}: {str(e)[:300]}")
            res.setdefault("errors", []).append(f"{type(e).__name__}: {str(e)[:300]}")
        finally:
            if browser is not None:
                browser.close()
            server.stop()
        log(f"  {target['name']} run {i + 1}/{runs}: "
            + ", ".join(f"{k}={v[-1]:.2f}" for k, v in res.items()
                        if k not in ("errors", "filter_retries") and v and v[-1] is not None))
    return res
