"""The shipped data: valid, every row sourced, and the five seed meetings exactly as the seed and research say."""

import pandas as pd
import pytest

from ctc_dashboard.contract.schema import VISIT
from ctc_dashboard.dataset.arrow import split_id_lists


@pytest.fixture
def ds(shipped):
    """The shipped data (the name the record's tests use for the session fixture ``shipped``)."""
    return shipped


@pytest.mark.parametrize("table", ["meetings", "organizations", "participation"])
def test_every_row_has_a_source_that_resolves(shipped, table):
    df = shipped.table(table)
    assert df["source_ids"].notna().all(), df[df["source_ids"].isna()]
    ids = split_id_lists(df["source_ids"])
    assert set(ids.index) == set(df.index)  # at least one id per row
    assert ids.isin(set(shipped.sources["source_id"])).all()


def test_every_reported_figure_has_its_source(shipped):
    assert shipped.reported_figures["source_id"].isin(set(shipped.sources["source_id"])).all()


def test_every_source_is_used_and_rated(shipped):
    assert shipped.sources["url"].str.match(r"https?://").all()
    assert set(shipped.sources["reliability"]) <= {"official", "news", "secondary", "mirror"}


SEED = {  # meeting_id: (start, end, city, country code, hosts with their role)
    "SM-2003-NY": ("2003-03-06", None, "New York", "USA", {}),
    "SM-2003-WAS": ("2003-10-07", None, "Washington, D.C.", "USA", {"OAS": "host", "CICTE": "host"}),
    "SM-2004-VIE": ("2004-03-11", "2004-03-12", "Vienna", "AUT", {"UNODC": "host", "OSCE": "host"}),
    "SM-2005-ALA": ("2005-01-26", "2005-01-27", "Almaty", "KAZ", {"CIS": "host"}),
    "SM-2007-NBO": ("2007-10-29", "2007-10-31", "Nairobi", "KEN",
                    {k: "co-organizer" for k in ("ICAO", "INTERPOL", "IMO", "UNHCR", "WCO")}),
}


@pytest.mark.parametrize("meeting_id", list(SEED))
def test_seed_meetings(shipped, meeting_id):
    start, end, city, code, hosts = SEED[meeting_id]
    m = shipped.meetings.set_index("meeting_id").loc[meeting_id]
    assert m["start_date"] == pd.Timestamp(start)
    assert (pd.isna(m["end_date"]) and end is None) or m["end_date"] == pd.Timestamp(end)
    assert (m["city"], m["country_code"], m["meeting_type"]) == (city, code, "special meeting")
    p = shipped.participation[shipped.participation["meeting_id"] == meeting_id].set_index("org_id")["role"].astype(str)
    assert p["CTC"] == "convener"
    for org, role in hosts.items():
        assert p[org] == role


def test_new_york_2003_counts(shipped):
    m = shipped.meetings.set_index("meeting_id").loc["SM-2003-NY"]
    assert m["organizations_reported"] == 57
    figures = shipped.reported_figures[shipped.reported_figures["meeting_id"] == "SM-2003-NY"]
    assert sorted(figures["value"]) == [50, 50, 57, 60, 60, 65]  # more than 50 (expected, after) / 57 / some 60 / 65
    assert set(figures["qualifier"].astype(str)) == {"expected", "more than", "exactly", "about"}


def test_vienna_2004_has_no_count(shipped):
    m = shipped.meetings.set_index("meeting_id").loc["SM-2004-VIE"]
    assert pd.isna(m["organizations_reported"])
    assert not (shipped.reported_figures["meeting_id"] == "SM-2004-VIE").any()


def test_no_headquarters_without_a_source(shipped):
    o = shipped.organizations.set_index("org_id")
    for org in ("CTC", "CTED", "CICTE", "UNOCT", "SC-1267", "SC-1988"):  # research inferences only
        assert pd.isna(o.loc[org, "hq_latitude"]) and pd.isna(o.loc[org, "hq_city"])


