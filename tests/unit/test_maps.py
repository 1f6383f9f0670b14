"""The venue map: one mark per meeting, arcs only where headquarters are known, plain-text tooltips, offline."""

import dataclasses
import json

import pandas as pd

from ctc_dashboard.contract.labels import UNKNOWN_TYPE
from ctc_dashboard.derive import summary
from ctc_dashboard.limits import MAP_POINTS
from ctc_dashboard.render import colours, maps
from tests.conftest import FIXTURE


def _deck_json(ds, show_arcs=True):
    return json.loads(maps.venue_deck(ds, summary.meeting_summary(ds), show_arcs=show_arcs).to_json())


def test_one_circle_per_meeting_coloured_by_type(small):
    points, aggregated = maps.venue_points(summary.meeting_summary(small))
    assert not aggregated
    assert sorted(points["meeting_id"]) == ["M1", "M2", "M3", "M4"]
    colour = dict(zip(points["meeting_id"], points["colour"], strict=True))
    assert colour["M3"] == colours.hex_to_rgb(colours.TYPE_COLOURS["open briefing"], 215)
    assert colour["M4"] == colours.hex_to_rgb(colours.TYPE_COLOURS["joint special meeting"], 215)


def test_meetings_in_one_city_stay_distinguishable(small):
    points, _ = maps.venue_points(summary.meeting_summary(small))
    ny = points[points["city"] == "New York"]
    assert len(ny) == 3 and len(set(ny["position"])) == 3


def test_arcs_only_from_known_headquarters_and_never_from_the_convener(small):
    a = maps.arcs(small, summary.meeting_summary(small))
    # ORGD has no headquarters coordinates; CTC is the convener; ORGB was only invited.
    assert set(a["org_id"]) == {"ORGA", "ORGC"}
    assert all(len(p) == 2 for p in a["source"])


def test_deck_is_offline_and_tooltips_are_plain_text(small):
    deck = _deck_json(small)
    assert deck["mapStyle"] == "/app/static/basemap-style.json"
    assert "http" not in json.dumps(deck["mapStyle"])
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert set(layers) == {"arcs", "venues"}
    assert layers["venues"]["radiusUnits"] == "pixels"  # not an accessor expression
    raw = maps.venue_deck(small, summary.meeting_summary(small))
    assert raw._tooltip == {"text": "{tooltip}"}


def test_hostile_title_stays_text_in_tooltip(small):
    m = small.meetings.copy()
    m.loc[0, "title"] = '<img src=x onerror="document.title=1">'
    ds = dataclasses.replace(small, meetings=m)
    points, _ = maps.venue_points(summary.meeting_summary(ds))
    assert points["tooltip"].str.contains("<img src=x", regex=False).any()  # shown as text by pydeck's text tooltip
    assert "html" not in maps.venue_deck(ds, summary.meeting_summary(ds))._tooltip


def test_legend_escapes_labels():
    out = maps.legend_html([("<script>alert(1)</script>", "#000000")])
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_many_meetings_aggregate_to_cities(small):
    s = summary.meeting_summary(small)
    big = pd.concat([s] * (MAP_POINTS.value // len(s) + 1), ignore_index=True)
    points, aggregated = maps.venue_points(big)
    assert aggregated
    assert len(points) == 2  # New York and Vienna
    assert points["meetings"].sum() == len(big)


def test_no_meetings_gives_an_empty_map(small):
    s = summary.meeting_summary(small).iloc[0:0]
    deck = json.loads(maps.venue_deck(small, s).to_json())
    assert deck["layers"]


def test_meeting_without_type_is_grey_on_map_and_timeline(small):
    from ctc_dashboard.render import charts

    m = small.meetings.copy()
    m.loc[m["meeting_id"] == "M2", "meeting_type"] = None
    ds = dataclasses.replace(small, meetings=m)
    s = summary.meeting_summary(ds)
    points, _ = maps.venue_points(s)
    grey = colours.hex_to_rgb(colours.UNKNOWN_COLOUR, 215)
    assert dict(zip(points["meeting_id"], points["colour"], strict=True))["M2"] == grey
    fig = charts.timeline(charts.timeline_table(s))
    trace_colours = {tr.name: tr.marker.color for tr in fig.data if tr.mode == "markers"}
    assert trace_colours[UNKNOWN_TYPE] == colours.UNKNOWN_COLOUR


def test_first_view_fits_every_venue_in_a_phone_sized_map(small):
    """At the first view, each venue lies inside a 340 x 300 px window (a 390 px phone's map)."""
    import math

    m = summary.meeting_summary(small)
    view = maps.first_view(m)
    world = 512 * 2 ** view.zoom

    def px(lat, lon):
        return (lon + 180) / 360 * world, (1 - maps.mercator_y(lat) / math.pi) / 2 * world

    cx, cy = px(view.latitude, view.longitude)
    for lat, lon in zip(m["latitude"], m["longitude"], strict=True):
        x, y = px(lat, lon)
        assert abs(x - cx) <= maps.FIT_WIDTH / 2 and abs(y - cy) <= maps.FIT_HEIGHT / 2, (lat, lon)
    assert maps.first_view(m.head(0)) == maps.VIEW  # nothing to fit: the world


def test_dark_theme_gets_the_dark_basemap_and_light_outlines(small):
    m = summary.meeting_summary(small)
    deck = json.loads(maps.venue_deck(small, m, dark=True).to_json())
    assert deck["mapStyle"] == "/app/static/basemap-style-dark.json"
    assert (FIXTURE.parents[2] / "static" / "basemap-style-dark.json").exists()
    venues = next(layer for layer in deck["layers"] if layer["id"] == "venues")
    assert venues["getLineColor"] == maps.OUTLINE[True]
