"""The production setup (deploy/serve.py: nginx in front of 2 replicas), driven through the proxy.

The stack is started once for this file with the small fixture and ``--no-restart`` (a killed replica
stays down). The last test kills a replica: keep it last.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import FIXTURE, ROOT
from tests.support.harness import free_port

from .conftest import (
    COUNT_RE,
    PAGES,
    VIEWPORT,
    choose,
    count_line,
    expect_count,
    goto,
    no_exception,
    retry,
    timeline_points,
    wait_idle,
    wait_ready,
)

NGINX_MODULE = Path("/usr/share/nginx/modules/ngx_http_brotli_filter_module.so")
LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) \S+ enc=(?P<enc>\S+) '
                  r'up=(?P<up>.*?) route=(?P<route>\S+) rt=')

pytestmark = pytest.mark.skipif(not NGINX_MODULE.exists(), reason="nginx + brotli modules missing (make test installs)")


class Stack:
    """A running `python -m deploy.serve`, read from its state.json and access log."""

    def __init__(self, run_dir: Path):
        self.run_dir = run_dir
        self.port = free_port()
        self.log = open(run_dir / "launcher.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "deploy.serve", "--port", str(self.port), "--host", "127.0.0.1",
             "--replicas", "2", "--data", str(FIXTURE), "--run-dir", str(run_dir), "--no-restart"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.run_dir / "launcher.log").read_text()
            state = self.state()
            if state.get("nginx_pid"):
                try:
                    with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            return
                except OSError:
                    pass
            time.sleep(0.2)
        raise AssertionError("the stack did not come up:\n" + (self.run_dir / "launcher.log").read_text())

    def state(self) -> dict:
        try:
            return json.loads((self.run_dir / "state.json").read_text())
        except (OSError, ValueError):
            return {}

    def access(self) -> list[dict]:
        path = self.run_dir / "access.log"
        return [m.groupdict() for m in map(LINE.search, path.read_text().splitlines()) if m] if path.exists() else []

    def upstreams(self, route: str, path_re: str = r"^/(?!static/)") -> set[str]:
        """Replicas that answered this browser's requests (static files never reach one)."""
        return {line["up"] for line in self.access() if line["route"] == route and re.search(path_re, line["path"])}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # what Ctrl+C sends to `make serve`
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, browser):
    s = Stack(tmp_path_factory.mktemp("serve"))
    try:
        s.wait_ready()
        for replica in s.state()["replicas"]:  # warm each replica directly (a cold one drops a first click)
            context = browser.new_context(viewport=VIEWPORT)
            try:
                page = context.new_page()
                page.goto(replica["url"] + "/")
                wait_ready(page, COUNT_RE, timeout=60_000)
            finally:
                context.close()
        yield s
    finally:
        s.stop()
    state = s.state()
    assert s.proc.returncode == 0, (s.run_dir / "launcher.log").read_text()
    for replica in state.get("replicas", []):  # Ctrl+C stopped every process the launcher started
        with pytest.raises(ProcessLookupError):
            os.kill(replica["pid"], 0)
    with pytest.raises(ProcessLookupError):
        os.kill(state["nginx_pid"], 0)


