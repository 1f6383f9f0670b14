"""search.search: accent- and case-insensitive, ranked, one row per record."""

import pytest

from ctc_dashboard.derive import search


def _ids(hits):
    return list(hits["id"])


def test_normalize_strips_accents_case_and_punctuation():
    assert search.normalize("Délta-Group, Inc.") == "delta group inc"
    assert search.normalize("ÖSCE") == "osce"
    assert search.normalize("Straße") == "strasse"  # casefold, not lower
    assert search.normalize(None) == ""


def test_result_columns_and_empty_query(small):
    for q in ("", "   ", None, "-"):
        hits = search.search(small, q)
        assert list(hits.columns) == search.COLUMNS
        assert hits.empty


@pytest.mark.parametrize("query", ["delta", "DELTA", "Délta", "dÉlTa subregional"])
def test_accent_and_case_insensitive(small, query):
    hits = search.search(small, query)
    assert _ids(hits)[0] == "ORGD"
    assert hits.iloc[0]["kind"] == "organization"
    assert "Délta Subregional Group" in hits.iloc[0]["label"]


def test_former_name_finds_organization(small):
    hits = search.search(small, "old alpha")
    assert _ids(hits) == ["ORGA"]
    assert hits.iloc[0]["match"] == "former or other name: Old Alpha Union"


def test_alias_in_shipped_data_finds_oic(shipped):
    ds = shipped
    hits = search.search(ds, "islamic conference")
    assert _ids(hits)[0] == "OIC"
    assert "Organization of the Islamic Conference" in hits.iloc[0]["match"]
    # Acronym first, then ids starting with it.
    assert _ids(search.search(ds, "oic"))[:2] == ["OIC", "OICT"]
    # Punctuation and spaces do not matter.
    assert "SM-2003-WAS" in _ids(search.search(ds, "washington dc"))


def test_meetings_by_title_theme_city_country(small):
    assert set(_ids(search.search(small, "new york"))) == {"M1", "M3", "M4"}
    assert _ids(search.search(small, "austria")) == ["M2"]
    assert _ids(search.search(small, "crime nexus")) == ["M4"]
    assert _ids(search.search(small, "m3")) == ["M3"]


def test_one_row_per_record_at_its_best_rank(small):
    hits = search.search(small, "new york")
    assert not hits.duplicated(["kind", "id"]).any()


def test_ranking_exact_acronym_then_prefix_then_word_then_substring(folder):
    header, rows = folder.rows("organizations.csv")
    for org_id, name in (("NET", "GO Network"), ("PEAK", "Alpha Gorge"), ("IND", "Indigo Council")):
        rows.append([{"org_id": org_id, "name": name, "kind": "regional", "source_ids": "S1"}.get(h, "")
                     for h in header])
    ds = folder.write_rows("organizations.csv", header, rows).load()
    hits = search.search(ds, "go")
    # ORGC: acronym GO; NET: name starts with it; PEAK: a word starts with it; IND: contains it.
    assert list(hits["id"]) == ["ORGC", "NET", "PEAK", "IND"]
    assert list(hits["match"]) == ["acronym", "name: GO Network", "name: Alpha Gorge", "name: Indigo Council"]


def test_prefix_ranks_before_word_start(small):
    # M1's venue ("Test Hall") and M3's title ("Test briefing") start with "test"; M2 and M4 only have the
    # word inside their titles. Ties go by label, which starts with the date: oldest first.
    assert _ids(search.search(small, "test")) == ["M1", "M3", "M2", "M4"]


def test_every_word_in_any_order(small):
    hits = search.search(small, "meeting joint")
    assert _ids(hits) == ["M4"]
    assert hits.iloc[0]["match"] == "every word of the query"


def test_no_match_and_limit(small):
    assert search.search(small, "xyzzy").empty
    assert len(search.search(small, "new york", limit=2)) == 2


def test_index_can_be_reused(small):
    index = search.search_index(small)
    assert search.search(small, "delta", index=index).equals(search.search(small, "delta"))


def test_meeting_choices_list_the_meetings_of_a_chart_oldest_first(small):
    from ctc_dashboard.derive import summary

    m = summary.meeting_summary(small)
    choices = search.meeting_choices(m, 10)
    assert list(choices) == list(m["meeting_id"])
    assert choices["M2"].startswith("2004-") and "Vienna" in choices["M2"]
    assert len(search.meeting_choices(m, 2)) == 2
