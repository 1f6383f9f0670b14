"""The 100,000-meeting filter reruns, before and after, in one run: CPU time of apply + meeting_summary + the
facet counts for five typical filter changes, on this checkout and on an earlier commit, alternating.

``python -m bench.reruns [--before 407ad1b] [--folder bench/out/synth-100000] [--runs 7] [--rounds 2]``

The earlier commit is checked out (``git worktree``) under bench/out/; each measurement is a fresh Python
process that imports that checkout's package (``rerun_worker.py``), loads the folder once, builds what the
first rerun builds, then times each filter change ``--runs`` times. CPU time (``time.process_time``), not wall
time: on a shared machine only the CPU time compares across processes. Writes the section ``index`` of
bench/RESULTS.md and checks the targets (default view <= 300 ms, every other change <= 500 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from .common import OUT, ROOT, loadavg, log, median
from .results_md import replace_section

BEFORE = "407ad1b"  # main before one index per dataset (issue 22, item 2): apply looked up a million meeting ids
WORKER = Path(__file__).with_name("rerun_worker.py")
TARGETS_MS = {"default view": 300}
OTHER_TARGET_MS = 500


def checkout(ref: str) -> Path:
    """A detached worktree of ``ref`` under bench/out/ (made once, reused)."""
    path = OUT / f"checkout-{ref}"
    if not (path / "ctc_dashboard").is_dir():
        subprocess.run(["git", "worktree", "add", "--detach", "--force", str(path), ref], cwd=ROOT, check=True,
                       capture_output=True)
    return path


def measure(code: Path, folder: Path, runs: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code)}
    proc = subprocess.run([sys.executable, str(WORKER), str(folder), str(runs)], cwd=code, env=env,
                          capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"rerun worker failed in {code.name}:\n{proc.stderr[-2000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    if Path(out["package"]).resolve().parent != code.resolve():
        raise RuntimeError(f"the worker imported {out['package']}, not the package of {code}")
    return out


def table(results: dict) -> tuple[str, list[str]]:
    names = list(results["after"][0]["changes"])
    lines = ["| filter change | before (CPU ms) | after (CPU ms) | before ÷ after | target | met |",
             "|---|--:|--:|--:|--:|---|"]
    missed = []
    for name in names:
        before = [median(r["changes"][name]["total_ms"]) for r in results["before"]]
        after = [median(r["changes"][name]["total_ms"]) for r in results["after"]]
        target = TARGETS_MS.get(name, OTHER_TARGET_MS)
        ok = max(after) <= target
        if not ok:
            missed.append(f"{name}: {max(after):.0f} ms > {target} ms")
        lines.append(f"| {name} | {', '.join(f'{x:.0f}' for x in before)} | {', '.join(f'{x:.0f}' for x in after)} "
                     f"| {median(before) / median(after):.1f}× | ≤ {target} | {'yes' if ok else '**no**'} |")
    return "\n".join(lines), missed


def split(results: dict, side: str) -> str:
    parts = []
    for r in results[side]:
        c = r["changes"]["default view"]
        parts.append(f"apply {median(c['apply_ms']):.0f} + summary {median(c['summary_ms']):.0f} + counts "
                     f"{median(c['counts_ms']):.0f}")
    return "; ".join(parts)


def section(results: dict, args, head: str) -> str:
    text, missed = table(results)
    r0 = results["after"][0]
    return (f"## The 100,000-meeting filter rerun, before and after one index per dataset\n\n"
            f"`python -m bench.reruns --before {args.before} --runs {args.runs} --rounds {args.rounds}` on "
            f"`{Path(args.folder).relative_to(ROOT) if Path(args.folder).is_relative_to(ROOT) else args.folder}` "
            f"({r0['meetings']:,} meetings, {r0['participation']:,} participation rows). *Before*: commit "
            f"{args.before} (main before `derive/index.py`); *after*: this checkout ({head}). Each cell is the "
            f"median of {args.runs} reruns in one fresh process; the processes alternate before, after, "
            f"{args.rounds} times. One rerun = `filters.apply` + `summary.meeting_summary` + `facets.counts` "
            "(the sidebar's (n) on every option), CPU time in milliseconds.\n\n" + text +
            f"\n\nDefault view, split (CPU ms): before {split(results, 'before')}; after {split(results, 'after')}."
            f"\n\nLoad average (1, 5, 15 min): start {results['loadavg'][0]}, end {results['loadavg'][-1]} "
            "(2 cores). " + ("**Every target is met.**" if not missed else "**Missed**: " + "; ".join(missed) + ".")
            + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.reruns", description=__doc__.splitlines()[0])
    ap.add_argument("--before", default=BEFORE)
    ap.add_argument("--folder", default=str(OUT / "synth-100000"))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    folder = Path(args.folder).resolve()
    if not (folder / "meetings.csv").exists():
        subprocess.run([sys.executable, "-m", "ctc_dashboard", "synth", "--meetings", "100000", "--seed", "0",
                        "--out", str(folder)], cwd=ROOT, check=True)
    before = checkout(args.before)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()
    results: dict = {"before": [], "after": [], "loadavg": [loadavg()]}
    for i in range(args.rounds):
        for side, code in (("before", before), ("after", ROOT)):
            results[side].append(measure(code, folder, args.runs))
            log(f"round {i + 1}/{args.rounds} {side}: default view "
                f"{median(results[side][-1]['changes']['default view']['total_ms']):.0f} ms CPU; "
                f"load average {loadavg()}")
            results["loadavg"].append(loadavg())
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "reruns.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    text, missed = table(results)
    print(text)
    replace_section("index", section(results, args, head))
    for m in missed:
        print(f"target missed: {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
