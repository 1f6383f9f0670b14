"""profiles: the pure builders behind the meeting and organization profiles."""

import datetime as dt
import json
from dataclasses import replace

import pandas as pd
import pytest

from ctc_dashboard import load_folder
from ctc_dashboard.contract.schema import safe_url
from ctc_dashboard.dataset.model import with_contract_columns
from ctc_dashboard.derive import citations, profiles
from ctc_dashboard.render import charts
from ctc_dashboard.ui import routes
from tests.conftest import FIXTURE

# ---------------------------------------------------------------- links

@pytest.mark.parametrize("value, expected", [
    ("https://example.org/one", "https://example.org/one"),
    ("  http://example.org/a?b=1  ", "http://example.org/a?b=1"),
    ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
    ("javascript:alert(1)", None),
    ("ftp://example.org/x", None),
    ("https://example.org/\"onmouseover=x", None),
    ("www.example.org", None),
    ("", None),
    (None, None),
    (float("nan"), None),
])
def test_safe_url_keeps_only_http_and_https(value, expected):
    assert safe_url(value) == expected


def test_landing_redirect_only_from_the_default_page_with_a_profile_key():
    params = {"meeting": "SM-2003-NY", "years": ["2003", "2010"]}
    assert routes.landing_redirect(params, True) == {"meeting": ["SM-2003-NY"], "years": ["2003", "2010"]}
    assert routes.landing_redirect({"organization": "OIC"}, True) == {"organization": ["OIC"]}
    assert routes.landing_redirect(params, False) is None
    assert routes.landing_redirect({"years": ["2003", "2010"]}, True) is None


def test_requested_prefers_meeting_and_ignores_blank():
    assert routes.requested({"meeting": "M1", "organization": "ORGA"}) == ("meeting", "M1")
    assert routes.requested({"organization": ["ORGA"]}) == ("organization", "ORGA")
    assert routes.requested({"meeting": " "}) is None
    assert routes.requested({}) is None


def test_profile_link_and_citation(small):
    assert routes.profile_link("meeting", "M1") == "profile?meeting=M1"
    assert routes.profile_link("organization", "A B") == "profile?organization=A+B"
    with pytest.raises(ValueError):
        routes.profile_link("venue", "x")
    cite = routes.cite_text(small, "meeting", "M1", "First test meeting", dt.date(2025, 1, 2))
    assert "First test meeting" in cite and "M1" in cite
    assert "/records/meetings/M1" in cite
    assert small.version in cite and "2025-01-02" in cite


def test_display_name(small):
    assert profiles.display_name(small, "meeting", "M1") == "First test meeting"
    assert profiles.display_name(small, "organization", "ORGA") == "Organization of Alpha States"
    assert profiles.display_name(small, "meeting", "NOPE") is None


# ---------------------------------------------------------------- meeting profile

def test_meeting_facts(small):
    facts = dict(profiles.meeting_facts(small, "M1"))
    assert facts["Dates"] == "6 Mar 2003 (one day)"
    assert facts["Venue"] == "Test Hall, New York, United States. Place basis not recorded."
    assert facts["Meeting type"] == "special meeting"
    assert facts["Theme"] == "Standards"
    assert facts["Outcome"] == "Communiqué"
    assert facts["Organizations named in sources as taking part"] == "2"
    assert facts["Organizations reported (headline figure)"] == "5"
    assert facts["States reported (headline figure)"] == "unknown"
    assert facts["Chair"] == "unknown"  # the fixture has no chair column: loaded empty, shown as unknown
    assert facts["extra_col"] == "x1"  # columns outside the contract are shown too
    m2 = dict(profiles.meeting_facts(small, "M2"))
    assert m2["Dates"] == "11–12 Mar 2004 (2 days)"
    assert m2["Venue"] == "Vienna, Austria (building not known). Place basis not recorded."
    assert m2["Outcome"] == "unknown"
    assert profiles.meeting_facts(small, "NOPE") == []


def test_meeting_facts_show_the_chair_when_the_column_exists(shipped):
    ds = shipped
    assert dict(profiles.meeting_facts(ds, "SM-2003-NY"))["Chair"] == "Sir Jeremy Greenstock (United Kingdom)"


def test_participants_by_role(small):
    parts = profiles.meeting_participants(small, "M1")
    assert list(parts["org_id"]) == ["CTC", "ORGC", "ORGA"]
    assert list(parts["role"]) == ["convener", "presenter", "participant"]
    assert profiles.participants_by_role(parts) == [("Convener", 1, "CTC"), ("Presenter", 1, "GO"),
                                                    ("Participant", 1, "OAS-T")]
    hosts = profiles.meeting_participants(small, "M2")
    assert hosts.iloc[1]["role_label"] == "Host" and hosts.iloc[1]["org_id"] == "ORGC"


