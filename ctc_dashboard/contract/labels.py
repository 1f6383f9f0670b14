"""Words for values, declared once: unknown, the en dash, role/kind/type labels, organization labels, date ranges.

Every page, chart, map and table reads these, so "unknown" reads the same everywhere and a label
changes in one place.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .schema import ASSUMED, KINDS, MEETING_TYPES, PLACE_BASES, ROLES, STATED, VIRTUAL, VISIT

UNKNOWN = "unknown"  # what an empty cell reads as
DASH = "\u2013"  # en dash, for ranges
UNKNOWN_TYPE = "(type not given)"  # the label of meetings without a meeting_type
NONE_NAMED = "none named"
# Topics and regions as one colour's worth (map circles, breakdown segments).
SEVERAL_TOPICS = "several topics"
NO_TOPIC = "no topic"
SEVERAL_REGIONS = "several regions"
NOT_REGIONAL = "not about a region"

ROLE_LABELS = {
    "convener": "Convener",
    "host": "Host",
    "co-organizer": "Co-organizer",
    "presenter": "Presenter",
    "participant": "Participant",
    "invited": "Invited (attendance not known)",
}
KIND_LABELS = {k: k.capitalize() for k in KINDS}
# What each dimension of the data is called on an axis, a legend, a filter or a choice.
DIMENSIONS = {"type": "Meeting type", "org": "Organization", "kind": "Organization kind", "role": "Role",
              "topic": "Topic", "region": "Region"}
assert set(ROLE_LABELS) == set(ROLES)
# Where a meeting's place comes from (meetings.place_basis), in words; an empty basis is "not recorded".
PLACE_BASIS_LABELS = {
    STATED: "place stated by a source",
    ASSUMED: "place assumed (no source states it)",
    VIRTUAL: "held virtually (no place)",
}
BASIS_NOT_RECORDED = "place basis not recorded"
HELD_VIRTUALLY = "held virtually"  # what a virtual meeting's city reads as in lists and labels
assert set(PLACE_BASIS_LABELS) == set(PLACE_BASES)


def city_labels(meetings: pd.DataFrame) -> pd.Series:
    """A meeting's city for labels: the city, "held virtually" for a virtual meeting, else "unknown"."""
    city = meetings["city"].astype("object")
    if "place_basis" in meetings.columns:
        city = city.where(meetings["place_basis"].astype("object") != VIRTUAL, HELD_VIRTUALLY)
    return city.fillna(UNKNOWN).astype("str")


def place_labels(meetings: pd.DataFrame) -> pd.Series:
    """Where a meeting was, for an axis or a line: its city (city_labels); for a country visit, the visited State
    (the visit's city is often our assumption, and a virtual component has none)."""
    place = city_labels(meetings).astype("object")
    if {"meeting_type", "country"} <= set(meetings.columns):
        visit = meetings["meeting_type"].astype("object") == VISIT
        place = place.where(~visit, meetings["country"].astype("object").fillna(UNKNOWN))
    return place.astype("str")


def basis_label(basis: object) -> str:
    """The words for one place basis (empty -> "place basis not recorded")."""
    return PLACE_BASIS_LABELS.get(basis, BASIS_NOT_RECORDED) if isinstance(basis, str) else BASIS_NOT_RECORDED


def type_order(present: Iterable[object]) -> list[str]:
    """Meeting types in display order: the contract's usual ones, then any others A-Z, then unknown last.

    ``present`` may hold missing values or UNKNOWN_TYPE: either puts UNKNOWN_TYPE at the end.
    """
    seen = set()
    unknown = False
    for t in present:
        if isinstance(t, str) and t != UNKNOWN_TYPE:
            seen.add(t)
        else:
            unknown = True
    usual = [t for t in MEETING_TYPES if t in seen]
    return usual + sorted(seen - set(MEETING_TYPES)) + ([UNKNOWN_TYPE] if unknown else [])


def org_labels(organizations: pd.DataFrame) -> pd.Series:
    """Short display name per org_id: the acronym readers know, else the full name."""
    acronym = organizations["acronym"].astype("str").str.strip()
    use = acronym.notna() & (acronym != "")
    label = organizations["name"].astype("str").where(~use, acronym)
    return pd.Series(label.to_numpy(), index=pd.Index(organizations["org_id"].to_numpy(), name="org_id"),
                     name="label", dtype="str")


def org_full_label(label: str, name: str) -> str:
    """'OSCE — Organization for Security and Co-operation in Europe', or the name alone when it is the label."""
    return name if label == name else f"{label} — {name}"


def org_full_labels(organizations: pd.DataFrame) -> dict[str, str]:
    """org_id -> org_full_label, for pickers and search results."""
    labels = org_labels(organizations).to_numpy().tolist()  # positional: a lookup per row costs seconds at scale
    return {oid: org_full_label(label, name)
            for oid, label, name in zip(organizations["org_id"].tolist(), labels, organizations["name"].tolist(),
                                        strict=True)}


