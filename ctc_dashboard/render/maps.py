"""pydeck builders for the venue map, fully offline.

The basemap is a MapLibre style served by the app itself (static/basemap-style.json, the
Natural Earth countries as GeoJSON), so the page makes no request off the machine. Tooltips
use pydeck's plain ``text`` form: data never becomes HTML.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pydeck as pdk

from ..contract.labels import (
    DASH,
    HELD_VIRTUALLY,
    NOT_REGIONAL,
    PLACE_BASIS_LABELS,
    SEVERAL_REGIONS,
    SEVERAL_TOPICS,
    UNKNOWN,
    an,
    basis_label,
    date_range_text,
    org_labels,
)
from ..contract.schema import ASSUMED, CONVENER, VIRTUAL, VISIT, split_list
from ..dataset.arrow import isin
from ..dataset.model import Dataset
from ..derive import visits
from ..derive.facets import region_group, topic_group
from ..derive.filters import took_part
from ..derive.places import assumed_count, placed, unplaced_count, virtual_count
from ..derive.view import MAP_COLOURS
from ..limits import MAP_ARCS, MAP_POINTS
from .colours import (
    KIND_COLOURS,
    REGION_COLOURS,
    SEVERAL_COLOUR,
    TOPIC_COLOURS,
    UNKNOWN_COLOUR,
    hex_to_rgb,
    type_colour,
)
from .country_codes import ISO3_TO_NUMERIC
from .escape import html_text

BASEMAP_STYLE = "/app/static/basemap-style.json"
BASEMAP_STYLE_DARK = "/app/static/basemap-style-dark.json"  # for the dark theme: no glaring light map
# A plain "pixels" would be sent as an accessor expression and ignored by deck.gl.
PIXELS = pdk.types.String("pixels")
SPREAD_DEGREES = 1.6  # distance between meetings that share a city, so each stays visible
VIEW = pdk.ViewState(latitude=20, longitude=10, zoom=0.9, min_zoom=0, max_zoom=12)
FIT_WIDTH, FIT_HEIGHT = 340, 300  # the first view shows every venue on a phone (390 px) and on a desktop
FIT_PAD_DEGREES = 8  # room for the circles and their spread around a city
OUTLINE = {False: [30, 30, 30, 200], True: [235, 235, 235, 220]}  # circle outline on the light / dark basemap
# A place a source states is a filled circle; an assumed one a ring (pale fill, thick outline in its colour).
FILL_ALPHA = {True: 215, False: 50}
LINE_PIXELS = {True: 1.0, False: 3.0}


def mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude (clipped to +-80 degrees), in radians."""
    return math.log(math.tan(math.pi / 4 + math.radians(max(-80.0, min(80.0, lat))) / 2))


def first_view(summary: pd.DataFrame, width: int = FIT_WIDTH, height: int = FIT_HEIGHT) -> pdk.ViewState:
    """Centred on the venues shown and zoomed so that all fit in ``width`` x ``height`` pixels."""
    pos = summary[["latitude", "longitude"]].dropna()
    if pos.empty:
        return VIEW
    lat = pos["latitude"].astype(float)
    lon = pos["longitude"].astype(float)
    lon0, lon1 = lon.min() - FIT_PAD_DEGREES, lon.max() + FIT_PAD_DEGREES
    y0, y1 = mercator_y(lat.min() - FIT_PAD_DEGREES), mercator_y(lat.max() + FIT_PAD_DEGREES)
    zoom_x = math.log2(width / ((lon1 - lon0) / 360 * 512))
    zoom_y = math.log2(height / ((y1 - y0) / (2 * math.pi) * 512))
    zoom = max(0.0, min(zoom_x, zoom_y, 5.0))
    centre_lat = math.degrees(2 * math.atan(math.exp((y0 + y1) / 2)) - math.pi / 2)
    return pdk.ViewState(latitude=round(centre_lat, 4), longitude=round((lon0 + lon1) / 2, 4), zoom=round(zoom, 2),
                         min_zoom=0, max_zoom=12)