def test_meeting_figures_each_with_its_source(small):
    figs = profiles.meeting_figures(small, "M1")
    assert list(figs["qualifier"]) == ["headline", "more than", "exactly", "about"]
    assert list(figs["value"]) == [5, 4, 5, 7]
    s1 = figs[figs["qualifier"] == "exactly"].iloc[0]
    assert s1["source"] == "Fixture source one" and s1["url"] == "https://example.org/one"
    s2 = figs[figs["qualifier"] == "about"].iloc[0]
    assert s2["source"] == "Fixture source two" and pd.isna(s2["url"])
    assert profiles.figure_ranges(figs) == ["Organizations: 5 (headline); 3 figures from sources range 4–7: they "
                                            "disagree"]
    m4 = profiles.figure_ranges(profiles.meeting_figures(small, "M4"))
    assert m4 == ["Organizations: 3 (headline)", "States: 10 (headline); the source gives 10"]
    assert profiles.meeting_figures(small, "M3").empty


def test_meeting_gaps(small):
    gaps = profiles.meeting_gaps(small, "M1")
    assert "Sources name 2 organizations as taking part; the headline figure is 5, so 3 are not named." in gaps
    assert "Sources disagree on the number of organizations (4–7)." in gaps
    m2 = profiles.meeting_gaps(small, "M2")
    assert any("building" in g for g in m2) and any("outcome" in g for g in m2)
    assert "No headline count of the organizations that took part." in m2
    m3 = profiles.meeting_gaps(small, "M3")
    assert any("1 organization was invited" in g for g in m3)
    assert any("No source names an organization" in g for g in m3)


def test_meeting_sources_say_what_they_are_cited_for(small):
    src = citations.meeting_sources(small, "M1")
    assert list(src["source_id"]) == ["S1", "S2"]
    s1 = src.iloc[0]
    assert s1["url"] == "https://example.org/one"
    assert "the meeting record" in s1["cited_for"] and "OAS-T (participant)" in s1["cited_for"]
    assert "a figure: organizations 7" in src.iloc[1]["cited_for"]
    assert pd.isna(src.iloc[1]["url"])


def test_sources_never_keep_a_non_http_link(small):
    sources = small.sources.copy()
    sources["url"] = sources["url"].astype(object)
    sources.loc[sources["source_id"] == "S1", "url"] = "javascript:alert(1)"
    ds = replace(small, sources=sources)
    src = citations.meeting_sources(ds, "M1")
    assert src["url"].isna().all()
    orgs = small.organizations.copy()
    orgs["website"] = orgs["website"].astype(object)
    orgs.loc[orgs["org_id"] == "CTC", "website"] = "data:text/html,<script>x</script>"
    facts = dict(profiles.organization_facts(replace(small, organizations=orgs), "CTC"))
    assert facts["Website"] == "not shown (not an http or https address)"


# ---------------------------------------------------------------- organization profile

def test_organization_facts(small):
    facts = dict(profiles.organization_facts(small, "ORGA"))
    assert facts["Acronym"] == "OAS-T"
    assert facts["Former or other names"] == "Old Alpha Union"
    assert facts["Organization kind"] == "regional"
    assert facts["Part of the UN system"] == "no"
    assert facts["Parent organization"] == "none"
    assert facts["Child organizations"] == "BC"
    assert facts["Headquarters"] == "Washington, United States"
    assert facts["Founded"] == "1948" and facts["Member States"] == "35"
    assert facts["Website"] == "unknown"
    assert facts["Meetings"] == "took part in 2 of 4 meetings (2003–2019)"
    assert dict(profiles.organization_facts(small, "CTC"))["Website"] == "https://www.un.org/securitycouncil/ctc/"
    orgb = dict(profiles.organization_facts(small, "ORGB"))
    assert orgb["Parent organization"] == "OAS-T (Organization of Alpha States)"
    assert orgb["Meetings"] == "took part in none of the 4 meetings; invited to 1 more, attendance not known"
    assert dict(profiles.organization_facts(small, "ORGD"))["Part of the UN system"] == "unknown"
    assert profiles.organization_facts(small, "NOPE") == []


def test_organization_relations(small):
    rel = profiles.organization_relations(small, "ORGA")
    assert rel.to_dict("records") == [{"relation": "child", "org_id": "ORGB", "label": "BC",
                                       "name": "Beta Committee", "kind": "regional"}]
    parent = profiles.organization_relations(small, "ORGB")
    assert list(parent["relation"]) == ["parent"] and list(parent["org_id"]) == ["ORGA"]
    assert profiles.organization_relations(small, "ORGC").empty


