"""The records (HTML, no script) and the API (JSON, CSV) beside the dashboard, in the same process.

``routes()`` is what ``app.py`` gives ``st.App``. Imports contract, dataset, derive and render; never the UI
layer or Streamlit. Read the served folder's last good version only, never an upload.
"""

from __future__ import annotations

from . import urls


def routes() -> list:
    """The Starlette routes (imported here, so that ``web.urls`` alone stays a light import for the UI)."""
    from starlette.responses import RedirectResponse
    from starlette.routing import Route

    from . import api, records

    return [
        Route("/records", lambda request: RedirectResponse(urls.RECORDS, status_code=301)),
        Route("/records/", records.index),
        Route("/records/style.css", records.stylesheet),
        Route("/records/meetings/{meeting_id}", records.meeting),
        Route("/records/organizations/{org_id}", records.organization),
        Route("/records/years/{year}", records.year),
        Route("/records/kinds/{kind}", records.kind),
        Route("/records/{rest:path}", records.unknown),
        Route("/sitemap.xml", records.sitemap),
        Route("/sitemap-{part:int}.xml", records.sitemap),
        Route("/robots.txt", records.robots),
        Route("/api", lambda request: RedirectResponse(urls.API, status_code=301)),
        Route("/api/", api.describe),
        Route("/api/{table}.{fmt}", api.table),
        Route("/api/{rest:path}", api.table_missing),
    ]
