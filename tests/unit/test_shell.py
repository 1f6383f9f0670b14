"""The first HTML of every dashboard address (ctc_dashboard.web.shell): what a reader, a search engine or a link
preview gets before any script runs."""

from __future__ import annotations

import re
import warnings

from starlette.applications import Starlette

from ctc_dashboard.ui import routes
from ctc_dashboard.web import shell, urls

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


def client() -> TestClient:
    return TestClient(Starlette(routes=shell.routes([r.url_path for r in routes.ROUTES])))


def test_every_page_address_returns_the_shell_with_our_title_and_description():
    c = client()
    for r in routes.ROUTES:
        res = c.get("/" + r.url_path)
        assert res.status_code == 200, r.url_path
        assert res.headers["cache-control"] == "no-cache"  # it names the bundles of this install
        assert "<title>CTC cooperation dashboard</title>" in res.text and "<title>Streamlit</title>" not in res.text
        assert '<meta name="description" content="How the UN Security Council' in res.text
    assert c.get("/not-a-page").status_code == 404  # other paths keep Streamlit's own answer in app.py


def test_a_reader_without_javascript_is_sent_to_the_records_and_the_api():
    html = client().get("/").text
    noscript = html[html.index("<noscript>"):html.index("</noscript>")]
    assert f'href="{urls.RECORDS}"' in noscript and f'href="{urls.API}"' in noscript


def test_the_first_paint_stylesheet_is_inline_and_the_bundles_are_streamlits():
    html = client().get("/").text
    head = html[:html.index("</head>")]
    assert shell.STYLESHEET.read_text(encoding="utf-8") in head  # no request: it must apply to the first paint
    assert './static/js/index.' in head  # Streamlit's own script, as its index.html names it
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing fetched from outside the machine
