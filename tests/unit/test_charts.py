"""Charts (render.charts, render.breakdown): what they draw (figure JSON), their tables, escaping, edge cases."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from ctc_dashboard.contract.labels import KIND_LABELS, ROLE_LABELS
from ctc_dashboard.derive.filters import Filters, apply
from ctc_dashboard.derive.summary import meeting_summary, organization_summary
from ctc_dashboard.render import breakdown, charts, colours
from ctc_dashboard.render.breakdown import meetings_per_organization_table, participation_by_meeting_table
from ctc_dashboard.render.charts import NO_MEETINGS, empty_figure, organizations_per_year_table, timeline_table

EVIL = "<img src=x onerror=alert(1)>"


# Each chart is built in two steps, table then figure; these compose them as a page does.
def timeline(summary):
    return charts.timeline(timeline_table(summary))


def organizations_per_year(small):
    return charts.organizations_per_year(organizations_per_year_table(small))


def participation_by_meeting(summary, small, by="kind"):
    return breakdown.participation_by_meeting(participation_by_meeting_table(summary, small, by))


def meetings_per_organization(org_summary, top=30):
    return breakdown.meetings_per_organization(meetings_per_organization_table(org_summary, top))


def _strings(obj) -> list[str]:
    """Every string anywhere in a figure's JSON-able dict (hover data, labels, titles, annotations)."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list | tuple | np.ndarray):
        return [s for v in obj for s in _strings(v)]
    return []


def _data_strings(fig) -> list[str]:
    d = fig.to_plotly_json()
    layout = {k: v for k, v in d["layout"].items() if k != "template"}
    return _strings(d["data"]) + _strings(layout)


def _add_meetings(small, n: int, start: str = "2010-01-01"):
    """small plus n one-day meetings, each with ORGA as participant, typed like the loader's output."""
    ids = [f"X{i}" for i in range(n)]
    new = pd.DataFrame({
        "meeting_id": ids, "title": [f"Extra {i}" for i in range(n)],
        "start_date": pd.date_range(start, periods=n, freq="D").astype("datetime64[us]"),
        "city": "Geneva", "country": "Switzerland", "latitude": 46.2, "longitude": 6.1,
        "meeting_type": "special meeting",
    })
    meetings = pd.concat([small.meetings, new], ignore_index=True)
    part = pd.DataFrame({"meeting_id": ids, "org_id": "ORGA", "role": "participant"})
    part["role"] = part["role"].astype(small.participation["role"].dtype)
    return replace(small, meetings=meetings, participation=pd.concat([small.participation, part], ignore_index=True))


def _evil(small):
    m = small.meetings.copy()
    m["title"] = m["title"].where(m["meeting_id"] != "M1", EVIL)
    m["city"] = m["city"].where(m["meeting_id"] != "M1", "<b>City</b>")
    o = small.organizations.copy()
    o["acronym"] = o["acronym"].where(o["org_id"] != "ORGC", "<i>GO</i>")
    s = small.sources.copy()
    s["title"] = s["title"].where(s["source_id"] != "S2", "<script>x</script> a < b")
    return replace(small, meetings=m, organizations=o, sources=s)


def _annotation(fig) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


# ---------------------------------------------------------------- general

def test_empty_dataset_every_figure(small):
    empty = apply(small, Filters(years=(1900, 1900)))
    s = meeting_summary(empty)
    figs = [timeline(s), organizations_per_year(empty), participation_by_meeting(s, empty),
            participation_by_meeting(s, empty, by="role"), meetings_per_organization(organization_summary(empty))]
    for fig in figs:
        assert _annotation(fig) == NO_MEETINGS
        assert not fig.data
    assert timeline_table(s).empty and organizations_per_year_table(empty).empty
    assert participation_by_meeting_table(s, empty).empty
    assert meetings_per_organization_table(organization_summary(empty)).empty


def test_no_hard_coded_background(small):
    s = meeting_summary(small)
    for fig in (timeline(s), organizations_per_year(small), participation_by_meeting(s, small),
                meetings_per_organization(organization_summary(small)), empty_figure()):
        assert fig.layout.paper_bgcolor is None and fig.layout.plot_bgcolor is None


def test_data_text_is_escaped_everywhere(small):
    bad = _evil(small)
    s = meeting_summary(bad)
    figs = [timeline(s), participation_by_meeting(s, bad), participation_by_meeting(s, bad, by="role"),
            meetings_per_organization(organization_summary(bad)), organizations_per_year(bad)]
    joined = "\n".join(t for fig in figs for t in _data_strings(fig))
    for raw in ("<img", "<b>City", "<i>GO", "<script"):
        assert raw not in joined, raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in joined
    assert "&lt;b&gt;City&lt;/b&gt;" in joined
    assert "&lt;i&gt;GO&lt;/i&gt;" in joined
    assert "&lt;script&gt;" in joined
    assert "a &lt; b" in joined  # a separator split never cuts an entity
    # the tables behind the charts keep the raw text (they are not rendered as HTML)
    assert EVIL in participation_by_meeting_table(s, bad)["title"].tolist()


