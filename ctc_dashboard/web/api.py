"""The API: every table of the served data as JSON or CSV, for the dashboard's own query parameters.

``/api/meetings.json?<the query of any dashboard address>`` answers with exactly the meetings that page
counts: the same parameters (``years``, ``type``, ``org``, ``kind``, ``role``, ``topic``, ``region``), the
same defaults (special meetings, every year), read by the same rules. Keys the API does not know (a page's
own choices, such as ``breakdown-by``) are ignored, as the dashboard ignores them on other pages. JSON is
paged (``_size``, ``_page``); CSV is the whole table, made safe for spreadsheets as the downloads are.
A value the data does not allow is a 400 naming the parameter and what it allows.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from urllib.parse import urlencode

import pandas as pd
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..contract.schema import TABLES
from ..dataset.model import Dataset
from ..derive import exports
from ..limits import API_ANSWERS, API_PAGE_MAX, API_PAGE_SIZE
from . import http, urls
from .query import FILTER_KEYS, Notice, View, read
from .records import base_of
from .source import Memo, memo, served_state

FORMATS = ("json", "csv")
PAGE, SIZE = "_page", "_size"  # underscored: never a dashboard parameter
ANSWERS = Memo(API_ANSWERS.value)  # JSON answers by ETag (data version, address, host): a page of bytes each


class BadRequest(Exception):
    def __init__(self, notices: list[Notice]):
        super().__init__("; ".join(f"{n.key}={n.value!r}" for n in notices))
        self.notices = notices


def _params(request: Request) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for key, value in request.query_params.multi_items():
        grouped[key].append(value)
    return dict(grouped)


def _positive(params: dict[str, list[str]], key: str, default: int, most: int | None) -> int:
    values = params.get(key, [])
    allowed = (f"a whole number from 1 to {most}" if most else "a whole number from 1",)
    if not values:
        return default
    try:
        n = int(values[-1])
    except ValueError:
        raise BadRequest([Notice(key, values[-1], allowed)]) from None
    if n < 1 or (most is not None and n > most):
        raise BadRequest([Notice(key, values[-1], allowed)])
    return n


def _view(ds: Dataset, params: dict[str, list[str]]) -> tuple[View, list[Notice]]:
    """The view the address asks for, its filtered data shared by every request for the same filters (the
    address's reading too: a repeated or paged address is not read again)."""
    key = tuple(sorted((k, tuple(v)) for k, v in params.items() if k not in (PAGE, SIZE)))
    view, refused, clamped = memo(ds, ("query", key), lambda: read(params, ds))
    if refused:
        raise BadRequest(refused)
    f = view.filters
    return view.with_data(memo(ds, ("view", f), lambda: view.data)), clamped


def _error(notices: list[Notice], tag_parts: tuple = ()) -> Response:
    first = notices[0]
    message = "; ".join(f"{n.key}={n.value!r} is not allowed (allowed: {_shown(n)})" for n in notices)
    body = {"error": f"Bad parameter: {message}.", "parameter": first.key, "value": first.value,
            "allowed": list(first.allowed),
            "errors": [{"parameter": n.key, "value": n.value, "allowed": list(n.allowed)} for n in notices]}
    headers = http.headers(http.etag("api-error", *tag_parts), api=True)
    headers["Cache-Control"] = "no-store"
    return JSONResponse(body, status_code=400, headers=headers)


def _shown(n: Notice, most: int = 12) -> str:
    if n.key == "years" and len(n.allowed) == 2:
        return f"a year from {n.allowed[0]} to {n.allowed[1]}"
    return ", ".join(n.allowed[:most]) + (f", and {len(n.allowed) - most} more" if len(n.allowed) > most else "")


def json_rows(df: pd.DataFrame) -> list[dict]:
    """Rows as JSON values: dates ISO (YYYY-MM-DD), missing values null, whole numbers as numbers.

    Column by column over plain Python lists: a page of rows costs a millisecond, not a pandas pass per column.
    """
    columns = list(df.columns)
    values = []
    for col in columns:
        s = df[col]
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            values.append([None if v is pd.NaT or v is None else v.strftime("%Y-%m-%d") for v in s.tolist()])
        else:
            values.append([_json_value(v) for v in s.tolist()])
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)] if columns else []