# Meetings after the seed, from the research and the data audit: (start, end, type, chair or None).
LATER = {
    "SM-2011-NY-09": ("2011-09-28", None, "special meeting", "Hardeep Singh Puri (India)"),
    "SM-2013-NY-05": ("2013-05-24", None, "special meeting", "Mohammed Loulichki (Morocco)"),
    "SM-2013-NY-09": ("2013-09-20", None, "special meeting", "Mohammed Loulichki (Morocco)"),
    "OB-2014-NY-04": ("2014-04-25", None, "open briefing", "Raimonda Murmokaitė (Lithuania)"),
    "OB-2014-NY-09": ("2014-09-30", None, "open briefing", "Raimonda Murmokaité (Lithuania)"),
    "OB-2015-NY-11": ("2015-11-24", None, "open briefing", None),
    "OB-2016-NY-04": ("2016-04-14", None, "open briefing", None),
    "OB-2016-NY-07": ("2016-07-22", None, "open briefing", None),
    "JSM-2016-NY-12": ("2016-12-12", "2016-12-13", "joint special meeting", "Amr Abdellatif Aboulatta (Egypt)"),
    "OB-2017-NY-03": ("2017-03-27", None, "open briefing", "Amr Abdellatif Aboulatta (Egypt)"),
    "OB-2017-NY-05": ("2017-05-17", None, "open briefing", None),
    "OB-2017-NY-06a": ("2017-06-27", None, "open briefing", "Amr Abdellatif Aboulatta (Egypt)"),
    "OB-2017-NY-06b": ("2017-06-27", None, "open briefing", None),
    "OB-2017-NY-10": ("2017-10-31", None, "open briefing", None),
    "OB-2017-NY-11": ("2017-11-16", None, "open briefing", None),
    "OB-2018-NY-07": ("2018-07-02", None, "open briefing", None),
    "OB-2018-NY-10": ("2018-10-08", None, "open briefing", "Gustavo Meza-Cuadra (Peru)"),
    "OB-2019-NY-11": ("2019-11-01", None, "open briefing", None),
    "OB-2020-NY-01": ("2020-01-28", None, "open briefing", "Moncef Baati (Tunisia)"),
    "OB-2020-NY-08": ("2020-08-17", None, "open briefing", "Kais Kabtani (Tunisia)"),
    "OB-2020-NY-12": ("2020-12-14", None, "open briefing", "Tarek Ladeb (Tunisia)"),
    "OB-2021-NY-09": ("2021-09-03", None, "open briefing", "Tarek Ladeb (Tunisia)"),
    "OB-2022-NY-02": ("2022-02-14", None, "open briefing", "T. S. Tirumurti (India)"),
    "OB-2022-NY-03": ("2022-03-24", None, "open briefing", "T. S. Tirumurti (India)"),
    "OB-2022-NY-04": ("2022-04-07", None, "open briefing", "T. S. Tirumurti (India)"),
    "OB-2022-NY-12b": ("2022-12-20", None, "open briefing", "Ruchira Kamboj (India)"),
    "OB-2023-NY-10": ("2023-10-19", None, "open briefing", "Lana Nusseibeh (United Arab Emirates)"),
    "OB-2024-NY-02": ("2024-02-28", None, "open briefing", "Amar Bendjama (Algeria)"),
    "OB-2024-NY-04": ("2024-04-29", None, "open briefing", "Amar Bendjama (Algeria)"),
}


@pytest.mark.parametrize("meeting_id", list(LATER))
def test_later_meetings(shipped, meeting_id):
    start, end, mtype, chair = LATER[meeting_id]
    m = shipped.meetings.set_index("meeting_id").loc[meeting_id]
    assert m["start_date"] == pd.Timestamp(start)
    assert (pd.isna(m["end_date"]) and end is None) or m["end_date"] == pd.Timestamp(end)
    assert m["meeting_type"] == mtype
    assert (pd.isna(m["chair"]) and chair is None) or m["chair"] == chair
    p = shipped.participation[shipped.participation["meeting_id"] == meeting_id].set_index("org_id")["role"].astype(str)
    assert p["CTC"] == "convener"


def test_every_year_the_audit_found_has_meetings(shipped):
    meetings = shipped.meetings[shipped.meetings["meeting_type"] != VISIT]
    counts = meetings["start_date"].dt.year.value_counts()
    assert len(meetings) >= 45
    assert counts[2013] == 2 and counts[2014] == 2 and counts[2020] == 3
    assert not counts.index.isin([2008, 2009, 2010]).any()  # briefings of the membership are left out


def test_borderline_briefings_are_left_out(shipped):
    starts = set(shipped.meetings["start_date"].dt.strftime("%Y-%m-%d"))
    for day in ("2008-04-29", "2008-11-06", "2010-04-08", "2010-07-21", "2012-04-09",
                "2016-06-09", "2016-07-14", "2016-07-15"):
        assert day not in starts


