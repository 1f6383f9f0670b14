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
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import FIXTURE
from tests.support.harness import ProxyStack, healthy

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


class Stack(ProxyStack):
    """The fixture's stack with ``--no-restart`` (a killed replica stays down), read from its access log too."""

    def __init__(self, run_dir: Path):
        super().__init__(run_dir, FIXTURE, replicas=2, restart=False)

    def access(self) -> list[dict]:
        path = self.run_dir / "access.log"
        return [m.groupdict() for m in map(LINE.search, path.read_text().splitlines()) if m] if path.exists() else []

    def upstreams(self, route: str, path_re: str = r"^/(?!static/)") -> set[str]:
        """Replicas that answered this browser's requests (static files never reach one)."""
        return {line["up"] for line in self.access() if line["route"] == route and re.search(path_re, line["path"])}


@pytest.fixture(scope="module")
def stack(tmp_path_factory, browser):
    s = Stack(tmp_path_factory.mktemp("serve"))
    try:
        s.start(timeout=90)
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


def _fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:  # 304 and 4xx arrive as errors
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def test_records_and_api_arrive_compressed_cached_and_revalidated(stack):
    """Through nginx: brotli or gzip, one cached copy for every client, 304 on a matching ETag, no route cookie."""
    for path in ("/records/meetings/M1", "/api/meetings.json", "/records/"):
        status, headers, body = _fetch(stack.url + path, {"Accept-Encoding": "br"})
        assert status == 200 and headers.get("content-encoding") == "br", (path, headers)
        assert "ctc_route" not in headers.get("set-cookie", ""), path  # no sticky session for these
        tag = headers["etag"]
        again, h2, body2 = _fetch(stack.url + path, {"Accept-Encoding": "gzip", "If-None-Match": tag})
        assert again == 304 and body2 == b"", (path, again)
        plain, h3, text = _fetch(stack.url + path)  # a client that takes no compression gets plain text
        assert plain == 200 and "content-encoding" not in h3 and h3.get("x-cache-status") == "HIT", (path, h3)
        assert text.startswith((b"<!doctype html>", b"{")), path
    _, headers, _ = _fetch(stack.url + "/records/meetings/M1")
    assert "default-src 'none'" in headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"
    _, headers, _ = _fetch(stack.url + "/api/meetings.json")
    assert headers["access-control-allow-origin"] == "*"
    status, headers, body = _fetch(stack.url + "/api/meetings.json?years=bad")
    assert status == 400 and json.loads(body)["parameter"] == "years"


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
        if not healthy(victim["url"]):
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
