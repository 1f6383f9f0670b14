"""Issue 25: what a first-time analyst trips over, one test (or more) per trap, on the shipped data."""

import base64
import json

import numpy as np
import pandas as pd
import pytest

from ctc_dashboard.ui import keys, routes
from tests.conftest import DATA

# Counts of the shipped data, read from its file (the data grows; the sentences must follow it).
_TYPES = pd.read_csv(DATA / "meetings.csv", usecols=["meeting_type"])["meeting_type"]
# Country visits are rows of meetings.csv too, but the words count them apart ("53 meetings and 107 country visits").
VISITS = int((_TYPES == "country visit").sum())
TOTAL, BRIEFINGS = len(_TYPES) - VISITS, int((_TYPES == "open briefing").sum())

COUNTED_PAGES = [r.file for r in routes.ROUTES if r not in (routes.PROFILE, routes.ABOUT)]


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [i.value for i in at.info]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # markdown escapes dropped


def _numbers(values) -> list:
    """A plotly array as a list (numpy arrays travel base64-encoded: {'dtype', 'bdata'})."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def _spec(at, n: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[n].proto.spec)


# ---------------------------------------------------------------- 1. the default view says what it hides

@pytest.mark.parametrize("page", COUNTED_PAGES)
def test_every_page_with_counts_says_the_default_hides_open_briefings(make_app, page):
    at = make_app(None, page)
    assert not at.exception, at.exception
    assert f"{BRIEFINGS} open briefings and {VISITS} country visits are hidden by the default view" in _text(at)
    assert at.button(key=keys.INCLUDE_HIDDEN).label == "Include open briefings and country visits"


def test_one_click_includes_the_open_briefings(make_app):
    at = make_app(None, routes.OVERVIEW.file)
    at.button(key=keys.INCLUDE_HIDDEN).click().run()
    assert not at.exception, at.exception
    text = _text(at)
    assert f"{TOTAL} of {TOTAL} meetings" in text
    assert "hidden" not in text
    assert "open briefing" in at.query_params.get("type", [])  # the address says so, for a shared link


# ---------------------------------------------------------------- 2. who came back: every row labelled

SEARCH = "profile-search"  # the search text's key = its URL parameter
ALL_TYPES = ["special meeting", "joint special meeting", "open briefing"]


def test_matrix_labels_every_row_and_column_and_the_invited_swatch(make_app):
    at = make_app(None, routes.CONTINUITY.file, type=ALL_TYPES, org=["OSCE", "UNODC"])
    assert not at.exception, at.exception
    spec = _spec(at)
    heatmap = spec["data"][0]
    rows, columns = heatmap["y"], heatmap["x"]
    assert len(rows) > 20
    layout = spec["layout"]
    assert layout["yaxis"]["tickvals"] == rows and layout["yaxis"]["ticktext"] == rows  # none dropped
    assert layout["xaxis"]["ticktext"] == columns
    plot_height = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    assert plot_height >= 20 * len(rows)
    key = [t["name"] for t in spec["data"][1:] if t.get("showlegend")]
    assert "Invited (attendance not known)" in key
    at.session_state[keys.shown(keys.MATRIX)] = "Table"  # the reader opens the Table tab
    at.run()
    grid = at.dataframe[0].value
    assert "2003-10-07 Washington, D.C." in grid.columns
    assert not any(c.startswith("SM-") for c in grid.columns)


# ---------------------------------------------------------------- 6. one count of organizations

def _count_line_orgs(at) -> int:
    line = next(m.value for m in at.markdown if f" of {TOTAL} meetings" in str(m.value))
    return int(line.split("·")[1].split("organizations taking part")[0].strip())


def test_who_came_back_says_one_number_of_organizations(make_app):
    at = make_app(None, routes.CONTINUITY.file, type=ALL_TYPES, org=["OSCE", "UNODC"])
    n = _count_line_orgs(at)
    metric = next(m for m in at.metric if m.label == "Organizations taking part")
    assert int(metric.value) == n
    grid = at.dataframe[0].value
    assert f"{len(grid)} rows: {n} organizations taking part" in _text(at)  # the other rows say what they are


def test_overview_metric_and_count_line_agree(make_app):
    at = make_app(None, routes.OVERVIEW.file)
    metric = next(m for m in at.metric if m.label == "Organizations taking part")
    assert int(metric.value) == _count_line_orgs(at)


def test_meeting_profile_says_which_listed_bodies_count(make_app):
    at = make_app(None, routes.PROFILE.file, meeting="SM-2007-NBO")
    assert not at.exception, at.exception
    assert "6 organizations taking part, as counted on every page; the other 1 listed is the convener" in _text(at)


# ---------------------------------------------------------------- 7. one meeting on a time axis

def _date_axis_is_readable(axis: dict) -> None:
    assert axis.get("tickformat") == "%b %Y"  # months, not "23:59:59.999"
    lo, hi = (str(v)[:10] for v in axis["range"])
    assert lo < hi and int(hi[:4]) - int(lo[:4]) <= 1


def test_timeline_with_one_meeting_reads_in_months(make_app):
    at = make_app(None, routes.TIMELINE.file, years=[2004, 2004], org=["OSCE"])
    assert not at.exception, at.exception
    assert f"1 of {TOTAL} meetings" in _text(at)
    _date_axis_is_readable(_spec(at)["layout"]["xaxis"])


def test_organization_profile_with_one_meeting_reads_in_months(make_app):
    rows = pd.read_csv(DATA / "participation.csv", usecols=["org_id"])["org_id"].value_counts()
    at = make_app(None, routes.PROFILE.file, organization=sorted(rows[rows == 1].index)[0])
    assert not at.exception, at.exception
    spec = _spec(at)
    assert len([x for tr in spec["data"] for x in tr.get("x", []) if x]) == 1  # (the source line: no point)
    _date_axis_is_readable(spec["layout"]["xaxis"])


# ---------------------------------------------------------------- 4. search results: date and place first

def test_search_results_lead_with_date_and_place_and_stay_chosen(make_app):
    at = make_app(None, routes.PROFILE.file)
    at.text_input(key=SEARCH).input("washington").run()
    assert not at.exception, at.exception
    results = at.radio(key=keys.PROFILE_RESULT)
    meeting = next(o.replace("\\", "") for o in results.options if "(meeting" in o)  # markdown-escaped
    assert meeting.startswith("2003-10-07 · Washington, D.C. · ")
    at.radio(key=keys.PROFILE_RESULT).set_value("meeting:SM-2003-WAS").run()
    assert not at.exception, at.exception
    assert at.query_params["meeting"] in ("SM-2003-WAS", ["SM-2003-WAS"])
    assert at.radio(key=keys.PROFILE_RESULT).value == "meeting:SM-2003-WAS"  # not back to "Choose a result"


def test_one_search_result_opens_at_once(make_app):
    at = make_app(None, routes.PROFILE.file)
    at.text_input(key=SEARCH).input("Strasbourg").run()
    assert not at.exception, at.exception
    assert at.query_params["meeting"] in ("SM-2011-STR", ["SM-2011-STR"])
    assert at.header  # the profile is shown, no pick needed


def test_empty_search_says_what_the_data_covers(make_app):
    at = make_app(None, routes.PROFILE.file)
    at.text_input(key=SEARCH).input("parliamentary hearing").run()
    text = _text(at)
    assert "Nothing matches" in text
    assert f"The data covers {TOTAL} meetings" in text and f"{BRIEFINGS} open briefings" in text
    assert "Not covered" in text


# ---------------------------------------------------------------- 10. sources and scope where they matter

def test_profile_sources_lead_with_their_reliability(make_app):
    at = make_app(None, routes.PROFILE.file, organization="INTERPOL")
    assert not at.exception, at.exception
    text = _text(at)
    assert "Sources by reliability: " in text
    sources = at.dataframe[-1]
    assert sources.proto.column_order[0] == "reliability"


def test_overview_says_what_the_data_covers(make_app):
    at = make_app(None, routes.OVERVIEW.file)
    text = _text(at)
    assert f"The data covers {TOTAL} meetings and {VISITS} country visits, 2003–" in text and "Not covered:" in text


# ---------------------------------------------------------------- 9. which topics most: a ranked answer

def test_timeline_ranks_the_topics(make_app):
    at = make_app(None, routes.TIMELINE.file, type=ALL_TYPES)
    assert not at.exception, at.exception
    at.session_state[keys.shown(keys.TOPIC_TOTALS)] = "Table"
    at.run()
    ranked = next(df.value for df in at.dataframe if "rank" in df.value.columns)
    assert list(ranked.columns[:3]) == ["rank", "topic", "meetings"]
    assert ranked["meetings"].is_monotonic_decreasing and (ranked["meetings"] > 0).all()
    assert ranked["rank"].iloc[0] == 1
    spec = next(s for s in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
                if s["layout"].get("title", {}).get("text", "").startswith("Topics, ranked"))
    bars = spec["data"][0]
    assert _numbers(bars["x"]) == ranked["meetings"].tolist()
    assert spec["layout"]["yaxis"]["ticktext"] == bars["y"]  # every topic labelled


# ---------------------------------------------------------------- 8. tables: dates, "unknown", key columns first

@pytest.mark.parametrize("page, params", [
    (routes.OVERVIEW.file, {}), (routes.TIMELINE.file, {}), (routes.CONTINUITY.file, {}), (routes.DATA.file, {}),
    (routes.PROFILE.file, {"organization": "UNODC"}), (routes.PROFILE.file, {"meeting": "SM-2007-NBO"}),
])
def test_tables_show_dates_as_dates_and_empty_cells_as_unknown(make_app, page, params):
    at = make_app(None, page, **params)
    assert not at.exception, at.exception
    for name in (keys.OVERVIEW_TIMELINE, keys.OVERVIEW_BREAKDOWN, keys.TIMELINE, keys.MATRIX):  # tables opened
        at.session_state[keys.shown(name)] = "Table"
    at.session_state[keys.shown(keys.OVERVIEW_MAP)] = True
    at.run()
    assert at.dataframe
    for df in at.dataframe:
        assert df.proto.placeholder == "unknown"  # never "None"
        config = json.loads(df.proto.columns or "{}")
        for column in df.value.columns:
            if str(df.value[column].dtype).startswith("datetime64"):
                assert config[column]["type_config"] == {"type": "date", "format": "YYYY-MM-DD"}, column


def test_organization_meetings_show_the_role_first_and_wrap_notes(make_app):
    at = make_app(None, routes.PROFILE.file, organization="UNODC")
    meetings = next(df for df in at.dataframe if "role_label" in df.value.columns)
    assert list(meetings.proto.column_order[:2]) == ["dates", "role_label"]
    assert meetings.proto.row_height > 64  # Streamlit wraps cell text in rows taller than 4rem
    assert json.loads(meetings.proto.columns)["notes"]["width"] == "large"


# ---------------------------------------------------------------- 5. a participation grid a reader can use

def test_participation_grid_spells_out_meetings_and_organizations(make_app):
    at = make_app(None, routes.DATA.file)
    assert not at.exception, at.exception
    grid = next(df.value for df in at.dataframe if "org_id" in df.value.columns and "role" in df.value.columns)
    for column in ("start_date", "city", "title", "name", "role", "meeting_id", "org_id"):
        assert column in grid.columns
    row = grid[(grid["meeting_id"] == "SM-2004-VIE") & (grid["org_id"] == "OSCE")].iloc[0]
    assert row["city"] == "Vienna" and row["name"] == "Organization for Security and Co-operation in Europe"
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("Download the spreadsheet CSV: dates, places, titles, names") for label in labels)