def _json_value(v: object) -> object:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    return v.item() if hasattr(v, "item") else v


def _table(view: Dataset, name: str) -> pd.DataFrame:
    df = view.table(name)
    return df[[c for c in TABLES[name].columns if c in df.columns]]


def table(request: Request) -> Response:
    name, fmt = request.path_params["table"], request.path_params["fmt"]
    if name not in TABLES or fmt not in FORMATS:
        return table_missing(request)
    state = served_state()
    ds = state.dataset
    if ds is None:
        return JSONResponse({"error": "The served data folder has no valid version yet."}, status_code=503,
                            headers={"Access-Control-Allow-Origin": "*", "Retry-After": "30"})
    params = _params(request)
    query = sorted(request.query_params.multi_items())
    tag = http.etag("api", ds.version, name, fmt, base_of(request), query)
    if http.matches(request, tag):
        return http.not_modified(tag, api=True)
    if fmt == "json" and (kept := ANSWERS.peek(tag)) is not None:  # the same address again: the same bytes
        body, link = kept
        return _json_response(body, tag, link)
    try:
        size = _positive(params, SIZE, API_PAGE_SIZE.value, API_PAGE_MAX.value)
        page = _positive(params, PAGE, 1, None)
        view, clamped = _view(ds, params)
    except BadRequest as e:
        return _error(e.notices, (ds.version, query))
    f = view.filters
    df = _table(view.data, name)
    headers = http.headers(tag, api=True)
    if fmt == "csv":
        headers["Content-Disposition"] = f'inline; filename="{exports.file_name(name, ds, f)}"'
        return Response(exports.spreadsheet_csv(df), media_type="text/csv; charset=utf-8", headers=headers)
    count = len(df)
    pages = max(1, math.ceil(count / size))
    if page > pages:
        return _error([Notice(PAGE, str(page), (f"a whole number from 1 to {pages}",))], (ds.version, query))
    first = (page - 1) * size
    nxt = link = None
    if page < pages:
        kept = [(k, v) for k, v in request.query_params.multi_items() if k != PAGE]
        nxt = f"{base_of(request)}{request.url.path}?{urlencode([*kept, (PAGE, str(page + 1))])}"
        link = f'<{nxt}>; rel="next"'
    answer = {"table": name, "count": count, "page": page, "pages": pages, "page_size": size,
              "filters": view.describe(), "data": ds.label, "data_version": ds.version, "next": nxt,
              "notices": [n.message for n in clamped],
              "rows": json_rows(df.iloc[first:first + size])}
    body = json.dumps(answer, ensure_ascii=False, allow_nan=False).encode("utf-8")
    ANSWERS.get(tag, lambda: (body, link))
    return _json_response(body, tag, link)


def _json_response(body: bytes, tag: str, link: str | None) -> Response:
    headers = http.headers(tag, api=True)
    if link:
        headers["Link"] = link
    return Response(body, media_type="application/json", headers=headers)


def describe(request: Request) -> Response:
    """/api/: what the API offers, in JSON (the README says the same in words)."""
    base = base_of(request)
    body = {"tables": {t: {"json": base + urls.api_path(t, "json"), "csv": base + urls.api_path(t, "csv"),
                           "columns": TABLES[t].columns} for t in TABLES},
            "parameters": {"filters": list(FILTER_KEYS),
                           "paging": {SIZE: f"rows per page, default {API_PAGE_SIZE.value}, at most "
                                            f"{API_PAGE_MAX.value} (JSON only)", PAGE: "page number, from 1"},
                           "defaults": "the dashboard's: every year, every meeting type but open briefings"},
            "records": base + urls.RECORDS}
    tag = http.etag("api-index", base)
    return JSONResponse(body, headers=http.headers(tag, api=True))


def table_missing(request: Request) -> Response:
    return JSONResponse({"error": f"No API address {request.url.path}.", "parameter": "path",
                         "allowed": [urls.api_path(t, f) for t in TABLES for f in FORMATS]},
                        status_code=404, headers=http.headers(http.etag("api-404"), api=True))
