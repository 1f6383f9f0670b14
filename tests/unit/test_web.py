"""The records and the API (ctc_dashboard.web) as a program or a reader without JavaScript sees them.

Driven through Starlette's test client on a copy of the small fixture, served from its folder as the app
serves it (``dataset.served``): escaping of hostile text in HTML, JSON-LD, JSON and CSV; 404 and 400;
ETag and 304; paging; the last good version after a refused update; the citation formats.
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings

import pytest
from starlette.applications import Starlette

from ctc_dashboard import web
from ctc_dashboard.contract.schema import TABLES
from ctc_dashboard.dataset.served import DATA_ENV
from ctc_dashboard.derive import citations, filters
from ctc_dashboard.limits import API_PAGE_MAX, API_PAGE_SIZE
from ctc_dashboard.web import urls
from tests.conftest import DATA, Folder

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

HOSTILE_TITLE = "</script><script>alert(1)</script><b>bold</b> {braces} 100% & more"
HOSTILE_NAME = "=HYPERLINK(\"http://evil.example\",\"x\") <img src=x onerror=alert(2)>"
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def client_for(monkeypatch, path) -> TestClient:
    monkeypatch.setenv(DATA_ENV, str(path))
    monkeypatch.delenv(urls.PUBLIC_URL_ENV, raising=False)
    return TestClient(Starlette(routes=web.routes()), base_url="http://records.test")


@pytest.fixture
def client(folder: Folder, monkeypatch) -> TestClient:
    return client_for(monkeypatch, folder.path)


@pytest.fixture
def hostile(folder: Folder, monkeypatch) -> TestClient:
    folder.set_cell("meetings.csv", 2, "title", HOSTILE_TITLE)
    folder.set_cell("meetings.csv", 2, "notes", "Ends </script> here <!-- and -->")
    folder.set_cell("organizations.csv", 3, "name", HOSTILE_NAME)  # ORGA, a participant at M1
    return client_for(monkeypatch, folder.path)


def only_jsonld(html: str) -> dict:
    blocks = JSONLD.findall(html)
    assert len(blocks) == 1, "exactly one JSON-LD block, and it is not ended early"
    return json.loads(blocks[0])


# ---------------------------------------------------------------- pages

def test_a_meeting_record_is_a_complete_page_without_script(client):
    r = client.get("/records/meetings/M1")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert html.startswith("<!doctype html>") and '<html lang="en">' in html
    assert "<title>First test meeting · CTC cooperation records</title>" in html
    assert re.search(r'<meta name="description" content="First test meeting: [^"]+">', html)
    assert '<link rel="canonical" href="http://records.test/records/meetings/M1">' in html
    assert html.count("<h1>") == 1 and "<h2 id=\"participants\">" in html and "<th scope=\"col\">" in html
    assert '<a href="/profile?meeting=M1">Open in the explorer</a>' in html
    assert '<a href="/records/organizations/ORGA">OAS-T</a>' in html
    assert "Cite this" in html and "@misc{ctc-meeting-M1" in html and "TY  - ELEC" in html
    # no script of its own: the JSON-LD block is data, and the policy allows no script at all
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_a_meeting_is_a_schema_org_event(client):
    ld = only_jsonld(client.get("/records/meetings/M2").text)
    assert ld["@type"] == "Event" and ld["name"] == "Second test meeting"
    assert (ld["startDate"], ld["endDate"]) == ("2004-03-11", "2004-03-12")
    assert ld["location"]["address"]["addressLocality"] == "Vienna"
    assert ld["url"] == "http://records.test/records/meetings/M2"


def test_an_organization_is_a_schema_org_organization(client):
    r = client.get("/records/organizations/ORGB")
    ld = only_jsonld(r.text)
    assert ld["@type"] == "Organization" and ld["name"] == "Beta Committee" and ld["alternateName"] == ["BC"]
    assert ld["parentOrganization"]["url"] == "http://records.test/records/organizations/ORGA"
    assert "<h1>Beta Committee</h1>" in r.text


def test_hostile_text_is_inert_in_the_page_and_its_json_ld(hostile):
    html = hostile.get("/records/meetings/M1").text
    assert "<script>alert" not in html and "<b>bold</b>" not in html and "<img src=x" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert html.count("</script>") == 1  # the JSON-LD block's own end
    ld = only_jsonld(html)
    assert ld["name"] == HOSTILE_TITLE  # exact text once parsed, though "<" never appears raw in the block
    assert "<" not in JSONLD.search(html).group(1)
    assert any(a["name"] == HOSTILE_NAME for a in ld["attendee"])
    org = hostile.get("/records/organizations/ORGA").text
    assert "<img src=x" not in org and only_jsonld(org)["name"] == HOSTILE_NAME


def test_hostile_text_is_inert_in_the_index_and_the_citation(hostile):
    html = hostile.get("/records/").text
    assert "<script>alert" not in html and "&lt;/script&gt;" in html
    html = hostile.get("/records/meetings/M1").text
    bibtex = html[html.index("@misc{"):html.index("</pre>", html.index("@misc{"))]
    assert r"\{braces\} 100\% \&amp; more" in bibtex  # TeX-escaped, then HTML-escaped


def test_an_unknown_record_is_a_404_page_that_links_to_the_index(client):
    for path in ("/records/meetings/NOPE", "/records/organizations/NOPE", "/records/whatever", "/records/years/1900"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "<h1>No record at this address</h1>" in r.text and '<a href="/records/">' in r.text


def test_the_index_lists_every_meeting_by_year_and_every_organization_by_kind(client):
    html = client.get("/records/").text
    for mid in ("M1", "M2", "M3", "M4"):
        assert f'href="/records/meetings/{mid}"' in html
    for oid in ("CTC", "ORGA", "ORGB", "ORGC", "ORGD"):
        assert f'href="/records/organizations/{oid}"' in html
    assert '<a href="/records/years/2003">2003</a> <span class="count">(1)</span>' in html
    assert "Regional</a> <span class=\"count\">(2)</span>" in html
    assert client.get("/records/years/2004").status_code == 200
    assert client.get("/records/kinds/regional").status_code == 200
    assert client.get("/records", follow_redirects=False).headers["location"] == "/records/"


def test_sitemap_and_robots_name_every_record(client):
    xml = client.get("/sitemap.xml").text
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert len(locs) == 1 + 4 + 5 and "http://records.test/records/meetings/M4" in locs
    robots = client.get("/robots.txt").text
    assert "Sitemap: http://records.test/sitemap.xml" in robots and "Allow: /records/" in robots


def test_the_stylesheet_is_served_locally_with_dark_and_print_rules(client):
    r = client.get(urls.STYLESHEET)
    assert r.headers["content-type"].startswith("text/css")
    assert "prefers-color-scheme: dark" in r.text and "@media print" in r.text and "url(" not in r.text


def test_a_pinned_public_address_is_used_for_canonical_links(folder, monkeypatch):
    c = client_for(monkeypatch, folder.path)
    monkeypatch.setenv(urls.PUBLIC_URL_ENV, "https://ctc.example.org/")
    assert '<link rel="canonical" href="https://ctc.example.org/records/meetings/M1">' in \
        c.get("/records/meetings/M1").text


def test_a_forged_host_header_does_not_reach_the_page(client):
    html = client.get("/records/meetings/M1", headers={"host": 'evil"><script>x</script>'}).text
    assert "evil" not in html


def test_the_place_basis_is_shown_and_virtual_meetings_have_a_virtual_location(folder, monkeypatch):
    from ctc_dashboard.contract.labels import basis_label

    header, rows = folder.rows("meetings.csv")
    header += ["place_basis", "place_note"]
    for r in rows:
        r += ["stated", ""]
    rows[2][-2:] = ["assumed", "The Committee <b>usually</b> meets in New York"]  # M3
    m2 = rows[1]
    for column in ("venue", "city", "country", "country_code", "latitude", "longitude"):
        m2[header.index(column)] = ""
    m2[-2] = "virtual"
    folder.write_rows("meetings.csv", header, rows)
    c = client_for(monkeypatch, folder.path)
    assert f"<dt>Where the place comes from</dt><dd>{basis_label('stated')}</dd>" in c.get("/records/meetings/M1").text
    m3 = c.get("/records/meetings/M3").text
    assert "<dt>Why</dt><dd>The Committee &lt;b&gt;usually&lt;/b&gt; meets in New York</dd>" in m3
    ld = only_jsonld(c.get("/records/meetings/M2").text)
    assert ld["location"]["@type"] == "VirtualLocation"
    assert ld["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")


def test_every_shipped_record_page_is_under_60_kb():
    """The issue's budget for one record: checked on every record of the shipped data."""
    import os

    old = os.environ.get(DATA_ENV)
    os.environ[DATA_ENV] = str(DATA)
    try:
        c = TestClient(Starlette(routes=web.routes()))
        paths = re.findall(r"<loc>http://testserver([^<]+)</loc>", c.get("/sitemap.xml").text)
        assert len(paths) > 90
        sizes = {p: len(c.get(p).content) for p in paths}
    finally:
        os.environ.pop(DATA_ENV) if old is None else os.environ.__setitem__(DATA_ENV, old)
    assert max(sizes.values()) < 60_000, max(sizes.items(), key=lambda kv: kv[1])


