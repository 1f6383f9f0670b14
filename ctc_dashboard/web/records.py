"""The records: a page for every meeting and organization, and the indexes, as HTML with no script.

Each page is built from the served data's profile (``web.profile``), laid out by a Jinja2 template with
autoescaping on: text from the data is never markup, in the page or in its JSON-LD block. Pages carry an
ETag from the data version and the day (the citation's access date), and 304 when it matches.
"""

from __future__ import annotations

import math
from pathlib import Path
from urllib.parse import urlencode
from xml.sax.saxutils import escape as xml_escape

import jinja2
import pandas as pd
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from ..contract.labels import UNKNOWN, date_range_text
from ..contract.schema import KINDS
from ..dataset.model import Dataset
from ..derive import citations, profiles
from ..limits import RECORD_MEETINGS_PAGE, RECORD_PAGES, RECORDS_INLINE, RECORDS_PAGE, SITEMAP_URLS
from . import http, jsonld, urls
from .profile import meeting_page, organization_page
from .source import Memo, memo, served_state

HERE = Path(__file__).resolve().parent
STYLESHEET = (HERE / "records.css").read_bytes()
ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                         trim_blocks=False, lstrip_blocks=False, undefined=jinja2.StrictUndefined)
ENV.globals.update(urls=urls, record_path=urls.record_path)
DESCRIPTION_CHARS = 300
PAGES = Memo(RECORD_PAGES.value)  # rendered pages by ETag (address, host, data version, day)


def explorer_path(kind: str, entity_id: str) -> str:
    """The same profile in the dashboard: '/profile?meeting=M1' (ui.routes.profile_link, from the root)."""
    return f"/profile?{urlencode({kind: entity_id})}"


def base_of(request: Request) -> str:
    return urls.base_url(request.headers, request.url.scheme, request.url.netloc)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= DESCRIPTION_CHARS else text[:DESCRIPTION_CHARS - 1].rstrip() + "…"


def _tag(request: Request, template: str, status: int, ds: Dataset | None, tag_parts: tuple) -> str:
    return http.etag("record", template, status, base_of(request), http.today(),
                     ds.version if ds is not None else "-", *tag_parts)


def _kept(request: Request, template: str, ds: Dataset, tag_parts: tuple) -> Response | None:
    """A 304, or the page already rendered for this address, data version and day; None: build it."""
    tag = _tag(request, template, 200, ds, tag_parts)
    if http.matches(request, tag):
        return http.not_modified(tag, api=False)
    body = PAGES.peek(tag)
    return None if body is None else HTMLResponse(body, headers=http.headers(tag, api=False))


def _html(request: Request, template: str, tag_parts: tuple, *, status: int = 200, ds: Dataset | None = None,
          **context) -> Response:
    """Render a page (or answer 304): the same headers on both."""
    base = base_of(request)
    tag = _tag(request, template, status, ds, tag_parts)
    if status == 200 and http.matches(request, tag):
        return http.not_modified(tag, api=False)
    context.setdefault("jsonld", None)
    context.setdefault("explorer", None)
    body = ENV.get_template(template).render(
        stylesheet=urls.STYLESHEET, canonical=base + request.url.path,
        data_label=ds.label if ds is not None else None, data_version=ds.version if ds is not None else None,
        **context)
    if status == 200:
        PAGES.get(tag, lambda: body)
    return HTMLResponse(body, status_code=status, headers=http.headers(tag, api=False))


def _dataset(request: Request) -> Dataset | Response:
    ds = served_state().dataset
    if ds is None:
        return _html(request, "not_found.html", (), status=503, title="Data not available",
                     description="The data folder has no valid version to show yet.",
                     heading="The data is not available", message="The served data folder has no valid version "
                     "yet; the dashboard's Sources & about page says why.")
    return ds


def not_found(request: Request, what: str = "page", ds: Dataset | None = None) -> Response:
    return _html(request, "not_found.html", (what,), status=404, ds=ds, title="Not found",
                 description="No record at this address.", heading="No record at this address",
                 message=f"There is no {what} at {request.url.path} in this data.")


