"""Many users: N concurrent browser sessions through nginx (`make serve`), each checked for the default
view's count line; reports p50/p95/max time to ready, the spread over replicas, each replica's peak RSS.
``python -m bench.sessions [--sessions 50] [--replicas 2] [--sizes shipped,100000]`` -> RESULTS.md section.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from bench.stack import CHROMIUM, CHROMIUM_ARGS, COUNT_PATTERN, LOCAL_HOSTS, READY_JS, ROOT, Proxied, vmhwm_mb

OUT = ROOT / "bench" / "out"
ROUTE_RE = re.compile(r'"GET / HTTP[^"]*" (\d+) .* up=(\S+) route=([0-9a-f]{32})')


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a live process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def expected_count(folder: Path | None) -> str:
    """The count line's start for the default view ('n of total meetings'), by the words the page itself uses
    (country visits are counted apart from the meetings)."""
    from ctc_dashboard import load_folder
    from ctc_dashboard.derive import filters, summary
    from ctc_dashboard.render import prose

    ds = load_folder(folder or ROOT / "data")
    view = filters.apply(ds, filters.default_filters(ds))
    return prose.count_line(ds, view, summary.meeting_summary(view)).split(",")[0]


def synth_folder(n: int) -> Path:
    folder = OUT / f"synth-{n}"
    if not (folder / "meetings.csv").exists():
        subprocess.run([sys.executable, "-m", "ctc_dashboard", "synth", "--meetings", str(n), "--out", str(folder),
                        "--seed", "0"], cwd=ROOT, check=True)
    return folder


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]


async def one_session(browser, url: str, expect: str, i: int, timeout_ms: float, delay: float,
                      contexts: list) -> dict:
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    contexts.append(context)  # closed when every session is done: they are open at the same time
    offsite: list[str] = []

    async def guard(route):
        host = urlsplit(route.request.url).hostname
        if urlsplit(route.request.url).scheme in ("data", "blob") or host in LOCAL_HOSTS:
            await route.continue_()
        else:
            offsite.append(route.request.url)
            await route.abort()

    await context.route("**/*", guard)
    page = await context.new_page()
    res: dict = {"i": i, "ok": False}
    t = time.perf_counter()
    try:
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_function(READY_JS, arg=COUNT_PATTERN, timeout=timeout_ms, polling=250)
        res["ready_s"] = time.perf_counter() - t
        # the page is ready; reading it may wait long for a renderer drawing 50 pages on 2 cores
        text = await page.locator("[data-testid=stMain]").inner_text(timeout=timeout_ms)
        line = re.search(r"\d+ of \d+ meetings[^\n]*", text)
        res["count_line"] = line.group(0) if line else None
        errors = await page.locator("[data-testid=stException]").count()
        res["ok"] = bool(line) and line.group(0).startswith(expect) and errors == 0 and not offsite
        if not res["ok"]:
            res["error"] = f"count line {res['count_line']!r}, {errors} exception box(es), offsite {offsite}"
        cookies = await context.cookies()
        res["route"] = next((c["value"] for c in cookies if c["name"] == "ctc_route"), None)
    except Exception as e:  # a timeout or a crash is this session's error, not the benchmark's
        res["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"
        res["ready_s"] = None
    return res


async def crowd(url: str, n: int, expect: str, timeout_ms: float, ramp_s: float) -> tuple[list[dict], float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            contexts: list = []
            t = time.perf_counter()
            results = await asyncio.gather(*(one_session(browser, url, expect, i, timeout_ms, i * ramp_s / n, contexts)
                                             for i in range(n)))
            wall = time.perf_counter() - t
            for c in contexts:
                await c.close()
            return list(results), wall
        finally:
            await browser.close()


def run_folder(label: str, folder: Path | None, n: int, replicas: int, timeout_s: float, ramp_s: float) -> dict:
    from playwright.sync_api import sync_playwright

    from bench.stack import warm

    expect = expected_count(folder)
    print(f"{label}: expecting '{expect}' in {n} sessions", flush=True)
    stack = Proxied(str(folder) if folder else None, replicas=replicas)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for r in stack.replicas():
                warm(b, r["url"], timeout_ms=timeout_s * 1000)
            b.close()
        rss_warm = {r["port"]: vmhwm_mb(r["pid"]) for r in stack.replicas()}
        cpu_before = {r["port"]: cpu_s(r["pid"]) for r in stack.replicas()}
        load_before = os.getloadavg()[0]
        sessions, wall = asyncio.run(crowd(stack.url + "/", n, expect, timeout_s * 1000, ramp_s))
        rss = {r["port"]: vmhwm_mb(r["pid"]) for r in stack.replicas()}
        cpu = {r["port"]: cpu_s(r["pid"]) - cpu_before[r["port"]] for r in stack.replicas()}
        load_after = os.getloadavg()[0]
        routes = {}
        for line in (stack.run_dir / "access.log").read_text().splitlines():
            m = ROUTE_RE.search(line)
            if m:
                routes[m.group(3)] = m.group(2)
        spread = Counter(routes.get(s.get("route"), "?") for s in sessions)
        restarts = sum(r["restarts"] for r in stack.replicas())
    finally:
        stack.stop()
    ready = [s["ready_s"] for s in sessions if s.get("ready_s") is not None]
    errors = [s for s in sessions if not s["ok"]]
    out = {"label": label, "sessions": n, "replicas": replicas, "ramp_s": ramp_s, "expect": expect, "wall_s": wall,
           "ok": n - len(errors), "errors": [s.get("error") for s in errors],
           "p50_s": statistics.median(ready) if ready else None, "p95_s": pct(ready, 0.95) if ready else None,
           "min_s": min(ready) if ready else None, "max_s": max(ready) if ready else None,
           "rss_warm_mb": rss_warm, "rss_peak_mb": rss,
           "replica_cpu_s": cpu, "load": [load_before, load_after], "spread": dict(spread), "restarts": restarts,
           "count_lines": sorted({s.get("count_line") or "-" for s in sessions})}
    print(json.dumps(out, indent=1), flush=True)
    return out


def _s(x: float | None) -> str:
    return f"{x:.1f} s" if x is not None else "–"


def markdown(rows: list[dict], when: str) -> str:
    n = rows[0]["sessions"]
    lines = [f"## Many users: {n} concurrent sessions through nginx", "",
             f"`python -m bench.sessions` on {when}: `deploy/serve.py` with {rows[0]['replicas']} replicas; each "
             "replica warmed by one visit; then "
             f"{n} fresh browser contexts in one headless Chromium open the landing page, arriving evenly over "
             f"{rows[0]['ramp_s']:.0f} s, all kept open until the last is ready (the "
             "browser renders all of them on the same 2 cores as the servers, so times include that contention). "
             "Ready = count line shown and the script run delivered (charts may still be drawing). "
             "An error is a wrong or missing count line, an "
             "exception box, a timeout or a request off the machine.", "",
             "| data | sessions | right count line | errors | time to ready p50 | p95 | max | all ready after | "
             "sessions per replica | replica peak RSS (after warm-up → after the crowd) | replica CPU in the crowd |",
             "|---|--:|--:|--:|--:|--:|--:|--:|---|---|---|"]
    for r in rows:
        spread = " / ".join(str(v) for _, v in sorted(r["spread"].items()))
        rss = " / ".join(f"{r['rss_warm_mb'][p]:.0f} → {r['rss_peak_mb'][p]:.0f} MB" for p in r["rss_peak_mb"])
        cpu = " / ".join(f"{c:.0f} s" for c in r["replica_cpu_s"].values()) if r.get("replica_cpu_s") else "–"
        lines.append(f"| {r['label']} (`{r['expect']}`) | {r['sessions']} | {r['ok']} | {len(r['errors'])} | "
                     f"{_s(r['p50_s'])} | {_s(r['p95_s'])} | {_s(r['max_s'])} | {_s(r['wall_s'])} | {spread} | {rss} | "
                     f"{cpu} |")
    lines += ["", "Read the times as the whole machine under load, not as the servers' latency: one Chromium draws "
              f"{n} dashboards (plotly and deck.gl in software WebGL) on the same 2 cores. The replicas' memory "
              "is the server-side cost of the crowd: what each of them holds for its sessions."]
    loads = [f"{r['label']} {r['load'][0]:.0f} → {r['load'][1]:.0f}" for r in rows if r.get("load")]
    if loads:
        lines += ["", "1-minute load average before → after each crowd (2 cores, shared with other work): "
                  + "; ".join(loads) + "."]
    errs = [e for r in rows for e in r["errors"]]
    if errs:
        lines += ["", "Errors: " + "; ".join(sorted(set(errs)))[:2000]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    import datetime as dt

    from bench.results_md import replace_section

    ap = argparse.ArgumentParser(prog="python -m bench.sessions")
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--sizes", default="shipped,100000", help="comma-separated: shipped and/or meeting counts")
    ap.add_argument("--timeout", type=float, default=300, help="seconds a session may take to be ready")
    ap.add_argument("--ramp", type=float, default=10, help="arrivals spread over this many seconds")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--report-only", action="store_true", help="rewrite the section from bench/out/sessions.json")
    args = ap.parse_args(argv)
    if args.report_only:
        rows = json.loads((OUT / "sessions.json").read_text(encoding="utf-8"))
        md = markdown(rows, ", ".join(sorted({r.get("when", "?") for r in rows})))
        print(md)
        replace_section("sessions", md)
        return 0
    rows = []
    for size in args.sizes.split(","):
        if size == "shipped":
            rows.append(run_folder("shipped data", None, args.sessions, args.replicas, args.timeout,
                                   args.ramp))
        else:
            n = int(size)
            rows.append(run_folder(f"synthetic {n:,}", synth_folder(n), args.sessions, args.replicas, args.timeout,
                                   args.ramp))
    OUT.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    for r in rows:
        r["when"] = when
    previous = OUT / "sessions.json"
    if args.sizes != ap.get_default("sizes") and previous.exists():  # a partial run keeps the other folders' rows
        measured = {r["label"] for r in rows}
        rows = [r for r in json.loads(previous.read_text(encoding="utf-8")) if r["label"] not in measured] + rows
        rows.sort(key=lambda r: r["label"] != "shipped data")
    (OUT / "sessions.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    md = markdown(rows, ", ".join(sorted({r.get("when", "?") for r in rows})))
    print(md)
    if not args.no_write:
        replace_section("sessions", md)
    return 0 if all(not r["errors"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
