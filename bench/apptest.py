"""Whole script runs as Streamlit executes them (AppTest), with the package's public functions timed inside."""

from __future__ import annotations

import os
import time
from pathlib import Path

from .common import ROOT


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


def apptest_runs(folder: str, ds, runs: int, pages: tuple[str, ...] | None = None) -> dict:
    """Whole script runs with AppTest, with the package's functions timed inside them.

    AppTest quirks (Streamlit 1.67, st.navigation): a second run after ``switch_page`` executes the page
    alone (the entry script and so ``ui.build_context`` are skipped, the previous context is reused);
    and widgets of the entry script vanish after the second run. So the whole rerun is measured as the
    first run of a fresh AppTest whose URL carries the years (same work as a rerun after a slider change,
    the data cache being warm), and each other page (those named in ``pages``, None: all) as the page
    script alone after that.
    """
    from streamlit.testing.v1 import AppTest

    from ctc_dashboard import env
    from ctc_dashboard.derive import filters

    instrument()
    os.environ[env.DATA] = folder
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
        if pages is not None and name not in pages:
            continue
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