# ---------------------------------------------------------------- one record

def meeting(request: Request) -> Response:
    ds = _dataset(request)
    if isinstance(ds, Response):
        return ds
    meeting_id = request.path_params["meeting_id"]
    if (kept := _kept(request, "meeting.html", ds, (meeting_id,))) is not None:
        return kept
    m = meeting_page(ds, meeting_id)
    if m is None:
        return not_found(request, f"meeting with the id “{meeting_id}”", ds)
    base = base_of(request)
    url = base + urls.record_path(profiles.MEETING, meeting_id)
    facts = dict(m.facts)
    place_text = facts.get("Venue") or UNKNOWN
    place_text = place_text.rstrip(".")  # the place text ends with its basis as a sentence ("… stated by a source.")
    lead = f"{facts.get('Dates', UNKNOWN)}, {place_text}. {facts.get('Meeting type', UNKNOWN).capitalize()}."
    named = facts.get("Organizations named in sources as taking part", "0")
    description = _short(f"{m.title}: {lead} {named} organizations named in sources as taking part; reported "
                         "figures, sources and known gaps.")
    cite = citations.record_citation(ds, profiles.MEETING, meeting_id, url, http.today())
    return _html(request, "meeting.html", (meeting_id,), ds=ds, title=m.title, description=description, m=m,
                 lead=lead, place_text=place_text, citation=cite,
                 jsonld=jsonld.meeting(m, url, base, urls.record_path),
                 explorer=explorer_path(profiles.MEETING, meeting_id))


def organization(request: Request) -> Response:
    ds = _dataset(request)
    if isinstance(ds, Response):
        return ds
    org_id = request.path_params["org_id"]
    page = request.query_params.get("page", "1")
    if (kept := _kept(request, "organization.html", ds, (org_id, page))) is not None:
        return kept
    o = organization_page(ds, org_id)
    if o is None:
        return not_found(request, f"organization with the id “{org_id}”", ds)
    size = RECORD_MEETINGS_PAGE.value  # an organization at thousands of meetings: its table in pages
    paged = _pager(request, len(o.meetings), size)
    if paged is None:
        return not_found(request, f"page of meetings of “{org_id}”", ds)
    first, pager = paged
    o.meetings = o.meetings[first:first + size]
    base = base_of(request)
    url = base + urls.record_path(profiles.ORGANIZATION, org_id)
    facts = dict(o.facts)
    label = f"{o.acronym} — {o.name}" if o.acronym and o.acronym != o.name else o.name
    lead = f"{(o.kind or UNKNOWN).capitalize()} organization; {facts.get('Meetings', '')}."
    description = _short(f"{label}: {lead} Meetings with the UN Counter-Terrorism Committee, roles and sources.")
    cite = citations.record_citation(ds, profiles.ORGANIZATION, org_id, url, http.today())
    return _html(request, "organization.html", (org_id, page), ds=ds, title=label, description=description, o=o,
                 lead=lead, citation=cite, pager=pager, jsonld=jsonld.organization(o, url, base, urls.record_path),
                 explorer=explorer_path(profiles.ORGANIZATION, org_id))


# ---------------------------------------------------------------- indexes

def _meeting_entries(m: pd.DataFrame) -> list[dict]:
    m = m.sort_values(["start_date", "meeting_id"], kind="stable")
    dates = date_range_text(m["start_date"], m["end_date"].fillna(m["start_date"]))
    places = m["city"].fillna("").astype("str")
    return [{"href": urls.record_path(profiles.MEETING, str(mid)), "text": str(title),
             "detail": f"{d}, {p}" if p else d}
            for mid, title, d, p in zip(m["meeting_id"], m["title"], dates, places, strict=True)]