# ---------------------------------------------------------------- timeline

def _markers(fig):
    return [t for t in fig.data if t.mode == "markers"]


def test_timeline_one_marker_per_meeting_in_type_colours(small):
    s = meeting_summary(small)
    fig = timeline(s)
    assert fig.layout.title.text == "Meetings over time"
    assert fig.layout.xaxis.title.text == "Date" and fig.layout.yaxis.title.text == "Meeting type"
    markers = _markers(fig)
    assert sum(len(t.x) for t in markers) == len(s) == 4
    for t in markers:
        assert t.marker.color == colours.type_colour(t.name)
        assert set(t.y) == {t.name}
    assert {t.name for t in markers} == {"special meeting", "joint special meeting", "open briefing"}


def test_timeline_segments_and_sizes(small):
    fig = timeline(meeting_summary(small))
    segs = [t for t in fig.data if t.mode == "lines"]
    xs = [pd.Timestamp(x) for t in segs for x in t.x if x is not None]
    # M2 runs 11-12 Mar 2004: the bar ends at the end of its last day
    assert pd.Timestamp("2004-03-13") in xs and pd.Timestamp("2019-04-28") in xs
    for t in segs:
        assert t.line.color == colours.type_colour(t.name)
    sizes = [sz for t in _markers(fig) for sz in t.marker.size]
    assert min(sizes) >= 6  # M3 has no named organization but stays visible


def test_timeline_hover(small):
    fig = timeline(meeting_summary(small))
    special = next(t for t in _markers(fig) if t.name == "special meeting")
    rows = {tuple(r)[0]: tuple(r) for r in special.customdata}
    m1 = rows["First test meeting"]
    assert m1[1] == "6 Mar 2003" and m1[2] == "New York, United States"
    assert m1[3] == "none named" and m1[4] == "2" and m1[5] == "5 (headline); sources give 4\u20137"
    m2 = rows["Second test meeting"]
    assert m2[1] == "11\u201312 Mar 2004" and m2[3] == "GO" and m2[5] == "unknown"
    assert "%{customdata[0]}" in special.hovertemplate


def test_timeline_one_meeting(small):
    one = apply(small, Filters(years=(2016, 2016)))
    fig = timeline(meeting_summary(one))
    assert sum(len(t.x) for t in _markers(fig)) == 1


def test_timeline_aggregates_over_3000_meetings(small):
    big = _add_meetings(small, 5000 - len(small.meetings))
    s = meeting_summary(big)
    fig = timeline(s)
    assert fig.layout.title.text == "Meetings per year<br>(5,000 meetings: too many to draw one by one)"
    assert all(t.type == "bar" for t in fig.data)
    assert sum(sum(t.y) for t in fig.data) == 5000
    for t in fig.data:
        assert t.marker.color == colours.type_colour(t.name)
    table = timeline_table(s)
    assert list(table.columns) == ["year", "meeting_type", "meetings"] and table["meetings"].sum() == 5000


# ---------------------------------------------------------------- organizations per year

def test_organizations_per_year_counts_distinct(small):
    # X0 is a second 2003 meeting where ORGA takes part again: still one regional organization in 2003.
    more = _add_meetings(small, 1, start="2003-06-01")
    t = organizations_per_year_table(more).set_index(["year", "kind"])["organizations"]
    assert t[(2003, "regional")] == 1
    assert t[(2003, "international")] == 1  # ORGC; the convening CTC is not counted
    assert 2016 not in t.index.get_level_values("year")  # only an invited organization in 2016
    fig = organizations_per_year(more)
    assert fig.layout.title.text == "Organizations taking part, per year, by kind"
    assert {t.name: t.marker.color for t in fig.data} == {
        KIND_LABELS[k]: c for k, c in colours.KIND_COLOURS.items()}
    assert fig.layout.barmode == "stack"


def test_organizations_per_year_without_participants(small):
    fig = organizations_per_year(replace(small, participation=small.participation.iloc[0:0]))
    assert "No organizations" in _annotation(fig)


# ---------------------------------------------------------------- participation by meeting

