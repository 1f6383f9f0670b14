"""Colours: the theme in .streamlit/config.toml is colours.THEMES, and every ratio meets WCAG 2.1 AA."""

import tomllib

import pytest

from ctc_dashboard.render import colours

from ..conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"


def test_config_toml_declares_exactly_the_themes_of_colours():
    theme = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["theme"]
    assert "base" not in theme  # the page follows the reader's light or dark setting
    for name, declared in colours.THEMES.items():
        assert {k: v.upper() for k, v in theme[name].items()} == {k: v.upper() for k, v in declared.items()}


@pytest.mark.parametrize("name", list(colours.THEMES))
def test_text_and_captions_reach_4_5_to_1_on_both_backgrounds(name):
    t = colours.THEMES[name]
    for bg in (t["backgroundColor"], t["secondaryBackgroundColor"]):
        assert colours.contrast(t["textColor"], bg) >= colours.TEXT_CONTRAST
        caption = colours.blend(t["textColor"], bg, colours.CAPTION_OPACITY)
        assert colours.contrast(caption, bg) >= colours.TEXT_CONTRAST, (name, bg, caption)


@pytest.mark.parametrize("name", list(colours.THEMES))
def test_the_accent_is_readable_as_text_and_chips_carry_white_text(name):
    """Streamlit writes slider values and the chosen segment in the accent; chips are white on CHIP_COLOUR."""
    t = colours.THEMES[name]
    for bg in (t["backgroundColor"], t["secondaryBackgroundColor"]):
        assert colours.contrast(t["primaryColor"], bg) >= colours.TEXT_CONTRAST, (name, bg)
    assert colours.contrast("#FFFFFF", colours.CHIP_COLOUR) >= colours.TEXT_CONTRAST
    css = (ROOT / "static" / "a11y.css").read_text(encoding="utf-8")
    assert f"background-color: {colours.CHIP_COLOUR}" in css


@pytest.mark.parametrize("name", list(colours.THEMES))
def test_every_meaningful_chart_colour_reaches_3_to_1_on_the_background(name):
    bg = colours.THEMES[name]["backgroundColor"]
    low = {k: round(colours.contrast(c, bg), 2) for k, c in colours.meaningful_colours().items()
           if colours.contrast(c, bg) < colours.MARK_CONTRAST}
    assert not low, f"below 3:1 on the {name} background: {low}"


def test_contrast_matches_the_wcag_reference_values():
    assert colours.contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert colours.contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert colours.contrast("#440154", "#171614") == pytest.approx(1.19, abs=0.01)  # the old convener on dark
    assert colours.blend("#2F2D2B", "#FFFFFF", 0.6) == "#828180"  # the old caption colour, 3.88:1


def test_focus_ring_is_the_focus_colour_and_visible_on_every_background():
    css = (ROOT / "static" / "a11y.css").read_text(encoding="utf-8")
    assert f"solid {colours.FOCUS_COLOUR}" in css
    for t in colours.THEMES.values():
        for bg in (t["backgroundColor"], t["secondaryBackgroundColor"]):
            assert colours.contrast(colours.FOCUS_COLOUR, bg) >= colours.MARK_CONTRAST


def test_legends_sit_under_the_plot():
    assert colours.LEGEND_BELOW["orientation"] == "h" and colours.LEGEND_BELOW["yanchor"] == "bottom"
