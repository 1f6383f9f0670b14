"""The landing page against the stack's floor, side by side: cold loads of a bare page, a bare page with a
sidebar, the minimal same-library page, the landing's elements with no data work (bench/shape.py) and the
dashboard (and optionally the dashboard of another checkout,
``--before``), taken in turns so that a change in the machine's load falls on all of them alike.

``python -m bench.landing [--runs 7] [--before OTHER_CHECKOUT/app.py]``

Prints medians, ratios to the minimal page and to the bare page, the layout shift (CLS) of each, and the load
average before and after. Each run is a cold ``streamlit run`` and a cold Chromium (``browser_side``).
"""

from __future__ import annotations

import argparse
import json
import sys

from . import shape
from .browser_side import browser_runs
from .common import OUT, loadavg, log, median
from .results_md import replace_section

FLOOR = [
    {"name": "bare page", "app": "bench/bare_app.py", "plots": 0, "decks": 0, "heading": None, "warm": False},
    {"name": "bare page with a sidebar", "app": "bench/sidebar_app.py", "plots": 0, "decks": 0, "heading": None,
     "warm": False},
    {"name": "minimal page", "app": "bench/minimal_app.py", "plots": 1, "decks": 1, "heading": "Minimal page",
     "warm": False},
    # the landing's own elements from bench/out/shape.json, drawn with plain Streamlit calls (bench/shape.py)
    {"name": "landing's elements, no data work", "app": "bench/shape_app.py", "plots": 2, "decks": 1,
     "heading": "CTC cooperation", "warm": False},
]


def landing(app: str, name: str) -> dict:
    return {"name": name, "app": app, "plots": 2, "decks": 1, "heading": "CTC cooperation", "warm": False}


def table(results: dict) -> str:
    minimal = median(results["minimal page"]["cold_load_s"])
    bare = median(results["bare page"]["cold_load_s"])
    lines = ["| page | runs | server start (until healthy) | cold load | ÷ minimal | ÷ bare | layout shift (CLS) |",
             "|---|--:|--:|--:|--:|--:|--:|"]
    for name, r in results.items():
        cold = median(r["cold_load_s"])
        if cold is None:
            lines.append(f"| {name} | 0 | – | – | – | – | – |")
            continue
        lines.append(f"| {name} | {len(r['cold_load_s'])} | {median(r['server_start_s']):.2f} s | {cold:.2f} s | "
                     f"{cold / minimal:.2f}× | {cold / bare:.2f}× | {median(r['layout_shift']):.3f} |")
    return "\n".join(lines)


def section(results: dict, load: dict, runs: int) -> str:
    """The landing section of bench/RESULTS.md: how it was measured, the table, the load."""
    return (f"## Landing page against the stack's floor\n\n`python -m bench.landing --runs {runs}`: cold loads "
            "(a new `streamlit run` and a new headless Chromium each, 1400 x 900, shipped data) of a bare page, "
            "a bare page with a sidebar like the dashboard's (`bench/sidebar_app.py`), the minimal same-library page "
            "(one pydeck map, one plotly chart), the landing's own elements drawn from a record of them with plain "
            "Streamlit calls and no data work (`bench/shape.py`, `bench/shape_app.py`: same titles, metrics, "
            "widgets, map and chart JSON, in the same places) and the landing page (`app.py`, as `make run` serves "
            "it: it imports the landing's modules and loads the data before its health check answers, so that "
            "time is in its server start), taken in turns; medians. Cold load = from the address typed to ready. "
            "Ready = charts drawn, the map's canvas there and its basemap's country shapes arrived, script idle, "
            "no static file loading (before 2026-12-05 the floor pages in `bench/` had no basemap, and ready did "
            "not wait for one). The landing against its own elements is the cost of the dashboard's own work; its "
            "elements against the minimal page are Streamlit's, plotly's and deck.gl's cost of drawing them. "
            "CLS = the largest session window of layout shifts, measured up to 1 s after ready.\n\n" + table(results) +
            f"\n\nLoad average (1, 5, 15 min) at the start: {load['start']}; at the end: {load['end']} "
            "(2 cores). **Read the ratios, not the times**: at that load every time is several times a quiet "
            "machine's.\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.landing", description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--before", help="another checkout's app.py (or dashboard.py), measured as 'landing, before'")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    shape.dump()  # the landing's elements as they are now, for bench/shape_app.py
    targets = [*FLOOR, landing("app.py", "landing page")]
    if args.before:
        targets.append(landing(args.before, "landing page, before"))
    results: dict = {t["name"]: {} for t in targets}
    load = {"start": loadavg()}
    offsite: list[str] = []
    with sync_playwright() as pw:
        for i in range(args.runs):
            for t in targets:
                one = browser_runs(t, 1, pw, offsite)
                for k, v in one.items():
                    results[t["name"]].setdefault(k, []).extend(v)
            log(f"round {i + 1}/{args.runs} done; load average {loadavg()}")
    load["end"] = loadavg()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "landing.json").write_text(json.dumps({"results": results, "loadavg": load, "offsite": offsite},
                                                 indent=1), encoding="utf-8")
    print(table(results))
    replace_section("landing", section(results, load, args.runs))
    print(f"\nLoad average (1, 5, 15 min): start {load['start']}; end {load['end']}. "
          f"Requests off the machine: {len(offsite)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