def test_participation_by_meeting_by_kind(small):
    s = meeting_summary(small)
    t = participation_by_meeting_table(s, small).set_index("meeting_id")
    assert (t.at["M1", "international"], t.at["M1", "regional"], t.at["M1", "subregional"]) == (1, 1, 0)
    assert t.at["M1", "meeting"] == "2003-03-06 New York"
    assert (t.at["M1", "reported_min"], t.at["M1", "reported_max"], t.at["M1", "organizations_reported"]) == (4, 7, 5)
    assert "more than 4 (Fixture source two)" in t.at["M1", "reported_figures"]
    fig = participation_by_meeting(s, small)
    assert fig.layout.title.text == "Organizations at each meeting:<br>named in sources vs reported"
    bars = [b for b in fig.data if b.type == "bar"]
    assert {b.name: b.marker.color for b in bars} == {KIND_LABELS[k]: c for k, c in colours.KIND_COLOURS.items()}
    # chronological categories: the newest meeting is the last category, drawn at the top
    assert list(fig.layout.yaxis.categoryarray)[-1] == "2019-04-26 New York"
    head = next(t for t in fig.data if t.name == "Headline figure reported")
    assert sorted(head.x) == [3, 5]
    rng = next(t for t in fig.data if t.name == "Range of reported figures")
    assert [x for x in rng.x if x is not None] == [4, 7]  # M4's single figure is its headline: no range
    hover = " ".join(str(v) for row in head.customdata for v in row)
    assert "about 7 (Fixture source two)" in hover and "exactly 5 (Fixture source one)" in hover


def test_participation_by_meeting_by_role(small):
    s = meeting_summary(small)
    t = participation_by_meeting_table(s, small, by="role").set_index("meeting_id")
    assert t.at["M3", "invited"] == 1 and t.at["M3", "named_organizations"] == 0
    assert "convener" not in t.columns
    fig = participation_by_meeting(s, small, by="role")
    bars = {b.name: b for b in fig.data if b.type == "bar"}
    assert bars[ROLE_LABELS["invited"]].marker.color == colours.ROLE_COLOURS["invited"]
    for role in ("host", "presenter", "participant"):
        assert bars[ROLE_LABELS[role]].marker.color == colours.ROLE_COLOURS[role]
    with pytest.raises(ValueError):
        participation_by_meeting_table(s, small, by="colour")


def test_participation_by_meeting_top_60(small):
    big = _add_meetings(small, 70)
    s = meeting_summary(big)
    t = participation_by_meeting_table(s, big)
    assert len(t) == 60 and t["start_date"].is_monotonic_increasing
    assert {"M1", "M2", "M4"} <= set(t["meeting_id"])  # 2 named organizations beat 1
    assert "the 60 of 74 meetings with most named organizations" in participation_by_meeting(s, big).layout.title.text


def test_participation_by_meeting_without_participants(small):
    bare = replace(small, participation=small.participation.iloc[0:0],
                   reported_figures=small.reported_figures.iloc[0:0])
    m = bare.meetings.assign(organizations_reported=pd.array([pd.NA] * len(bare.meetings), dtype="Int64"))
    bare = replace(bare, meetings=m)
    fig = participation_by_meeting(meeting_summary(bare), bare)
    assert len(fig.layout.yaxis.categoryarray) == 4  # every meeting still listed


# ---------------------------------------------------------------- meetings per organization

def test_meetings_per_organization(small):
    o = organization_summary(small)
    fig = meetings_per_organization(o)
    assert fig.layout.title.text == "Meetings per organization, by role"
    assert list(fig.layout.yaxis.categoryarray)[-1] == "CTC"  # most meetings at the top
    for b in fig.data:
        role = next(r for r, label in ROLE_LABELS.items() if label == b.name)
        assert b.marker.color == colours.ROLE_COLOURS[role]
    assert "BC" in fig.layout.yaxis.categoryarray  # invited only: shown, with 0 meetings taken part in


def test_meetings_per_organization_top_n(small):
    o = organization_summary(small)
    t = meetings_per_organization_table(o, top=2)
    assert t["org_id"].tolist()[0] == "CTC" and len(t) == 2
    fig = meetings_per_organization(o, top=2)
    assert fig.layout.title.text.startswith("Top 2 ")
    assert len(fig.layout.yaxis.categoryarray) == 2


# ---------------------------------------------------------------- real data

def test_real_data_figures(shipped):
    real = shipped
    s = meeting_summary(real)
    assert sum(len(t.x) for t in _markers(timeline(s))) == len(s)
    for fig in (organizations_per_year(real), participation_by_meeting(s, real),
                participation_by_meeting(s, real, by="role"), meetings_per_organization(organization_summary(real))):
        assert fig.data
        fig.to_json()
