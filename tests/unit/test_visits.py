"""Country visits: a handful pinned against their sources, the coverage of the Committee's own count, and how
visits are worded, dated and filtered."""

import re

import pandas as pd
import pytest

from ctc_dashboard.contract.labels import date_range_text
from ctc_dashboard.contract.schema import VISIT
from ctc_dashboard.derive import visits
from ctc_dashboard.derive.filters import Filters, apply, default_filters
from ctc_dashboard.render import maps, prose
from tests.conftest import DATA


def _visit(ds, mid):
    return ds.meetings.set_index("meeting_id").loc[mid]


def _participants(ds, mid):
    p = ds.participation[ds.participation["meeting_id"] == mid]
    return set(p.loc[p["role"] == "participant", "org_id"]), p.set_index("org_id")["role"].astype(str).to_dict()


# ---------------------------------------------------------------- visits pinned against their sources

def test_tanzania_2006_the_first_team_with_a_1267_expert(shipped):
    # SC/8635 and UN News, 10-13 Feb 2006: Interpol, UNODC, IMO, the AU, the European Commission and, for the
    # first time, an expert of the 1267 Committee.
    v = _visit(shipped, "V-2006-TZA")
    assert (v["start_date"], v["end_date"]) == (pd.Timestamp("2006-02-13"), pd.Timestamp("2006-02-17"))
    assert v["led_by"].startswith("Javier Rupérez") and "v-unis-sc8635" in v["source_ids"]
    named, roles = _participants(shipped, "V-2006-TZA")
    assert named == {"INTERPOL", "UNODC", "IMO", "AU", "EU", "SC-1267"}
    assert "CTC" not in roles and "CTED" not in roles  # every visit is CTED's, on behalf of the Committee
    p = shipped.participation.set_index(["meeting_id", "org_id"])
    assert "European Commission" in p.loc[("V-2006-TZA", "EU"), "notes"]
    assert "before or at the start" in p.loc[("V-2006-TZA", "EU"), "notes"]  # every source is an announcement


def test_bulgaria_2022_the_first_on_site_visit_after_covid(shipped):
    v = _visit(shipped, "V-2022-BGR")
    assert (v["visit_kind"], v["date_precision"]) == ("comprehensive", None) or v["visit_kind"] == "comprehensive"
    assert v["start_date"] == pd.Timestamp("2022-04-04") and v["end_date"] == pd.Timestamp("2022-04-09")
    assert v["led_by"].startswith("Ahmed Seif El-Dawla")
    named, _ = _participants(shipped, "V-2022-BGR")
    assert named == {"UNOCT", "UNODC", "ICAO", "INTERPOL", "EUROPOL", "IOM", "OSCE", "MONEYVAL"}


def test_canada_2023_place_stated_and_its_virtual_component_apart(shipped):
    v = _visit(shipped, "V-2023-CAN")
    assert (v["city"], v["place_basis"]) == ("Montréal", "stated")
    assert _participants(shipped, "V-2023-CAN")[0] == {"SC-1267", "UNOCT", "ICAO", "IMO", "INTERPOL"}
    virtual = _visit(shipped, "V-2021-CAN")
    assert virtual["place_basis"] == "virtual" and pd.isna(virtual["latitude"]) and virtual["country"] == "Canada"
    assert virtual["date_precision"] == "month" and virtual["start_date"] == pd.Timestamp("2021-05-01")


def test_togo_2019_names_giaba_and_an_assumed_place_says_why(shipped):
    v = _visit(shipped, "V-2019-TGO")
    assert v["place_basis"] == "assumed" and "capital" in v["place_note"]
    assert {"GIABA", "UNOWAS", "UNODC", "IOM", "ICAO", "INTERPOL"} == _participants(shipped, "V-2019-TGO")[0]


def test_the_lake_chad_visit_covers_four_states(shipped):
    v = _visit(shipped, "V-2017-LCB")
    assert v["visited_states"] == "CMR;TCD;NER;NGA" and v["visit_kind"] == "regional"
    assert _participants(shipped, "V-2017-LCB")[0] == {"UNOWAS", "UNOCA"}


def test_an_unnamed_other_body_stays_in_notes(shipped):
    # The Committee's UK page names only "other United Nations bodies"; the IMO item names the four.
    v = _visit(shipped, "V-2019-GBR")
    assert "other United Nations bodies" in v["notes"]
    assert _participants(shipped, "V-2019-GBR")[0] == {"IMO", "INTERPOL", "WCO", "UNODC"}
    djibouti = _visit(shipped, "V-2012-DJI")
    assert "UN and partner organizations" in djibouti["notes"] and not _participants(shipped, "V-2012-DJI")[0]


