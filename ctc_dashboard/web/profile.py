"""What a record page shows, read from the same profile objects as the dashboard's Profiles page
(``derive.profiles.MeetingProfile`` / ``OrganizationProfile``), so both say the same thing in the same words.

Only reshaped for a template (tables as lists of dicts of text); plain data, unescaped: the templates escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..contract.labels import basis_label, org_labels
from ..contract.schema import HOST_ROLES, TOOK_PART_ROLES, VIRTUAL, split_list
from ..dataset.model import Dataset
from ..derive import profiles


def text(value: object) -> str | None:
    """A cell as text, None when empty or missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    s = str(value).strip()
    return s or None


def rows(df: pd.DataFrame, columns: list[str]) -> list[dict]:
    """A table as a list of {column: text or None} for a template (column-wise: thousands of rows stay fast)."""
    cols = {c: [text(v) for v in df[c].tolist()] for c in columns}
    return [dict(zip(columns, values, strict=True)) for values in zip(*cols.values(), strict=True)] if columns else []


@dataclass
class Party:
    org_id: str
    label: str
    name: str
    role: str
    role_label: str
    kind: str | None
    notes: str | None


@dataclass
class MeetingPage:
    meeting_id: str
    title: str
    start: str
    end: str | None
    facts: list[tuple[str, str]]
    place: dict[str, str | None]
    place_basis: list[tuple[str, str]]
    virtual: bool
    by_role: list[tuple[str, int, str]]
    participants: list[Party]
    ranges: list[str]
    figures: list[dict]
    notes: str | None
    gaps: list[str]
    sources: list[dict]
    theme: str | None


@dataclass
class OrganizationPage:
    org_id: str
    name: str
    acronym: str | None
    aliases: list[str]
    facts: list[tuple[str, str]]
    website: str | None
    founded: str | None
    hq: dict[str, str | None]
    parent: dict | None
    children: list[dict]
    meetings: list[dict]
    notes: str | None
    sources: list[dict]
    kind: str | None = None
    extra: dict = field(default_factory=dict)


def meeting_page(ds: Dataset, meeting_id: str) -> MeetingPage | None:
    """The record page's data, from the same ``MeetingProfile`` the dashboard's Profiles page lays out."""
    prof = profiles.meeting_profile(ds, meeting_id)
    if prof is None:
        return None
    rec = prof.record
    basis = text(rec.get("place_basis"))
    place_basis = [("Where the place comes from", basis_label(basis))]
    if text(rec.get("place_note")):
        place_basis.append(("Why", text(rec["place_note"])))
    parts = prof.participants
    return MeetingPage(
        meeting_id=meeting_id, title=prof.title, start=text(rec["start_date"]) or "", end=text(rec["end_date"]),
        facts=prof.facts, place={k: text(rec.get(k)) for k in ("venue", "city", "country", "latitude", "longitude")},
        place_basis=place_basis, virtual=basis == VIRTUAL, by_role=prof.by_role,
        participants=[Party(r["org_id"], r["label"], r["name"], r["role"], r["role_label"], text(r["kind"]),
                            text(r["notes"])) for r in parts.to_dict("records")],
        ranges=prof.figure_ranges,
        figures=rows(prof.figures, ["measure", "value", "qualifier", "source", "url", "note"]),
        notes=prof.notes, gaps=prof.gaps,
        sources=rows(prof.sources, ["source_id", "title", "publisher", "published", "url", "reliability",
                                    "cited_for"]),
        theme=text(rec["theme"]))


def organization_page(ds: Dataset, org_id: str) -> OrganizationPage | None:
    """The record page's data, from the same ``OrganizationProfile`` the dashboard's Profiles page lays out."""
    prof = profiles.organization_profile(ds, org_id)
    if prof is None:
        return None
    rec, rel = prof.record, prof.relations
    parent = rel[rel["relation"] == "parent"]
    return OrganizationPage(
        org_id=org_id, name=prof.name, acronym=text(rec["acronym"]), aliases=split_list(rec["aliases"]),
        facts=prof.facts, website=prof.website, founded=text(rec["founded"]),
        hq={"city": text(rec["hq_city"]), "country": text(rec["hq_country"])},
        parent=rows(parent, ["org_id", "label", "name"])[0] if len(parent) else None,
        children=rows(rel[rel["relation"] == "child"], ["org_id", "label", "name", "kind"]),
        meetings=rows(prof.meetings, ["meeting_id", "dates", "title", "city", "country", "meeting_type", "role",
                                      "role_label", "notes"]),
        notes=prof.notes,
        sources=rows(prof.sources, ["source_id", "title", "publisher", "published", "url", "reliability",
                                    "cited_for"]),
        kind=text(rec["kind"]))


def organizers(page: MeetingPage) -> list[Party]:
    """Who convened, hosted or co-organized the meeting (schema.org's organizer)."""
    return [p for p in page.participants if p.role == "convener" or p.role in HOST_ROLES]


def attendees(page: MeetingPage) -> list[Party]:
    """Who took part in any role but convener/host/co-organizer (schema.org's attendee); not the invited."""
    return [p for p in page.participants if p.role in TOOK_PART_ROLES and p not in organizers(page)]


def labels(ds: Dataset) -> pd.Series:
    return org_labels(ds.organizations)