# ---------------------------------------------------------------- HTTP

def test_an_organizations_meetings_come_in_pages(folder, monkeypatch):
    """The Committee convenes every meeting: its record lists them a page at a time, each page linked."""
    from ctc_dashboard.limits import RECORD_MEETINGS_PAGE

    header, rows = folder.rows("meetings.csv")
    extra = RECORD_MEETINGS_PAGE.value  # one more page's worth of meetings, each convened by CTC
    rows += [[f"X{i}" if c == "meeting_id" else v for c, v in zip(header, rows[0], strict=True)] for i in range(extra)]
    folder.write_rows("meetings.csv", header, rows)
    p_header, p_rows = folder.rows("participation.csv")
    p_rows += [[f"X{i}", "CTC", "convener", "S1"] for i in range(extra)]
    folder.write_rows("participation.csv", p_header, p_rows)
    c = client_for(monkeypatch, folder.path)
    first = c.get("/records/organizations/CTC").text
    assert first.count('href="/records/meetings/') == RECORD_MEETINGS_PAGE.value
    assert '<a href="/records/organizations/CTC?page=2" rel="next">' in first
    second = c.get("/records/organizations/CTC?page=2").text
    assert second.count('href="/records/meetings/') == 4  # the fixture's own four
    assert c.get("/records/organizations/CTC?page=3").status_code == 404


