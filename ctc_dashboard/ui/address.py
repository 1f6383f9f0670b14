"""The server's real address as this browser session reaches it: for citations and permanent record links.

``$CTC_DASHBOARD_PUBLIC_URL`` wins when set (a proxy that rewrites the host); else the address the browser
reports (``st.context.url``), else the request's Host header. None when there is no browser (AppTest).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

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