def test_the_chair_column_holds_the_chair_and_who_presided_is_its_own_column(shipped):
    m = shipped.meetings.set_index("meeting_id").loc["OB-2023-NY-10"]
    assert m["chair"] == "Lana Nusseibeh (United Arab Emirates)"
    assert m["presided_by"] == "Mohamed Abushahab (United Arab Emirates)"
    assert "Mohamed Abushahab" in m["notes"] and "SC/15495" in m["notes"]


def test_official_sources_replace_mirror_only_rows(shipped):
    m = shipped.meetings.set_index("meeting_id")
    assert "press-sc12323" in m.loc["OB-2016-NY-04", "source_ids"]
    assert "eeas-2024-02-28" in m.loc["OB-2024-NY-02", "source_ids"]
    p = shipped.participation.set_index(["meeting_id", "org_id"])["role"].astype(str)
    assert all(p[("OB-2024-NY-02", org)] == "presenter" for org in ("EU", "UNOCT", "CTED"))
    assert p[("JSM-2021-NY-11", "MENAFATF")] == "participant"
    assert p[("OB-2017-NY-06a", "SC-LIBYA")] == "convener"


def test_a_meeting_without_an_official_source_says_so(shipped):
    rel = shipped.sources.set_index("source_id")["reliability"].astype(str)
    for _, m in shipped.meetings.iterrows():
        kinds = {rel[s] for s in m["source_ids"].split(";") if s != "geonames"}
        if "official" not in kinds:
            assert "unofficial cop" in m["notes"], m["meeting_id"]  # copy / copies


def test_every_meeting_says_where_its_place_comes_from(shipped):
    m = shipped.meetings.set_index("meeting_id")
    assert m["place_basis"].notna().all()
    assumed = m[(m["place_basis"] == "assumed") & (m["meeting_type"] != VISIT)]
    assert (assumed["city"] == "New York").all() and assumed["place_note"].str.len().gt(40).all()


def test_the_virtual_briefings_have_no_place(shipped):
    m = shipped.meetings.set_index("meeting_id")
    virtual = m[(m["place_basis"] == "virtual") & (m["meeting_type"] != VISIT)]
    assert sorted(virtual.index) == ["OB-2020-NY-08", "OB-2020-NY-12"]
    assert virtual[["city", "latitude", "longitude", "venue"]].isna().all().all()


def test_the_meeting_held_in_two_cities_has_both(shipped):
    assert shipped.meetings.set_index("meeting_id").loc["SM-2022-DEL", "city"] == "New Delhi"
    pl = shipped.places.set_index("meeting_id").loc[["SM-2022-DEL"]]
    assert pl["city"].tolist() == ["Mumbai"] and pl["start_date"].iloc[0] == pd.Timestamp("2022-10-28")


# ---------------------------------------------------------------- the second audit (data-audit-2), pinned

AUDIT2_MEETINGS = {
    # meeting_id: (start, type, chair, presided_by, place_basis, venue)
    "OB-2014-NY-04": ("2014-04-25", "open briefing", "Raimonda Murmokaitė (Lithuania)", None, "stated",
                      "United Nations Headquarters"),
    "OB-2015-NY-09": ("2015-09-09", "open briefing", "Raimonda Murmokaitė (Lithuania)", None, "stated", None),
    "OB-2017-NY-05": ("2017-05-17", "open briefing", None, None, "stated", "United Nations Headquarters"),
    "OB-2018-NY-11": ("2018-11-20", "open briefing", "Gustavo Meza-Cuadra (Peru)", None, "stated",
                      "United Nations Headquarters, Trusteeship Chamber"),
    "OB-2019-NY-02": ("2019-02-22", "open briefing", None, None, "stated",
                      "United Nations Headquarters, Conference Room 2"),
    "OB-2019-NY-11": ("2019-11-01", "open briefing", None, None, "stated", "United Nations Headquarters"),
    "OB-2020-NY-08": ("2020-08-17", "open briefing", "Kais Kabtani (Tunisia)", None, "virtual", None),
    "OB-2020-NY-12": ("2020-12-14", "open briefing", "Tarek Ladeb (Tunisia)", None, "virtual", None),
    "OB-2022-NY-02": ("2022-02-14", "open briefing", "T. S. Tirumurti (India)", None, "stated",
                      "Economic and Social Council Chamber, United Nations Headquarters"),
    "OB-2022-NY-03": ("2022-03-24", "open briefing", "T. S. Tirumurti (India)", None, "stated",
                      "United Nations Headquarters, ECOSOC Chamber"),
    "SM-2013-NY-09": ("2013-09-20", "special meeting", "Mohammed Loulichki (Morocco)", None, "stated", None),
    "OB-2023-NY-08": ("2023-08-31", "open briefing", "Lana Nusseibeh (United Arab Emirates)", None, "stated",
                      "United Nations Headquarters"),
    "OB-2023-NY-10": ("2023-10-19", "open briefing", "Lana Nusseibeh (United Arab Emirates)",
                      "Mohamed Abushahab (United Arab Emirates)", "assumed", None),
}
STILL_ASSUMED = ["OB-2016-NY-07", "OB-2017-NY-03", "OB-2017-NY-06b", "OB-2017-NY-10", "OB-2021-NY-09",
                 "OB-2022-NY-12b", "OB-2023-NY-10"]