def _org_entries(o: pd.DataFrame) -> list[dict]:
    o = o.assign(_k=o["name"].astype("str").str.casefold()).sort_values("_k", kind="stable")
    return [{"href": urls.record_path(profiles.ORGANIZATION, str(oid)), "text": str(name),
             "detail": f"({acr})" if isinstance(acr, str) and acr and acr != name else ""}
            for oid, name, acr in zip(o["org_id"], o["name"], o["acronym"], strict=True)]


def _index_groups(ds: Dataset) -> list[dict]:
    m = ds.meetings
    years = m["start_date"].dt.year
    year_items = []
    for year, count in years.value_counts().sort_index().items():
        rows = m[years == year]
        year_items.append({"heading": str(year), "anchor": f"y{year}", "count": int(count), "noun": "meetings",
                           "link": urls.year_path(int(year)),
                           "entries": _meeting_entries(rows) if count <= RECORDS_INLINE.value else []})
    o = ds.organizations
    kinds = [k for k in KINDS if (o["kind"] == k).any()]
    kind_items = []
    for kind in kinds:
        rows = o[o["kind"] == kind]
        kind_items.append({"heading": kind.capitalize(), "anchor": f"k-{kind}", "count": len(rows),
                           "noun": "organizations", "link": urls.kind_path(kind),
                           "entries": _org_entries(rows) if len(rows) <= RECORDS_INLINE.value else []})
    return [{"heading": f"Meetings by year ({len(m)})", "anchor": "meetings", "subs": year_items},
            {"heading": f"Organizations by kind ({len(o)})", "anchor": "organizations", "subs": kind_items}]


def index(request: Request) -> Response:
    ds = _dataset(request)
    if isinstance(ds, Response):
        return ds
    if (kept := _kept(request, "index.html", ds, ())) is not None:
        return kept
    groups = memo(ds, "index-groups", lambda: _index_groups(ds))
    lead = (f"{len(ds.meetings)} meetings and {len(ds.organizations)} organizations: every record of the data, "
            "each on its own page with its sources. The dashboard shows the same data with charts and filters.")
    return _html(request, "index.html", (), ds=ds, title="Every meeting and organization",
                 description=_short("Records of the UN Counter-Terrorism Committee's meetings with international, "
                                    f"regional and subregional organizations: {lead}"),
                 heading="CTC cooperation: every meeting and organization", lead=lead, groups=groups, pager=None)


def _pager(request: Request, total: int, size: int = RECORDS_PAGE.value) -> tuple[int, dict | None] | None:
    """(first row, pager) for ?page=N, or None when the page does not exist."""
    pages = max(1, math.ceil(total / size))
    if "page" not in request.query_params:
        return (0, None) if pages == 1 else (0, _pager_links(request.url.path, 1, pages))
    try:
        page = int(request.query_params.get("page", "1"))
    except ValueError:
        return None
    if not 1 <= page <= pages:
        return None
    if pages == 1:
        return 0, None
    return (page - 1) * size, _pager_links(request.url.path, page, pages)


def _pager_links(path: str, page: int, pages: int) -> dict:
    return {"text": f"Page {page} of {pages}.", "prev": f"{path}?page={page - 1}" if page > 1 else None,
            "next": f"{path}?page={page + 1}" if page < pages else None}


def year(request: Request) -> Response:
    ds = _dataset(request)
    if isinstance(ds, Response):
        return ds
    try:
        wanted = int(request.path_params["year"])
    except ValueError:
        return not_found(request, "year", ds)
    m = ds.meetings[ds.meetings["start_date"].dt.year == wanted]
    paged = _pager(request, len(m)) if len(m) else None
    if paged is None:
        return not_found(request, f"page of meetings in {wanted}", ds)
    first, pager = paged
    entries = memo(ds, ("year", wanted), lambda: _meeting_entries(m))
    n = len(m)
    return _html(request, "index.html", (wanted, first), ds=ds, title=f"Meetings in {wanted}",
                 description=f"The {n} meeting{'s' if n != 1 else ''} of the UN Counter-Terrorism Committee with "
                             f"international, regional and subregional organizations in {wanted}.",
                 heading=f"Meetings in {wanted}", lead=f"{n} meeting{'s' if n != 1 else ''}, oldest first.",
                 pager=pager, groups=[{"heading": f"{wanted}", "anchor": "list", "subs": [
                     {"heading": None, "link": None, "entries": entries[first:first + RECORDS_PAGE.value]}]}])


