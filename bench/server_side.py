"""Server side, in a fresh Python subprocess per folder (so peak RSS is per folder): load + validate, the
filter rerun for typical changes, each figure, the deck and the downloads, then whole script runs (AppTest)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .apptest import apptest_runs
from .common import ROOT, log, rss_mb, timed
from .rerun_worker import typical_changes
from .targets import WHO_CAME_BACK


def server_worker(folder: str, runs: int, parts: tuple[str, ...] | None = None) -> dict:
    """Everything one rerun of the app computes, timed piece by piece, on one data folder.

    ``parts`` (None: all): "filters" times only the filter rerun (load, apply + summary, sidebar), "explore"
    the Who came back page (its builders, then its AppTest page run); for a quick before/after.
    """
    import pandas as pd
    import pydeck  # noqa: F401  (import cost not measured)

    from ctc_dashboard import load_folder
    from ctc_dashboard.contract.labels import org_full_labels
    from ctc_dashboard.derive import continuity, exports, facets, filters, index, summary
    from ctc_dashboard.derive.view import View
    from ctc_dashboard.render import breakdown, charts, maps, matrix

    res: dict = {"folder": folder, "runs": runs, "rss_start_mb": rss_mb()}
    loads = []
    ds = None
    for _ in range(runs if parts is None else 1):
        ds = None  # let the previous copy go first: peak RSS is one dataset's
        t = time.perf_counter()
        ds = load_folder(folder)
        loads.append(time.perf_counter() - t)
    res["load_s"] = loads
    res["rss_after_load_mb"] = rss_mb()
    res["rows"] = ds.counts()
    res["bytes"] = sum(p.stat().st_size for p in Path(folder).glob("*.csv"))

    default = filters.default_filters(ds)
    scenarios = typical_changes(ds)
    res["filters"] = {}
    # The integer index behind the counts is built once per dataset (on the first rerun), like source_links.
    res["facet_index_s"], _ = timed(lambda: index.build(ds), 1)
    index.of(ds)
    for name, f in scenarios.items():
        a, view = timed(lambda f=f: filters.apply(ds, f), runs)
        s, m = timed(lambda view=view: summary.meeting_summary(view), runs)
        c, _ = timed(lambda f=f: facets.counts(ds, f), runs)  # the (n) on every sidebar option
        res["filters"][name] = {"apply_s": a, "summary_s": s, "counts_s": c,
                                "total_s": [x + y + z for x, y, z in zip(a, s, c, strict=True)],
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

    def who_came_back():
        """What the Who came back page builds on a cold cache: both tables and the matrix figure."""
        table = continuity.matrix_table(view, "first")
        continuity.continuity_table(view)
        return matrix.matrix(table).to_json()

    if parts is not None:
        if "explore" in parts:
            res["figures"] = {"who came back: matrix_table + continuity_table + matrix + to_json":
                              timed(who_came_back, runs)[0]}
            res["apptest"] = apptest_runs(folder, ds, runs, pages=(WHO_CAME_BACK,))
        res["rss_peak_mb"] = rss_mb()
        return res

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
        "who came back: matrix_table + continuity_table + matrix + to_json": who_came_back,
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
    res["downloads"]["data_package_zip(filtered)"], b = timed(
        lambda: exports.data_package_zip(View(ds, default).with_data(view)), d_runs)
    res["downloads"]["data_package_zip(filtered) MB"] = len(b) / 2**20
    del b
    res["rss_after_work_mb"] = rss_mb()

    # Whole script runs as Streamlit executes them (widgets, element serialisation), without a browser.
    res["apptest"] = apptest_runs(folder, ds, runs)
    res["rss_peak_mb"] = rss_mb()
    _ = pd  # keep the import explicit: the worker is a pandas process
    return res


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


def run_server_side(folder: Path, runs: int, parts: tuple[str, ...] | None = None) -> dict:
    t = time.perf_counter()
    only = ["--parts", ",".join(parts)] if parts else []
    proc = subprocess.run([sys.executable, "-m", "bench.run", "--server-worker", str(folder), "--runs", str(runs),
                           *only],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        log(f"server worker failed on {folder}:\n{proc.stderr[-3000:]}")
        return {"error": proc.stderr[-2000:]}
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["wall_s"] = time.perf_counter() - t
    return res