def _spread(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Sunflower offsets around the city for meetings sharing one place, oldest at the centre."""
    rank = df.groupby(["latitude", "longitude"]).cumcount().to_numpy()
    r = SPREAD_DEGREES * np.sqrt(rank) * 0.8
    theta = rank * 2.39996  # golden angle
    lat = df["latitude"].to_numpy(dtype=float) + r * np.sin(theta)
    coslat = np.maximum(np.cos(np.radians(df["latitude"].to_numpy(dtype=float))), 0.2)
    lon = df["longitude"].to_numpy(dtype=float) + r * np.cos(theta) / coslat
    return np.clip(lat, -85, 85), lon


COLOUR_BY = MAP_COLOURS  # what can colour the circles, and its words (a page choice of the view)


def venue_colour_table(summary: pd.DataFrame, colour_by: str = "type") -> pd.DataFrame:
    """Per meeting, the group its circle is coloured by and that group's colour (the legend reads this too).

    type: the meeting type; topic: its only topic, or several topics, or no topic; region: the region the
    meeting was about (focus_region, as one of M49's five regions, or several regions), or not about a region.
    """
    if colour_by == "type":
        group = summary["meeting_type"].astype("str")
        colour = group.map(type_colour)
    elif colour_by == "topic":
        group = summary["topics"].map(topic_group).astype("str")
        colour = group.map(lambda g: TOPIC_COLOURS.get(g, SEVERAL_COLOUR if g == SEVERAL_TOPICS else UNKNOWN_COLOUR))
    elif colour_by == "region":
        group = summary["focus_region"].map(region_group).fillna(NOT_REGIONAL).astype("str")
        colour = group.map(lambda g: REGION_COLOURS.get(g, SEVERAL_COLOUR if g == SEVERAL_REGIONS else UNKNOWN_COLOUR))
    else:
        raise ValueError(f"colour_by must be one of {list(COLOUR_BY)}, not {colour_by!r}")
    return pd.DataFrame({"meeting_id": summary["meeting_id"].to_numpy(), "group": group.to_numpy(),
                         "colour": colour.to_numpy()})


def legend_items(colours: pd.DataFrame) -> list[tuple[str, str]]:
    """(group, colour) pairs of the groups present, in the order of their colours' declaration."""
    present = dict(zip(colours["group"], colours["colour"], strict=True))
    order = [*TOPIC_COLOURS, SEVERAL_TOPICS, *REGION_COLOURS, SEVERAL_REGIONS]
    return sorted(present.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))


def venue_points(summary: pd.DataFrame, colour_by: str = "type") -> tuple[pd.DataFrame, bool]:
    """One circle per place of a meeting (or per city when there are too many), with a plain-text tooltip.

    Virtual meetings have no place and no circle; a meeting held in two cities has a circle in each. An
    assumed place is a ring. Returns the frame and whether it was aggregated.
    """
    pts = placed(summary)
    if len(pts) > MAP_POINTS.value:
        g = pts.groupby(["city", "country", "latitude", "longitude"], dropna=False, observed=True)
        agg = g.agg(meetings=("meeting_id", "size"), first=("start_date", "min"), last=("start_date", "max"),
                    organizations=("named_organizations", "sum")).reset_index()
        agg["position"] = list(zip(agg["longitude"], agg["latitude"], strict=True))
        agg["radius"] = 3 + 2.2 * np.sqrt(agg["meetings"])
        agg["colour"] = [hex_to_rgb(UNKNOWN_COLOUR, 200)] * len(agg)
        agg["line_width"] = LINE_PIXELS[True]
        agg["tooltip"] = (agg["city"].fillna(UNKNOWN) + ", " + agg["country"].fillna(UNKNOWN) + "\n"
                          + agg["meetings"].astype(str) + " meetings, "
                          + agg["first"].dt.year.astype(str) + DASH + agg["last"].dt.year.astype(str))
        return agg, True
    df = pts.reset_index(drop=True)
    lat, lon = _spread(df)
    df["position"] = list(zip(lon, lat, strict=True))
    df["radius"] = 4 + 1.6 * np.sqrt(df["named_organizations"].astype(float))
    stated = (df["place_basis"].astype("object") != ASSUMED).to_numpy() if "place_basis" in df else \
        np.ones(len(df), dtype=bool)
    df["colour"] = [hex_to_rgb(c, FILL_ALPHA[bool(k)])
                    for c, k in zip(venue_colour_table(df, colour_by)["colour"], stated, strict=True)]
    df["line_width"] = [LINE_PIXELS[bool(k)] for k in stated]
    reported = df["organizations_reported"].astype("string").fillna(UNKNOWN)
    basis = df["place_basis"].map(basis_label) if "place_basis" in df else pd.Series("", index=df.index)
    part = np.where(df["further"], "Also held here (a further place of the meeting)\n", "")
    df["tooltip"] = (
        df["title"].fillna("") + "\n" + date_range_text(df["start_date"], df["last_day"], df["date_precision"]) + " · "
        + df["city"].fillna(UNKNOWN) + ", " + df["country"].fillna(UNKNOWN) + " (" + basis + ")\n" + part
        + df["meeting_type"].fillna(UNKNOWN) + "\n"
        + "Hosts: " + df["hosts"].replace("", "not named") + "\n"
        + "Organizations named: " + df["named_organizations"].astype(str) + " · reported: " + reported
    )
    keep = ["meeting_id", "position", "radius", "colour", "line_width", "tooltip", "city", "title"]
    return df[keep], False


def arcs(ds: Dataset, summary: pd.DataFrame) -> pd.DataFrame:
    """From each participating organization's headquarters to the venue; none without HQ coordinates."""
    p = took_part(ds.participation)
    p = p.loc[p["role"] != CONVENER, ["meeting_id", "org_id"]]
    o = ds.organizations.dropna(subset=["hq_latitude", "hq_longitude"])
    p = p[isin(p["org_id"], o["org_id"])]
    m = placed(summary)[["meeting_id", "title", "latitude", "longitude"]]
    # Group first on the cheap columns (one row per organization and venue), then label the few kept.
    df = p.merge(m[["meeting_id", "latitude", "longitude"]], on="meeting_id")
    if df.empty:
        return pd.DataFrame(columns=["org_id", "source", "target", "colour", "width", "tooltip"])
    g = (df.groupby(["org_id", "latitude", "longitude"], observed=True, sort=False)
         .agg(meetings=("meeting_id", "size"), meeting_id=("meeting_id", "first")).reset_index())
    g = g.sort_values("meetings", ascending=False, kind="stable").head(MAP_ARCS.value)
    g = g.merge(o[["org_id", "name", "acronym", "kind", "hq_latitude", "hq_longitude"]], on="org_id")
    g = g.merge(m[["meeting_id", "title"]], on="meeting_id", how="left")
    g["label"] = g["org_id"].map(org_labels(o))
    g["source"] = list(zip(g["hq_longitude"], g["hq_latitude"], strict=True))
    g["target"] = list(zip(g["longitude"], g["latitude"], strict=True))
    g["colour"] = [hex_to_rgb(KIND_COLOURS.get(k, UNKNOWN_COLOUR), 140) for k in g["kind"].astype(str)]
    g["width"] = 1 + np.log2(g["meetings"].astype(float))
    g["tooltip"] = g["label"] + " (" + g["kind"].astype(str) + ") → " + np.where(
        g["meetings"] > 1, g["meetings"].astype(str) + " meetings here", g["title"].fillna(""))
    return g[["org_id", "source", "target", "colour", "width", "tooltip"]]


COUNTRY_SHAPES = Path(__file__).resolve().parents[2] / "static" / "countries-110m.geojson"
VISITED_FILL_ALPHA = 70  # the visited States' shading: the visit colour, light enough for the circles on it
VISIT_LEGEND = "country visit (the visited State is shaded)"


@cache
def _shapes() -> dict[int, dict]:
    """ISO numeric code -> country feature of the offline basemap (Natural Earth 1:110m: the smallest States,
    e.g. Malta, the Maldives and Samoa, have no shape there and show only their circle)."""
    features = json.loads(COUNTRY_SHAPES.read_text(encoding="utf-8"))["features"]
    return {int(f["properties"]["id"]): f for f in features if f["properties"].get("id")}


def visited_shapes(summary: pd.DataFrame) -> dict:
    """A GeoJSON FeatureCollection of the States the visits shown went to, each once, in the visit colour."""
    cells = summary.loc[summary["meeting_type"].astype("str") == VISIT, "visited_states"]
    codes = dict.fromkeys(c for cell in cells.dropna() for c in split_list(cell))
    shapes = _shapes()
    colour = hex_to_rgb(type_colour(VISIT), VISITED_FILL_ALPHA)
    features = [{"type": "Feature", "geometry": shapes[n]["geometry"],
                 "properties": {"iso3": c, "colour": colour}}
                for c in codes if (n := ISO3_TO_NUMERIC.get(c)) in shapes]
    return {"type": "FeatureCollection", "features": features}


def venue_deck(ds: Dataset, summary: pd.DataFrame, show_arcs: bool = True, *, height_zoom: float | None = None,
               focus: tuple[float, float] | None = None, colour_by: str = "type", dark: bool = False) -> pdk.Deck:
    """Venues (and arcs) over the offline basemap; ``focus`` centres one place (a meeting's profile).

    The first view fits every venue shown; ``dark`` takes the dark basemap and light circle outlines.
    """
    points, _ = venue_points(summary, colour_by)
    layers = []
    shaded = visited_shapes(summary)
    if shaded["features"]:  # under the arcs and circles; not pickable: a click selects a circle, not a State
        layers.append(pdk.Layer("GeoJsonLayer", shaded, id="visited-states", get_fill_color="properties.colour",
                                stroked=False, filled=True, pickable=False))
    if show_arcs:
        layers.append(pdk.Layer(
            "ArcLayer", arcs(ds, summary), id="arcs", get_source_position="source",
            get_target_position="target", get_source_color="colour", get_target_color="colour",
            get_width="width", width_units=PIXELS, pickable=True, auto_highlight=True,
        ))
    layers.append(pdk.Layer(
        "ScatterplotLayer", points, id="venues", get_position="position", get_radius="radius",
        radius_units=PIXELS, get_fill_color="colour", get_line_color=OUTLINE[bool(dark)],
        get_line_width="line_width", line_width_units=PIXELS,
        line_width_min_pixels=1, stroked=True, pickable=True, auto_highlight=True,
    ))
    view = first_view(placed(summary))
    if focus is not None and not any(pd.isna(x) for x in focus):  # a virtual meeting has no place to centre
        view = pdk.ViewState(latitude=focus[0], longitude=focus[1], zoom=height_zoom or 3)
    return pdk.Deck(layers=layers, initial_view_state=view, map_style=BASEMAP_STYLE_DARK if dark else BASEMAP_STYLE,
                    map_provider=None,
                    tooltip={"text": "{tooltip}"})


def arc_count(deck: pdk.Deck) -> int:
    """How many arcs a deck draws (0 without its arc layer)."""
    return next((len(layer.data) for layer in deck.layers if layer.id == "arcs"), 0)


def legend_html(items: list[tuple[str, str]]) -> str:
    """Colour chips for a legend; every label is escaped, since meeting types can come from user data."""
    chips = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:1.2em">'
        f'<span style="width:0.9em;height:0.9em;border-radius:50%;background:{c};display:inline-block;'
        f'margin-right:0.35em;border:1px solid #555"></span>{html_text(label)}</span>'
        for label, c in items
    )
    return f'<div style="font-size:0.9em;line-height:1.8">{chips}</div>'


