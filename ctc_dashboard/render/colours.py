"""Colours: one place, used by every chart, the map and the legends.

Okabe-Ito (colour-blind safe) for the categories, viridis steps for the ordered roles.
"""

from __future__ import annotations

from ..contract.labels import UNKNOWN_TYPE
from ..contract.schema import GLOBAL, KINDS, MEETING_TYPES, ROLES, TOPICS

TYPE_COLOURS = dict(zip(MEETING_TYPES, ("#0072B2", "#009E73", "#E69F00"), strict=True))
OTHER_TYPE_COLOUR = "#CC79A7"
UNKNOWN_COLOUR = "#999999"
# "Reported" figures have no colour of their own; grey reads on light and dark themes.
REPORTED_COLOUR = UNKNOWN_COLOUR

KIND_COLOURS = {
    "international": "#D55E00",
    "regional": "#56B4E9",
    "subregional": "#CC79A7",
}

ROLE_COLOURS = {  # viridis, end to end, so neighbouring roles stay apart
    "convener": "#440154",
    "host": "#3B528B",
    "co-organizer": "#21908C",
    "presenter": "#5DC863",
    "participant": "#E3CF1C",
    "invited": "#C8C8C8",
}

assert set(ROLE_COLOURS) == set(ROLES) and set(KIND_COLOURS) == set(KINDS)

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
