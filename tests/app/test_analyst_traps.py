"""Issue 25: what a first-time analyst trips over, one test (or more) per trap, on the shipped data."""

import json

import pytest

from ctc_dashboard.ui import keys, routes

COUNTED_PAGES = [r.file for r in routes.ROUTES if r not in (routes.PROFILE, routes.ABOUT)]


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def _spec(at, n: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[n].proto.spec)


# ---------------------------------------------------------------- 1. the default view says what it hides

@pytest.mark.parametrize("page", COUNTED_PAGES)
def test_every_page_with_counts_says_the_default_hides_open_briefings(make_app, page):
    at = make_app(None, page)
    assert not at.exception, at.exception
    assert "30 open briefings are hidden by the default view" in _text(at)
    assert at.button(key=keys.INCLUDE_HIDDEN).label == "Include open briefings"


def test_one_click_includes_the_open_briefings(make_app):
    at = make_app(None, routes.OVERVIEW.file)
    at.button(key=keys.INCLUDE_HIDDEN).click().run()
    assert not at.exception, at.exception
    text = _text(at)
    assert "51 of 51 meetings" in text
    assert "hidden" not in text
    assert at.query_params.get(keys.TYPES) is None or "open briefing" in at.query_params.get(keys.TYPES)
