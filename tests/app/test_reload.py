"""The served folder through the app: a refused update leaves every page on the last valid version and the
Sources & about page says so with the report; a fixed folder is shown on the next run."""

import pytest

from ctc_dashboard import limits
from ctc_dashboard.ui import cache

M = "meetings.csv"
REFUSED = "An update of the data folder was refused"


@pytest.fixture(autouse=True)
def no_background_check(monkeypatch):
    """Only the page runs check the folder here, so each run sees exactly the edit made before it."""
    monkeypatch.setattr(cache, "DATA_WATCH_SECONDS", limits.Limit("data_watch_seconds", 3600, "test"))


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts + [w.value for w in at.warning] + [e.value for e in at.error])


def _cut_mid_row(folder) -> None:
    text = folder.read(M)
    folder.write(M, text[: text.index("\n", len(text) // 2) - 5])


def test_about_says_which_version_is_served(make_app, folder):
    at = make_app(folder.path, "app_pages/about.py")
    assert not at.exception
    assert "Serving" in _text(at) and REFUSED not in _text(at)


def test_refused_update_keeps_the_pages_and_about_shows_the_report(make_app, folder):
    at = make_app(folder.path)
    assert "3 of 4 meetings" in _text(at)
    _cut_mid_row(folder)
    at.run()
    assert not at.exception
    assert "3 of 4 meetings" in _text(at), "the last valid version is still shown"
    assert "does not match the data contract" not in _text(at)
    at.switch_page("app_pages/about.py").run()
    assert REFUSED in _text(at)
    report = at.dataframe[0].value
    assert M in set(report["file"])
    assert [b.label for b in at.get("download_button")][0] == "Download the full report (CSV)"


def test_fixed_folder_is_shown_on_the_next_run(make_app, folder):
    at = make_app(folder.path, "app_pages/about.py")
    original = folder.read(M)
    _cut_mid_row(folder)
    at.run()
    assert REFUSED in _text(at)
    folder.write(M, original.replace(",special meeting,", ",open briefing,", 1))
    at.run()
    assert REFUSED not in _text(at)
    at.switch_page("app_pages/overview.py").run()
    assert "2 of 4 meetings" in _text(at)


def test_folder_invalid_at_start_shows_only_the_report(make_app, folder):
    _cut_mid_row(folder)
    at = make_app(folder.path)
    assert "does not match the data contract" in _text(at)
    assert "of 4 meetings" not in _text(at)