def test_etag_gives_304_and_changes_with_the_data(client, folder):
    r = client.get("/records/meetings/M1")
    tag = r.headers["etag"]
    assert r.headers["cache-control"].startswith("public")
    again = client.get("/records/meetings/M1", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert client.get("/records/meetings/M1", headers={"If-None-Match": f"W/{tag}"}).status_code == 304
    api = client.get("/api/meetings.json")
    assert client.get("/api/meetings.json", headers={"If-None-Match": api.headers["etag"]}).status_code == 304
    folder.set_cell("meetings.csv", 2, "theme", "A new theme")
    changed = client.get("/records/meetings/M1", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag and "A new theme" in changed.text


def test_a_refused_update_keeps_the_last_good_version(client, folder):
    first = client.get("/api/meetings.json").json()
    folder.set_cell("meetings.csv", 2, "start_date", "not a date")
    r = client.get("/api/meetings.json")
    assert r.status_code == 200 and r.json()["data_version"] == first["data_version"]
    assert client.get("/records/meetings/M1").status_code == 200


# ---------------------------------------------------------------- the API

def test_the_api_answers_with_the_dashboards_default_view(client, folder):
    body = client.get("/api/meetings.json").json()
    ds = folder.load()
    view = filters.apply(ds, filters.default_filters(ds))
    assert body["count"] == len(view.meetings) == 3  # the open briefing M3 is not in the default view
    assert [r["meeting_id"] for r in body["rows"]] == list(view.meetings["meeting_id"])
    assert set(body) >= {"count", "rows", "filters", "data_version", "next"}
    assert body["data_version"] == ds.version and body["next"] is None
    assert body["rows"][0]["start_date"] == "2003-03-06" and body["rows"][0]["end_date"] is None


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["M1", "M2", "M4"]),
    ("type=open+briefing", ["M3"]),
    ("type=", ["M1", "M2", "M3", "M4"]),  # no restriction, as the sidebar reads it
    ("years=2004&years=2016&type=special+meeting&type=open+briefing", ["M2", "M3"]),
    ("years=1990&years=2003", ["M1"]),  # clamped to the data
    ("org=ORGC", ["M1", "M2"]),
    ("kind=subregional", ["M2", "M4"]),
    ("breakdown-by=Region&matrix-sort=x", ["M1", "M2", "M4"]),  # page choices are not filters
])
def test_the_api_takes_the_dashboards_query_parameters(client, query, expected):
    body = client.get(f"/api/meetings.json?{query}").json()
    assert [r["meeting_id"] for r in body["rows"]] == expected and body["count"] == len(expected)


@pytest.mark.parametrize(("query", "parameter", "allowed_has"), [
    ("years=bad", "years", "2019"),
    ("topic=not-a-topic", "topic", "weapons"),
    ("org=NOPE", "org", "ORGA"),
    ("_size=0", "_size", f"a whole number from 1 to {API_PAGE_MAX.value}"),
    (f"_size={API_PAGE_MAX.value + 1}", "_size", f"a whole number from 1 to {API_PAGE_MAX.value}"),
    ("_page=x", "_page", "a whole number from 1"),
    ("_page=9", "_page", "a whole number from 1 to 1"),
])
def test_a_bad_parameter_is_a_400_naming_it_and_what_it_allows(client, query, parameter, allowed_has):
    r = client.get(f"/api/meetings.json?{query}")
    assert r.status_code == 400 and r.headers["access-control-allow-origin"] == "*"
    body = r.json()
    assert body["parameter"] == parameter and allowed_has in body["allowed"], body
    assert parameter in body["error"]