def colour_legend(summary: pd.DataFrame, colour_by: str) -> str:
    """The legend of the venues for the chosen colouring, then what a ring and a missing circle mean."""
    if colour_by == "type":
        return type_legend(summary["meeting_type"]) + place_legend(summary)
    return legend_html(legend_items(venue_colour_table(summary, colour_by))) + place_legend(summary)


def place_legend(summary: pd.DataFrame) -> str:
    """A filled circle for a stated place and a ring for an assumed one (when any is drawn); the virtual
    meetings, which are not on the map, counted in words."""
    pts = placed(summary)
    if not assumed_count(pts) and not unplaced_count(summary):
        return ""
    chip = ('<span style="display:inline-flex;align-items:center;margin-right:1.2em">'
            '<span style="width:0.9em;height:0.9em;border-radius:50%;background:{bg};display:inline-block;'
            'margin-right:0.35em;border:{bw} solid #555"></span>{label}</span>')
    parts = [chip.format(bg="#888", bw="1px", label=html_text(PLACE_BASIS_LABELS["stated"])),
             chip.format(bg="transparent", bw="3px", label=html_text(PLACE_BASIS_LABELS["assumed"]))]
    note = not_on_map(summary)
    if note:
        parts.append(f"<span>{html_text(note)}</span>")
    return f'<div style="font-size:0.9em;line-height:1.8">{"".join(parts)}</div>'


