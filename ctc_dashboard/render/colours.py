"""Colours: one place, used by every chart, the map, the legends and the theme.

Every colour that carries meaning is readable on both themes' backgrounds (WCAG 2.1: 3:1 for marks,
4.5:1 for text), so one palette serves light and dark: Okabe-Ito (colour-blind safe) for the
categories, darkened where the original is too pale on white; for the ordered roles, viridis' hue
order (purple, blue, teal, green, gold) at a lightness both backgrounds can carry.
``THEMES`` is what .streamlit/config.toml sets; tests/unit/test_style.py checks they agree and every ratio.
"""

from __future__ import annotations

from ..contract.labels import UNKNOWN_TYPE
from ..contract.schema import GLOBAL, KINDS, MEETING_TYPES, ROLES, TOPICS

MARK_CONTRAST = 3.0  # WCAG 2.1 1.4.11: graphical objects
TEXT_CONTRAST = 4.5  # WCAG 2.1 1.4.3: normal text

# The two themes, as .streamlit/config.toml declares them. Light text is near-black because Streamlit
# draws captions at 60 % of the text colour (CAPTION_OPACITY): #111 gives 4.9:1, its default 3.9:1.
THEMES = {
    "light": {"primaryColor": "#0072B2", "backgroundColor": "#FFFFFF", "secondaryBackgroundColor": "#F8F8F7",
              "textColor": "#111111"},
    "dark": {"primaryColor": "#56B4E9", "backgroundColor": "#171614", "secondaryBackgroundColor": "#2D2B27",
             "textColor": "#EDEBE8"},
}
CAPTION_OPACITY = 0.6
# The accent is also text (slider values, the chosen segment): 4.5:1 on the backgrounds. Filter chips are
# white text on a fill: static/a11y.css gives them this fill in both themes (white on it: 5.2:1).
CHIP_COLOUR = "#0072B2"
# The keyboard focus ring (static/a11y.css): 3:1 or more on both themes' backgrounds and sidebars.
FOCUS_COLOUR = "#3C8DC0"
# Legends go under the plot, left-aligned, in rows: a right-hand legend takes half a phone's width.
# Titles wrap (<br>) to fit a phone (~45 characters a line). Hung from the top of the figure, over a top
# margin tall enough for their lines (plotly anchors a multi-line title by its first line, so a title
# set on the plot area would run into it).
TITLE_HUNG = {"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}}
TITLE_MARGIN = {"t": 120}  # two title lines and two subtitle lines
LEGEND_BELOW = {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left"}

# Okabe-Ito orange #E69F00 darkened for "open briefing": 2.2:1 on white. Country visits: a red (4.4:1 on white,
# 4.2:1 on the dark background), apart from the other types and from "other type" pink.
TYPE_COLOURS = dict(zip(MEETING_TYPES, ("#0072B2", "#009E73", "#BF7F00", "#D1495B"), strict=True))
OTHER_TYPE_COLOUR = "#CC79A7"
UNKNOWN_COLOUR = "#8C8C8C"
# "Reported" figures have no colour of their own; grey reads on light and dark themes.
REPORTED_COLOUR = UNKNOWN_COLOUR

KIND_COLOURS = {
    "international": "#D55E00",
    "regional": "#3C8DC0",  # Okabe-Ito sky blue #56B4E9 darkened: 2.2:1 on white
    "subregional": "#CC79A7",
}

ROLE_COLOURS = {  # viridis' hues in its order; viridis itself runs from 1.2:1 on dark to 1.6:1 on white
    "convener": "#9A5FC4",
    "host": "#4A78C2",
    "co-organizer": "#1F9A8A",
    "presenter": "#4E9A3A",
    "participant": "#B8860B",
    "invited": "#8C8C8C",
}

assert set(ROLE_COLOURS) == set(ROLES) and set(KIND_COLOURS) == set(KINDS)

# The two to four sides of a comparison (the Compare page), in the order chosen: Okabe-Ito, 3:1 on both themes.
COMPARE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")

# Topics: 14 terms, more than any colour-blind-safe set holds: Paul Tol's "muted" then a few more, with the
# legend naming each. Meetings with several topics get a dark grey, none the unknown grey.
TOPIC_COLOURS = dict(zip(TOPICS, ("#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99",
                                   "#999933", "#882255", "#661100", "#6699CC", "#E58606", "#5D69B1", "#52BCA3"),
                         strict=True))
SEVERAL_COLOUR = "#555555"
# Regions: M49's five, "global" for international organizations (the international kind's colour).
REGION_COLOURS = {
    GLOBAL: "#D55E00", "Africa": "#E69F00", "Americas": "#56B4E9", "Asia": "#009E73", "Europe": "#0072B2",
    "Oceania": "#F0E442",
}


def type_colour(meeting_type: object) -> str:
    """One colour per meeting type everywhere: the usual three, any other type, or unknown (grey)."""
    if not isinstance(meeting_type, str) or meeting_type == UNKNOWN_TYPE:
        return UNKNOWN_COLOUR
    return TYPE_COLOURS.get(meeting_type, OTHER_TYPE_COLOUR)


def hex_to_rgb(colour: str, alpha: int = 255) -> list[int]:
    """'#0072B2' -> [0, 114, 178, alpha], as pydeck wants it."""
    c = colour.lstrip("#")
    return [int(c[i: i + 2], 16) for i in (0, 2, 4)] + [alpha]


def type_colour_map(types: list[str]) -> dict[str, str]:
    """Meeting type -> colour, in the order given."""
    return {t: type_colour(t) for t in types}


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of '#RRGGBB'."""
    channels = [int(colour.lstrip("#")[i: i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def blend(colour: str, background: str, opacity: float) -> str:
    """The colour a reader sees when ``colour`` is drawn at ``opacity`` over ``background``."""
    fg, bg = hex_to_rgb(colour)[:3], hex_to_rgb(background)[:3]
    return "#" + "".join(f"{round(opacity * f + (1 - opacity) * b):02X}" for f, b in zip(fg, bg, strict=True))


def meaningful_colours() -> dict[str, str]:
    """Every colour that carries meaning in a chart, map or legend, by a name for test messages."""
    out = {f"type {k}": v for k, v in TYPE_COLOURS.items()}
    out |= {"other type": OTHER_TYPE_COLOUR, "unknown": UNKNOWN_COLOUR}
    out |= {f"kind {k}": v for k, v in KIND_COLOURS.items()}
    out |= {f"role {k}": v for k, v in ROLE_COLOURS.items()}
    out |= {f"compared {i + 1}": v for i, v in enumerate(COMPARE_COLOURS)}
    return out
