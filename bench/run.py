"""The benchmark: ``python -m bench.run [--quick]`` (``make bench``) -> bench/RESULTS.md and bench/scaling.png.

Two halves, for the shipped data/ and synthetic folders of 1,000, 10,000 and 100,000 meetings
(written into bench/out/ by ``ctc_dashboard.synth``):

* Server side, one fresh Python subprocess per folder (so peak RSS is per folder): load +
  validate, the filter rerun (filters.apply + summary.meeting_summary) for typical changes,
  each figure, the deck and the downloads, and a whole script run of each page with AppTest.
* Browser side, a cold `streamlit run` and a cold headless Chromium per run: landing page until
  the map canvas and plotly charts are drawn and the app is idle, a real slider change until
  the count line has changed, a warm switch to the Timeline page, and a reload on the warm
  server. The same for two floors: bench/minimal_app.py (one pydeck map, one plotly chart)
  and bench/bare_app.py (one st.write). Ratios are to the minimal page.

Every request the browser makes off the machine is recorded and reported. Every streamlit
process the benchmark starts is killed by its pid in a ``finally``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
DATA = ROOT / "data"
PY = sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIZES = (1_000, 10_000, 100_000)
SEED = 0
VIEWPORT = {"width": 1400, "height": 900}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Targets the lead set for 100,000 meetings.
TARGETS = {"filter_rerun_ms": 300, "first_load_s": 10, "rss_mb": 1024, "csv_1m_s": 2}

T0 = time.perf_counter()


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - T0:7.1f}s] {msg}", flush=True)


def median(xs: list[float]) -> float | None:
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def timed(fn: Callable, runs: int) -> tuple[list[float], object]:
    out, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        out.append(time.perf_counter() - t)
    return out, result


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    VmHWM, not ru_maxrss: on Linux ru_maxrss survives fork + exec, so a worker would report its parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# ================================================================ server side (runs in a subprocess)

def server_worker(folder: str, runs: int) -> dict:
    """Everything one rerun of the app computes, timed piece by piece, on one data folder."""
    import pandas as pd
    import pydeck  # noqa: F401  (import cost not measured)

    from ctc_dashboard import load_folder
    from ctc_dashboard.contract.labels import org_full_labels
    from ctc_dashboard.derive import exports, filters, summary
    from ctc_dashboard.render import breakdown, charts, maps

    res: dict = {"folder": folder, "runs": runs, "rss_start_mb": rss_mb()}
    loads = []
    ds = None
    for _ in range(runs):
        ds = None  # let the previous copy go first: peak RSS is one dataset's
        t = time.perf_counter()
        ds = load_folder(folder)
        loads.append(time.perf_counter() - t)
    res["load_s"] = loads
    res["rss_after_load_mb"] = rss_mb()
    res["rows"] = ds.counts()
    res["bytes"] = sum(p.stat().st_size for p in Path(folder).glob("*.csv"))

    default = filters.default_filters(ds)
    lo, hi = filters.year_bounds(ds)
    third = max((hi - lo) // 3, 0)
    took = filters.took_part(ds.participation)
    top_org = took.loc[took["role"] != "convener", "org_id"].value_counts().index[0]
    scenarios = {
        "default view": default,
        "years narrowed": filters.Filters(years=(lo + third, hi - third), meeting_types=default.meeting_types),
        "one organization": filters.Filters(years=default.years, meeting_types=default.meeting_types,
                                            organizations=(str(top_org),)),
        "one kind (regional)": filters.Filters(years=default.years, meeting_types=default.meeting_types,
                                               kinds=("regional",)),
        "no filter (all types)": filters.Filters(),
    }
    res["filters"] = {}
    for name, f in scenarios.items():
        a, view = timed(lambda f=f: filters.apply(ds, f), runs)
        s, m = timed(lambda view=view: summary.meeting_summary(view), runs)
        res["filters"][name] = {"apply_s": a, "summary_s": s, "total_s": [x + y for x, y in zip(a, s, strict=True)],
                                "meetings": len(view.meetings), "participation": len(view.participation)}

    # Per-rerun work the sidebar does before any page: bounds, types, the organization labels.
    def sidebar():
        filters.year_bounds(ds)
        filters.meeting_types(ds)
        labels = org_full_labels(ds.organizations)
        sorted(labels, key=lambda k: labels[k].casefold())
    res["sidebar_s"], _ = timed(sidebar, runs)

    view = filters.apply(ds, default)
    m = summary.meeting_summary(view)

    def fig(build: Callable) -> Callable:
        return lambda: build().to_json()

    items: dict[str, Callable] = {
        "timeline": fig(lambda: charts.timeline(charts.timeline_table(m))),
        "timeline_table": lambda: charts.timeline_table(m),
        "organizations_per_year": fig(lambda: charts.organizations_per_year(charts.organizations_per_year_table(view))),
        "organizations_per_year_table": lambda: charts.organizations_per_year_table(view),
        "participation_by_meeting (kind)": fig(lambda: breakdown.participation_by_meeting(
            breakdown.participation_by_meeting_table(m, view, by="kind"))),
        "participation_by_meeting_table (kind)": lambda: breakdown.participation_by_meeting_table(m, view, by="kind"),
        "organization_summary": lambda: summary.organization_summary(view),
        "meetings_per_organization": fig(lambda: breakdown.meetings_per_organization(
            breakdown.meetings_per_organization_table(summary.organization_summary(view)))),
        "venue_deck (overview, no arcs) + to_json": lambda: maps.venue_deck(view, m, show_arcs=False).to_json(),
        "venue_deck (map page, arcs) + to_json": lambda: maps.venue_deck(view, m, show_arcs=True).to_json(),
        "overview: organizations taking part": lambda: filters.took_part(view.participation).query(
            "role != 'convener'")["org_id"].nunique(),
    }
    res["figures"] = {}
    for name, fn in items.items():
        res["figures"][name], _ = timed(fn, runs)

    res["downloads"] = {}
    d_runs = max(1, min(runs, 3))
    res["downloads"]["spreadsheet_csv(filtered participation)"], b = timed(
        lambda: exports.spreadsheet_csv(view.participation), d_runs)
    res["downloads"]["spreadsheet_csv(filtered participation) rows"] = len(view.participation)
    res["downloads"]["spreadsheet_csv(full participation)"], b = timed(
        lambda: exports.spreadsheet_csv(ds.participation), d_runs)
    res["downloads"]["spreadsheet_csv(full participation) rows"] = len(ds.participation)
    res["downloads"]["spreadsheet_csv(full participation) MB"] = len(b) / 2**20
    res["downloads"]["contract_csv(full participation)"], _ = timed(
        lambda: exports.contract_csv(ds.participation), d_runs)
    res["downloads"]["data_package_zip(filtered)"], b = timed(lambda: exports.data_package_zip(view, default), d_runs)
    res["downloads"]["data_package_zip(filtered) MB"] = len(b) / 2**20
    del b
    res["rss_after_work_mb"] = rss_mb()

    # Whole script runs as Streamlit executes them (widgets, element serialisation), without a browser.
    res["apptest"] = apptest_runs(folder, ds, runs)
    res["rss_peak_mb"] = rss_mb()
    _ = pd  # keep the import explicit: the worker is a pandas process
    return res


def dashboard_pages() -> list[str]:
    """Every page the entry script registers, in its order (the page registry)."""
    from ctc_dashboard.ui import routes

    return [r.file for r in routes.ROUTES]


CALLS: list[tuple[str, float]] = []
INSTRUMENTED = ("derive.filters", "derive.summary", "render.charts", "render.breakdown", "render.matrix", "render.maps",
                "derive.exports", "derive.continuity", "derive.profiles", "derive.search")


def instrument() -> None:
    """Wrap the public functions of the package's modules to time them inside real script runs.

    Only this benchmark process is changed; nested calls are counted in both (times are inclusive).
    """
    import functools
    import importlib

    for name in INSTRUMENTED:
        try:
            mod = importlib.import_module(f"ctc_dashboard.{name}")
        except ImportError:
            continue
        for attr, fn in list(vars(mod).items()):
            if attr.startswith("_") or not callable(fn) or getattr(fn, "__module__", None) != mod.__name__ \
                    or isinstance(fn, type) or getattr(fn, "_bench_wrapped", False):
                continue

            short = name.rsplit(".", 1)[-1]  # "derive.filters" -> "filters.apply" in the report

            def wrap(fn=fn, label=f"{short}.{attr}"):
                @functools.wraps(fn)
                def timed_call(*a, **k):
                    t = time.perf_counter()
                    try:
                        return fn(*a, **k)
                    finally:
                        CALLS.append((label, time.perf_counter() - t))
                timed_call._bench_wrapped = True
                return timed_call
            setattr(mod, attr, wrap())


def _inner(calls: list[tuple[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for label, t in calls:
        out[label] = out.get(label, 0.0) + t
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def apptest_runs(folder: str, ds, runs: int) -> dict:
    """Whole script runs with AppTest, with the package's functions timed inside them.

    AppTest quirks (Streamlit 1.67, st.navigation): a second run after ``switch_page`` executes the page
    alone (the entry script and so ``ui.build_context`` are skipped, the previous context is reused);
    and widgets of the entry script vanish after the second run. So the whole rerun is measured as the
    first run of a fresh AppTest whose URL carries the years (same work as a rerun after a slider change,
    the data cache being warm), and each other page as the page script alone after that.
    """
    from streamlit.testing.v1 import AppTest

    from ctc_dashboard.derive import filters

    instrument()
    os.environ["CTC_DASHBOARD_DATA"] = folder
    lo, hi = filters.year_bounds(ds)
    third = max((hi - lo) // 3, 0)
    ranges = [(lo + third, hi - third), (lo + 1, hi)] if hi > lo else [(lo, hi)]
    out: dict = {"whole": {}, "page": {}, "inner": {}}
    script = str(ROOT / "dashboard.py")
    found = dashboard_pages()

    CALLS.clear()
    at = AppTest.from_file(script, default_timeout=900)
    t = time.perf_counter()
    at.run()
    out["whole"]["first run of the server (load + validate + overview)"] = [time.perf_counter() - t]
    out["inner"]["first run of the server (load + validate + overview)"] = _inner(CALLS)
    if at.exception:
        out["error"] = str(at.exception[0].message)[:300]
        return out

    def fresh(years: tuple[int, int]):
        at = AppTest.from_file(script, default_timeout=900)
        at.query_params["years"] = [str(years[0]), str(years[1])]
        CALLS.clear()
        t = time.perf_counter()
        at.run()
        return at, time.perf_counter() - t, _inner(CALLS)

    for label, years in (("overview, years narrowed", ranges[0]), ("overview, one year less", ranges[-1])):
        times, inner = [], []
        for _ in range(runs):
            at, dt_, calls = fresh(years)
            if at.exception:
                out[f"{label} error"] = str(at.exception[0].message)[:300]
                break
            times.append(dt_)
            inner.append(calls)
        out["whole"][label] = times
        out["inner"][label] = inner[len(inner) // 2] if inner else {}
    for path in found[1:]:
        name = Path(path).stem
        times, inner = [], []
        for i in range(max(1, min(runs, 2))):
            at, _, _ = fresh(ranges[i % len(ranges)])
            at.switch_page(path)
            CALLS.clear()
            t = time.perf_counter()
            at.run()
            if at.exception:
                out[f"{name} error"] = str(at.exception[0].message)[:300]
                break
            times.append(time.perf_counter() - t)
            inner.append(_inner(CALLS))
        out["page"][name] = times
        out["inner"][name] = inner[-1] if inner else {}
    return out


def profile(folder: str, top: int = 25) -> None:
    """Where the time goes (cProfile): load, the default filter, the summary, the map deck, a Timeline table."""
    import cProfile
    import pstats

    from ctc_dashboard import load_folder
    from ctc_dashboard.derive import filters, summary
    from ctc_dashboard.render import charts, maps

    def show(label: str, code: Callable) -> object:
        prof = cProfile.Profile()
        t = time.perf_counter()
        result = prof.runcall(code)
        print(f"\n==== {label}: {time.perf_counter() - t:.2f} s (under cProfile)", flush=True)
        stats = pstats.Stats(prof)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(12)
        return result

    ds = show("load_folder", lambda: load_folder(folder))
    f = filters.default_filters(ds)
    view = show("filters.apply (default view)", lambda: filters.apply(ds, f))
    show("summary.meeting_summary (default view)", lambda: summary.meeting_summary(view))
    m = summary.meeting_summary(view)
    show("maps.venue_deck with arcs + to_json (Map page)", lambda: maps.venue_deck(view, m, show_arcs=True).to_json())
    show("charts.organizations_per_year_table (Timeline page)", lambda: charts.organizations_per_year_table(view))


def run_server_side(folder: Path, runs: int) -> dict:
    t = time.perf_counter()
    proc = subprocess.run([PY, "-m", "bench.run", "--server-worker", str(folder), "--runs", str(runs)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        log(f"server worker failed on {folder}:\n{proc.stderr[-3000:]}")
        return {"error": proc.stderr[-2000:]}
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["wall_s"] = time.perf_counter() - t
    return res


# ================================================================ browser side

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run` on a free port; stopped by its pid (never by name)."""

    def __init__(self, app: str, data: Path | None):
        self.app, self.data = app, data
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 120) -> float:
        cmd = [PY, "-m", "streamlit", "run", self.app, "--server.port", str(self.port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false"]
        if self.data is not None:
            cmd += ["--", "--data", str(self.data)]
        env = {k: v for k, v in os.environ.items() if k != "CTC_DASHBOARD_DATA"}
        t = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True)
        STARTED.append(self.proc)
        while time.perf_counter() - t < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.proc.stderr.read().decode(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - t
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("streamlit did not become healthy")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def peak_rss_mb(self) -> float | None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except (OSError, AttributeError):
            return None
        return None

    def stop(self) -> None:
        stop_process(self.proc)


STARTED: list[subprocess.Popen] = []


def stop_process(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # by pid
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


# What "drawn and idle" means, checked in the page every 50 ms.
STATE_JS = """
async ([nPlots, nDecks, heading, countPattern]) => {
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
  const ok = state === 'notRunning' && !running && plots >= nPlots && decks >= nDecks
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
        self.inflight: set = set()
        self.offsite = offsite
        self.page.on("request", self._request)
        self.page.on("requestfinished", lambda r: self.inflight.discard(r))
        self.page.on("requestfailed", lambda r: self.inflight.discard(r))

    def _request(self, r) -> None:
        u = urlparse(r.url)
        if u.scheme in ("http", "https", "ws", "wss") and (u.hostname or "") not in LOCAL_HOSTS:
            self.offsite.append(r.url)
        if u.path.startswith("/app/static/"):  # the basemap style and country shapes the map waits for
            self.inflight.add(r)

    def wait(self, n_plots: int, n_decks: int, heading: str | None, timeout: float,
             until: Callable[[dict], bool] | None = None) -> dict:
        deadline = time.perf_counter() + timeout
        last: dict = {}
        while time.perf_counter() < deadline:
            last = self.page.evaluate(STATE_JS, [n_plots, n_decks, heading, COUNT_PATTERN])
            if last.get("exception"):
                raise RuntimeError(f"the app shows an exception: {last}")
            if last["ok"] and not self.inflight and (until is None or until(last)):
                return last
            self.page.wait_for_timeout(50)
        raise TimeoutError(f"not ready after {timeout:.0f} s: {last}; loading: {[r.url for r in self.inflight]}")

    def close(self) -> None:
        self.context.close()


def browser_runs(target: dict, runs: int, pw, offsite: list[str]) -> dict:
    """Cold server + cold browser per run; landing, filter change, page switch, warm reload."""
    res: dict = {k: [] for k in ("server_start_s", "cold_load_s", "filter_change_s", "filter_retries",
                                 "page_switch_s", "warm_load_s", "server_rss_mb")}
    timeout = target.get("timeout", 120)
    for i in range(runs):
        server = Server(target["app"], target.get("data"))
        browser = None
        try:
            res["server_start_s"].append(server.start())
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = Page(browser, offsite)
            t = time.perf_counter()
            page.page.goto(server.url, wait_until="commit", timeout=timeout * 1000)
            state = page.wait(target["plots"], target["decks"], target["heading"], timeout)
            res["cold_load_s"].append(time.perf_counter() - t)
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
            # The same landing page again from a new browser context: server cache warm, browser cache cold.
            page = Page(browser, offsite)
            t = time.perf_counter()
            page.page.goto(server.url, wait_until="commit", timeout=timeout * 1000)
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


# ================================================================ report

def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    versions = {}
    for mod in ("streamlit", "pandas", "numpy", "pyarrow", "plotly", "pydeck", "playwright"):
        try:
            from importlib.metadata import version
            versions[mod] = version(mod)
        except Exception:  # pragma: no cover
            versions[mod] = "?"
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = "unknown"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": mem, "python": platform.python_version(),
            "os": platform.platform(), "versions": versions, "chromium": chromium,
            "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}


def fmt_s(xs, unit: str = "s") -> str:
    if isinstance(xs, (int, float)):
        xs = [xs]
    xs = [x for x in (xs or []) if x is not None]
    if not xs:
        return "–"
    med = statistics.median(xs)
    if unit == "ms":
        txt = f"{med * 1000:,.0f} ms"
        return txt if len(xs) < 3 else f"{txt} ({min(xs) * 1000:,.0f}–{max(xs) * 1000:,.0f})"
    txt = f"{med:.2f} s"
    return txt if len(xs) < 3 else f"{txt} ({min(xs):.2f}–{max(xs):.2f})"


def table(header: list[str], rows: list[list[str]]) -> str:
    align = "|".join("---" if i == 0 else "--:" for i in range(len(header)))
    out = ["| " + " | ".join(header) + " |", f"|{align}|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def write_report(results: dict, path: Path) -> None:
    mach = results["machine"]
    server = results["server"]
    browser = results["browser"]
    names = list(server)
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python -m bench.run{' --quick' if results['quick'] else ''}` on {mach['date']} "
        f"in {results['elapsed_s'] / 60:.1f} min. Medians, with (min–max) when there are 3 runs or more.",
        "",
        "## Machine",
        "",
        f"- CPU: {mach['cpu']}, {mach['cores']} cores; RAM {mach['ram']}",
        f"- {mach['os']}; Python {mach['python']}; {mach['chromium']}",
        "- " + ", ".join(f"{k} {v}" for k, v in mach["versions"].items()),
        "- Load average (1, 5, 15 min) when each part started: "
        + "; ".join(f"{k}: {v}" for k, v in results.get("loadavg", {}).items())
        + (f". **The machine was shared** (load above its {mach['cores']} cores at times): absolute times are "
           "noisy; compare sizes and ratios." if any(float(v.split()[0]) > (mach["cores"] or 1)
                                                     for v in results.get("loadavg", {}).values()
                                                     if v and v[0].isdigit()) else ""),
        "",
        "## The folders",
        "",
    ]
    rows = []
    for n in names:
        r = server[n]
        if "rows" not in r:
            continue
        c = r["rows"]
        rows.append([n, f"{c['meetings']:,}", f"{c['organizations']:,}", f"{c['participation']:,}",
                     f"{c['sources']:,}", f"{c['reported_figures']:,}", f"{r['bytes'] / 2**20:.1f} MB",
                     fmt_s(results["synth_s"].get(n)) if n in results["synth_s"] else "–"])
    lines += [table(["folder", "meetings", "organizations", "participation", "sources", "reported figures",
                     "CSV size", "synth write"], rows), ""]
    lines += [
        f"Synthetic folders: `python -m ctc_dashboard synth --meetings N --out bench/out/synth-N --seed {SEED}` "
        "(default organizations max(40, N // 50)).",
        "",
        "## Server side (Python, one subprocess per folder)",
        "",
        "### Load and memory",
        "",
    ]
    rows = []
    for n in names:
        r = server[n]
        if "load_s" not in r:
            rows.append([n, "error", "", "", ""])
            continue
        rows.append([n, fmt_s(r["load_s"]), f"{r['rss_after_load_mb']:.0f} MB", f"{r['rss_after_work_mb']:.0f} MB",
                     f"{r['rss_peak_mb']:.0f} MB"])
    lines += [table(["folder", "load + validate", "peak RSS after load", "after figures + downloads",
                     "peak incl. AppTest"], rows), ""]
    lines += ["### Filter rerun: filters.apply + summary.meeting_summary", ""]
    scen = list(next(r for r in server.values() if "filters" in r)["filters"])
    rows = []
    for n in names:
        r = server[n]
        if "filters" not in r:
            continue
        rows.append([n] + [f"{fmt_s(r['filters'][s]['total_s'], 'ms')}" for s in scen]
                    + [fmt_s(r["sidebar_s"], "ms")])
    lines += [table(["folder", *scen, "sidebar (bounds, types, org labels)"], rows), ""]
    rows = []
    for n in names:
        r = server[n]
        if "filters" not in r:
            continue
        rows.append([n] + [f"{median(r['filters'][s]['apply_s']) * 1000:,.0f} + "
                           f"{median(r['filters'][s]['summary_s']) * 1000:,.0f} ms" for s in scen])
    lines += ["apply + meeting_summary separately (medians):", "", table(["folder", *scen], rows), ""]
    lines += ["### Figures, deck and derived tables (default view; build + `to_json()`)", ""]
    items = list(next(r for r in server.values() if "figures" in r)["figures"])
    rows = [[it] + [fmt_s(server[n]["figures"][it], "ms") if "figures" in server[n] else "–" for n in names]
            for it in items]
    lines += [table(["item", *names], rows), ""]
    lines += ["### Downloads", ""]
    dl = [k for k in next(r for r in server.values() if "downloads" in r)["downloads"]
          if not k.endswith((" rows", " MB"))]
    rows = []
    for it in dl:
        row = [it]
        for n in names:
            d = server[n].get("downloads", {})
            extra = ""
            if f"{it} rows" in d:
                extra = f" · {d[f'{it} rows']:,} rows"
            if f"{it} MB" in d:
                extra += f" · {d[f'{it} MB']:.1f} MB"
            row.append(fmt_s(d.get(it), "ms") + extra)
        rows.append(row)
    lines += [table(["download", *names], rows), ""]
    lines += ["### Whole script runs (AppTest: widgets, element serialisation, no browser)", "",
              "The rerun after a filter change, measured as the first run of a fresh AppTest session whose URL "
              "carries the years (data cache warm): the entry script (sidebar, filters.apply, "
              "summary.meeting_summary) and the Overview page. A fresh AppTest adds ~0.2 s of its own (it scans "
              "installed packages for components), so these overstate a real rerun a little. Other pages: the run "
              "after `switch_page`, which in AppTest usually executes the page script alone; `*` marks a page "
              "whose run (at the largest size) also executed the entry script (`filters.apply` was called).", ""]
    keys = list(dict.fromkeys(k for r in server.values() for k in r.get("apptest", {}).get("whole", {})))
    rows = [[k] + [fmt_s(server[n].get("apptest", {}).get("whole", {}).get(k), "ms") for n in names] for k in keys]
    keys = list(dict.fromkeys(k for r in server.values() for k in r.get("apptest", {}).get("page", {})))
    def page_cell(n: str, k: str) -> str:
        a = server[n].get("apptest", {})
        cell = fmt_s(a.get("page", {}).get(k), "ms")
        return cell + (" *" if "filters.apply" in a.get("inner", {}).get(k, {}) and n == names[-1] else "")
    rows += [[f"page run after a switch: {k}"] + [page_cell(n, k) for n in names] for k in keys]
    lines += [table(["run", *names], rows), ""]
    errors = [f"- {n}: {k}: {v}" for n in names for k, v in server[n].get("apptest", {}).items() if "error" in k]
    if errors:
        lines += ["AppTest errors:", "", *errors, ""]
    big = next((n for n in reversed(names) if server[n].get("apptest", {}).get("inner")), None)
    if big:
        lines += [f"Where the time goes inside those runs ({big}; package functions, inclusive, top 6):", ""]
        rows = []
        for k, calls in server[big]["apptest"]["inner"].items():
            top = list(calls.items())[:6]
            rows.append([k, "; ".join(f"{f} {t * 1000:,.0f} ms" for f, t in top) or "–"])
        lines += [table(["run", "package time"], rows), ""]

    lines += ["## Browser side (headless Chromium, cold server and cold browser per run)", ""]
    if not browser:
        lines += ["Not run.", ""]
    else:
        lines += [
            "- **cold load**: `page.goto` of the landing page until the map canvas and every plotly chart are "
            "drawn, the app is idle (`data-test-script-state=notRunning`, no running indicator) and no static "
            "file is still loading; the server was started just before (its data cache is cold).",
            "- **filter change**: the Years slider's start thumb focused, PageUp pressed, until the count line "
            "has changed and the page is drawn and idle again.",
            "- **page switch**: click on the *Timeline* link until its two charts are drawn and the app is idle.",
            "- **warm load**: the landing page again from a new browser context (browser cache cold, server warm).",
            "- **server RSS**: the streamlit process's peak resident memory (VmHWM) at the end of the run.",
            "",
        ]
        minimal = median(browser.get("minimal page", {}).get("cold_load_s", []))
        minimal_warm = median(browser.get("minimal page", {}).get("warm_load_s", []))
        rows = []
        for name, r in browser.items():
            cold = median(r.get("cold_load_s", []))
            warm = median(r.get("warm_load_s", []))
            rows.append([
                name, str(len(r.get("cold_load_s", []))), fmt_s(r.get("server_start_s")), fmt_s(r.get("cold_load_s")),
                f"{cold / minimal:.2f}×" if cold and minimal else "–",
                fmt_s(r.get("warm_load_s")), f"{warm / minimal_warm:.2f}×" if warm and minimal_warm else "–",
                fmt_s(r.get("filter_change_s")), fmt_s(r.get("page_switch_s")),
                (f"{max(x for x in r['server_rss_mb'] if x):.0f} MB"
                 if any(r.get("server_rss_mb", [])) else "–"),
            ])
        lines += [table(["page", "runs", "server start", "cold load", "÷ minimal", "warm load", "÷ minimal",
                         "filter change", "page switch", "server RSS"], rows), ""]
        retries = {n: r.get("filter_retries") for n, r in browser.items() if any(r.get("filter_retries") or [])}
        if retries:
            lines += [f"The first slider key press was dropped and retried in: {retries} (retries per run; the "
                      "time is from the key press that took).", ""]
        errs = {n: r["errors"] for n, r in browser.items() if r.get("errors")}
        if errs:
            lines += ["Failed runs:", ""] + [f"- {n}: {e}" for n, es in errs.items() for e in es] + [""]
    if results["offsite"]:
        uniq = sorted(set(results["offsite"]))
        lines += ["## ⚠️ WARNING: requests to non-local addresses", "",
                  f"{len(results['offsite'])} requests, {len(uniq)} distinct:", ""]
        lines += [f"- `{u}`" for u in uniq[:50]] + [""]
    else:
        lines += ["No request left the machine during the browser runs (every request was to 127.0.0.1).", ""]

    lines += ["## Targets at 100,000 meetings", ""] + targets_table(results) + [""]
    lines += ["## Scaling", "", "![scaling](scaling.png)", ""]
    if results.get("notes"):
        lines += ["## Notes", ""] + [f"- {n}" for n in results["notes"]] + [""]
    path.write_text("\n".join(lines), encoding="utf-8")


def targets_table(results: dict) -> list[str]:
    name = "synthetic 100,000"
    s = results["server"].get(name, {})
    b = results["browser"].get(f"dashboard, {name}", {})
    rows = []

    def row(what: str, value: float | None, limit: float, unit: str) -> None:
        if value is None:
            rows.append([what, "–", f"≤ {limit:g} {unit}", "not measured"])
            return
        rows.append([what, f"{value:,.2f} {unit}" if unit == "s" else f"{value:,.0f} {unit}", f"≤ {limit:g} {unit}",
                     "✅ met" if value <= limit else f"❌ {value / limit:.1f}× over"])

    if "filters" in s:
        worst = max(median(v["total_s"]) for k, v in s["filters"].items() if k != "no filter (all types)")
        row("filter rerun server work (apply + summary, worst typical change)", worst * 1000,
            TARGETS["filter_rerun_ms"], "ms")
        ov = s.get("apptest", {}).get("whole", {}).get("overview, years narrowed")
        row("whole Overview rerun after a years change (AppTest)", median(ov) * 1000 if ov else None,
            TARGETS["filter_rerun_ms"], "ms")
        ov = s.get("apptest", {}).get("whole", {}).get("overview, one year less")
        row("whole Overview rerun, one year less (AppTest)", median(ov) * 1000 if ov else None,
            TARGETS["filter_rerun_ms"], "ms")
        row("load + validate (server side)", median(s["load_s"]), TARGETS["first_load_s"], "s")
    row("first load in the browser (cold server)", median(b.get("cold_load_s", [])), TARGETS["first_load_s"], "s")
    fc = median(b.get("filter_change_s", []))
    if fc is not None:
        rows.append(["filter change in the browser, key press to redrawn (for reference)", f"{fc:,.2f} s", "–", ""])
    rss = [x for x in b.get("server_rss_mb", []) if x]
    row("server peak RSS (streamlit, browser runs)", max(rss) if rss else None, TARGETS["rss_mb"], "MB")
    row("peak RSS (Python worker, load + all work + AppTest)", s.get("rss_peak_mb"), TARGETS["rss_mb"], "MB")
    d = s.get("downloads", {})
    row(f"spreadsheet CSV of the full participation ({d.get('spreadsheet_csv(full participation) rows', 0):,} rows)",
        median(d.get("spreadsheet_csv(full participation)", [])), TARGETS["csv_1m_s"], "s")
    return [table(["measure", "measured", "target", ""], rows)]


def scaling_png(results: dict, path: Path, pw) -> None:
    """Log-log chart of time against meetings, drawn by plotly.js inlined and screenshot by Chromium: offline."""
    import plotly.graph_objects as go

    server, browser = results["server"], results["browser"]
    sizes = [n for n in SIZES if f"synthetic {n:,}" in server]
    fig = go.Figure()

    def line(name: str, ys: list[float | None], dash: str = "solid") -> None:
        pts = [(x, y) for x, y in zip(sizes, ys, strict=True) if y is not None]
        if pts:
            fig.add_scatter(x=[p[0] for p in pts], y=[p[1] for p in pts], name=name, mode="lines+markers",
                            line={"dash": dash, "width": 3}, marker={"size": 9})

    def srv(fn: Callable[[dict], float]) -> list[float | None]:
        out = []
        for n in sizes:
            try:
                out.append(fn(server[f"synthetic {n:,}"]))
            except (KeyError, TypeError, ValueError, StopIteration):
                out.append(None)
        return out

    def brw(key: str) -> list[float | None]:
        return [median(browser.get(f"dashboard, synthetic {n:,}", {}).get(key, [])) for n in sizes]

    line("browser: cold load (landing page)", brw("cold_load_s"))
    line("browser: filter change", brw("filter_change_s"))
    line("browser: page switch", brw("page_switch_s"))
    line("server: load + validate", srv(lambda r: median(r["load_s"])), "dot")
    line("server: filter rerun (apply + summary, years narrowed)",
         srv(lambda r: median(r["filters"]["years narrowed"]["total_s"])), "dot")
    line("server: whole Overview rerun (AppTest)",
         srv(lambda r: median(r["apptest"]["whole"]["overview, years narrowed"])), "dot")
    line("server: spreadsheet CSV of all participation", srv(
        lambda r: median(r["downloads"]["spreadsheet_csv(full participation)"])), "dash")
    minimal = median(browser.get("minimal page", {}).get("cold_load_s", []))
    guides = [(TARGETS["first_load_s"], "10 s first-load target", "#D55E00"),
              (TARGETS["filter_rerun_ms"] / 1000, "300 ms rerun target", "#D55E00")]
    if minimal:
        guides.append((minimal, f"minimal page cold load {minimal:.1f} s", "grey"))
    for y, text, colour in guides:
        fig.add_hline(y=y, line={"color": colour, "dash": "dot", "width": 1.5})
        # On a log axis an annotation's y is the log10 of the value (add_hline's own label gets this wrong).
        fig.add_annotation(x=1, xref="paper", xanchor="right", y=math.log10(y), yanchor="bottom", text=text,
                           showarrow=False, font={"color": colour})
    ys = [y for tr in fig.data for y in tr.y if y] + [g[0] for g in guides]

    fig.update_layout(
        title={"text": f"CTC dashboard: time against data size ({results['machine']['cores']} cores, "
                       f"{results['machine']['date']})"},
        xaxis={"title": {"text": "meetings (about 10 participation rows each)"}, "type": "log",
               "tickvals": list(sizes), "ticktext": [f"{n:,}" for n in sizes]},
        yaxis={"title": {"text": "seconds (log)"}, "type": "log",
               "range": [math.log10(min(ys) / 1.5), math.log10(max(ys) * 1.5)]},
        template="plotly_white", width=1100, height=650,
        legend={"orientation": "h", "x": 0, "y": -0.18, "yanchor": "top"}, margin={"b": 170},
    )
    html_path = OUT / "scaling.html"
    fig.write_html(html_path, include_plotlyjs=True, full_html=True, config={"staticPlot": True})
    browser_ = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = browser_.new_page(viewport={"width": 1140, "height": 720})
        page.goto(html_path.as_uri())
        page.wait_for_selector(".main-svg")
        page.locator(".js-plotly-plot").first.screenshot(path=str(path))
    finally:
        browser_.close()


# ================================================================ main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="2 runs each; no 100,000-meeting browser runs")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="synthetic sizes, comma-separated")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-server", action="store_true")
    ap.add_argument("--profile", metavar="DIR", help="cProfile load, filters, summary and two page builders on DIR")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite RESULTS.md and scaling.png from bench/out/results.json without measuring")
    ap.add_argument("--server-worker", metavar="DIR", help=argparse.SUPPRESS)
    ap.add_argument("--runs", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    # `timeout`/`kill` send SIGTERM: turn it into an exception so the finally blocks stop every server started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if args.server_worker:
        print(json.dumps(server_worker(args.server_worker, args.runs or 3)))
        return 0
    if args.profile:
        profile(args.profile)
        return 0

    if args.report_only:
        from playwright.sync_api import sync_playwright

        results = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
        write_report(results, BENCH / "RESULTS.md")
        with sync_playwright() as pw:
            scaling_png(results, BENCH / "scaling.png", pw)
        return 0

    from ctc_dashboard.synth import write_synthetic

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {"quick": args.quick, "machine": machine(), "server": {}, "browser": {}, "offsite": [],
                     "synth_s": {}, "notes": [], "loadavg": {"start": loadavg()}}
    log(f"machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, {results['machine']['ram']}")

    folders: dict[str, Path] = {}
    if (DATA / "meetings.csv").exists():
        folders["shipped data"] = DATA
    else:
        results["notes"].append("data/ has no meetings.csv: the shipped data was not measured.")
    for n in sizes:
        d = OUT / f"synth-{n}"
        t = time.perf_counter()
        write_synthetic(d, n, seed=SEED)
        results["synth_s"][f"synthetic {n:,}"] = time.perf_counter() - t
        folders[f"synthetic {n:,}"] = d
        log(f"wrote {d.relative_to(ROOT)} in {results['synth_s'][f'synthetic {n:,}']:.1f} s")

    def runs_for(name: str, browser: bool) -> int:
        if args.quick:
            return 2
        if name in ("shipped data", "bare page", "minimal page"):
            return 5
        if "100,000" in name:
            return 2 if browser else 3
        return 3

    if not args.no_server:
        for name, d in folders.items():
            results["loadavg"][f"server, {name}"] = loadavg()
            log(f"server side: {name} ({runs_for(name, False)} runs; load average {loadavg()})")
            results["server"][name] = run_server_side(d, runs_for(name, False))
            r = results["server"][name]
            if "load_s" in r:
                log(f"  load {median(r['load_s']):.2f} s, years filter "
                    f"{median(r['filters']['years narrowed']['total_s']) * 1000:.0f} ms, "
                    f"peak RSS {r['rss_peak_mb']:.0f} MB, worker {r['wall_s']:.0f} s")

    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            if not args.no_browser:
                targets = [
                    {"name": "bare page", "app": "bench/bare_app.py", "plots": 0, "decks": 0, "heading": None},
                    {"name": "minimal page", "app": "bench/minimal_app.py", "plots": 1, "decks": 1,
                     "heading": "Minimal page"},
                ]
                for name, d in folders.items():
                    if args.quick and "100,000" in name:
                        continue
                    targets.append({"name": f"dashboard, {name}", "app": "dashboard.py", "data": d, "plots": 2,
                                    "decks": 1, "heading": "CTC cooperation", "dashboard": True,
                                    "timeout": 300 if "100,000" in name else 120})
                for t in targets:
                    runs = runs_for(t["name"].removeprefix("dashboard, "), True)
                    results["loadavg"][f"browser, {t['name']}"] = loadavg()
                    log(f"browser: {t['name']} ({runs} runs; load average {loadavg()})")
                    before = len(results["offsite"])
                    results["browser"][t["name"]] = browser_runs(t, runs, pw, results["offsite"])
                    if len(results["offsite"]) > before:
                        log(f"  WARNING: {len(results['offsite']) - before} requests to non-local addresses")
            results["elapsed_s"] = time.perf_counter() - T0
            results["loadavg"]["end"] = loadavg()
            (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
            write_report(results, BENCH / "RESULTS.md")
            try:
                scaling_png(results, BENCH / "scaling.png", pw)
            except Exception as e:  # the numbers matter more than the picture
                log(f"scaling.png not written: {type(e).__name__}: {e}")
    finally:
        for proc in STARTED:
            stop_process(proc)
    log(f"done in {(time.perf_counter() - T0) / 60:.1f} min: bench/RESULTS.md, bench/scaling.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