def test_every_visit_is_sourced_and_names_its_state(shipped):
    v = shipped.meetings[visits.is_visit(shipped.meetings)]
    assert len(v) >= 100
    assert v["visited_states"].notna().all() and v["source_ids"].notna().all()
    assert v["notes"].str.startswith(("Kind, as the source says it", "Dates as the sources give them")).all()
    one = v[~v["visited_states"].str.contains(";")]
    assert (one["visited_states"] == one["country_code"]).all()


# ---------------------------------------------------------------- coverage of the Committee's count

def test_coverage_against_the_published_205(shipped):
    c = visits.coverage(shipped)
    assert (c.published.visits, c.published.states, c.published.as_of) == (205, 119, "September 2024")
    assert (c.held, c.held_states, c.later) == (98, 68, 9)
    src = shipped.sources.set_index("source_id").loc[c.published.source_id]
    assert src["url"].endswith("/securitycouncil/ctc/content/assessments")
    assert "98 of the 205" in c.sentence()


def test_the_readme_says_what_the_data_holds(shipped):
    readme = " ".join((DATA / "README.md").read_text(encoding="utf-8").split())  # lines rewrapped
    c = visits.coverage(shipped)
    assert f"98 up to September 2024 (of the {c.published.visits})" in readme
    assert f"to {c.held_states} States (of the {c.published.states})" in readme
    per_year = visits.per_year(shipped.meetings).set_index("year")["visits"]
    line = re.search(r"Per year \(visits in the data\):\*\* (.*?)\. - ", readme).group(1)
    stated = {int(y): int(n) for y, n in re.findall(r"(\d{4}): (\d+)", line)}
    assert {y: n for y, n in stated.items() if n} == per_year.to_dict()


# ---------------------------------------------------------------- words, dates, filters

def test_counts_in_words_follow_the_rows(shipped):
    m = shipped.meetings
    assert visits.counts_in_words(m[~visits.is_visit(m)].head(12)) == "12 meetings"
    assert visits.counts_in_words(m[visits.is_visit(m)].head(1)) == "1 country visit"
    both = pd.concat([m[~visits.is_visit(m)].head(12), m[visits.is_visit(m)].head(40)])
    assert visits.counts_in_words(both) == "12 meetings and 40 country visits"


def test_count_line_words_visits_only_when_shown(shipped):
    view = apply(shipped, default_filters(shipped))
    line = prose.count_line(shipped, view, pd.DataFrame({"named_organizations": [0]}))
    meetings = int((~visits.is_visit(shipped.meetings)).sum())
    assert "country visit" not in line and re.match(rf"\d+ of {meetings} meetings, ", line)  # visits not in the total
    with_visits = apply(shipped, Filters(meeting_types=("special meeting", VISIT)))
    line = prose.count_line(shipped, with_visits, pd.DataFrame({"named_organizations": [0]}))
    n_visits = int(visits.is_visit(shipped.meetings).sum())
    assert re.match(rf"\d+ of \d+ meetings and {n_visits} of {n_visits} country visits, ", line)


def test_a_date_a_source_gives_to_the_month_or_year_never_shows_a_day():
    start = pd.to_datetime(pd.Series(["2012-06-01", "2009-01-01", "2019-10-01"]))
    last = pd.to_datetime(pd.Series(["2012-06-01", "2009-01-01", "2019-10-04"]))
    text = date_range_text(start, last, pd.Series(["month", "year", "month"]))
    assert text.tolist() == ["Jun 2012", "2009", "Oct 2019 – 4 Oct 2019"]


def test_default_view_leaves_visits_out_and_the_visited_state_filter_keeps_visits_to_it(shipped):
    assert not visits.is_visit(apply(shipped, default_filters(shipped)).meetings).any()
    chosen = apply(shipped, Filters(visited_states=("NGA",)))
    assert set(chosen.meetings["meeting_id"]) == {"V-2006-NGA", "V-2015-NGA", "V-2017-LCB", "V-2021-NGA",
                                                  "V-2022-NGA"}
    assert chosen.meetings["meeting_type"].eq(VISIT).all()


def test_an_organization_counts_meetings_and_visits_apart(shipped):
    assert visits.organization_split(shipped, "IOM") == {"meetings": 0, "visits": 17}
    split = visits.organization_split(shipped, "OSCE")
    assert split["visits"] == 8 and split["meetings"] >= 1


@pytest.mark.parametrize("iso3", ["NGA", "CAN", "BGR"])
def test_the_map_shades_each_visited_state_once(shipped, iso3):
    summary = pd.DataFrame({"meeting_type": [VISIT, VISIT, "special meeting"],
                            "visited_states": [iso3, iso3, None]})
    shapes = maps.visited_shapes(summary)
    assert [f["properties"]["iso3"] for f in shapes["features"]] == [iso3]
    assert maps.visited_shapes(summary.iloc[2:])["features"] == []
