"""Country visits selected by link (?type=…&type=country+visit): the words, the map legend, participation and an
organization's profile follow; the Visited State filter comes from the link."""

from ctc_dashboard.contract.schema import VISIT
from ctc_dashboard.ui import routes

from .conftest import markdown, param, text

WITH_VISITS = {"type": ["special meeting", "joint special meeting", VISIT]}


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_words_meetings_and_visits_apart_and_says_the_coverage(make_app):
    at = make_app(None, None, **WITH_VISITS)
    assert not at.exception, at.exception
    words = text(at)
    assert " meetings and 107 of 107 country visits, 2003" in words
    assert "The data holds 98 of the 205 country visits" in words
    figures = _metrics(at)
    assert figures["Country visits"] == "107" and "Visited States" in figures and "Meetings" in figures
    assert "What these meetings and visits are" in [h.value for h in at.header]


def test_default_overview_has_no_visit_in_its_words_but_the_coverage_line(make_app):
    at = make_app(None, None)
    assert not at.exception, at.exception
    assert "Country visits" not in _metrics(at)
    count_line = next(m.value for m in at.markdown if " of " in m.value and " meetings" in m.value)
    assert "country visit" not in count_line


def test_map_with_visits_shades_the_visited_states_and_says_so(make_app):
    at = make_app(None, routes.MAP.file, **WITH_VISITS)
    assert not at.exception, at.exception
    assert "country visit (the visited State is shaded)" in markdown(at)


def test_participation_with_visits_renders(make_app):
    at = make_app(None, routes.PARTICIPATION.file, **WITH_VISITS)
    assert not at.exception, at.exception
    assert "country visits" in text(at)


def test_visited_state_filter_from_the_link(make_app):
    at = make_app(None, routes.MAP.file, type=VISIT, visited="NGA")
    assert not at.exception, at.exception
    assert "5 of 107 country visits, 2006" in text(at)
    assert param(at, "visited") == ["NGA"]


def test_an_organization_profile_lists_meetings_and_visits_apart(make_app):
    at = make_app(None, routes.PROFILE.file, organization="OSCE")
    assert not at.exception, at.exception
    assert {"Meetings", "Country visits"} <= {s.value for s in at.subheader}
    tables = [df.value for df in at.dataframe if "meeting_id" in df.value.columns]
    met, visited = tables[0], tables[1]
    assert not met["meeting_id"].str.startswith("V-").any()
    assert visited["meeting_id"].str.startswith("V-").all() and len(visited) == 8
    assert "took part in" in markdown(at) and "8 of 107 country visits" in markdown(at)
