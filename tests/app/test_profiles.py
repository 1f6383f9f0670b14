"""Profiles (opened by link or search) and the who-came-back page, on the real entry script."""

import json

import pytest

from ctc_dashboard.contract.schema import TABLES
from ctc_dashboard.ui import routes
from tests.conftest import DATA, FIXTURE

HAS_DATA = (DATA / "meetings.csv").exists()
PROFILES = routes.PROFILE.file
EXPLORE = routes.CONTINUITY.file


def _headers(at) -> list[str]:
    return [h.value for h in at.header]


def _param(at, key: str) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def _markdown(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def test_meeting_profile_opens_by_link(make_app):
    at = make_app(FIXTURE, PROFILES, meeting="M1")
    assert not at.exception, at.exception
    assert "First test meeting" in _headers(at)
    text = _markdown(at)
    assert "6 Mar 2003 \\(one day\\)" in text  # data text goes through md_escape
    assert "- **Participant** (1): OAS\\-T" in text
    cite = at.code[0].value
    assert "profile?meeting=M1" in cite and "version" in cite
    assert _param(at, "meeting") == ["M1"]


def test_organization_profile_opens_by_link(make_app):
    at = make_app(FIXTURE, PROFILES, organization="ORGA")
    assert not at.exception, at.exception
    assert "Organization of Alpha States" in _headers(at)
    assert "Old Alpha Union" in _markdown(at)
    assert "profile?organization=ORGA" in at.code[0].value
    meetings = next(df.value for df in at.dataframe if "meeting_id" in df.value.columns)
    assert list(meetings["meeting_id"]) == ["M1", "M4"]


def test_profile_outside_the_filters_says_so(make_app):
    # M3 is an open briefing: the default view leaves it out, the profile still shows it in full.
    at = make_app(FIXTURE, PROFILES, meeting="M3")
    assert not at.exception, at.exception
    assert "Test briefing" in _headers(at)
    assert any("outside the current filters" in i.value for i in at.info)


def test_unknown_id_is_a_warning_not_a_traceback(make_app):
    at = make_app(FIXTURE, PROFILES, organization="NOPE")
    assert not at.exception, at.exception
    assert any("No organization with the id NOPE" in w.value for w in at.warning)


def test_no_profile_asked_for(make_app):
    at = make_app(FIXTURE, PROFILES)
    assert not at.exception, at.exception
    assert at.title[0].value == "Profiles"
    assert any("Search above" in i.value for i in at.info)
    assert not any("?meeting=" in i.value or "address" in i.value for i in at.info)  # no URL editing asked


def test_search_finds_organization_by_former_name_and_opens_it(make_app):
    at = make_app(FIXTURE, PROFILES)
    at.text_input(key="profile-search").input("old alpha").run()
    assert not at.exception, at.exception
    results = at.radio(key="profile-result")
    assert len(results.options) == 1
    assert "Organization of Alpha States" in results.options[0]
    assert "Old Alpha Union" in results.options[0]
    # one result opens at once, and the list shows it chosen
    assert "Organization of Alpha States" in _headers(at)
    assert _param(at, "organization") == ["ORGA"]
    assert results.value == "organization:ORGA"


def test_search_is_accent_insensitive_and_says_when_nothing_matches(make_app):
    at = make_app(FIXTURE, PROFILES)
    at.text_input(key="profile-search").input("delta").run()
    assert "Délta Subregional Group" in at.radio(key="profile-result").options[0]
    at.text_input(key="profile-search").input("xyzzy").run()
    assert not at.exception, at.exception
    assert any("Nothing matches" in c.value for c in at.caption)


def test_browse_lists_follow_the_filters(make_app):
    at = make_app(FIXTURE, PROFILES)
    meetings = at.selectbox(key="browse-meeting")
    assert len(meetings.options) == 3  # the open briefing M3 is not in the default view
    meetings.select("meeting:M2").run()
    assert not at.exception, at.exception
    assert "Second test meeting" in _headers(at)


def test_data_text_is_never_markup(make_app, folder):
    folder.set_cell("meetings.csv", 2, "title", "[click](javascript:alert(1)) <b>bold</b> :red[x]")
    folder.set_cell("meetings.csv", 2, "notes", "<img src=x onerror=alert(1)> **loud**")
    at = make_app(folder.path, PROFILES, meeting="M1")
    assert not at.exception, at.exception
    header = _headers(at)[0]
    assert "\\[click\\]\\(javascript" in header and "\\<b\\>" in header
    text = _markdown(at)
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in text and "\\*\\*loud\\*\\*" in text
    assert not any(getattr(m.proto, "allow_html", False) for m in at.markdown)


def test_explore_page_renders_the_matrix(make_app):
    at = make_app(FIXTURE, EXPLORE)
    assert not at.exception, at.exception
    assert at.title[0].value == "Who came back"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    heatmap = spec["data"][0]  # then the key: one legend entry per role
    assert heatmap["type"] == "heatmap"
    assert len(heatmap["y"]) == 4  # the default view: M3 (and ORGB, invited only to it) left out
    tables = [df.value for df in at.dataframe]
    continuity = next(t for t in tables if "came_back" in t.columns)
    orga = continuity.set_index("org_id").loc["ORGA"]
    assert (orga["first_meeting"], orga["last_meeting"], orga["came_back"]) == ("M1", "M4", 1)


def test_explore_sort_by_number_of_meetings(make_app):
    at = make_app(FIXTURE, EXPLORE)
    at.button_group(key="matrix-sort").set_value("meetings").run()
    assert not at.exception, at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "sorted by number of meetings" in spec["layout"]["title"]["subtitle"]["text"]


def test_explore_page_follows_filters(make_app):
    at = make_app(FIXTURE, EXPLORE, years=[2005, 2010])
    assert not at.exception, at.exception
    assert any("No meeting matches" in i.value for i in at.info)


@pytest.mark.skipif(not HAS_DATA, reason="shipped data not built yet")
@pytest.mark.parametrize("params", [{"meeting": "SM-2003-NY"}, {"organization": "OIC"}, {}])
def test_profiles_render_on_shipped_data(make_app, params):
    at = make_app(None, PROFILES, **params)
    assert not at.exception, at.exception


@pytest.mark.skipif(not HAS_DATA, reason="shipped data not built yet")
def test_explore_renders_on_shipped_data(make_app):
    at = make_app(None, EXPLORE)
    assert not at.exception, at.exception
    assert at.get("plotly_chart")


def test_pages_work_without_optional_columns(make_app, folder):
    folder.delete("reported_figures.csv")
    for name in ("meetings", "organizations", "participation", "sources"):
        header, _ = folder.rows(f"{name}.csv")
        for column in header:
            if column not in [f.name for f in TABLES[name].fields if f.required]:
                folder.drop_column(f"{name}.csv", column)
    for params in ({"meeting": "M1"}, {"organization": "ORGA"}):
        at = make_app(folder.path, PROFILES, **params)
        assert not at.exception, at.exception
        assert at.header[0].value in ("First test meeting", "Organization of Alpha States")
    at = make_app(folder.path, PROFILES)
    at.text_input(key="profile-search").input("alpha").run()
    assert not at.exception, at.exception
    at = make_app(folder.path, EXPLORE)
    assert not at.exception, at.exception
