"""The view in the URL: one table of parameters, read and written by pure functions.

Fixture (tests/fixtures/small): M1 2003 special (ORGA participant, ORGC presenter), M2 2004 special (ORGC host,
ORGD participant), M3 2016 open briefing (ORGB invited), M4 2019 joint special (ORGA co-organizer, ORGD
participant); the CTC convenes each.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from ctc_dashboard.derive import facets
from ctc_dashboard.derive.filters import Filters, apply, default_filters
from ctc_dashboard.derive.view import (
    BY_KEY,
    PARAMS,
    Choices,
    Notice,
    View,
    default_view,
    from_query,
    to_query,
)

LINKS = [
    {},
    {"years": ["2004", "2016"]},
    {"org": ["ORGA", "ORGD"], "match": ["all"]},
    {"type": [""]},
    {"type": ["open briefing"], "topic": ["terrorist financing"]},
    {"kind": ["subregional"], "role": ["participant", "host"]},
    {"breakdown-by": ["region"], "map-colour": ["topic"], "matrix-sort": ["meetings"], "data-tab": ["sources"],
     "profile-search": ["old alpha"]},
]


def meeting_ids(view: View) -> list[str]:
    return sorted(view.data.meetings["meeting_id"])


def test_no_query_is_the_default_view(small):
    view, notices = from_query({}, small)
    assert notices == []
    assert view.filters == default_filters(small)
    assert view.choices == Choices()
    assert to_query(view) == {}
    assert view.describe() == ["types special meeting, joint special meeting"]  # the default says what it leaves out


@pytest.mark.parametrize("query", LINKS)
def test_a_link_read_then_written_is_the_same_link(small, query):
    view, notices = from_query(query, small)
    assert notices == []
    assert to_query(view) == query
    again, _ = from_query(to_query(view), small)
    assert again.filters == view.filters and again.choices == view.choices


def test_years_outside_the_data_are_clamped_with_a_notice(small):
    view, notices = from_query({"years": ["1990", "2050"]}, small)
    assert view.filters.years == (2003, 2019)
    assert [n.value for n in notices] == ["1990", "2050"]
    assert all(n.key == "years" and "2003" in n.message for n in notices)
    assert to_query(view) == {}  # clamped to the whole span: the default


def test_years_in_any_order_and_one_year_alone(small):
    assert from_query({"years": ["2016", "2004"]}, small)[0].filters.years == (2004, 2016)
    view, _ = from_query({"years": "2016"}, small)
    assert view.filters.years == (2016, 2016)
    assert to_query(view) == {"years": ["2016", "2016"]}


def test_a_year_that_is_not_a_number_is_a_notice_not_an_error(small):
    view, notices = from_query({"years": ["bad", "2004"]}, small)
    assert view.filters.years == (2004, 2004)
    assert notices == [Notice("years", "bad", ("2003", "2019"))]


def test_unknown_values_are_dropped_with_a_notice_naming_the_allowed_ones(small):
    view, notices = from_query({"topic": ["no such topic", "terrorist financing"], "org": ["NOPE"],
                                "breakdown-by": ["colour"]}, small)
    assert view.filters.topics == ("terrorist financing",)
    assert view.filters.organizations == ()
    assert view.choices.breakdown == "kind"
    assert {(n.key, n.value) for n in notices} == {("topic", "no such topic"), ("org", "NOPE"),
                                                  ("breakdown-by", "colour")}
    org = next(n for n in notices if n.key == "org")
    assert set(org.allowed) == set(small.organizations["org_id"])
    assert "NOPE" in org.message


def test_a_type_link_with_nothing_usable_keeps_the_default_types(small):
    view, notices = from_query({"type": ["no such type"]}, small)
    assert view.filters.meeting_types == default_filters(small).meeting_types
    assert len(notices) == 1


def test_other_keys_are_not_parameters_and_are_ignored(small):
    view, notices = from_query({"meeting": ["M1"], "organization": ["ORGA"]}, small)
    assert notices == [] and view.filters == default_filters(small)


@pytest.mark.parametrize(("query", "field", "value"), [
    ({"breakdown-by": "Region"}, "breakdown", "region"),
    ({"breakdown-by": "Organization kind"}, "breakdown", "kind"),
    ({"matrix-sort": "Number of meetings"}, "matrix_sort", "meetings"),
    ({"map-colour": "Topic"}, "map_colour", "topic"),
    ({"data-tab": "Sources"}, "data_tab", "sources"),
])
def test_links_shared_with_display_labels_still_open_the_same_view(small, query, field, value):
    view, notices = from_query(query, small)
    assert notices == []
    assert getattr(view.choices, field) == value
    key = next(iter(query))
    written = to_query(view)  # written back as the raw value, or not at all when it is the default
    assert written == ({} if value == getattr(Choices(), field) else {key: [value]})


def test_match_all_keeps_only_meetings_where_every_chosen_organization_took_part(small):
    any_view, _ = from_query({"org": ["ORGA", "ORGD"]}, small)
    all_view, _ = from_query({"org": ["ORGA", "ORGD"], "match": "all"}, small)
    assert meeting_ids(any_view) == ["M1", "M2", "M4"]
    assert meeting_ids(all_view) == ["M4"]
    assert "organizations all of ORGA, ORGD" in all_view.describe()
    assert "organizations ORGA, ORGD" in any_view.describe()


def test_match_all_with_one_organization_is_the_same_as_any(small):
    one_all = apply(small, replace(default_filters(small), organizations=("ORGC",), match="all"))
    one_any = apply(small, replace(default_filters(small), organizations=("ORGC",)))
    assert sorted(one_all.meetings["meeting_id"]) == sorted(one_any.meetings["meeting_id"]) == ["M1", "M2"]


def test_facet_counts_follow_match_all(small):
    f = replace(default_filters(small), organizations=("ORGA", "ORGD"), match="all")
    counts = facets.counts(small, f)
    assert sum(counts["type"].values()) == 1  # M4 only
    assert counts["type"]["joint special meeting"] == 1


def test_describe_is_against_the_full_data_not_the_filtered_view(small):
    view, _ = from_query({"years": ["2003", "2004"], "type": ["special meeting"]}, small)
    described = view.describe()
    assert "years 2003-2004" in described
    assert "types special meeting" in described
    # the filtered data's own year span is 2003-2004: describing against it would drop the years
    assert view.filters.describe(view.data) != described


def test_with_data_keeps_a_filtered_dataset_from_a_cache(small):
    view = default_view(small)
    data = apply(small, view.filters)
    assert view.with_data(data).data is data


def test_every_filter_field_and_page_choice_has_one_row():
    assert len(PARAMS) == len(BY_KEY)
    assert {p.field for p in PARAMS if p.is_filter} == set(Filters.__dataclass_fields__)
    assert {p.field for p in PARAMS if not p.is_filter} == set(Choices.__dataclass_fields__)
    assert {p.key for p in PARAMS if p.counted} == set(facets.FACETS)
