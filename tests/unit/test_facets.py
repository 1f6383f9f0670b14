"""Topics and regions: the vocabulary, the validator, the topic/region filters and the count on every option.

The fixture (tests/fixtures/small) gets our classification in a copy: M1 2003 special (topics financing and
weapons; CTC convener, ORGA participant, ORGC presenter), M2 2004 special (financing; CTC, ORGC host, ORGD
participant), M3 2016 open briefing (no topic; CTC, ORGB invited), M4 2019 joint special (regional
implementation, about Western Africa; CTC, ORGA co-organizer, ORGD participant). Regions: CTC and ORGC
global, ORGA and its child ORGB Americas, ORGD Western Africa. Every expected count below was counted by
hand from that list.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from ctc_dashboard.contract import labels
from ctc_dashboard.contract.schema import M49_AREAS, MEETINGS, ORGANIZATIONS, REGIONS, TOPICS, area_ancestors
from ctc_dashboard.derive import facets, summary
from ctc_dashboard.derive.filters import Filters, apply, default_filters
from ctc_dashboard.render import breakdown, charts, colours, maps

TOPICS_OF = {"M1": "terrorist financing;weapons", "M2": "terrorist financing", "M3": "",
             "M4": "regional implementation"}
FOCUS_OF = {"M4": "Western Africa"}
REGION_OF = {"CTC": "global", "ORGA": "Americas", "ORGB": "Americas", "ORGC": "global", "ORGD": "Western Africa"}


def classified(folder):
    header, rows = folder.rows("meetings.csv")
    ids = [r[0] for r in rows]
    folder.write_rows("meetings.csv", header + ["topics", "focus_region"],
                      [r + [TOPICS_OF[i], FOCUS_OF.get(i, "")] for r, i in zip(rows, ids, strict=True)])
    header, rows = folder.rows("organizations.csv")
    folder.write_rows("organizations.csv", header + ["region"], [r + [REGION_OF[r[0]]] for r in rows])
    return folder


@pytest.fixture
def tagged(folder):
    return classified(folder).load()


def nonzero(d: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in d.items() if v}


# ---------------------------------------------------------------- vocabulary

def test_topic_vocabulary_has_10_to_15_terms_each_with_a_one_line_definition():
    assert 10 <= len(TOPICS) <= 15
    for term, definition in TOPICS.items():
        assert term == term.strip().lower() and ";" not in term, term
        assert definition and "\n" not in definition and len(definition) < 200, term


def test_topics_and_regions_are_declared_once_in_the_schema_as_our_classification():
    assert MEETINGS.field("topics").enum == tuple(TOPICS)
    assert ORGANIZATIONS.field("region").enum == REGIONS
    for f in (MEETINGS.field("topics"), MEETINGS.field("focus_region"), ORGANIZATIONS.field("region")):
        assert f.type == "terms" and "Our classification" in f.description


def test_m49_areas_match_the_country_table_of_country_converter():
    """Every subregion the package gives a country is one of our M49 names, under one of the five regions."""
    from scripts.classify_facets import country_table

    table = country_table()
    subregions = set(table["UNregion"]) - {"", "Antarctica"}
    assert subregions <= set(M49_AREAS)
    regions = {area_ancestors(s)[-1] for s in subregions}
    assert regions == {"Africa", "Americas", "Asia", "Europe", "Oceania"}
    assert area_ancestors("Caribbean") == ["Caribbean", "Latin America and the Caribbean", "Americas"]


def test_region_of_an_organization_is_computed_from_its_members():
    from scripts.classify_facets import country_table, m49_area_of

    t = country_table()
    assert m49_area_of(["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"], t) == [
        "South-eastern Asia"]
    assert m49_area_of(["CAN", "USA", "FRA", "TUR"], t) == ["Northern America", "Western Asia", "Western Europe"]
    assert m49_area_of(["FRA", "POL"], t) == ["Europe"]
    assert m49_area_of(["JAM", "GUY", "BLZ"], t) == ["Latin America and the Caribbean"]


# ---------------------------------------------------------------- validator

def test_unknown_topic_is_reported_with_file_row_and_column(folder):
    classified(folder).set_cell("meetings.csv", 3, "topics", "terrorist financing; cyber stuff")
    problems = folder.problems()
    assert [(p.file, p.row, p.column) for p in problems] == [("meetings.csv", 3, "topics")]
    assert "cyber stuff" in problems[0].expected and problems[0].value == "terrorist financing; cyber stuff"


def test_unknown_region_and_focus_region_are_reported(folder):
    classified(folder).set_cell("organizations.csv", 5, "region", "Atlantis")
    folder.set_cell("meetings.csv", 2, "focus_region", "West Africa")
    found = {(p.file, p.row, p.column, p.value) for p in folder.problems()}
    assert found == {("organizations.csv", 5, "region", "Atlantis"), ("meetings.csv", 2, "focus_region", "West Africa")}


def test_terms_with_spaces_around_the_separator_load(folder):
    classified(folder).set_cell("meetings.csv", 2, "topics", " weapons ;terrorist financing ")
    assert folder.problems() == []


def test_shipped_data_every_meeting_has_a_topic_or_a_reason_and_every_organization_a_region(shipped):
    from scripts.classify_facets import NO_TOPIC, REGION_NOT_COMPUTED

    ds = shipped
    no_topic = ds.meetings.loc[ds.meetings["topics"].isna(), "meeting_id"]
    assert set(no_topic) <= set(NO_TOPIC)
    # Every organization has a region, but the regional ones whose members no source lists (named at visits).
    no_region = ds.organizations.loc[ds.organizations["region"].isna(), "org_id"]
    assert set(no_region) <= set(REGION_NOT_COMPUTED) and len(no_region) <= 9
    regional = ds.organizations[ds.organizations["kind"] != "international"]
    assert (regional["region"] != "global").sum() >= len(regional) - 1  # FSRB, a group of bodies, is global
    assert regional["org_id"].isin(no_region).sum() == len(no_region)


# ---------------------------------------------------------------- filters

def test_topic_filter_keeps_meetings_with_any_chosen_topic(tagged):
    v = apply(tagged, Filters(topics=("weapons", "regional implementation")))
    assert sorted(v.meetings["meeting_id"]) == ["M1", "M4"]


def test_region_filter_matches_areas_inside_the_chosen_one(tagged):
    """Africa holds Western Africa: ORGD's meetings; like kind, it narrows the participation rows."""
    v = apply(tagged, Filters(regions=("Africa",)))
    assert sorted(v.meetings["meeting_id"]) == ["M2", "M4"]
    assert set(v.participation["org_id"]) == {"ORGD"}
    assert sorted(apply(tagged, Filters(regions=("global",))).meetings["meeting_id"]) == ["M1", "M2", "M3", "M4"]


