"""The topic and region filters from a shared link, and the count on every filter option (shipped data).

Counts expected here are the ones the unit tests check against ``filters.apply``; this file checks that the
sidebar shows them and that a link with ``?topic=`` / ``?region=`` opens the filtered view.
"""

from dataclasses import replace

from ctc_dashboard.derive import facets, filters, visits


def _options(at, key: str) -> list[str]:
    return list(at.multiselect(key=key).options)


def _count_line(at) -> str:
    return next(str(m.value) for m in at.markdown if "meetings" in str(m.value))


def test_every_filter_option_shows_its_count(make_app, shipped):
    at = make_app(None)
    assert not at.exception
    counts = facets.counts(shipped, filters.default_filters(shipped))
    for key in facets.FACETS:
        shown = _options(at, key)
        assert len(shown) == len(counts[key]), key
        assert all(o.endswith(")") and "(" in o for o in shown), (key, shown[:3])
    unodc = next(o for o in _options(at, "org") if o.startswith("UNODC"))
    assert unodc == f"UNODC — United Nations Office on Drugs and Crime ({counts['org']['UNODC']})"
    assert f"terrorist financing ({counts['topic']['terrorist financing']})" in _options(at, "topic")
    assert f"open briefing ({counts['type']['open briefing']})" in _options(at, "type")


def test_zero_options_are_listed_and_choosable(make_app, shipped):
    at = make_app(None, topic=["aviation and maritime security"], type=["special meeting"])
    assert not at.exception
    counts = facets.counts(shipped, filters.Filters(years=filters.year_bounds(shipped),
                                                   meeting_types=("special meeting",),
                                                   topics=("aviation and maritime security",)))
    zero = [o for o, n in counts["org"].items() if n == 0]
    assert zero, "some organization has no meeting on aviation"
    labels = _options(at, "org")
    assert any(label.endswith(" (0)") for label in labels)
    at.session_state["org"] = [zero[0]]
    at.run()
    assert not at.exception
    assert "0 of" in _count_line(at)


def test_topic_link_opens_the_filtered_view(make_app, shipped):
    at = make_app(None, "app_pages/data.py", topic=["terrorist financing"])
    assert not at.exception
    f = replace(filters.default_filters(shipped), topics=("terrorist financing",))
    expected = filters.apply(shipped, f).meetings
    meetings = at.dataframe[0].value
    assert sorted(meetings["meeting_id"]) == sorted(expected["meeting_id"])
    assert all("terrorist financing" in t for t in meetings["topics"])
    assert at.multiselect(key="topic").value == ["terrorist financing"]


def test_region_link_opens_the_filtered_view_and_stays_in_the_url(make_app, shipped):
    at = make_app(None, region=["Americas"])
    assert not at.exception
    f = replace(filters.default_filters(shipped), regions=("Americas",))
    n = int((~visits.is_visit(filters.apply(shipped, f).meetings)).sum())
    total = int((~visits.is_visit(shipped.meetings)).sum())  # the count line counts meetings apart from visits
    assert _count_line(at).startswith(f"**{n} of {total} meetings")
    assert at.query_params["region"] in ("Americas", ["Americas"])


def test_unknown_topic_in_the_link_is_dropped_not_an_error(make_app, shipped):
    at = make_app(None, topic=["no such topic"])
    assert not at.exception
    assert at.multiselect(key="topic").value == []
