"""The addresses of the records and the API, and the server's own address: declared once.

Plain functions (no Starlette): the dashboard's profile page links to a record with ``record_path`` too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import quote, urlsplit

from .. import env

RECORDS = "/records/"
MEETINGS, ORGANIZATIONS = "meetings", "organizations"
KIND_PATHS = {"meeting": MEETINGS, "organization": ORGANIZATIONS}  # profile kind -> path segment
STYLESHEET = "/records/style.css"
API = "/api/"
PUBLIC_URL_ENV = env.PUBLIC_URL  # the public address behind a proxy that rewrites Host


def record_path(kind: str, entity_id: str) -> str:
    """'/records/meetings/SM-2003-NY': one record's permanent address (the id percent-encoded, '/' too)."""
    return f"{RECORDS}{KIND_PATHS[kind]}/{quote(entity_id, safe='')}"


def year_path(year: int) -> str:
    return f"{RECORDS}years/{year}"


def kind_path(kind: str) -> str:
    return f"{RECORDS}kinds/{quote(kind, safe='')}"


def api_path(table: str, fmt: str = "json") -> str:
    return f"{API}{table}.{fmt}"


def base_url(headers: Mapping[str, str], scheme: str, netloc: str) -> str:
    """'https://example.org' for a request: $CTC_DASHBOARD_PUBLIC_URL if set, else the scheme the proxy saw
    (X-Forwarded-Proto) and the Host the browser asked for. No trailing slash."""
    pinned = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if pinned:
        return pinned.rstrip("/")
    proto = (headers.get("x-forwarded-proto") or scheme or "http").split(",")[0].strip().lower()
    proto = proto if proto in ("http", "https") else "http"
    host = (headers.get("host") or netloc or "localhost").strip()
    # a Host header is the client's to choose: keep only what a host name and port can hold
    if not host or any(c in host for c in "/\\@ \t<>\"'`{}|^") or urlsplit(f"//{host}").hostname is None:
        host = netloc or "localhost"
    return f"{proto}://{host}"