# ---------------------------------------------------------------- counts

def test_counts_under_the_default_filters_match_a_count_by_hand(tagged):
    c = facets.counts(tagged, default_filters(tagged))
    assert c["type"] == {"special meeting": 2, "joint special meeting": 1, "open briefing": 1}
    assert nonzero(c["topic"]) == {"terrorist financing": 2, "weapons": 1, "regional implementation": 1}
    assert c["org"] == {"CTC": 3, "ORGA": 2, "ORGB": 0, "ORGC": 2, "ORGD": 2}
    assert c["kind"] == {"international": 3, "regional": 2, "subregional": 2}
    assert c["role"] == {"convener": 3, "host": 1, "co-organizer": 1, "presenter": 1, "participant": 3, "invited": 0}
    assert c["region"] == {"global": 3, "Africa": 2, "Americas": 2, "Sub-Saharan Africa": 2, "Western Africa": 2}


def test_counts_use_the_other_filters_as_they_are(tagged):
    everything = Filters(years=(2003, 2019))
    c = facets.counts(tagged, replace(everything, organizations=("ORGD",)))
    assert c["type"] == {"special meeting": 1, "joint special meeting": 1, "open briefing": 0}
    assert c["kind"] == {"international": 2, "regional": 1, "subregional": 2}
    assert c["org"] == {"CTC": 4, "ORGA": 2, "ORGB": 0, "ORGC": 2, "ORGD": 2}  # its own filter is not applied
    c = facets.counts(tagged, replace(everything, kinds=("regional",)))
    assert nonzero(c["role"]) == {"participant": 1, "co-organizer": 1, "invited": 1}
    assert nonzero(c["region"]) == {"Americas": 3}
    assert c["kind"] == {"international": 4, "regional": 3, "subregional": 2}


