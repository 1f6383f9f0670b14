"""An upload lives as long as its browser session: 10 sessions that upload and close leave the server's
memory where it was. Each upload is different (a content-keyed cache would hold them all) and carries
16 MB that is not data, so one kept upload shows plainly in the server's resident memory."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import FIXTURE, SCREENSHOTS, wait_ready

PADDING_MB = 16
SESSIONS = 10
BATCH = 5
TTL = 2  # server.disconnectedSessionTTL for this server: a closed session is discarded after 2 s
# Large blocks straight from mmap, so that memory given back is visible in RSS (glibc would otherwise keep
# freed 16 MB blocks in its heap and RSS would measure the allocator, not the app).
MALLOC = {"MALLOC_MMAP_THRESHOLD_": str(1024 * 1024)}


def _upload_zip(i: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for f in sorted(FIXTURE.glob("*.csv")):
            z.writestr(f.name, f.read_bytes())
        z.writestr("padding.bin", os.urandom(PADDING_MB * 1024 * 1024))
    return buf.getvalue()


def _open_and_upload(context, server, n: int, start: int, folder: Path) -> list:
    """``n`` tabs of one browser (shared HTTP cache, one Streamlit session each) that upload and use a ZIP."""
    pages = [context.new_page() for _ in range(n)]
    for page in pages:
        page.goto(f"{server.url}/data", wait_until="commit")
    for i, page in enumerate(pages):
        wait_ready(page, "Load your own data", timeout=60_000)
        path = folder / f"upload-{start + i}.zip"  # a path: the browser reads it, not the test driver's pipe
        path.write_bytes(_upload_zip(start + i))
        page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(path))
    for i, page in enumerate(pages):
        expect(page.locator("[data-testid=stFileUploader]")).to_contain_text(f"upload-{start + i}.zip",
                                                                            timeout=30_000)
    sidebar = [page.locator("[data-testid=stSidebar]") for page in pages]
    for attempt in range(3):  # a fresh session may drop the first click
        for page, side in zip(pages, sidebar, strict=True):
            if "Showing your upload" not in side.inner_text():
                page.get_by_role("button", name="Check and use these files").click()
        try:
            for side in sidebar:
                expect(side).to_contain_text("Showing your upload", timeout=15_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    for page in pages:
        expect(page.locator("[data-testid=stException]")).to_have_count(0)
    return pages


def _settled(server, context) -> float:
    """RSS once closed sessions are past their TTL and discarded (a later disconnect reaps them)."""
    time.sleep(TTL + 1)
    probe = context.new_page()
    probe.goto(f"{server.url}/data")
    wait_ready(probe, "Load your own data", timeout=60_000)
    probe.close()
    time.sleep(1)
    return server.rss_mb()


@pytest.mark.timeout(600)  # ~1 minute on an idle 2-core machine; much more on a loaded one
def test_ten_uploads_are_released_when_their_sessions_end(start_server, new_page, tmp_path):
    server = start_server(FIXTURE, args=("--server.disconnectedSessionTTL", str(TTL)), env=MALLOC)
    first = new_page()  # its context has the offline guard; every tab below is opened in it
    context = first.context
    first.close()
    for page in _open_and_upload(context, server, 2, 0, tmp_path):  # warm every code path once
        page.close()
    base = _settled(server, context)
    peak = base
    for start in range(0, SESSIONS, BATCH):
        pages = _open_and_upload(context, server, BATCH, 100 + start, tmp_path)
        peak = max(peak, server.rss_mb())
        for page in pages:
            page.close()  # the tab's websocket closes: its session ends
    after = _settled(server, context)
    numbers = (f"server RSS: base {base:.0f} MB, peak with {BATCH} uploads held {peak:.0f} MB, "
               f"after {SESSIONS} uploads and closes {after:.0f} MB")
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "upload-memory.txt").write_text(numbers + "\n")
    assert peak - base > BATCH * PADDING_MB * 0.8, f"the uploads held should show in the server's memory; {numbers}"
    assert after - base < 3 * PADDING_MB, f"{SESSIONS} closed uploads still hold {after - base:.0f} MB; {numbers}"