def not_on_map(summary: pd.DataFrame) -> str:
    """'2 virtual meetings are not on the map.' (and any other meeting without coordinates); the virtual
    components of country visits counted apart ('2 virtual meetings and 9 virtual country visits'); '' when none."""
    virtual, unplaced = virtual_count(summary), unplaced_count(summary)
    out = []
    if virtual:
        rows = summary[summary["place_basis"].astype("object") == VIRTUAL]
        v = int(visits.is_visit(rows).sum()) if "meeting_type" in rows else 0
        words = [f"{n} virtual {noun}{'s' if n != 1 else ''}" for n, noun in
                 ((virtual - v, "meeting"), (v, "country visit")) if n]
        out.append(f"{' and '.join(words)} {'is' if virtual == 1 else 'are'} not on the map")
    if unplaced > virtual:
        other = unplaced - virtual
        out.append(f"{other} meeting{'s' if other != 1 else ''} without coordinates "
                   f"{'are' if other != 1 else 'is'} not on the map")
    return "; ".join(out) + "." if out else ""


def type_legend(meeting_types: pd.Series) -> str:
    """The meeting-type legend of the venues, in the order the types appear."""
    return legend_html([(VISIT_LEGEND if t == VISIT else t, type_colour(t)) for t in dict.fromkeys(meeting_types)])


