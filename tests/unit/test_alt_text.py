"""Text alternatives say, from the data, what each chart and map shows (tests/fixtures/small)."""

import pandas as pd

from ctc_dashboard.derive import continuity, profiles, summary
from ctc_dashboard.render import alt_text, breakdown, charts


def test_overview_sentence_counts_meetings_years_and_the_main_city(small):
    m = summary.meeting_summary(small)
    text = alt_text.meetings_overview(m)
    assert text.startswith(f"{len(m)} meetings from {m['start_date'].dt.year.min()} to {m['start_date'].dt.year.max()}")
    city = m["city"].value_counts()
    assert f"{city.iloc[0]} of them in {city.index[0]}" in text or f"all in {city.index[0]}" in text


def test_one_meeting_and_no_meeting_read_naturally(small):
    m = summary.meeting_summary(small)
    one = alt_text.meetings_overview(m.head(1))
    assert one.startswith("1 meeting in ") and "all in" in one
    assert alt_text.meetings_overview(m.head(0)) == "No meetings match the filters."
    for f in (alt_text.timeline, alt_text.venues):
        assert "no meetings match" in f(m.head(0))


def test_timeline_and_map_name_every_type_and_the_cities(small):
    m = summary.meeting_summary(small)
    text = alt_text.timeline(m)
    for t, n in m["meeting_type"].value_counts().items():
        assert f"{n} {t}" in text
    venues = alt_text.venues(m, arcs=3)
    assert f"{m['city'].nunique()} cities" in venues and "3 arcs" in venues


def test_charts_of_organizations_name_the_largest(small):
    ds = small
    m = summary.meeting_summary(ds)
    per_year = charts.organizations_per_year_table(ds)
    top = per_year.groupby("year")["organizations"].sum()
    assert f"the most, {top.max()}, in {top.idxmax()}" in alt_text.organizations_per_year(per_year)
    by_meeting = breakdown.participation_by_meeting_table(m, ds)
    assert f"each of {len(by_meeting)} meetings" in alt_text.participation_by_meeting(by_meeting)
    per_org = breakdown.meetings_per_organization_table(summary.organization_summary(ds))
    first = per_org.iloc[0]
    assert f"{first['label']} {first['meetings']}" in alt_text.meetings_per_organization(per_org)
    grid = continuity.matrix_table(ds, "first")
    assert f"Grid of {len(grid)} rows" in alt_text.matrix(grid)


def test_organization_timeline_counts_each_role(small):
    ds = small
    meetings = profiles.organization_meetings(ds, "ORGC")
    text = alt_text.organization_timeline(meetings, "GO")
    assert text.startswith(f"GO: {len(meetings)} meeting")
    assert alt_text.organization_timeline(meetings.head(0), "GO") == "GO: no meeting is recorded."


def test_empty_tables_still_give_a_sentence():
    empty = pd.DataFrame(columns=["year", "kind", "organizations"])
    assert alt_text.organizations_per_year(empty).strip()
    assert alt_text.venue_of({"city": "Vienna", "country": "Austria"}, 0) == "Map of the venue: Vienna, Austria."


def test_map_counts_the_cities_that_held_one_meeting_rather_than_picking_two():
    m = pd.DataFrame({"meeting_id": [f"M{i}" for i in range(6)], "city": ["New York"] * 3 + ["Vienna", "Madrid",
                      "Nairobi"], "latitude": 1.0, "longitude": 2.0, "start_date": pd.to_datetime(["2003-03-06"] * 6)})
    assert alt_text.venues(m) == ("Map of 6 meetings in 4 cities in 2003: New York 3; "
                                  "3 other cities held one each.")


def test_map_text_counts_assumed_places_and_virtual_meetings_it_does_not_draw():
    m = pd.DataFrame({"meeting_id": ["M1", "M2", "M3", "M4"], "city": ["New York", "New York", "held virtually",
                      "held virtually"], "latitude": [1.0, 1.0, None, None], "longitude": [2.0, 2.0, None, None],
                      "place_basis": ["stated", "assumed", "virtual", "virtual"],
                      "start_date": pd.to_datetime(["2003-03-06", "2004-01-01", "2020-08-17", "2020-12-14"])})
    assert alt_text.venues(m) == ("Map of 2 meetings in 1 city from 2003 to 2020: New York 2. 1 place is assumed, "
                                  "not stated by a source (drawn as rings). 2 virtual meetings are not on the map.")


def test_topics_per_year_names_the_topics_met_most_and_the_busiest_cell():
    t = pd.DataFrame({"year": [2003, 2003, 2004, 2004, 2005, 2005],
                      "topic": ["weapons", "terrorist financing"] * 3, "meetings": [1, 2, 0, 3, 0, 0]})
    assert alt_text.topics_per_year(t) == (
        "Topics of the meetings per year, from 2003 to 2005, a meeting counted under each of its topics. "
        "Most often: terrorist financing 5 and weapons 1. The most in one year: 3 on terrorist financing in 2004.")
    assert alt_text.topics_per_year(t.assign(meetings=0)) == "Topics per year: no meetings match the filters."
    assert alt_text.topics_per_year(t.head(0)) == "Topics per year: no meetings match the filters."


def test_region_breakdown_sums_the_members_regions_over_the_meetings():
    t = pd.DataFrame({"meeting": ["2003-03-06 New York", "2004-03-11 Vienna"], "global": [1, 1], "Africa": [0, 2],
                      "Americas": [1, 0], "several regions": [0, 0], "named_organizations": [2, 3],
                      "organizations_reported": pd.array([5, None], dtype="Int64")})
    text = alt_text.participation_by_region(t)
    assert text.startswith(alt_text.participation_by_meeting(t))
    # Largest first, ties by name.
    assert text.endswith("By the region of their members, summed over the meetings: Africa 2, "
                         "Global (international) 2 and Americas 1.")
    nobody = t.assign(**{"global": 0, "Africa": 0, "Americas": 0})
    assert alt_text.participation_by_region(nobody) == alt_text.participation_by_meeting(nobody)


def test_map_coloured_by_topic_says_what_the_colours_count():
    m = pd.DataFrame({"meeting_id": ["M1", "M2"], "city": ["New York", "Vienna"], "latitude": 1.0, "longitude": 2.0,
                      "start_date": pd.to_datetime(["2003-03-06", "2004-03-11"])})
    colours = pd.DataFrame({"meeting_id": ["M1", "M2"], "group": ["several topics", "weapons"],
                            "colour": ["#000000", "#111111"]})
    text = alt_text.venues(m, colours=colours, by="Topic")
    assert text.endswith(" Circles coloured by topic: several topics 1 and weapons 1.")
    assert "coloured" not in alt_text.venues(m)
