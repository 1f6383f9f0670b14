"""Hostile text in the data is shown as text: no HTML, no script, no image from elsewhere.

A copy of the fixture whose titles, city, theme, notes, organization name and source title carry
an <img onerror>, a <script> and a markdown image pointing off the machine. The `new_page` guard
fails the test on any request that leaves 127.0.0.1 (the markdown image would).
"""

import csv
import io
import math
import re
import shutil
import zipfile

import pytest
from playwright.sync_api import expect

from tests.conftest import FIXTURE

from .conftest import PAGES, first_map_view, goto, multiselect, nav_pages, no_exception, switch_page, wait_idle

IMG = "<img src=x onerror=\"document.title='pwned'\">"
SCRIPT = "<script>document.title='pwned'</script>"
MD_IMAGE = "![x](http://evil.example/x.png)"
ALL = f"{IMG} {SCRIPT} {MD_IMAGE}"
EDITS = [  # file, row id, column, value
    ("meetings.csv", "M1", "title", "First " + ALL),
    ("meetings.csv", "M1", "notes", ALL),
    ("meetings.csv", "M2", "city", "Vienna " + IMG),
    ("meetings.csv", "M2", "theme", ALL),
    ("meetings.csv", "M4", "title", "Joint " + MD_IMAGE),
    ("organizations.csv", "ORGC", "name", "Gamma " + ALL),
    ("sources.csv", "S1", "title", "Source " + ALL),
]
# Watches <title> from the first moment of every document, so a title set and reset is caught too.
WATCH_TITLE = """
window.__pwned = false;
new MutationObserver(() => { if (document.title.includes('pwned')) window.__pwned = true; })
  .observe(document, {subtree: true, childList: true, characterData: true});
"""
VIEW = first_map_view(FIXTURE)  # the hostile edits leave every position as it is