def two_meetings_zip() -> bytes:
    """The fixture cut to meetings M1 and M2 (and the rows that refer to them), as a data package ZIP."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted(FIXTURE.glob("*.csv")):
            text = f.read_text(encoding="utf-8")
            if f.name in ("meetings.csv", "participation.csv", "reported_figures.csv"):
                lines = text.splitlines(keepends=True)
                text = lines[0] + "".join(ln for ln in lines[1:] if ln.startswith(("M1,", "M2,")))
            z.writestr(f.name, text)
    return buf.getvalue()


def upload_and_use(page, name: str, data: bytes) -> None:
    uploader = page.locator("[data-testid=stFileUploader]")
    uploader.locator("input[type=file]").set_input_files([{"name": name, "mimeType": "application/zip",
                                                           "buffer": data}])
    expect(uploader).to_contain_text(name)
    wait_idle(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    for attempt in range(3):  # a fresh session may drop the first click
        try:
            page.get_by_role("button", name="Check and use these files").click()
            expect(sidebar).to_contain_text("Showing your upload", timeout=8_000)
            return
        except AssertionError:
            if attempt == 2:
                raise


def _route(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "ctc_route")


def test_replicas_listen_on_loopback_only(stack):
    for replica in stack.state()["replicas"]:
        out = subprocess.run(["ss", "-Htln", f"sport = :{replica['port']}"], capture_output=True, text=True)
        if out.returncode != 0:
            pytest.skip("ss not available")
        addresses = {line.split()[3] for line in out.stdout.splitlines()}
        assert addresses == {f"127.0.0.1:{replica['port']}"}, addresses


def test_every_page_renders_and_a_filter_redraws(stack, new_page):
    page = new_page()
    for path, _, title in PAGES:
        goto(page, f"{stack.url}/{path}", title)
        no_exception(page)
        assert page.locator("[data-testid=stMain] h1").first.inner_text().strip() == title
    goto(page, f"{stack.url}/timeline", "When the meetings were held")
    expect(count_line(page)).to_contain_text("3 of 4 meetings")
    assert timeline_points(page) == 3
    retry(lambda: choose(page, "Meeting type", "open briefing"), expect_count(page, "4 of 4 meetings"))
    expect(page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first.locator(
        ".scatterlayer .trace .points path")).to_have_count(4)
    # one browser, one replica: every request of its session went to the same process
    assert len(stack.upstreams(_route(page))) == 1, stack.upstreams(_route(page))


def test_bundles_arrive_compressed_and_cached(stack, new_page):
    page = new_page()
    bundles = []
    page.on("response", lambda r: bundles.append(r) if re.search(r"/static/js/index\.[^/]+\.js$", r.url) else None)
    goto(page, stack.url + "/", COUNT_RE)
    assert bundles, "the main bundle was not loaded"
    headers = bundles[0].all_headers()
    assert headers.get("content-encoding") == "br", headers  # Chromium offers br
    assert "immutable" in headers.get("cache-control", "")

    bundle = urllib.request.urlparse(bundles[0].url).path
    for offered, expected in (("gzip", "gzip"), ("br", "br"), ("gzip, deflate, br", "br"), ("identity", None)):
        req = urllib.request.Request(stack.url + bundle, headers={"Accept-Encoding": offered})
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
            assert r.headers.get("Content-Encoding") == expected, (offered, dict(r.headers))
            if expected:
                plain = _static_file(stack, bundle).stat().st_size
                assert len(body) < plain / 2, (offered, len(body), plain)
    req = urllib.request.Request(stack.url + "/app/static/countries-110m.geojson", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.headers.get("Content-Encoding") == "gzip"
        assert "immutable" not in r.headers.get("Cache-Control", "")
    with urllib.request.urlopen(stack.url + "/", timeout=10) as r:  # the page names the bundles: never stale
        assert r.headers.get("Cache-Control") == "no-cache"


def _static_file(stack, url_path: str) -> Path:
    conf = (stack.run_dir / "nginx.conf").read_text()
    root = re.search(r"location /static/ \{\s*root (\S+);", conf).group(1)
    return Path(root) / url_path.lstrip("/")


def test_upload_stays_in_its_session(stack, new_page):
    mine, other = new_page(), new_page()
    goto(mine, f"{stack.url}/data", "Data")
    goto(other, stack.url, COUNT_RE)
    expect(count_line(other)).to_contain_text("3 of 4 meetings")

    upload_and_use(mine, "two-meetings.zip", two_meetings_zip())
    expect(count_line(mine)).to_contain_text("2 of 2 meetings")
    switch = mine.locator("[data-testid=stSidebarNav] a").filter(has_text="Timeline")
    switch.click()
    expect(count_line(mine)).to_contain_text("2 of 2 meetings")  # still in this session on another page

    other.reload()
    expect(count_line(other)).to_contain_text("3 of 4 meetings")
    # the upload (an HTTP PUT, not the websocket) reached the replica that holds the session
    puts = {line["up"] for line in stack.access() if line["route"] == _route(mine) and line["method"] == "PUT"}
    assert len(puts) == 1 and puts == stack.upstreams(_route(mine)), (puts, stack.upstreams(_route(mine)))


def test_killed_replica_new_sessions_and_reloads_still_served(stack, new_page, browser):
    link = f"{stack.url}/timeline?years=2003&years=2004"
    page = new_page()
    goto(page, link, "When the meetings were held")
    expect(count_line(page)).to_contain_text("2 of 4 meetings, 2003–2004")
    route = _route(page)
    (served_by,) = stack.upstreams(route)
    victim = next(r for r in stack.state()["replicas"] if served_by.endswith(f":{r['port']}"))
    os.kill(victim["pid"], signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # gone, and its port closed
        try:
            urllib.request.urlopen(victim["url"] + "/_stcore/health", timeout=1)
        except OSError:
            break
        time.sleep(0.1)

    # a new browser whose sticky key points at the dead replica, and one with no key yet
    stuck = new_page()
    stuck.context.add_cookies([{"name": "ctc_route", "value": route, "url": stack.url}])
    fresh = new_page()
    for newcomer in (stuck, fresh):
        goto(newcomer, stack.url + "/", COUNT_RE)
        expect(count_line(newcomer)).to_contain_text("3 of 4 meetings")
        no_exception(newcomer)

    # the open session lost its process: a reload brings the same view back from the URL
    page.reload()
    wait_idle(page, timeout=30_000)
    expect(count_line(page)).to_contain_text("2 of 4 meetings, 2003–2004")
    assert timeline_points(page) == 2
    no_exception(page)
    live = {r["url"].split("//")[1] for r in stack.state()["replicas"]} - {victim["url"].split("//")[1]}
    last = [line for line in stack.access() if line["route"] == route and line["path"].startswith("/timeline?")][-1]
    assert last["status"] == "200" and last["up"].split(", ")[-1] in live, last
