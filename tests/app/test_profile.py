"""The profile page (/profile): profiles opened by link, search and browse lists; data text never markup."""

import pytest

from ctc_dashboard.ui import routes
from tests.conftest import FIXTURE

from .conftest import ON_FIXTURE_AND_SHIPPED, headers, markdown, param

PAGE = routes.PROFILE.file


@ON_FIXTURE_AND_SHIPPED
def test_profile_renders(make_app, data):
    at = make_app(data, PAGE)
    assert not at.exception, at.exception
    assert at.title, "page has a title"


@pytest.mark.parametrize("params", [{"meeting": "SM-2003-NY"}, {"organization": "OIC"}])
def test_profiles_render_on_shipped_data(make_app, params):
    at = make_app(None, PAGE, **params)
    assert not at.exception, at.exception
    assert at.header, "the profile has its heading"


def test_meeting_profile_opens_by_link(make_app):
    at = make_app(FIXTURE, PAGE, meeting="M1")
    assert not at.exception, at.exception
    assert "First test meeting" in headers(at)
    shown = markdown(at)
    assert "6 Mar 2003 \\(one day\\)" in shown  # data text goes through md_escape
    assert "- **Participant** (1): OAS\\-T" in shown
    cite = at.code[0].value
    assert "/records/meetings/M1" in cite and "version" in cite
    assert param(at, "meeting") == ["M1"]


def test_organization_profile_opens_by_link(make_app):
    at = make_app(FIXTURE, PAGE, organization="ORGA")
    assert not at.exception, at.exception
    assert "Organization of Alpha States" in headers(at)
    assert "Old Alpha Union" in markdown(at)
    assert "/records/organizations/ORGA" in at.code[0].value
    assert at.code[1].value.startswith("@misc{ctc-organization-ORGA") and "TY  - ELEC" in at.code[2].value
    assert any("Permanent record" in c.value and "/records/organizations/ORGA" in c.value for c in at.caption)
    meetings = next(df.value for df in at.dataframe if "meeting_id" in df.value.columns)
    assert list(meetings["meeting_id"]) == ["M1", "M4"]


def test_profile_outside_the_filters_says_so(make_app):
    # M3 is an open briefing: the default view leaves it out, the profile still shows it in full.
    at = make_app(FIXTURE, PAGE, meeting="M3")
    assert not at.exception, at.exception
    assert "Test briefing" in headers(at)
    assert any("outside the current filters" in i.value for i in at.info)


def test_unknown_id_is_a_warning_not_a_traceback(make_app):
    at = make_app(FIXTURE, PAGE, organization="NOPE")
    assert not at.exception, at.exception
    assert any("No organization with the id NOPE" in w.value for w in at.warning)


def test_no_profile_asked_for(make_app):
    at = make_app(FIXTURE, PAGE)
    assert not at.exception, at.exception
    assert at.title[0].value == "Profiles"
    assert any("Search above" in i.value for i in at.info)
    assert not any("?meeting=" in i.value or "address" in i.value for i in at.info)  # no URL editing asked


def test_search_finds_organization_by_former_name_and_opens_it(make_app):
    at = make_app(FIXTURE, PAGE)
    at.text_input(key="profile-search").input("old alpha").run()
    assert not at.exception, at.exception
    results = at.radio(key="profile-result")
    assert len(results.options) == 1
    assert "Organization of Alpha States" in results.options[0]
    assert "Old Alpha Union" in results.options[0]
    # one result opens at once, and the list shows it chosen
    assert "Organization of Alpha States" in headers(at)
    assert param(at, "organization") == ["ORGA"]
    assert results.value == "organization:ORGA"


def test_search_is_accent_insensitive_and_says_when_nothing_matches(make_app):
    at = make_app(FIXTURE, PAGE)
    at.text_input(key="profile-search").input("delta").run()
    assert "Délta Subregional Group" in at.radio(key="profile-result").options[0]
    at.text_input(key="profile-search").input("xyzzy").run()
    assert not at.exception, at.exception
    assert any("Nothing matches" in c.value for c in at.caption)


def test_search_text_comes_from_the_link(make_app):
    at = make_app(None, PAGE, **{"profile-search": "OSCE"})
    assert not at.exception
    assert at.text_input(key="profile-search").value == "OSCE"
    assert any("result" in s.label for s in at.radio)


def test_browse_lists_follow_the_filters(make_app):
    at = make_app(FIXTURE, PAGE)
    meetings = at.selectbox(key="browse-meeting")
    assert len(meetings.options) == 3  # the open briefing M3 is not in the default view
    meetings.select("meeting:M2").run()
    assert not at.exception, at.exception
    assert "Second test meeting" in headers(at)


def test_data_text_is_never_markup(make_app, folder):
    folder.set_cell("meetings.csv", 2, "title", "[click](javascript:alert(1)) <b>bold</b> :red[x]")
    folder.set_cell("meetings.csv", 2, "notes", "<img src=x onerror=alert(1)> **loud**")
    at = make_app(folder.path, PAGE, meeting="M1")
    assert not at.exception, at.exception
    header = headers(at)[0]
    assert "\\[click\\]\\(javascript" in header and "\\<b\\>" in header
    shown = markdown(at)
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in shown and "\\*\\*loud\\*\\*" in shown
    assert not any(getattr(m.proto, "allow_html", False) for m in at.markdown)


def test_profiles_work_without_optional_columns(make_app, minimal_folder):
    for params in ({"meeting": "M1"}, {"organization": "ORGA"}):
        at = make_app(minimal_folder.path, PAGE, **params)
        assert not at.exception, at.exception
        assert at.header[0].value in ("First test meeting", "Organization of Alpha States")
    at = make_app(minimal_folder.path, PAGE)
    at.text_input(key="profile-search").input("alpha").run()
    assert not at.exception, at.exception
