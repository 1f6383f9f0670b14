"""Builders at scale: the timings unit tests used to assert, measured here against the same bounds.

Unit tests check what these builders return at scale; how fast they are is this module's job
(speed is measured by the benchmark, never by timed asserts in tests).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .common import log, median, table

# (what, bound in seconds): the bounds the unit tests held, generous for a loaded CI machine.
BOUNDS = {
    "write_synthetic, 20,000 meetings": 10.0,
    "matrix_table + matrix + continuity_table, 20,000 meetings": 20.0,
    "meeting_summary, largest folder": 2.0,
    "organization_summary + participation_detail, largest folder": 4.0,
    "profile of the most frequent organization (facts, meetings, timeline), largest folder": 10.0,
}


def _time(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def builders_at_scale(out: Path, largest: Path | None, runs: int = 2) -> dict:
    """Seconds per run of each builder in BOUNDS; ``largest``: the biggest synthetic folder (None: 20,000)."""
    from ctc_dashboard import load_folder
    from ctc_dashboard.derive import continuity, profiles, summary
    from ctc_dashboard.render import charts, matrix
    from ctc_dashboard.synth import write_synthetic

    res: dict = {}
    names = list(BOUNDS)
    folder = out / "builders-20k"
    res[names[0]] = _time(lambda: write_synthetic(folder, 20_000, seed=1), runs)
    ds = load_folder(folder)
    res[names[1]] = _time(lambda: (matrix.matrix(continuity.matrix_table(ds, "first")),
                                   continuity.continuity_table(ds)), runs)
    big = load_folder(largest) if largest is not None else ds
    res["largest folder"] = f"{len(big.meetings):,} meetings, {len(big.participation):,} participation rows"
    res[names[2]] = _time(lambda: summary.meeting_summary(big), runs)
    res[names[3]] = _time(lambda: (summary.organization_summary(big), summary.participation_detail(big)), runs)
    top = big.participation["org_id"].value_counts().index[0]

    def profile() -> None:
        profiles.organization_facts(big, top)
        charts.organization_timeline(profiles.organization_meetings(big, top))

    res[names[4]] = _time(profile, runs)
    for name in names:
        log(f"  {name}: {median(res[name]):.2f} s (bound {BOUNDS[name]:g} s)")
    return res


def builders_section(res: dict) -> list[str]:
    """The RESULTS.md section: each builder against the bound the unit tests used to hold."""
    if not res:
        return []
    rows = []
    for name, bound in BOUNDS.items():
        m = median(res.get(name) or [])
        rows.append([name, "–" if m is None else f"{m:.2f} s", f"≤ {bound:g} s",
                     "not measured" if m is None else ("✅ met" if m <= bound else f"❌ {m / bound:.1f}× over")])
    return ["## Builders at scale", "",
            f"Largest folder: {res.get('largest folder', '?')}. These bounds were timed asserts in the unit tests; "
            "the tests keep what the builders return, the timing is measured here.", "",
            table(["builder", "measured", "bound", ""], rows), ""]
