"""Servers for the proxy benchmarks: one bare ``streamlit run`` (direct) or ``deploy.serve`` (nginx + replicas).

Every process is started here and stopped by its pid (the launcher stops its own children).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.support.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    COUNT_PATTERN,
    LOCAL_HOSTS,
    READY_JS,
    ROOT,
    ProxyStack,
    Server,
    wait_ready,
)

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "COUNT_PATTERN", "LOCAL_HOSTS", "READY_JS", "ROOT", "Direct", "Proxied",
           "warm", "vmhwm_mb"]


def vmhwm_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of a live process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Direct(Server):
    """One `streamlit run app.py` on loopback, as `make run` starts it (the shared harness's Server); ``app``: a
    floor page instead."""

    def __init__(self, data: str | None = None, app: str = "app.py"):
        super().__init__(Path(data) if data else None, app=app)
        self.start()

    def pids(self) -> list[int]:
        return [self.proc.pid]


class Proxied(ProxyStack):
    """`python -m deploy.serve`, as `make serve` starts it (the shared harness's ProxyStack), in a temporary run dir."""

    def __init__(self, data: str | None = None, replicas: int = 2, app: str | None = None):
        super().__init__(Path(tempfile.mkdtemp(prefix="bench-serve-")), Path(data) if data else None, replicas,
                         app=app)
        self.start()

    def pids(self) -> list[int]:
        return [r["pid"] for r in self.replicas()]


def warm(browser, url: str, timeout_ms: float = 120_000, counted: bool = True) -> None:
    """One visit, so the data cache is warm and a cold server's first-session quirk is spent. ``counted``: wait
    for the landing page's count line (a floor page has none: wait until it is idle)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto(url + "/")
        wait_ready(page, COUNT_PATTERN if counted else None, timeout_ms)  # the landing page's count line
    finally:
        context.close()