def _edit(folder, name, row_id, column, value):
    path = folder / name
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    col = rows[0].index(column)
    hits = [r for r in rows[1:] if r[0] == row_id]
    assert len(hits) == 1, (name, row_id)
    hits[0][col] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_server(start_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "hostile"
    shutil.copytree(FIXTURE, folder)
    for edit in EDITS:
        _edit(folder, *edit)
    return start_server(folder)


def _inert(page, where: str) -> None:
    """Nothing from the data became markup, and the payload never ran."""
    no_exception(page)
    assert not page.evaluate("window.__pwned"), f"{where}: a payload set document.title"
    assert page.title() != "pwned"
    found = page.evaluate("""() => ({
        img: Array.from(document.images).map(i => i.getAttribute('src'))
                  .filter(s => s === 'x' || (s || '').includes('evil')),
        onerror: document.querySelectorAll('[onerror]').length,
        script: Array.from(document.scripts).filter(s => s.textContent.includes('pwned')).length,
    })""")
    assert found == {"img": [], "onerror": 0, "script": 0}, f"{where}: {found}"


def _deck_xy(box, lat: float, lon: float) -> tuple[float, float]:
    """Screen position of a point in the initial view (web mercator, 512-pixel world at zoom 0)."""
    world = 512 * 2 ** VIEW["zoom"]

    def merc(la):
        return math.log(math.tan(math.pi / 4 + math.radians(la) / 2))

    x = (lon - VIEW["lon"]) / 360 * world
    y = (merc(VIEW["lat"]) - merc(lat)) / (2 * math.pi) * world
    return box["x"] + box["width"] / 2 + x, box["y"] + box["height"] / 2 + y


def test_hostile_text_stays_text(hostile_server, new_page):
    page = new_page()
    page.context.add_init_script(WATCH_TITLE)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    seen_as_text = []

    goto(page, hostile_server.url + "/")
    _inert(page, "/")
    pages = nav_pages(page)
    for path, link in pages[1:]:  # every page, by the sidebar like a reader
        switch_page(page, link, path)
        page.wait_for_timeout(300)  # let charts and tables draw
        _inert(page, f"/{path}")

        if path == "participation":  # meeting labels (with the hostile city) are axis text, shown literally
            labels = page.locator("[data-testid=stPlotlyChart] svg text").filter(has_text="Vienna <img src=x")
            expect(labels.first).to_be_visible(timeout=20_000)
            seen_as_text.append(labels.first.text_content())

        if path == "timeline":  # hover every meeting: the hover label shows the title as text
            points = page.locator("[data-testid=stPlotlyChart]").first.locator(".scatterlayer .points path")
            points.first.wait_for(timeout=20_000)
            hovers = []
            for i in range(points.count()):
                points.nth(i).hover(force=True)
                page.wait_for_timeout(300)
                hovers.append(page.locator(".hoverlayer").first.text_content() or "")
            assert any("First <img src=x" in h and "<script>" in h for h in hovers), hovers
            seen_as_text += hovers
            page.mouse.move(0, 0)
            _inert(page, "timeline hover")

        if path == "map":  # hover Vienna (one meeting there): the deck.gl tooltip is plain text
            deck = page.locator("[data-testid=stDeckGlJsonChart]").first
            deck.locator("canvas").first.wait_for(timeout=20_000)
            page.wait_for_timeout(1000)
            x, y = _deck_xy(deck.bounding_box(), 48.2085, 16.3721)
            tooltip = page.locator(".deck-tooltip")
            for dx in (4, 5, 3):  # onto the circle east of its centre, where GO's arc to New York starts
                page.mouse.move(x + dx, y + dx)
                page.wait_for_timeout(400)
                if tooltip.count() and tooltip.first.is_visible():
                    break
            expect(tooltip.first).to_contain_text("Vienna <img src=x")
            assert tooltip.first.locator("img").count() == 0
            seen_as_text.append(tooltip.first.inner_text())
            page.mouse.move(0, 0)
            _inert(page, "map hover")

    if "profile" in dict(pages):  # one meeting and one organization in full
        for query in ("meeting=M1", "organization=ORGC"):
            goto(page, f"{hostile_server.url}/profile?{query}")
            page.wait_for_timeout(300)
            _inert(page, f"/profile?{query}")
            expect(page.locator("[data-testid=stMain]")).to_contain_text("<img src=x")

    # Sidebar: the organization's name is an option label, as text.
    box = multiselect(page, "Organizations")
    box.locator("input").click()
    option = page.get_by_role("option", name=re.compile("Gamma <img src=x"))
    expect(option).to_be_visible()
    assert option.locator("img").count() == 0
    page.keyboard.press("Escape")
    _inert(page, "organization options")

    assert not dialogs, dialogs
    assert any("<img src=x" in t for t in seen_as_text)


def _fixture_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted(FIXTURE.glob("*.csv")):
            z.write(f, f.name)
    return buf.getvalue()


def test_hostile_upload_name_stays_text(fixture_server, new_page):
    """An uploaded ZIP's file name is shown (sidebar, captions) as text: no image is fetched."""
    page = new_page()
    page.context.add_init_script(WATCH_TITLE)
    goto(page, f"{fixture_server.url}/data", "Data")
    name = f"{MD_IMAGE} {IMG}.zip"
    uploader = page.locator("[data-testid=stFileUploader]")
    uploader.locator("input[type=file]").set_input_files(
        [{"name": name, "mimeType": "application/zip", "buffer": _fixture_zip()}])
    expect(uploader).to_contain_text(".zip")
    wait_idle(page)

    def use_upload():
        page.get_by_role("button", name="Check and use these files").click()
        expect(page.locator("[data-testid=stSidebar]")).to_contain_text("Showing your upload", timeout=8_000)

    for attempt in range(3):  # a fresh session may drop the first click
        try:
            use_upload()
            break
        except AssertionError:
            if attempt == 2:
                raise
    wait_idle(page)
    expect(page.locator("[data-testid=stSidebar]")).to_contain_text(MD_IMAGE)  # the name, as text
    for path, link, _ in PAGES[1:] + PAGES[:1]:  # the upload lives in this session: navigate, don't reload
        switch_page(page, link, path)
        page.wait_for_timeout(300)
        assert not new_page.outside, f"/{path}: requests off the machine: {new_page.outside}"
        _inert(page, f"/{path} after the upload")
