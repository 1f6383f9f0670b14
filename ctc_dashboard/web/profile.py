"""What a record page shows, read from the same profile functions as the dashboard's Profiles page.

A thin adapter: when ``derive.profiles`` offers ``MeetingProfile`` / ``OrganizationProfile`` (the view
issue), these two builders become one line each. Plain data, unescaped: the templates escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..contract.labels import org_labels
from ..contract.schema import HOST_ROLES, TOOK_PART_ROLES, safe_url, split_list
from ..dataset.model import Dataset
from ..derive import citations, profiles

# A place's basis (stated by a source, assumed with a reason, virtual): shown when the data has the columns.
PLACE_BASIS_COLUMNS = ("place_basis", "place_basis_reason", "place_reason", "place_note")
VIRTUAL = "virtual"


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
    rec = profiles.meeting_record(ds, meeting_id)
    if rec is None:
        return None
    parts = profiles.meeting_participants(ds, meeting_id)
    figs = profiles.meeting_figures(ds, meeting_id)
    basis = [(c.replace("_", " ").capitalize(), v) for c in PLACE_BASIS_COLUMNS
             if c in rec.index and (v := text(rec[c]))]
    facts = [(label, value) for label, value in profiles.meeting_facts(ds, meeting_id)
             if label.lower() not in {b[0].lower() for b in basis}]
    virtual = any(v.lower() == VIRTUAL for _, v in basis)
    return MeetingPage(
        meeting_id=meeting_id, title=str(rec["title"]), start=text(rec["start_date"]) or "",
        end=text(rec["end_date"]), facts=facts,
        place={k: text(rec[k]) for k in ("venue", "city", "country", "latitude", "longitude")},
        place_basis=basis, virtual=virtual,
        by_role=profiles.participants_by_role(parts),
        participants=[Party(r["org_id"], r["label"], r["name"], r["role"], r["role_label"], text(r["kind"]),
                            text(r["notes"])) for _, r in parts.iterrows()],
        ranges=profiles.figure_ranges(figs),
        figures=rows(figs, ["measure", "value", "qualifier", "source", "url", "note"]),
        notes=text(rec["notes"]), gaps=profiles.meeting_gaps(ds, meeting_id),
        sources=rows(citations.meeting_sources(ds, meeting_id),
                     ["source_id", "title", "publisher", "published", "url", "reliability", "cited_for"]),
        theme=text(rec["theme"]))


def organization_page(ds: Dataset, org_id: str) -> OrganizationPage | None:
    rec = profiles.organization_record(ds, org_id)
    if rec is None:
        return None
    rel = profiles.organization_relations(ds, org_id)
    parent = rel[rel["relation"] == "parent"]
    meetings = profiles.organization_meetings(ds, org_id)
    return OrganizationPage(
        org_id=org_id, name=str(rec["name"]), acronym=text(rec["acronym"]), aliases=split_list(rec["aliases"]),
        facts=profiles.organization_facts(ds, org_id), website=safe_url(rec["website"]),
        founded=text(rec["founded"]), hq={"city": text(rec["hq_city"]), "country": text(rec["hq_country"])},
        parent=rows(parent, ["org_id", "label", "name"])[0] if len(parent) else None,
        children=rows(rel[rel["relation"] == "child"], ["org_id", "label", "name", "kind"]),
        meetings=rows(meetings, ["meeting_id", "dates", "title", "city", "country", "meeting_type", "role",
                                 "role_label", "notes"]),
        notes=text(rec["notes"]),
        sources=rows(citations.organization_sources(ds, org_id),
                     ["source_id", "title", "publisher", "published", "url", "reliability", "cited_for"]),
        kind=text(rec["kind"]))


def organizers(page: MeetingPage) -> list[Party]:
    """Who convened, hosted or co-organized the meeting (schema.org's organizer)."""
    return [p for p in page.participants if p.role == "convener" or p.role in HOST_ROLES]


def attendees(page: MeetingPage) -> list[Party]:
    """Who took part in any role but convener/host/co-organizer (schema.org's attendee); not the invited."""
    return [p for p in page.participants if p.role in TOOK_PART_ROLES and p not in organizers(page)]


def labels(ds: Dataset) -> pd.Series:
    return org_labels(ds.organizations)
