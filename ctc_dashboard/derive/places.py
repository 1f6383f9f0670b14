"""Where meetings took place, one row per place drawn: the meetings' own places (not the virtual ones) and the
further places of a meeting held in more than one city (places.csv). The map, the host-city counts, "outside
New York", the venues table and their text alternatives all read these, so they say the same thing."""

from __future__ import annotations

import pandas as pd

from ..contract.labels import UNKNOWN, basis_label, cell_text
from ..contract.schema import ASSUMED, VIRTUAL
from ..dataset.model import Dataset

NEW_YORK = "New York"
# Columns of a place, per row of meeting_summary's further_places.
PLACE_FIELDS = ("city", "country", "latitude", "longitude", "venue", "place_basis", "start_date")


def further_places(places: pd.DataFrame, meeting_ids: pd.Series) -> list[tuple[dict, ...]]:
    """Per meeting (in ``meeting_ids`` order), its further places as dicts of PLACE_FIELDS; () for most."""
    empty: tuple[dict, ...] = ()
    if places.empty:
        return [empty] * len(meeting_ids)
    by_meeting: dict[str, list[dict]] = {}
    for rec in places.sort_values(["meeting_id", "start_date"], kind="stable").to_dict("records"):
        row = {f: rec.get(f) for f in PLACE_FIELDS}
        row["place_basis"] = rec.get("place_basis") if isinstance(rec.get("place_basis"), str) else None
        by_meeting.setdefault(str(rec["meeting_id"]), []).append(row)
    return [tuple(by_meeting.get(str(mid), empty)) for mid in meeting_ids]


def placed(summary: pd.DataFrame) -> pd.DataFrame:
    """One row per place drawn: each meeting with coordinates, plus one row per further place (``further``
    True), with that place's city, country, coordinates, venue and basis; oldest first."""
    has_place = summary["latitude"].notna() & summary["longitude"].notna()
    first = summary[has_place].assign(further=False)
    extra = summary["further_places"] if "further_places" in summary.columns else None
    rows = [] if extra is None else [(i, p) for i, ps in extra.items() for p in ps]
    if not rows:
        return first
    more = summary.loc[[i for i, _ in rows]].copy()
    for f in PLACE_FIELDS:
        if f == "start_date":
            continue
        more[f] = [p[f] for _, p in rows]
    more["further"] = True
    out = pd.concat([first, more])
    return out.sort_values(["start_date", "meeting_id", "further"], kind="stable")


def virtual_count(summary: pd.DataFrame) -> int:
    """Meetings held virtually: they have no place and are not on the map."""
    return int((summary["place_basis"].astype("object") == VIRTUAL).sum()) if "place_basis" in summary else 0


def unplaced_count(summary: pd.DataFrame) -> int:
    """Meetings with no coordinates (the virtual ones; in other data, any without a place)."""
    return int((summary["latitude"].isna() | summary["longitude"].isna()).sum())


def assumed_count(points: pd.DataFrame) -> int:
    """Places drawn whose basis is an assumption."""
    return int((points["place_basis"].astype("object") == ASSUMED).sum()) if "place_basis" in points else 0


def place_figures(summary: pd.DataFrame) -> dict[str, int]:
    """Host cities (every city a meeting was held in), meetings held outside New York (at least one place
    elsewhere), virtual meetings and assumed places: the same numbers the map and its table show."""
    pts = placed(summary)
    outside = pts.loc[pts["city"].astype("object") != NEW_YORK, "meeting_id"].nunique()
    return {"cities": int(pts["city"].nunique()), "outside_new_york": int(outside),
            "virtual": virtual_count(summary), "assumed": assumed_count(pts[~pts["further"]]),
            "two_or_more_cities": int(pts.loc[pts["further"], "meeting_id"].nunique())}


def meeting_place_text(ds: Dataset, rec: pd.Series) -> str:
    """Where the meeting was, with where that comes from: "United Nations Headquarters, New York, United States
    (place stated by a source)"; a virtual meeting says so; a further place follows with its dates."""
    if rec.get("place_basis") == VIRTUAL:
        return "Held virtually (no place)"

    def one(venue: object, city: object, country: object, basis: object, note: object = None, when: str = "") -> str:
        where = ", ".join(x for x in (cell_text(venue), cell_text(city), cell_text(country)) if x) or UNKNOWN
        if not cell_text(venue):
            where += " (building not known)"
        why = f": {cell_text(note).rstrip('.')}" if basis == ASSUMED and cell_text(note) else ""
        label = basis_label(basis)
        return f"{where}{when}. {label[:1].upper()}{label[1:]}{why}."

    text = one(rec["venue"], rec["city"], rec["country"], rec.get("place_basis"), rec.get("place_note"))
    more = ds.places[ds.places["meeting_id"].astype("str") == str(rec["meeting_id"])]
    for _, p in more.sort_values("start_date", kind="stable").iterrows():
        when = f" on {p['start_date'].day} {p['start_date']:%B %Y}" if pd.notna(p["start_date"]) else ""
        text += f" Also held in {one(p['venue'], p['city'], p['country'], p['place_basis'], p['place_note'], when)}"
    return text
