"""The dashboard beside Datasette on the same data, in one run: a cold page and a filter change by widget.

``python -m bench.datasette [--runs 5] [--folder DIR ...]``

Datasette serves the SQLite export of the same folder (``ctc-dashboard export sqlite`` with its
metadata.json, so its meetings table shows the same facets a user of it would use). For each folder, in
turns so that the machine's load falls on both alike, with a cold server and a cold Chromium per run:

* cold page: the dashboard's landing until drawn and idle (``browser_side``); Datasette's meetings table
  until its load event;
* filter change by widget: the dashboard's years slider moved one step (PageUp) until the count line has
  changed and the page is idle again; in Datasette, a click on the first value of its ``year`` facet until
  the filtered page has loaded.

Writes the section ``datasette`` of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.harness import free_port, launch, stop_process

from .browser_side import browser_runs
from .common import DATA, OUT, VIEWPORT, loadavg, log, median
from .results_md import replace_section


class DatasetteServer:
    """``datasette serve ctc.db -m metadata.json`` on a free port of 127.0.0.1."""

    def __init__(self, db: Path, metadata: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cmd = [str(Path(sys.executable).with_name("datasette")), "serve", str(db), "-m", str(metadata),
                    "-h", "127.0.0.1", "-p", str(self.port), "--setting", "default_facet_size", "10"]
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> float:
        t = time.perf_counter()
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while time.perf_counter() - t < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"datasette exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/-/versions.json", timeout=2):
                    return time.perf_counter() - t
            except OSError:
                pass
            time.sleep(0.05)
        raise TimeoutError("datasette not up")

    def stop(self) -> None:
        stop_process(self.proc)


def export(folder: Path, out: Path) -> tuple[Path, Path]:
    """The folder's SQLite export and metadata.json, written by the dashboard's own CLI."""
    out.mkdir(parents=True, exist_ok=True)
    db = out / "ctc.db"
    db.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "ctc_dashboard", "export", "sqlite", str(folder), str(db)],
                   check=True, capture_output=True)
    meta = db.with_name("metadata.json")
    if not meta.exists():
        raise RuntimeError(f"the export wrote no {meta.name} beside {db.name}")
    return db, meta


def datasette_runs(db: Path, meta: Path, runs: int, pw) -> dict:
    """Cold Datasette + cold browser per run: the meetings table, then a click on a year facet value."""
    res: dict = {"cold_load_s": [], "filter_change_s": [], "rows_after": []}
    for i in range(runs):
        server = DatasetteServer(db, meta)
        browser = None
        try:
            server.start()
            browser = launch(pw)
            page = browser.new_context(viewport=VIEWPORT).new_page()
            t = time.perf_counter()
            page.goto(f"{server.url}/ctc/meetings", wait_until="load")
            res["cold_load_s"].append(time.perf_counter() - t)
            link = page.locator(".facet-info[data-column=year] li a").first
            t = time.perf_counter()
            link.click()
            page.wait_for_url("**year=*", wait_until="load")
            res["filter_change_s"].append(time.perf_counter() - t)
            res["rows_after"].append(page.locator("h3").first.inner_text())
        except Exception as e:  # keep going: one failed run should not lose the others
            res.setdefault("errors", []).append(f"{type(e).__name__}: {str(e)[:300]}")
            log(f"  datasette run {i + 1} failed: {type(e).__name__}: {str(e)[:200]}")
        finally:
            if browser is not None:
                browser.close()
            server.stop()
    return res


def dashboard_target(folder: Path) -> dict:
    big = "100000" in folder.name
    return {"name": "dashboard", "app": "app.py", "data": None if folder == DATA else folder, "plots": 2,
            "decks": 1, "heading": "CTC cooperation", "dashboard": True, "warm": False,
            "timeout": 300 if big else 120}


def compare(folder: Path, runs: int, pw, offsite: list[str]) -> dict:
    db, meta = export(folder, OUT / "datasette" / folder.name)
    out: dict = {"dashboard": {}, "datasette": {}, "loadavg": [loadavg()]}
    for i in range(runs):
        one = browser_runs(dashboard_target(folder), 1, pw, offsite)
        for k, v in one.items():
            out["dashboard"].setdefault(k, []).extend(v)
        for k, v in datasette_runs(db, meta, 1, pw).items():
            out["datasette"].setdefault(k, []).extend(v)
        out["loadavg"].append(loadavg())
        log(f"  {folder.name}: round {i + 1}/{runs}; load average {loadavg()}")
    return out


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f} s"


def table(results: dict) -> str:
    lines = ["| data | measure | dashboard | Datasette | dashboard ÷ Datasette | target |",
             "|---|---|--:|--:|--:|---|"]
    for name, r in results.items():
        for key, label, target in (("cold_load_s", "cold page", "–"),
                                   ("filter_change_s", "filter change by widget", "≤ 2×")):
            a, b = median(r["dashboard"].get(key, [])), median(r["datasette"].get(key, []))
            ratio = "–" if a is None or not b else f"{a / b:.1f}×"
            lines.append(f"| {name} | {label} | {_fmt(a)} | {_fmt(b)} | {ratio} | {target} |")
    return "\n".join(lines)


def section(results: dict, runs: int) -> str:
    loads = "; ".join(f"{name}: {r['loadavg'][0]} → {r['loadavg'][-1]}" for name, r in results.items())
    return ("## Beside Datasette: a cold page and a filter change by widget\n\n"
            f"`python -m bench.datasette --runs {runs}`: the dashboard (`app.py`, as `make run` serves it) and "
            "Datasette 0.65 serving the dashboard's own SQLite export of the same folder, taken in turns, a cold "
            "server and a cold headless Chromium each run, 1400 x 900; medians. *Cold page*: the landing page "
            "until its map and charts are drawn and the script is idle; Datasette's meetings table until its "
            "load event. *Filter change by widget*: the years slider moved one step until the count line has "
            "changed and the page is idle again (the facet counts in the sidebar included); in Datasette, a "
            "click on the first value of its year facet until the filtered page has loaded.\n\n"
            + table(results) + f"\n\nLoad average (1, 5, 15 min) at the start and end of each folder: {loads} "
            "(2 cores).\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.datasette", description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--folder", action="append", type=Path,
                    help="data folders (default: the shipped data/ and bench/out/synth-100000 if written)")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folders = args.folder or [DATA, *[p for p in [OUT / "synth-100000"] if (p / "meetings.csv").exists()]]
    offsite: list[str] = []
    results: dict = {}
    with sync_playwright() as pw:
        for folder in folders:
            name = "shipped data" if folder == DATA else folder.name.replace("synth-", "synthetic ")
            log(f"beside Datasette: {name} ({args.runs} runs each; load average {loadavg()})")
            results[name] = compare(folder, args.runs, pw, offsite)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "datasette.json").write_text(json.dumps({"results": results, "offsite": offsite}, indent=1),
                                        encoding="utf-8")
    print(table(results))
    replace_section("datasette", section(results, args.runs))
    print(f"Requests off the machine: {len(offsite)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