def kind(request: Request) -> Response:
    ds = _dataset(request)
    if isinstance(ds, Response):
        return ds
    wanted = request.path_params["kind"]
    o = ds.organizations[ds.organizations["kind"] == wanted] if wanted in KINDS else ds.organizations.iloc[:0]
    paged = _pager(request, len(o)) if len(o) else None
    if paged is None:
        return not_found(request, f"page of {wanted} organizations", ds)
    first, pager = paged
    entries = memo(ds, ("kind", wanted), lambda: _org_entries(o))
    return _html(request, "index.html", (wanted, first), ds=ds, title=f"{wanted.capitalize()} organizations",
                 description=f"The {len(o)} {wanted} organizations in the records of the UN Counter-Terrorism "
                             "Committee's cooperation with organizations.",
                 heading=f"{wanted.capitalize()} organizations", lead=f"{len(o)} organizations, by name.",
                 pager=pager, groups=[{"heading": wanted.capitalize(), "anchor": "list", "subs": [
                     {"heading": None, "link": None, "entries": entries[first:first + RECORDS_PAGE.value]}]}])


def unknown(request: Request) -> Response:
    ds = served_state().dataset
    return not_found(request, "record", ds)


# ---------------------------------------------------------------- for robots

def _record_paths(ds: Dataset) -> list[str]:
    return ([urls.RECORDS]
            + [urls.record_path(profiles.MEETING, str(i)) for i in ds.meetings["meeting_id"]]
            + [urls.record_path(profiles.ORGANIZATION, str(i)) for i in ds.organizations["org_id"]])


def sitemap(request: Request) -> Response:
    """Every record's address; above ``sitemap_urls`` addresses, an index of numbered sitemaps."""
    ds = _dataset(request)
    if isinstance(ds, Response):
        return ds
    base = base_of(request)
    tag = http.etag("sitemap", base, ds.version, request.url.path)
    if http.matches(request, tag):
        return http.not_modified(tag, api=False)
    paths = memo(ds, "sitemap", lambda: _record_paths(ds))
    size = SITEMAP_URLS.value
    part = request.path_params.get("part")
    if part is None and len(paths) > size:
        body = "".join(f"<sitemap><loc>{xml_escape(base)}/sitemap-{i + 1}.xml</loc></sitemap>"
                       for i in range(math.ceil(len(paths) / size)))
        xml = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
    else:
        n = 1 if part is None else int(part)
        chunk = paths[(n - 1) * size:n * size]
        if not chunk:
            return not_found(request, "sitemap", ds)
        body = "\n".join(f"<url><loc>{xml_escape(base + p)}</loc></url>" for p in chunk)
        xml = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</urlset>'
    return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n", media_type="application/xml",
                    headers=http.headers(tag, api=False))


def robots(request: Request) -> Response:
    base = base_of(request)
    text = ("# The records and the API are for everyone; the interactive dashboard is a heavy page to crawl.\n"
            "User-agent: *\nAllow: /records/\nAllow: /api/\nAllow: /sitemap.xml\nDisallow: /_stcore/\n\n"
            f"Sitemap: {base}/sitemap.xml\n")
    tag = http.etag("robots", base)
    return PlainTextResponse(text, headers=http.headers(tag, api=False))


def stylesheet(request: Request) -> Response:
    tag = http.etag("css", STYLESHEET)
    if http.matches(request, tag):
        return http.not_modified(tag, api=False)
    return Response(STYLESHEET, media_type="text/css", headers=http.headers(tag, api=False))
