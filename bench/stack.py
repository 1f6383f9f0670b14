"""Servers for the proxy benchmarks: one bare ``streamlit run`` (direct) or ``deploy.serve`` (nginx + replicas).

Every process is started here and stopped by its pid (the launcher stops its own children).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.support.harness import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS, ROOT, Server, free_port

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "LOCAL_HOSTS", "ROOT", "Direct", "Proxied", "warm", "vmhwm_mb"]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


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
    """One `streamlit run dashboard.py` on loopback, as `make run` starts it (the shared harness's Server)."""

    def __init__(self, data: str | None = None):
        super().__init__(Path(data) if data else None)
        self.start()

    def pids(self) -> list[int]:
        return [self.proc.pid]


class Proxied:
    """`python -m deploy.serve`: nginx in front of `replicas` Streamlit processes."""

    def __init__(self, data: str | None = None, replicas: int = 2):
        self.run_dir = Path(tempfile.mkdtemp(prefix="bench-serve-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(self.run_dir / "launcher.log", "wb")  # noqa: SIM115
        cmd = [sys.executable, "-m", "deploy.serve", "--port", str(self.port), "--host", "127.0.0.1",
               "--replicas", str(replicas), "--run-dir", str(self.run_dir)] + (["--data", data] if data else [])
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while not (self.state().get("nginx_pid") and healthy(self.url)):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("deploy.serve did not start:\n" + (self.run_dir / "launcher.log").read_text())
            time.sleep(0.3)

    def state(self) -> dict:
        try:
            return json.loads((self.run_dir / "state.json").read_text())
        except (OSError, ValueError):
            return {}

    def replicas(self) -> list[dict]:
        return self.state()["replicas"]

    def pids(self) -> list[int]:
        return [r["pid"] for r in self.replicas()]

    def stop(self) -> None:
        _stop(self.proc, signal.SIGINT)
        self.log.close()


def warm(browser, url: str, ready_js: str, timeout_ms: float = 120_000) -> None:
    """One visit, so the data cache is warm and a cold server's first-session quirk is spent."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto(url + "/")
        page.wait_for_function(ready_js, timeout=timeout_ms)
    finally:
        context.close()


# The landing page is ready: the count line is shown and the script has finished.
READY_JS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.dataset.testScriptState !== 'notRunning' || app.dataset.testConnectionState !== 'CONNECTED')
    return false;
  const main = document.querySelector('[data-testid=stMain]');
  return !!main && /\\d[\\d,]* of [\\d,]+ meetings/.test(main.innerText)
    && !document.querySelector('[data-testid=stSkeleton]');
}"""
