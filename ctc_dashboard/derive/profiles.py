"""The records behind the meeting and organization profiles: facts, participants, figures, gaps, sources.

A profile always shows the full record of one meeting or organization, whatever the filters.
Every function returns plain, unescaped data: the page escapes what goes through Markdown
(``escape.md_escape``) and shows the rest in dataframes, captions of escaped text or code blocks.
Links are only ever http/https (``schema.safe_url``). How a profile is opened (its address) is
``ui.routes``'; its chart is ``render.charts.organization_timeline``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from ..contract.labels import (
    DIMENSIONS,
    ROLE_LABELS,
    UNKNOWN,
    cell_text,
    city_labels,
    date_range_text,
    org_labels,
    role_labels,
)
from ..contract.schema import (
    INVITED,
    NAMED_ROLES,
    ROLES,
    TABLES,
    TOOK_PART_ROLES,
    VISIT,
    safe_url,
    split_list,
)
from ..dataset.model import Dataset
from . import places, visits
from .figures import figure_ranges, meeting_figures
from .gaps import meeting_gaps_of

MEETING, ORGANIZATION = "meeting", "organization"
PROFILE_KEYS = (MEETING, ORGANIZATION)


# ---------------------------------------------------------------- helpers

def _or_unknown(value: object) -> str:
    return cell_text(value) or UNKNOWN


def _row(df: pd.DataFrame, column: str, value: str) -> pd.Series | None:
    rows = df[df[column].astype("str") == value]
    return None if rows.empty else rows.iloc[0]


def meeting_record(ds: Dataset, meeting_id: str) -> pd.Series | None:
    return _row(ds.meetings, "meeting_id", meeting_id)


def organization_record(ds: Dataset, org_id: str) -> pd.Series | None:
    return _row(ds.organizations, "org_id", org_id)


def display_name(ds: Dataset, kind: str, entity_id: str) -> str | None:
    """The meeting's title or the organization's name; None if it is not in the data."""
    rec = meeting_record(ds, entity_id) if kind == MEETING else organization_record(ds, entity_id)
    if rec is None:
        return None
    return str(rec["title"] if kind == MEETING else rec["name"])


def _extra_columns(table: str, record: pd.Series, shown: set[str]) -> list[tuple[str, str]]:
    """Columns the contract does not name (e.g. a folder's own 'extra_col'), each with its value."""
    known = set(TABLES[table].columns) | shown
    return [(str(c), v) for c in record.index if c not in known and (v := cell_text(record[c]))]


# ---------------------------------------------------------------- meeting profile

def meeting_subset(ds: Dataset, meeting_id: str) -> Dataset:
    """The dataset cut down to one meeting (for the small map and its arcs)."""
    m = ds.meetings[ds.meetings["meeting_id"].astype("str") == meeting_id]
    p = ds.participation[ds.participation["meeting_id"].astype("str") == meeting_id]
    rf = ds.reported_figures[ds.reported_figures["meeting_id"].astype("str") == meeting_id]
    pl = ds.places[ds.places["meeting_id"].astype("str") == meeting_id]
    return replace(ds, meetings=m, participation=p, reported_figures=rf, places=pl)


def meeting_facts(ds: Dataset, meeting_id: str) -> list[tuple[str, str]]:
    """(label, value) pairs, in reading order; unknown values say 'unknown'."""
    rec = meeting_record(ds, meeting_id)
    if rec is None:
        return []
    return _meeting_facts(rec, meeting_participants(ds, meeting_id), places.meeting_place_text(ds, rec))


def _meeting_facts(rec: pd.Series, parts: pd.DataFrame, place: str) -> list[tuple[str, str]]:
    start = pd.Series([rec["start_date"]])
    end = rec["end_date"]
    last = pd.Series([end if cell_text(end) else rec["start_date"]])
    days = int((last.iloc[0] - start.iloc[0]).days) + 1
    precision = cell_text(rec["date_precision"])
    dates = date_range_text(start, last, pd.Series([precision or None])).iloc[0]
    if not precision:
        dates += " (one day)" if days == 1 else f" ({days} days)"
    visit = cell_text(rec["meeting_type"]) == VISIT
    named = int(parts["role"].isin(NAMED_ROLES).sum())
    facts = [
        ("Dates", dates),
        ("Place" if visit else "Venue", place.replace(" (building not known)", "") if visit else place),
        (DIMENSIONS["type"], _or_unknown(rec["meeting_type"])),
        ("Theme", _or_unknown(rec["theme"])),
        ("Topics (our classification)", "; ".join(split_list(rec["topics"])) or "none assigned"),
        ("About the region (our classification, UN M49)",
         "; ".join(split_list(rec["focus_region"])) or "not about a region"),
        ("Outcome", _or_unknown(rec["outcome"])),
    ]
    if visit:
        states = split_list(rec["visited_states"])
        one = len(states) == 1 and cell_text(rec["country"])
        facts[3:3] = [("Visited State" if len(states) == 1 else "Visited States (ISO codes)",
                       one or ", ".join(states) or UNKNOWN),
                      ("Kind of visit", _or_unknown(rec["visit_kind"])), ("Led by", _or_unknown(rec["led_by"]))]
    facts.append(("Chair", _or_unknown(rec["chair"])))
    if cell_text(rec.get("presided_by")):
        facts.append(("Presided by", cell_text(rec["presided_by"])))
    facts += [
        ("Organizations named in sources as taking part", str(named)),
        ("Organizations reported (headline figure)", _or_unknown(rec["organizations_reported"])),
        ("States reported (headline figure)", _or_unknown(rec["states_reported"])),
    ]
    facts += _extra_columns("meetings", rec, {"chair", "presided_by"})
    return facts


def meeting_participants(ds: Dataset, meeting_id: str) -> pd.DataFrame:
    """Every organization at the meeting with its role: hosts and conveners first, invited last."""
    p = ds.participation[ds.participation["meeting_id"].astype("str") == meeting_id]
    o = ds.organizations.set_index(ds.organizations["org_id"].astype("str"))
    ids = p["org_id"].astype("str")
    labels = org_labels(ds.organizations)
    out = pd.DataFrame({
        "role": p["role"].astype("str").to_numpy(),
        "org_id": ids.to_numpy(),
        "label": ids.map(labels).fillna(ids).astype("str").to_numpy(),
        "name": ids.map(o["name"].astype("str")).astype("str").to_numpy(),
        "kind": ids.map(o["kind"].astype("str")).astype("str").to_numpy(),
        "notes": p["notes"].astype("str").to_numpy(),
        "source_ids": p["source_ids"].astype("str").to_numpy(),
    })
    out["role_label"] = role_labels(out["role"])
    order = {r: i for i, r in enumerate(ROLES)}
    out = out.assign(_r=out["role"].map(order), _l=out["label"].str.casefold())
    out = out.sort_values(["_r", "_l"], kind="stable").drop(columns=["_r", "_l"])
    return out[["role", "role_label", "org_id", "label", "name", "kind", "notes", "source_ids"]].reset_index(drop=True)


def participants_by_role(participants: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(role label, how many, 'A, B, C') per role present, in the contract's role order."""
    out = []
    for role in ROLES:
        rows = participants[participants["role"] == role]
        if len(rows):
            out.append((ROLE_LABELS[role], len(rows), ", ".join(rows["label"])))
    return out


def meeting_gaps(ds: Dataset, meeting_id: str) -> list[str]:
    """What the data does not know about this meeting, in plain words."""
    rec = meeting_record(ds, meeting_id)
    if rec is None:
        return []
    return meeting_gaps_of(rec, meeting_participants(ds, meeting_id), meeting_figures(ds, meeting_id))


# ---------------------------------------------------------------- organization profile

def organization_relations(ds: Dataset, org_id: str) -> pd.DataFrame:
    """The parent (if any) and the children of an organization."""
    o = ds.organizations
    labels = org_labels(ds.organizations)
    rows = []
    rec = organization_record(ds, org_id)
    parent = cell_text(rec["parent_id"]) if rec is not None else None
    if parent:
        prec = organization_record(ds, parent)
        rows.append({"relation": "parent", "org_id": parent, "label": labels.get(parent, parent),
                     "name": str(prec["name"]) if prec is not None else UNKNOWN,
                     "kind": str(prec["kind"]) if prec is not None else UNKNOWN})
    for _, c in o[o["parent_id"].astype("str") == org_id].iterrows():
        rows.append({"relation": "child", "org_id": str(c["org_id"]), "label": labels.get(c["org_id"]),
                     "name": str(c["name"]), "kind": str(c["kind"])})
    return pd.DataFrame(rows, columns=["relation", "org_id", "label", "name", "kind"]).astype("str")


def _dates(start: pd.Series, last: pd.Series, precision: pd.Series | None = None) -> pd.Series:
    """date_range_text once per distinct (start, last, precision): an organization at 100,000 meetings stays fast."""
    vague = (precision.astype("object").where(precision.notna(), "") if precision is not None
             else pd.Series("", index=start.index))
    pairs = pd.DataFrame({"s": start.to_numpy(), "l": last.to_numpy(), "p": vague.to_numpy()})
    codes, uniques = pd.MultiIndex.from_frame(pairs).factorize()
    kinds = pd.Series(uniques.get_level_values(2)).replace("", None)
    text = date_range_text(pd.Series(uniques.get_level_values(0)), pd.Series(uniques.get_level_values(1)), kinds)
    return pd.Series(text.to_numpy()[codes], index=start.index, dtype="str")


def organization_meetings(ds: Dataset, org_id: str) -> pd.DataFrame:
    """Every meeting the organization is recorded at, with its role, oldest first."""
    p = ds.participation[ds.participation["org_id"].astype("str") == org_id]
    m = ds.meetings
    p = p[["meeting_id", "role", "notes"]]
    rows = p.rename(columns={"notes": "_notes"}).merge(m, on="meeting_id", how="inner")
    end = rows["end_date"]
    out = pd.DataFrame({
        "meeting_id": rows["meeting_id"].astype("str"),
        "start_date": rows["start_date"],
        "dates": _dates(rows["start_date"], end.fillna(rows["start_date"]), rows["date_precision"]),
        "title": rows["title"].astype("str"),
        "city": city_labels(rows),
        "country": rows["country"].astype("object").fillna("").astype("str"),
        "meeting_type": rows["meeting_type"].astype("str"),
        "role": rows["role"].astype("str"),
        "notes": rows["_notes"].astype("str"),
    })
    out["start_date"] = out["start_date"].astype("datetime64[us]")
    out["role_label"] = role_labels(out["role"])
    out = out.sort_values(["start_date", "meeting_id"], kind="stable").reset_index(drop=True)
    cols = ["meeting_id", "start_date", "dates", "title", "city", "country", "meeting_type", "role", "role_label",
            "notes"]
    return out[cols]


def organization_facts(ds: Dataset, org_id: str) -> list[tuple[str, str]]:
    """(label, value) pairs, in reading order; unknown values say 'unknown'."""
    rec = organization_record(ds, org_id)
    if rec is None:
        return []
    rel = organization_relations(ds, org_id)
    parent = rel[rel["relation"] == "parent"]
    children = rel[rel["relation"] == "child"]
    un = rec["un_system"]
    un_text = UNKNOWN if cell_text(un) is None else ("yes" if bool(un) else "no")
    hq = ", ".join(x for x in (cell_text(rec["hq_city"]), cell_text(rec["hq_country"])) if x) or UNKNOWN
    p = ds.participation[ds.participation["org_id"].astype("str") == org_id]
    m = ds.meetings[["meeting_id", "start_date", "meeting_type"]]
    meetings = p[["meeting_id", "role"]].merge(m, on="meeting_id", how="inner")
    took = meetings[meetings["role"].isin(TOOK_PART_ROLES)]
    invited = int((meetings["role"] == INVITED).sum())
    record = visits.took_part_text(took, ds.meetings)
    if invited:
        record += f"; invited to {invited} more, attendance not known"
    facts = [
        ("Acronym", _or_unknown(rec["acronym"])),
        ("Former or other names", "; ".join(split_list(rec["aliases"])) or "none recorded"),
        (DIMENSIONS["kind"], _or_unknown(rec["kind"])),
        ("Region (our classification, UN M49)", "; ".join(split_list(rec["region"])) or UNKNOWN),
        ("Part of the UN system", un_text),
        ("Parent organization", f"{parent['label'].iloc[0]} ({parent['name'].iloc[0]})" if len(parent) else "none"),
        ("Child organizations", ", ".join(children["label"]) if len(children) else "none recorded"),
        ("Headquarters", hq),
        ("Founded", _or_unknown(rec["founded"])),
        ("Member States", _or_unknown(rec["member_states"])),
        ("Website", safe_url(rec["website"]) or (UNKNOWN if not cell_text(rec["website"]) else
                                                     "not shown (not an http or https address)")),
        ("Meetings and country visits" if visits.is_visit(ds.meetings).any() else "Meetings", record),
    ]
    facts += _extra_columns("organizations", rec, set())
    return facts


# ---------------------------------------------------------------- a profile, built once

@dataclass(frozen=True)
class MeetingProfile:
    """Everything a meeting's profile shows, computed once (participants once, not per section).

    Plain, unescaped data: the Streamlit page lays it out, the record pages render it as HTML; both escape.
    """

    meeting_id: str
    title: str
    record: pd.Series  # the meetings.csv row, as loaded
    facts: list[tuple[str, str]]  # (label, value) in reading order; unknown says 'unknown'
    participants: pd.DataFrame  # meeting_participants: hosts and conveners first, invited last
    by_role: list[tuple[str, int, str]]  # (role label, how many, 'A, B, C')
    figures: pd.DataFrame  # meeting_figures: headline first, then every source's figure
    figure_ranges: list[str]
    notes: str | None
    gaps: list[str]
    sources: pd.DataFrame  # citations.meeting_sources: each source and what it is cited for
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class OrganizationProfile:
    """Everything an organization's profile shows, computed once; plain, unescaped data."""

    org_id: str
    name: str
    record: pd.Series  # the organizations.csv row, as loaded
    facts: list[tuple[str, str]]
    website: str | None  # http/https only
    relations: pd.DataFrame  # parent and children
    meetings: pd.DataFrame  # organization_meetings: every meeting in every role, oldest first
    notes: str | None
    sources: pd.DataFrame  # citations.organization_sources


def _number(value: object) -> float | None:
    return None if cell_text(value) is None else float(value)


def meeting_profile(ds: Dataset, meeting_id: str) -> MeetingProfile | None:
    """The meeting's profile, or None when the data has no such meeting."""
    from .citations import meeting_sources  # citations reads this module's records: imported here, not above

    rec = meeting_record(ds, meeting_id)
    if rec is None:
        return None
    parts = meeting_participants(ds, meeting_id)
    figs = meeting_figures(ds, meeting_id)
    return MeetingProfile(
        meeting_id=meeting_id, title=str(rec["title"]), record=rec,
        facts=_meeting_facts(rec, parts, places.meeting_place_text(ds, rec)),
        participants=parts, by_role=participants_by_role(parts), figures=figs, figure_ranges=figure_ranges(figs),
        notes=cell_text(rec["notes"]), gaps=meeting_gaps_of(rec, parts, figs),
        sources=meeting_sources(ds, meeting_id, parts),
        latitude=_number(rec["latitude"]), longitude=_number(rec["longitude"]))


def organization_profile(ds: Dataset, org_id: str) -> OrganizationProfile | None:
    """The organization's profile, or None when the data has no such organization."""
    from .citations import organization_sources  # see meeting_profile

    rec = organization_record(ds, org_id)
    if rec is None:
        return None
    return OrganizationProfile(
        org_id=org_id, name=str(rec["name"]), record=rec, facts=organization_facts(ds, org_id),
        website=safe_url(rec["website"]), relations=organization_relations(ds, org_id),
        meetings=organization_meetings(ds, org_id), notes=cell_text(rec["notes"]),
        sources=organization_sources(ds, org_id))


# ---------------------------------------------------------------- finding a profile

def in_view(view: Dataset, kind: str, entity_id: str) -> bool:
    """Whether the filtered view keeps this meeting, or this organization at any of its meetings."""
    if kind == MEETING:
        return bool(view.meetings["meeting_id"].astype(str).eq(entity_id).any())
    return bool(view.participation["org_id"].astype(str).eq(entity_id).any())


def mark_in_view(meetings: pd.DataFrame, view: Dataset) -> pd.DataFrame:
    """An organization's meetings with ``in_view``: whether the current filters keep each one."""
    return meetings.assign(in_view=meetings["meeting_id"].isin(set(view.meetings["meeting_id"].astype(str))))