def arc_legend() -> str:
    """The kind-of-organization legend of the arcs."""
    return legend_html([(f"arc from {an(k)} {k} organization", c) for k, c in KIND_COLOURS.items()])


def venues_table(summary: pd.DataFrame) -> pd.DataFrame:
    """One row per city a meeting was held in: how many meetings (of which with the place assumed), the first
    and the last, most used first; a last row counts the virtual meetings, which have no city."""
    pts = placed(summary).assign(assumed=lambda d: d["place_basis"].astype("object") == ASSUMED)
    out = (pts.groupby(["city", "country"], dropna=False)
           .agg(meetings=("meeting_id", "size"), place_assumed=("assumed", "sum"), first=("start_date", "min"),
                last=("start_date", "max"))
           .reset_index().sort_values(["meetings", "city"], ascending=[False, True], kind="stable")
           .reset_index(drop=True))
    v = summary[summary["place_basis"].astype("object") == "virtual"] if "place_basis" in summary else summary[:0]
    if len(v):
        row = pd.DataFrame({"city": [HELD_VIRTUALLY], "country": [""], "meetings": [len(v)], "place_assumed": [0],
                            "first": [v["start_date"].min()], "last": [v["start_date"].max()]})
        out = pd.concat([out, row], ignore_index=True)
    return out
