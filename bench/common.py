"""What every part of the benchmark shares: paths, sizes, the log, medians, timing, memory, the machine."""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.harness import CHROMIUM, ROOT

BENCH = ROOT / "bench"
OUT = BENCH / "out"
DATA = ROOT / "data"
SIZES = (1_000, 10_000, 100_000)
SEED = 0
VIEWPORT = {"width": 1400, "height": 900}

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


def table(header: list[str], rows: list[list[str]]) -> str:
    align = "|".join("---" if i == 0 else "--:" for i in range(len(header)))
    out = ["| " + " | ".join(header) + " |", f"|{align}|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)
