"""The server's real address as this browser session reaches it: for citations, record links and view links.

``$CTC_DASHBOARD_PUBLIC_URL`` wins when set (a proxy that rewrites the host); else the address the browser
reports (``st.context.url``), else the request's Host header. None when there is no browser (AppTest).
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from ..derive.view import View, to_query
from ..web.urls import base_url


def server_address() -> str | None:
    """'https://example.org' (scheme and host only: the records and the API live at the root)."""
    try:
        url = st.context.url
        headers = {k.lower(): v for k, v in st.context.headers.items()}
    except Exception:  # no script run context (a bare import): no address to give
        return None
    if url:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            return base_url({"host": parts.netloc}, parts.scheme, parts.netloc)
    if headers.get("host"):
        return base_url(headers, "http", headers["host"])
    return None


def view_address(view: View, page_path: str) -> str:
    """The address that reproduces ``view`` on the page ``page_path`` ('' for the landing page): the server's
    real address (or the path alone without a browser) and the view's query (only what differs from the default)."""
    query = urlencode(to_query(view), doseq=True)
    return f"{server_address() or ''}/{page_path}" + (f"?{query}" if query else "")
