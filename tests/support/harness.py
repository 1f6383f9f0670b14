"""The one server + browser harness, shared by tests/e2e and bench/.

- ``Server(data)`` runs ``streamlit run app.py`` (the dashboard, its records and API; or another ``app``) on
  a free local port, on a data folder (None: the shipped data/); ``start()`` waits for
  ``/_stcore/health``; ``stop()`` ends it by its process id (terminate, then kill), never by name.
- ``launch(playwright)`` starts Debian's headless Chromium (``playwright install`` cannot download one).
- ``ProxyStack(run_dir, data)`` runs ``python -m deploy.serve`` (nginx in front of N replicas, as
  ``make serve``); ``start()`` waits for nginx and the health check; ``stop()`` sends it Ctrl+C's SIGINT.
- ``is_local(url)``: whether a request stays on this machine (the app must make no other).
- ``READY_JS`` / ``wait_ready(page)``: the one definition of "the app is ready" in a browser, for tests and bench;
  ``SHIFTS_JS`` / ``cumulative_layout_shift``: the one layout shift (CLS), for test_first_paint and bench.landing;
  ``free_port()`` and ``healthy(url)`` (the health poll) are ``deploy.serve``'s, the launcher's own.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from ctc_dashboard import env
from deploy.serve import free_port, healthy
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
DATA_ENV = env.DATA


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parts.hostname in LOCAL_HOSTS


__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "COUNT_PATTERN", "LOCAL_HOSTS", "READY_JS", "ROOT", "ProxyStack", "Server",
           "SHIFTS_JS", "cumulative_layout_shift", "free_port", "healthy", "is_local", "launch", "stop_process",
           "wait_ready"]

# The count line every data page opens with ("3 of 4 meetings, 2003–2019"), as a JavaScript regex source.
COUNT_PATTERN = r"\d[\d,]* of [\d,]+ meetings"

# The app is ready: its script run has finished and reached the browser (connected), no element is still
# loading its JavaScript (a skeleton), and, given a pattern (e.g. COUNT_PATTERN), the main area shows text
# matching it. Evaluated in the page: ``page.wait_for_function(READY_JS, arg=pattern)``, sync or async.
READY_JS = """(pattern) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.dataset.testScriptState !== 'notRunning' || app.dataset.testConnectionState !== 'CONNECTED')
    return false;
  if (document.querySelector('[data-testid=stSkeleton]')) return false;
  if (!pattern) return true;
  const main = document.querySelector('[data-testid=stMain]');
  return !!main && new RegExp(pattern).test(main.innerText);
}"""

# Layout shifts from the first paint on (buffered), as Chromium reports them to the page.
SHIFTS_JS = """() => { window.__shifts = [];
  new PerformanceObserver(list => { for (const e of list.getEntries()) {
    if (!e.hadRecentInput) window.__shifts.push([e.startTime, e.value]); } })
  .observe({type: 'layout-shift', buffered: true}); }"""


def cumulative_layout_shift(shifts: list[list[float]]) -> float:
    """CLS as Chromium and Lighthouse define it: the largest session window of shifts (each under 1 s from the
    last, the window at most 5 s long)."""
    best = window = 0.0
    start = last = None
    for t, value in sorted(shifts):
        if start is None or t - last >= 1000 or t - start >= 5000:
            start, window = t, 0.0
        window += value
        last = t
        best = max(best, window)
    return best



def wait_ready(page, pattern: str | None = None, timeout_ms: float = 30_000) -> None:
    """Wait (sync Playwright) until READY_JS holds; ``pattern``: text the main area must show too."""
    page.wait_for_function(READY_JS, arg=pattern, timeout=timeout_ms)


def launch(playwright):
    """Headless Debian Chromium, no background traffic."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def stop_process(proc: subprocess.Popen | None, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    """Signal one process by its pid (terminate by default), then kill it if it does not go."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class Server:
    """``streamlit run <app>`` on a free port, its output in ``log`` (or discarded)."""

    def __init__(self, data: Path | None = None, log_dir: Path | None = None, app: str = "app.py",
                 args: tuple[str, ...] = (), env: dict | None = None):
        """``args`` go to ``streamlit run`` (server options), ``env`` into its environment."""
        self.app, self.data = app, data
        self.args, self.env = tuple(args), dict(env or {})
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = None if log_dir is None else log_dir / f"streamlit-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "streamlit", "run", self.app, "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
               # others may edit the app while it runs: no "source file changed" prompt, no reruns
               "--server.fileWatcherType", "none", *self.args]
        return cmd + (["--", "--data", str(self.data)] if self.data is not None else [])

    def start(self, timeout: float = 120) -> float:
        """Start and wait until healthy; returns the seconds that took."""
        env = {k: v for k, v in os.environ.items() if k != DATA_ENV}
        if self.data is not None:
            env[DATA_ENV] = str(self.data)
        env.update(self.env)
        t = time.perf_counter()
        out = subprocess.DEVNULL if self.log is None else open(self.log, "wb")  # noqa: SIM115 (closed below)
        try:
            self.proc = subprocess.Popen(self.command(), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        finally:
            if out is not subprocess.DEVNULL:
                out.close()
        while time.perf_counter() - t < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log_text()}")
            if healthy(self.url):
                return time.perf_counter() - t
            time.sleep(0.05)
        raise TimeoutError(f"streamlit not healthy after {timeout:.0f} s:\n{self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log is not None and self.log.exists() else ""

    def rss_mb(self) -> float:
        """The server's resident memory now (Linux /proc)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS in /proc")

    def peak_rss_mb(self) -> float | None:
        """The server's peak resident memory (Linux /proc), or None."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except (OSError, AttributeError):
            return None
        return None

    def stop(self) -> None:
        stop_process(self.proc)


class ProxyStack:
    """``python -m deploy.serve`` on a free port: nginx in front of ``replicas`` Streamlit processes, its launcher
    output in ``run_dir/launcher.log``, its ports and pids in ``run_dir/state.json``."""

    def __init__(self, run_dir: Path, data: Path | None = None, replicas: int = 2, restart: bool = True,
                 app: str | None = None):
        self.run_dir = run_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [sys.executable, "-m", "deploy.serve", "--port", str(self.port), "--host", "127.0.0.1",
                        "--replicas", str(replicas), "--run-dir", str(run_dir)] + (["--app", app] if app else [])
        self.command += (["--data", str(data)] if data else []) + ([] if restart else ["--no-restart"])
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 180) -> None:
        with open(self.run_dir / "launcher.log", "wb") as log:
            self.proc = subprocess.Popen(self.command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not (self.state().get("nginx_pid") and healthy(self.url)):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("deploy.serve did not start:\n" + self.log_text())
            time.sleep(0.2)

    def log_text(self) -> str:
        path = self.run_dir / "launcher.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def state(self) -> dict:
        try:
            return json.loads((self.run_dir / "state.json").read_text())
        except (OSError, ValueError):
            return {}

    def replicas(self) -> list[dict]:
        return self.state()["replicas"]

    def stop(self) -> None:
        stop_process(self.proc, signal.SIGINT, timeout=30)  # what Ctrl+C sends to `make serve`
