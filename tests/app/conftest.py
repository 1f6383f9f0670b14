"""AppTest helpers: run the real entry script on a chosen data folder; read what a page shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ctc_dashboard import env
from ctc_dashboard.contract.schema import PLACE_COLUMNS, TABLES
from ctc_dashboard.ui import routes
from tests.conftest import FIXTURE, ROOT

PAGES = [r.file for r in routes.ROUTES]

# Every route's file runs its page on both: the small fixture and the shipped data (None: no --data).
ON_FIXTURE_AND_SHIPPED = pytest.mark.parametrize("data", [FIXTURE, None], ids=["fixture", "shipped data"])


@pytest.fixture
def make_app(monkeypatch, tmp_path_factory):
    # the health file of AppTest runs goes to a temporary folder, not to static/status/
    monkeypatch.setenv(env.STATUS, str(tmp_path_factory.mktemp("status")))

    def _make(folder: Path | None = None, page: str | None = None, **params) -> AppTest:
        """``params`` go in the URL before the first run, as a shared link would carry them."""
        if folder is not None:
            monkeypatch.setenv(env.DATA, str(folder))
        else:
            monkeypatch.delenv(env.DATA, raising=False)
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return _make


@pytest.fixture
def minimal_folder(folder):
    """The fixture with only the required columns (and the place columns), without reported_figures.csv."""
    folder.delete("reported_figures.csv")
    for name in ("meetings", "organizations", "participation", "sources"):
        header, _ = folder.rows(f"{name}.csv")
        # The place columns are required unless a meeting was virtual (these meetings were not).
        required = [f.name for f in TABLES[name].fields if f.required] + list(PLACE_COLUMNS)
        for column in header:
            if column not in required:
                folder.drop_column(f"{name}.csv", column)
    return folder


def text(at) -> str:
    """The words a reader sees on the page: title, markdown, captions, info, warnings, errors."""
    parts = ([t.value for t in at.title] + [m.value for m in at.markdown] + [c.value for c in at.caption]
             + [i.value for i in at.info] + [w.value for w in at.warning] + [e.value for e in at.error])
    return "\n".join(str(p) for p in parts)


def markdown(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def headers(at) -> list[str]:
    return [h.value for h in at.header]


def param(at, key: str) -> list[str]:
    """A URL parameter's values as the address holds them."""
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def charts(at) -> list[dict]:
    """Every plotly figure on the page, as its JSON spec."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
