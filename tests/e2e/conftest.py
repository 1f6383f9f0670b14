"""Browser tests: the real app (`streamlit run`) in headless Debian Chromium, fully offline.

- ``start_server(data)`` starts ``streamlit run dashboard.py`` on a free port (data=None: the shipped
  data/), waits for ``/_stcore/health`` and returns the base URL; every server is stopped by its
  process id (terminate, then kill) at the end of the session.
- ``new_page()`` opens a page in a fresh browser context (1400x1000). Every request to a host other
  than 127.0.0.1/localhost is aborted and recorded; any such request fails the test at teardown.
- On a freshly started server the first widget interaction is sometimes not applied, so tests wait for
  the app's visible state (the count line) and retry the action (``retry``), never assume.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "small"
SHIPPED = ROOT / "data"
HAS_SHIPPED = (SHIPPED / "meetings.csv").exists()
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

# (url path, sidebar link text, title shown on the page)
PAGES = [
    ("", "Overview", "CTC cooperation with international and regional organizations"),
    ("map", "Map", "Where the meetings were held"),
    ("timeline", "Timeline", "When the meetings were held"),
    ("participation", "Participation", "Who took part"),
    ("data", "Data", "Data"),
    ("about", "Sources & about", "Sources & about"),
]
COUNT_RE = re.compile(r"\d+ of \d+ meetings")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    here = Path(__file__).resolve().parent
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (apt-get install chromium; `make test` does it)")
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


# ----------------------------------------------------------------------------------------- servers

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data: Path | None, log_dir: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"streamlit-{self.port}.log"
        env = {k: v for k, v in os.environ.items() if k != "CTC_DASHBOARD_DATA"}
        if data is not None:
            env["CTC_DASHBOARD_DATA"] = str(data)
        cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
        if data is not None:
            cmd += ["--", "--data", str(data)]
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"streamlit not healthy after {timeout}s:\n{self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def start_server(tmp_path_factory) -> Iterator[Callable[[Path | None], Server]]:
    """Factory: ``start_server(folder)`` (None = shipped data/) -> a running, healthy Server."""
    log_dir = tmp_path_factory.mktemp("streamlit-logs")
    servers: list[Server] = []

    def _start(data: Path | None) -> Server:
        server = Server(data, log_dir)
        servers.append(server)
        server.wait_healthy()
        return server

    try:
        yield _start
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="session")
def fixture_server(start_server) -> Server:
    """tests/fixtures/small: 4 meetings (M3 an open briefing, left out by default)."""
    return start_server(FIXTURE)


@pytest.fixture(scope="session")
def shipped_server(start_server) -> Server:
    """The shipped data/, or the fixture while data/ has not been built."""
    return start_server(None if HAS_SHIPPED else FIXTURE)


# ----------------------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parts.hostname in LOCAL_HOSTS


@pytest.fixture
def new_page(browser):
    """Factory for pages in fresh contexts; any request off the machine fails the test."""
    contexts = []
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    def _new_page():
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        context.route("**/*", guard)
        context.on("request", lambda r: None if _is_local(r.url) or r.url in outside else outside.append(r.url))
        page = context.new_page()
        page.on("websocket", lambda ws: None if _is_local(ws.url) else outside.append(ws.url))
        contexts.append(context)
        return page

    yield _new_page
    for context in contexts:
        context.close()
    assert not outside, f"requests off the machine: {outside}"


# ----------------------------------------------------------------------------------------- helpers

def wait_idle(page, timeout: float = 30_000) -> None:
    """The script has finished its run and the browser is connected."""
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]"
                           "[data-test-connection-state=CONNECTED]", timeout=timeout)
    page.locator("[data-testid=stStatusWidget]").wait_for(state="hidden", timeout=timeout)


def wait_ready(page, text: str | re.Pattern | None = None, timeout: float = 30_000) -> None:
    """Idle, and `text` (the page title, say) visible in the main area."""
    if text is not None:
        main = page.locator("[data-testid=stMain]")
        main.get_by_text(text).first.wait_for(state="visible", timeout=timeout)
    wait_idle(page, timeout)


def count_line(page):
    """The bold 'N of M meetings, …' line at the top of a page."""
    return page.locator("[data-testid=stMain] [data-testid=stMarkdown]").filter(has_text=COUNT_RE).first


def goto(page, url: str, title: str | None = None) -> None:
    page.goto(url)
    wait_ready(page, title or COUNT_RE)


def retry(action: Callable[[], None], check: Callable[[float], None], attempts: int = 4,
          timeout: float = 8_000) -> None:
    """Do `action` until `check(timeout_ms)` passes: a fresh server may drop the first interaction."""
    from playwright.sync_api import TimeoutError as PWTimeout

    error: Exception | None = None
    for _ in range(attempts):
        try:
            action()
            check(timeout)
            return
        except (AssertionError, PWTimeout) as e:
            error = e
    assert error is not None
    raise error


def multiselect(page, label: str):
    return page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(
        has=page.locator("[data-testid=stWidgetLabel]", has_text=label))


def add_option(page, label: str, option: str | re.Pattern) -> None:
    """Open the sidebar multiselect `label` and choose `option` (if it is not already chosen)."""
    box = multiselect(page, label)
    box.locator("input").click()
    opt = page.get_by_role("option", name=option)
    if opt.count() or opt.first.is_visible():
        opt.first.click()
    page.keyboard.press("Escape")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def copy_file(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
