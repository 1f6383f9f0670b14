"""The benchmark: ``python -m bench [--quick]`` (``make bench``) -> bench/RESULTS.md and bench/scaling.png.

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
import json
import signal
import sys
import time
from pathlib import Path

from .browser_side import browser_runs
from .builders import builders_at_scale
from .common import BENCH, DATA, OUT, ROOT, SEED, SIZES, T0, loadavg, log, machine, median
from .plot import scaling_png
from .report import write_report
from .server_side import profile, run_server_side, server_worker


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="2 runs each; no 100,000-meeting browser runs")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="synthetic sizes, comma-separated")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-server", action="store_true")
    ap.add_argument("--builders-only", action="store_true",
                    help="only the builders at scale (the timings the unit tests used to assert); prints them")
    ap.add_argument("--profile", metavar="DIR", help="cProfile load, filters, summary and two page builders on DIR")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite RESULTS.md and scaling.png from bench/out/results.json without measuring")
    ap.add_argument("--server-worker", metavar="DIR", help=argparse.SUPPRESS)
    ap.add_argument("--runs", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--parts", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--reruns", metavar="DIR",
                    help="only the filter reruns and the Who came back page (builders + AppTest run) on DIR; "
                         "prints them")
    args = ap.parse_args(argv)
    # `timeout`/`kill` send SIGTERM: turn it into an exception so the finally blocks stop every server started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if args.server_worker:
        parts = tuple(args.parts.split(",")) if args.parts else None
        print(json.dumps(server_worker(args.server_worker, args.runs or 3, parts)))
        return 0
    if args.reruns:
        print(json.dumps(run_server_side(Path(args.reruns), args.runs or 3, ("filters", "explore")), indent=1))
        return 0
    if args.profile:
        profile(args.profile)
        return 0

    if args.builders_only:
        OUT.mkdir(parents=True, exist_ok=True)
        print(json.dumps(builders_at_scale(OUT, None, runs=1), indent=1))
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
        if name == "shipped data" and not browser:
            return 5
        # 3 in the browser: bench.landing takes medians of 7 of the floor and the landing, in turns, and
        # bench.datasette 5 filter changes (the ratios the summary quotes); these rows keep make bench under 30 min
        if name in ("shipped data", "bare page", "minimal page"):
            return 3
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

    if not args.no_server:
        log("builders at scale")
        synthetic = [d for name, d in folders.items() if name.startswith("synthetic")]
        results["builders"] = builders_at_scale(OUT, synthetic[-1] if synthetic else None,
                                                runs=1 if args.quick else 3)

    from playwright.sync_api import sync_playwright

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
                targets.append({"name": f"dashboard, {name}", "app": "app.py", "data": d, "plots": 2,
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
    log(f"done in {(time.perf_counter() - T0) / 60:.1f} min: bench/RESULTS.md, bench/scaling.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())
