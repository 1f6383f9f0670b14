"""HTTP done once for the records and the API: validators, caching, security headers.

Every answer depends on the data version (and, for a page, the day: its citation gives the access date),
so the ETag is built from them; a matching ``If-None-Match`` gets 304 with no body. Records may be cached
by browsers and proxies for a short while and revalidated after; they carry a policy that allows no script.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from starlette.requests import Request
from starlette.responses import Response

RECORD_CACHE = "public, max-age=60, must-revalidate"
API_CACHE = "public, max-age=60, must-revalidate"
# A record needs its own stylesheet and nothing else: no script, no frame, no plugin, no form target.
# connect-src 'self': no script can run to use it; it lets a crawler's in-page check read /robots.txt.
RECORD_CSP = ("default-src 'none'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
              "form-action 'self'; frame-ancestors 'none'")
API_CSP = "default-src 'none'; frame-ancestors 'none'"


def etag(*parts: object) -> str:
    """A strong validator from what the answer depends on (the data version first)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:32]
    return f'"{digest}"'


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def matches(request: Request, tag: str) -> bool:
    """Whether the client's If-None-Match holds this tag (weak or strong, or '*')."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    wanted = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in wanted or tag in wanted


def headers(tag: str, *, api: bool) -> dict[str, str]:
    out = {"ETag": tag, "Cache-Control": API_CACHE if api else RECORD_CACHE, "X-Content-Type-Options": "nosniff",
           "Content-Security-Policy": API_CSP if api else RECORD_CSP, "Referrer-Policy": "no-referrer"}
    if api:
        out["Access-Control-Allow-Origin"] = "*"
        out["Access-Control-Expose-Headers"] = "ETag, Link"
    return out


def not_modified(tag: str, *, api: bool) -> Response:
    return Response(status_code=304, headers=headers(tag, api=api))