def role_labels(roles: pd.Series) -> pd.Series:
    """Display labels of roles, looked up once per distinct role."""
    codes, uniques = pd.factorize(roles)
    labels = np.array([ROLE_LABELS.get(r, r) for r in uniques] + [UNKNOWN], dtype=object)
    return pd.Series(labels[codes], index=roles.index, dtype="str")


def date_range_text(start: pd.Series, last: pd.Series, precision: pd.Series | None = None) -> pd.Series:
    """Human dates: '6 Mar 2003', '29–31 Oct 2007', '30 Oct – 2 Nov 2007', '31 Dec 2007 – 2 Jan 2008'.

    ``precision`` (meetings.date_precision): where a source gives only the month or the year, the start reads
    'Oct 2019' or '2005' (never a day the sources do not give), with the last day after it if one is known.
    """
    if start.empty:
        return pd.Series([], index=start.index, dtype="str")
    if precision is not None and precision.notna().any():
        out = date_range_text(start, last)
        month = precision.eq("month").fillna(False).to_numpy()
        year = precision.eq("year").fillna(False).to_numpy()
        head = np.where(year, start.dt.year.astype(str), start.dt.strftime("%b %Y"))
        tail = np.where(last.notna() & (last != start), " " + DASH + " " + last.dt.day.astype(str) + " "
                        + last.dt.strftime("%b %Y"), "")
        vague = pd.Series(np.char.add(head.astype(str), tail.astype(str)), index=start.index, dtype="str")
        return out.where(~(month | year), vague)
    d1, d2 = start.dt.day.astype(str), last.dt.day.astype(str)
    m1, m2 = start.dt.strftime("%b"), last.dt.strftime("%b")
    y1, y2 = start.dt.year.astype(str), last.dt.year.astype(str)
    one = d1 + " " + m1 + " " + y1
    same_month = d1 + DASH + d2 + " " + m2 + " " + y2
    same_year = d1 + " " + m1 + " " + DASH + " " + d2 + " " + m2 + " " + y2
    other = one + " " + DASH + " " + d2 + " " + m2 + " " + y2
    sy = start.dt.year == last.dt.year
    sm = sy & (start.dt.month == last.dt.month)
    out = np.select([start == last, sm, sy], [one, same_month, same_year], default=other)
    return pd.Series(out, index=start.index, dtype="str")


def cell_text(value: object) -> str | None:
    """One cell as text (a date as YYYY-MM-DD), None when empty or missing: what shows as "unknown"."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    s = str(value).strip()
    return s or None


def _text(values) -> pd.Series:
    s = pd.Series(values)
    return s.astype("object").where(s.notna(), UNKNOWN).astype("str")


def _iso_day(start: pd.Series, precision: pd.Series | None) -> np.ndarray:
    """'2003-03-06', or '2012-06' / '2009' where a source gives only the month or the year (date_precision)."""
    start = pd.Series(start)
    day = start.dt.strftime("%Y-%m-%d").to_numpy()
    if precision is None:
        return day
    p = pd.Series(precision).astype("object").to_numpy()
    return np.where(p == "year", start.dt.strftime("%Y").to_numpy(),
                    np.where(p == "month", start.dt.strftime("%Y-%m").to_numpy(), day))


def meeting_axis_labels(start: pd.Series, city: pd.Series, precision: pd.Series | None = None) -> pd.Series:
    """A meeting on a chart axis: '2003-03-06 New York' (the date sorts; ``unique_labels`` separates twins)."""
    return pd.Series(_iso_day(start, precision) + " " + _text(city).to_numpy(),
                     index=pd.Series(start).index, dtype="str")


def meeting_lines(start: pd.Series, city: pd.Series, title: pd.Series, precision: pd.Series | None = None) -> pd.Series:
    """A meeting in one line, date and place first so that a cut line still tells meetings apart:
    '2003-03-06 · New York · Special meeting of the Counter-Terrorism Committee with …'."""
    when = _iso_day(start, precision)
    return pd.Series(when + " · " + _text(city).to_numpy() + " · " + _text(title).to_numpy(),
                     index=pd.Series(start).index, dtype="str")


def year_span(years: pd.Series) -> str:
    """'2003' or '2003–2019'."""
    lo, hi = int(years.min()), int(years.max())
    return f"{lo}" if lo == hi else f"{lo}{DASH}{hi}"


def count_of(n: int, word: str, many: str | None = None) -> str:
    """'1 meeting', '1,200 meetings' ('many' where the plural is not word + 's')."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def and_list(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def an(word: str) -> str:
    """'an' or 'a' before ``word``."""
    return "an" if word[:1] in "aeiou" else "a"
