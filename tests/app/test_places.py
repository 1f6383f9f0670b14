"""Where a meeting took place, as the pages show it on the shipped data: a virtual meeting's profile (no place,
no map point), the meeting held in two cities, and the Overview's place figures with their help."""

from ctc_dashboard.ui import routes

from .conftest import text


def test_a_virtual_meetings_profile_says_so_and_has_no_place(make_app):
    at = make_app(None, routes.PROFILE.file, meeting="OB-2020-NY-08")
    assert not at.exception, at.exception
    shown = text(at)
    assert "**Venue:** Held virtually \\(no place\\)" in shown  # as Markdown, escaped


def test_the_meeting_held_in_two_cities_names_both_on_its_profile(make_app):
    at = make_app(None, routes.PROFILE.file, meeting="SM-2022-DEL")
    assert not at.exception, at.exception
    shown = text(at)
    assert "New Delhi, India" in shown and "Also held in Mumbai, India" in shown.replace("\\", "")


def test_the_overview_counts_both_cities_and_explains_the_place_figures(make_app):
    at = make_app(None, routes.OVERVIEW.file, type=["special meeting", "joint special meeting", "open briefing"])
    assert not at.exception, at.exception
    metrics = {m.label: m for m in at.metric}
    assert metrics["Host cities"].value == "9"  # Mumbai and New Delhi both count
    assert "Virtual meetings have no city" in metrics["Host cities"].help
    assert "2 virtual meetings are not on the map." in text(at)