def test_paging_has_a_default_a_maximum_and_a_next_link(client):
    body = client.get("/api/participation.json?_size=2").json()
    assert body["count"] > 2 and len(body["rows"]) == 2 and body["page"] == 1
    assert body["next"] == "http://records.test/api/participation.json?_size=2&_page=2"
    second = client.get(body["next"]).json()
    assert second["rows"] != body["rows"] and second["count"] == body["count"]
    assert client.get("/api/participation.json").json()["page_size"] == API_PAGE_SIZE.value


def test_every_table_is_served_as_json_and_csv_with_cors(client):
    for table in TABLES:
        for fmt in ("json", "csv"):
            r = client.get(f"/api/{table}.{fmt}")
            assert r.status_code == 200, (table, fmt)
            assert r.headers["access-control-allow-origin"] == "*"
            assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/nothing.json").status_code == 404
    assert client.get("/api/meetings.xml").status_code == 404


def test_hostile_text_is_exact_in_json_and_defused_in_csv(hostile):
    rows = hostile.get("/api/meetings.json").json()["rows"]
    assert rows[0]["title"] == HOSTILE_TITLE
    orgs = hostile.get("/api/organizations.json").json()["rows"]
    assert HOSTILE_NAME in [o["name"] for o in orgs]
    r = hostile.get("/api/organizations.csv")
    assert r.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert "'" + HOSTILE_NAME in [o["name"] for o in table]  # a spreadsheet shows it as text
    assert not any(o["name"].startswith("=") for o in table)


def test_the_api_index_documents_tables_parameters_and_paging(client):
    body = client.get("/api/").json()
    assert set(body["tables"]) == set(TABLES) >= {"meetings", "organizations", "participation", "sources",
                                                   "reported_figures"}
    assert "years" in body["parameters"]["filters"] and "_size" in body["parameters"]["paging"]


# ---------------------------------------------------------------- citations

def test_a_citation_in_every_format_carries_version_date_and_address(small):
    import datetime as dt

    c = citations.record_citation(small, "meeting", "M1", "https://x.example/records/meetings/M1",
                                  dt.date(2025, 1, 2))
    text = c.text()
    assert "First test meeting" in text and small.version in text and "2025-01-02" in text
    assert "https://x.example/records/meetings/M1" in text
    ris = c.ris()
    for tag in ("TY  - ", "TI  - First test meeting", "PY  - 2025", "UR  - https://x.example/", "ER  - "):
        assert tag in ris
    csl = json.loads(c.formats()["CSL-JSON"])[0]
    assert csl["URL"].endswith("/M1") and csl["accessed"]["date-parts"] == [[2025, 1, 2]]


def test_bibtex_stays_balanced_whatever_the_title(small):
    import datetime as dt

    c = citations.Citation(title="a {b} }{ \\c % _ # & $ ~ ^", what="meeting X", url="https://x.example/a{b}",
                           data_label="d", data_version="v", accessed=dt.date(2025, 1, 2), key="k")
    bib = c.bibtex()
    depth = 0
    for i, ch in enumerate(bib):
        if ch in "{}" and bib[i - 1] != "\\":
            depth += 1 if ch == "{" else -1
            assert depth >= 0
    assert depth == 0 and "url = {https://x.example/a%7Bb%7D}" in bib


def test_ris_values_stay_on_one_line(small):
    import datetime as dt

    c = citations.Citation(title="two\nlines\rER  - ", what="w", url="u", data_label="d", data_version="v",
                           accessed=dt.date(2025, 1, 2), key="k")
    lines = c.ris().split("\r\n")
    assert sum(1 for line in lines if line.startswith("ER  -")) == 1


@pytest.mark.parametrize("query", ["", "type=open+briefing", "type=", "years=2004&years=2016&org=ORGC&org=ORGA",
                                   "kind=regional&role=host&topic=weapons", "org=ORGA&org=ORGD&match=all"])
def test_the_data_pages_api_links_reproduce_its_filters(client, small, query):
    """The Data page links to the API with the view's ``to_query``: the API reads it back to the same rows."""
    from urllib.parse import parse_qs, urlencode

    from ctc_dashboard.derive.view import from_query, to_query

    view, notices = from_query(parse_qs(query, keep_blank_values=True), small)
    assert notices == []
    body = client.get(f"/api/meetings.json?{urlencode(to_query(view), doseq=True)}").json()
    assert [r["meeting_id"] for r in body["rows"]] == list(view.data.meetings["meeting_id"])


def test_a_meeting_record_opens_with_one_sentence_per_fact(monkeypatch):
    """The lead reads "dates, place. Place stated by a source. Type.": the place text's own full stop is not doubled."""
    from tests.conftest import DATA

    html = client_for(monkeypatch, DATA).get("/records/meetings/SM-2007-NBO").text
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    assert "Nairobi" in lead and ".." not in lead