def test_organization_meetings_every_role_oldest_first(small):
    t = profiles.organization_meetings(small, "ORGA")
    assert list(t["meeting_id"]) == ["M1", "M4"]
    assert list(t["role"]) == ["participant", "co-organizer"]
    assert list(t["dates"]) == ["6 Mar 2003", "26–27 Apr 2019"]
    assert list(profiles.organization_meetings(small, "ORGB")["role"]) == ["invited"]


def test_organization_sources(small):
    src = citations.organization_sources(small, "ORGA")
    assert list(src["source_id"]) == ["S1", "S2"]
    assert src.iloc[0]["cited_for"] == "the organization record; participant at M1"
    assert src.iloc[1]["cited_for"] == "co-organizer at M4"


def test_organization_timeline_colours_by_role_and_escapes(small):
    meetings = profiles.organization_meetings(small, "ORGA")
    fig = charts.organization_timeline(meetings)
    names = [tr.name for tr in fig.data]
    assert names == ["Co-organizer", "Participant"]
    m = small.meetings.copy()
    m.loc[m["meeting_id"] == "M1", "title"] = "<img src=x onerror=alert(1)>"
    spec = json.dumps(charts.organization_timeline(
        profiles.organization_meetings(replace(small, meetings=m), "ORGA")).to_plotly_json(), default=str)
    assert "<img" not in spec and "&lt;img" in spec
    empty = charts.organization_timeline(meetings.iloc[0:0])
    assert not empty.data


def test_meeting_subset_keeps_only_that_meeting(small):
    sub = profiles.meeting_subset(small, "M1")
    assert list(sub.meetings["meeting_id"]) == ["M1"]
    assert set(sub.participation["meeting_id"]) == {"M1"}
    assert len(sub.organizations) == len(small.organizations)


def test_scales_to_many_meetings():
    """An organization at 100,000 meetings: its profile builds (how fast: bench, builders at scale)."""
    n = 100_000
    meetings = pd.DataFrame({
        "meeting_id": [f"M{i}" for i in range(n)], "title": "t",
        "start_date": pd.Timestamp("2003-01-01") + pd.to_timedelta(pd.Series(range(n)) % 8000, unit="D"),
        "city": "c", "country": "x", "latitude": 0.0, "longitude": 0.0,
    })
    meetings["start_date"] = meetings["start_date"].astype("datetime64[us]")
    small = load_folder(FIXTURE)
    part = pd.DataFrame({"meeting_id": meetings["meeting_id"], "org_id": "ORGA", "role": "participant"})
    ds = replace(small, meetings=with_contract_columns("meetings", meetings),
                 participation=with_contract_columns("participation", part))
    profiles.organization_facts(ds, "ORGA")
    table = profiles.organization_meetings(ds, "ORGA")
    fig = charts.organization_timeline(table)
    profiles.meeting_facts(ds, "M5")
    assert len(table) == n
    assert fig.data[0].type == "bar"  # too many meetings for one marker each: meetings per year


# ---------------------------------------------------------------- a profile as one object

def test_a_meeting_profile_says_what_the_separate_builders_say(small):
    p = profiles.meeting_profile(small, "M1")
    assert p.title == "First test meeting"
    assert p.facts == profiles.meeting_facts(small, "M1")
    assert p.gaps == profiles.meeting_gaps(small, "M1")
    assert p.by_role == profiles.participants_by_role(profiles.meeting_participants(small, "M1"))
    pd.testing.assert_frame_equal(p.sources, citations.meeting_sources(small, "M1"))
    assert p.figure_ranges == profiles.figure_ranges(profiles.meeting_figures(small, "M1"))
    assert (p.latitude, p.longitude) == (40.7143, -74.006)


def test_a_meeting_profile_computes_its_participants_once(small, monkeypatch):
    calls = []
    real = profiles.meeting_participants
    monkeypatch.setattr(profiles, "meeting_participants", lambda *a: calls.append(a) or real(*a))
    profiles.meeting_profile(small, "M1")
    assert len(calls) == 1


def test_an_organization_profile_holds_its_meetings_sources_and_website(small):
    p = profiles.organization_profile(small, "ORGA")
    assert p.facts == profiles.organization_facts(small, "ORGA")
    assert list(p.meetings["meeting_id"]) == ["M1", "M4"]
    pd.testing.assert_frame_equal(p.sources, citations.organization_sources(small, "ORGA"))
    assert p.website == safe_url(p.record["website"])


def test_no_profile_for_an_unknown_id(small):
    assert profiles.meeting_profile(small, "NOPE") is None
    assert profiles.organization_profile(small, "NOPE") is None