AUDIT2_PARTICIPATION = {
    ("OB-2014-NY-04", "INTERPOL"): "presenter", ("OB-2014-NY-04", "ICAO"): "presenter",
    ("OB-2014-NY-04", "UNODC"): "presenter",
    ("OB-2019-NY-11", "UNWOMEN"): "presenter", ("OB-2019-NY-11", "CTED"): "presenter",
    ("OB-2022-NY-02", "CTED"): "presenter", ("OB-2022-NY-02", "INTERPOL"): "presenter",
    ("OB-2022-NY-02", "UNODC"): "presenter", ("OB-2022-NY-02", "UNOCT"): "presenter",
    ("OB-2022-NY-12b", "CIS-ATC"): "presenter", ("OB-2022-NY-12b", "CTED"): "presenter",
    ("OB-2022-NY-12b", "UNOCT"): "presenter", ("OB-2022-NY-12b", "UNRCCA"): "presenter",
    ("OB-2022-NY-12b", "UNODC"): "presenter", ("OB-2022-NY-12b", "OSCE"): "presenter",
    ("SM-2004-VIE", "CIS-ATC"): "participant",
    ("OB-2015-NY-09", "CTC"): "convener", ("OB-2023-NY-08", "CTC"): "convener", ("OB-2023-NY-08", "CTED"): "presenter",
}


@pytest.mark.parametrize("meeting_id", list(AUDIT2_MEETINGS))
def test_the_second_audit_dates_chairs_and_places(shipped, meeting_id):
    start, mtype, chair, presided, basis, venue = AUDIT2_MEETINGS[meeting_id]
    m = shipped.meetings.set_index("meeting_id").loc[meeting_id]
    assert m["start_date"] == pd.Timestamp(start) and m["meeting_type"] == mtype
    assert (pd.isna(m["chair"]) and chair is None) or m["chair"] == chair
    assert (pd.isna(m["presided_by"]) and presided is None) or m["presided_by"] == presided
    assert m["place_basis"] == basis
    assert (pd.isna(m["venue"]) and venue is None) or m["venue"] == venue


def test_only_the_seven_unstated_places_stay_assumed(shipped):
    m = shipped.meetings[shipped.meetings["meeting_type"] != VISIT]  # a visit's assumed place is its capital
    assert sorted(m.loc[m["place_basis"] == "assumed", "meeting_id"]) == sorted(STILL_ASSUMED)
    assert m["place_basis"].value_counts().to_dict() == {"stated": len(m) - 9, "assumed": 7, "virtual": 2}


def test_the_second_audit_participants_with_their_sources(shipped):
    p = shipped.participation.set_index(["meeting_id", "org_id"])
    for key, role in AUDIT2_PARTICIPATION.items():
        assert str(p.loc[key, "role"]) == role, key
        assert p.loc[key, "source_ids"], key


def test_member_counts_carry_the_date_they_are_true_at(shipped):
    o = shipped.organizations.set_index("org_id")
    assert (o.loc["NATO", "member_states"], o.loc["NATO", "member_states_as_of"]) == (32, pd.Timestamp("2024-03-07"))
    assert (o.loc["ASEAN", "member_states"], o.loc["ASEAN", "member_states_as_of"]) == (11, pd.Timestamp("2025-10-26"))


def test_un_documents_link_to_the_un_document_system_and_interpol_cites_no_quiz(shipped):
    s = shipped.sources.set_index("source_id")
    assert s.loc["undocs-s-2015-939", "url"] == "https://undocs.org/S/2015/939"
    assert not s["url"].str.contains("derechos.org").any()
    cited = shipped.organizations.set_index("org_id").loc["INTERPOL", "source_ids"].split(";")
    assert not s.loc[cited, "url"].str.contains("quizzclub|theinfolist|enwikipedia").any()
    assert "interpol-global-presence" in cited and s.loc["interpol-global-presence", "reliability"] == "official"