def _with(f: Filters, key: str, option: str) -> Filters:
    field = {"type": "meeting_types", "org": "organizations", "kind": "kinds", "role": "roles", "topic": "topics",
             "region": "regions", "visited": "visited_states"}[key]
    return replace(f, **{field: (option,)})


@pytest.mark.parametrize("make", [
    lambda ds: default_filters(ds),
    lambda ds: replace(default_filters(ds), kinds=("regional",), topics=("terrorist financing", "weapons")),
    lambda ds: replace(default_filters(ds), roles=("participant", "presenter"), regions=("Europe",),
                       meeting_types=()),
])
def test_every_count_on_the_shipped_data_equals_the_filter_it_stands_for(make, shipped):
    """The fast counts give exactly what choosing that one option would show."""
    ds = shipped
    f = make(ds)
    for key, options in facets.counts(ds, f).items():
        for option, n in options.items():
            assert n == len(apply(ds, _with(f, key, option)).meetings), (key, option)


def test_counts_on_an_upload_without_the_new_columns_are_zero_not_an_error(small):
    c = facets.counts(small, default_filters(small))
    assert sum(c["topic"].values()) == 0 and c["region"] == {}
    assert c["org"]["CTC"] == 3


# ---------------------------------------------------------------- chart tables

def test_topics_per_year_table_counts_each_topic_of_each_meeting(tagged):
    t = charts.topics_per_year_table(summary.meeting_summary(tagged))
    assert t["year"].unique().tolist() == list(range(2003, 2020))  # every year of the span, 0s included
    assert len(t) == 17 * (len(TOPICS) + 1)  # every topic every year, and "no topic" (M3)
    hits = {(y, topic): n for y, topic, n in t.itertuples(index=False) if n}
    assert hits == {(2003, "terrorist financing"): 1, (2003, "weapons"): 1, (2004, "terrorist financing"): 1,
                    (2016, "no topic"): 1, (2019, "regional implementation"): 1}


def test_topics_per_year_figure_is_a_heatmap_with_blank_zero_cells(tagged):
    import math

    trace = charts.topics_per_year(charts.topics_per_year_table(summary.meeting_summary(tagged))).data[0]
    assert trace.type == "heatmap"
    assert list(trace.y[:2]) == ["global standards and<br>implementation", "cooperation among<br>organizations"]
    financing = list(trace.y).index("terrorist financing")
    assert list(trace.z[financing][:2]) == [1, 1] and math.isnan(trace.z[0][0])
    assert list(trace.text[financing][:2]) == ["1", "1"] and trace.text[0][0] == ""


def test_participation_breakdown_by_region(tagged):
    t = breakdown.participation_by_meeting_table(summary.meeting_summary(tagged), tagged, by="region")
    rows = t.set_index("meeting_id")
    assert rows.loc["M1", ["global", "Americas", "Africa"]].tolist() == [1, 1, 0]
    assert rows.loc["M2", ["global", "Americas", "Africa"]].tolist() == [1, 0, 1]
    assert rows.loc["M4", ["global", "Americas", "Africa"]].tolist() == [0, 1, 1]  # the convener is not counted


def test_map_colours_circles_by_topic_or_region(tagged):
    m = summary.meeting_summary(tagged)
    topic = maps.venue_colour_table(m, "topic").set_index("meeting_id")["group"].to_dict()
    assert topic == {"M1": labels.SEVERAL_TOPICS, "M2": "terrorist financing", "M3": labels.NO_TOPIC,
                     "M4": "regional implementation"}
    region = maps.venue_colour_table(m, "region").set_index("meeting_id")
    assert region.loc["M4", "group"] == "Africa" and region.loc["M4", "colour"] == colours.REGION_COLOURS["Africa"]
    assert set(region.loc[["M1", "M2", "M3"], "group"]) == {labels.NOT_REGIONAL}
    legend = maps.legend_items(maps.venue_colour_table(m, "topic"))
    assert [g for g, _ in legend] == ["regional implementation", "terrorist financing", labels.SEVERAL_TOPICS,
                                      labels.NO_TOPIC]


def test_region_group_folds_areas_into_the_five_regions():
    assert facets.region_group("Caribbean") == "Americas"
    assert facets.region_group("Europe;Western Asia") == "several regions"
    assert facets.region_group("global") == "global"
    assert facets.region_group(None) is None
