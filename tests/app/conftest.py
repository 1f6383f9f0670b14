"""AppTest helpers: run the real entry script on a chosen data folder."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ctc_dashboard.ui import routes
from tests.conftest import ROOT

PAGES = [r.file for r in routes.ROUTES]


@pytest.fixture
def make_app(monkeypatch, tmp_path_factory):
    # the health file of AppTest runs goes to a temporary folder, not to static/status/
    monkeypatch.setenv("CTC_DASHBOARD_STATUS", str(tmp_path_factory.mktemp("status")))

    def _make(folder: Path | None = None, page: str | None = None, **params) -> AppTest:
        """``params`` go in the URL before the first run, as a shared link would carry them."""
        if folder is not None:
            monkeypatch.setenv("CTC_DASHBOARD_DATA", str(folder))
        else:
            monkeypatch.delenv("CTC_DASHBOARD_DATA", raising=False)
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return _make
