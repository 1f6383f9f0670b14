"""The HTML every dashboard address returns first: Streamlit's own ``index.html`` with what a reader needs before
its JavaScript has run.

- the dashboard's title and a description (search engines and link previews read the HTML, not the script run);
- ``static/shell.css`` inline, so that the first paint is laid out as the page will be and nothing moves when
  the first script run arrives (Streamlit's empty page is centred and has no sidebar until then);
- a ``<noscript>`` that sends a reader without JavaScript to the records, which read without it.

Static text only: nothing from the data is in it. Served by ``app.py`` for ``/`` and each page's address (other
paths keep Streamlit's own answer).
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from ..render.source_line import DASHBOARD
from . import urls

# found, not imported: the records and the API never import Streamlit (tests/unit/test_architecture.py)
INDEX = Path(importlib.util.find_spec("streamlit").origin).parent / "static" / "index.html"
STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "shell.css"
TITLE = DASHBOARD
DESCRIPTION = ("How the UN Security Council's Counter-Terrorism Committee and its Executive Directorate work with "
               "international, regional and subregional organizations: special meetings, open briefings and "
               "country visits since 2003, with their sources.")
NOSCRIPT = (f'<noscript><p>This dashboard needs JavaScript. Every meeting, country visit and organization also has '
            f'a page that reads without it: <a href="{urls.RECORDS}">the records</a>; the tables as CSV or JSON: '
            f'<a href="{urls.API}">the API</a>.</p></noscript>')


@functools.cache
def html() -> str:
    """Streamlit's index.html with our head and noscript (read once: it names the bundles of this install)."""
    page = INDEX.read_text(encoding="utf-8")
    head = (f'<meta name="description" content="{DESCRIPTION}" />\n'
            f"<style>{STYLESHEET.read_text(encoding='utf-8')}</style>\n")
    for old, new in (("<title>Streamlit</title>", f"<title>{TITLE}</title>"), ("</head>", head + "</head>"),
                     ("<body>", "<body>\n" + NOSCRIPT)):
        if old not in page:
            raise RuntimeError(f"{INDEX}: no {old} to replace (a Streamlit upgrade changed its index.html)")
        page = page.replace(old, new, 1)
    return page


async def page(request: Request) -> HTMLResponse:
    # as Streamlit serves it: never cached, it names the content-hashed bundles
    return HTMLResponse(html(), headers={"Cache-Control": "no-cache"})


def routes(paths: list[str]) -> list[Route]:
    """``/`` and ``/<path>`` for each page's url path ("" is the landing)."""
    return [Route("/" + p, page, methods=["GET", "HEAD"]) for p in dict.fromkeys(["", *paths])]
