"""The data contract in one place.

Everything else (the validator, the loader's dtypes, ``data/datapackage.json``, the
column help in the Data page) is derived from these declarations, so a rule changes here
or nowhere. The prose version is ``docs/data-contract.md``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
LIST_SEPARATOR = ";"  # list cells: "a; b"
ID_LIST_PATTERN = rf"{ID_PATTERN}(\s*{LIST_SEPARATOR}\s*{ID_PATTERN})*"
URL_PATTERN = r"https?://\S+"
THIS_YEAR = _dt.date.today().year

MEETING_TYPES = ("special meeting", "joint special meeting", "open briefing", "country visit")
KINDS = ("international", "regional", "subregional")
ROLES = ("convener", "host", "co-organizer", "presenter", "participant", "invited")
CONVENER, INVITED = ROLES[0], ROLES[-1]  # the Committee's own role; invited, and no source says it attended
# Roles that count as "took part": every role but invited.
TOOK_PART_ROLES = ROLES[:-1]
# "Named organizations" of a meeting: every role that took part except the convener (the CTC itself).
NAMED_ROLES = tuple(r for r in TOOK_PART_ROLES if r != CONVENER)
HOST_ROLES = ("host", "co-organizer")
BRIEFING = "open briefing"  # left out of the default view
# A country visit conducted by CTED on behalf of the Committee: a row of meetings.csv whose place is the
# visited State (data/README.md, "Country visits"). Left out of the default view too.
VISIT = "country visit"
NOT_DEFAULT_TYPES = (BRIEFING, VISIT)
# The kind of a visit, normalized from the source's words (kept in notes); the Committee's 2018 guidelines name
# comprehensive, focused or regional, follow-up and advocacy visits.
VISIT_KINDS = ("comprehensive", "focused", "regional", "follow-up", "advocacy", "assessment",
               "initial (type not stated)", "not stated")
# How much of start_date a source gives: empty means the day; month or year mean start_date is the first day of it.
DATE_PRECISIONS = ("month", "year")
MEASURES = ("organizations", "states", "participants")
QUALIFIERS = ("exactly", "more than", "about", "expected")
RELIABILITIES = ("official", "news", "secondary", "mirror")
# Where a meeting's place comes from: a source states it; we assume it (place_note gives the reason); or the
# meeting was held virtually and had no place (no city or coordinates are drawn for it).
PLACE_BASES = ("stated", "assumed", "virtual")
STATED, ASSUMED, VIRTUAL = PLACE_BASES
# The place columns of a meeting: required unless the meeting was virtual.
PLACE_COLUMNS = ("city", "country", "latitude", "longitude")

# What a meeting was about: our classification (data/README.md, "Topics and regions"), in display order.
TOPICS: dict[str, str] = {
    "global standards and implementation":
        "The counter-terrorism framework as a whole (resolution 1373 (2001), the international instruments, "
        "national strategies), its implementation, the Committee's reviews and anniversaries",
    "cooperation among organizations":
        "The role of international, regional and subregional organizations and coordination among them",
    "capacity building and technical assistance": "Assistance to States to build counter-terrorism capacity",
    "regional implementation":
        "The threat and the implementation of the Council's resolutions in one region or group of States "
        "(the meeting's focus_region says which)",
    "terrorist financing": "Preventing and suppressing the financing of terrorism",
    "foreign terrorist fighters": "Foreign terrorist fighters: their flow, return, relocation and reintegration",
    "border security and movement": "Border control and management; preventing the movement of terrorists",
    "aviation and maritime security": "Threats to civil aviation and shipping",
    "internet and new technologies":
        "Terrorist use of the Internet, information and communications technologies and new technologies",
    "weapons": "Keeping weapons from terrorists: arms trafficking, small arms, MANPADS",
    "terrorist narratives and violent extremism":
        "Preventing terrorism, incitement, radicalization and violent extremism; countering terrorist narratives",
    "human rights, gender and civil society": "Human rights, gender and the role of civil society in counter-terrorism",
    "criminal justice and law enforcement": "Judicial and law-enforcement cooperation, prosecution",
    "terrorism and organized crime": "The links between terrorism and transnational organized crime",
}

# UN M49 (https://unstats.un.org/unsd/methodology/m49/): region, subregion and intermediate region names,
# each with the area it lies in. A test checks them against the country table of country-converter.
M49_AREAS: dict[str, str | None] = {
    "Africa": None, "Americas": None, "Asia": None, "Europe": None, "Oceania": None,
    "Northern Africa": "Africa", "Sub-Saharan Africa": "Africa",
    "Eastern Africa": "Sub-Saharan Africa", "Middle Africa": "Sub-Saharan Africa",
    "Southern Africa": "Sub-Saharan Africa", "Western Africa": "Sub-Saharan Africa",
    "Latin America and the Caribbean": "Americas", "Northern America": "Americas",
    "Caribbean": "Latin America and the Caribbean", "Central America": "Latin America and the Caribbean",
    "South America": "Latin America and the Caribbean",
    "Central Asia": "Asia", "Eastern Asia": "Asia", "South-eastern Asia": "Asia", "Southern Asia": "Asia",
    "Western Asia": "Asia",
    "Eastern Europe": "Europe", "Northern Europe": "Europe", "Southern Europe": "Europe", "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania", "Melanesia": "Oceania", "Micronesia": "Oceania", "Polynesia": "Oceania",
}
GLOBAL = "global"
# Values of organizations.region: global for international organizations, else M49 areas.
REGIONS = (GLOBAL, *M49_AREAS)


def area_ancestors(area: str) -> list[str]:
    """The area and every M49 area containing it, innermost first ("Caribbean" -> ..., "Americas")."""
    out = []
    while area:
        out.append(area)
        area = M49_AREAS.get(area)
    return out



@dataclass(frozen=True)
class Field:
    """One column. ``type`` is one of: id, ids, text, date, number, integer, boolean, enum, terms
    (a `;`-list of values from ``enum``), url."""

    name: str
    type: str
    required: bool = False
    description: str = ""
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False
    # Columns the contract does not name but the shipped data uses; optional everywhere.
    extension: bool = False


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    ref_column: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    required: bool = True
    description: str = ""

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _sources() -> Field:
    return Field("source_ids", "ids", description="`;`-separated source_id values from sources.csv")


MEETINGS = Table(
    "meetings",
    "Meetings",
    (
        Field("meeting_id", "id", True, "Identifier of the meeting", unique=True),
        Field("title", "text", True, "Title of the meeting"),
        Field("start_date", "date", True, "First day (YYYY-MM-DD)"),
        Field("end_date", "date", False, "Last day; empty means a one-day meeting"),
        Field("venue", "text", False, "Building or site, only where a source names it"),
        Field("city", "text", False, "City of the venue; required unless place_basis is virtual"),
        Field("country", "text", False, "Country of the venue; required unless place_basis is virtual"),
        Field("country_code", "text", False, "ISO 3166-1 alpha-3 code of the country"),
        Field("latitude", "number", False, "Latitude of the city; required unless place_basis is virtual, "
              "empty when it is", minimum=-90, maximum=90),
        Field("longitude", "number", False, "Longitude of the city; required unless place_basis is virtual, "
              "empty when it is", minimum=-180, maximum=180),
        Field("place_basis", "enum", False, "Where the place comes from: stated (a source states it), assumed "
              "(our assumption; place_note gives the reason) or virtual (held virtually: no place, no "
              "coordinates); empty = not recorded", enum=PLACE_BASES),
        Field("place_note", "text", False, "Why the place is assumed (required when place_basis is assumed)"),
        Field("meeting_type", "text", False, "e.g. special meeting, joint special meeting, open briefing"),
        Field("theme", "text", False, "What the meeting was about"),
        Field("topics", "terms", False, "Our classification: `;`-separated terms of the topic vocabulary "
              "(data/README.md)", enum=tuple(TOPICS), extension=True),
        Field("focus_region", "terms", False, "Our classification: the UN M49 region(s) or subregion(s) a meeting "
              "was about, `;`-separated; empty when it was not about a region", enum=tuple(M49_AREAS),
              extension=True),
        Field("organizations_reported", "integer", False,
              "Headline number of organizations that took part (may exceed the named ones)", minimum=0),
        Field("states_reported", "integer", False, "Headline number of States that took part", minimum=0),
        Field("outcome", "text", False, "Outcome document(s), with UN symbols where there are any"),
        Field("chair", "text", False, "The Committee's Chair on the meeting's date, \"Name (Country)\", where a "
              "source names that person as Chair then (never inferred from the year alone)", extension=True),
        Field("presided_by", "text", False, "Who presided over the meeting, where a source names someone other "
              "than the Chair (a Vice-Chair, a deputy); empty otherwise", extension=True),
        Field("visit_kind", "enum", False, "Country visits: the kind of visit, normalized from the source's words "
              "(in notes)", enum=VISIT_KINDS, extension=True),
        Field("led_by", "text", False, "Country visits: who led the delegation, where a source names it",
              extension=True),
        Field("visited_states", "ids", False, "Country visits: ISO 3166-1 alpha-3 codes of the visited State(s), "
              "`;`-separated (required for a country visit)", extension=True),
        Field("date_precision", "enum", False, "Empty: start_date is the day. month or year: the sources give only "
              "the month or year, and start_date is its first day", enum=DATE_PRECISIONS, extension=True),
        _sources(),
        Field("notes", "text", False, "Disagreements between sources, caveats"),
    ),
    ("meeting_id",),
    description="One row per meeting.",
)

ORGANIZATIONS = Table(
    "organizations",
    "Organizations",
    (
        Field("org_id", "id", True, "Identifier of the organization", unique=True),
        Field("name", "text", True, "Current name"),
        Field("acronym", "text", False, "Acronym"),
        Field("aliases", "text", False, "Former or other names, `;`-separated", extension=True),
        Field("kind", "enum", True, "international, regional or subregional", enum=KINDS),
        Field("region", "terms", False, "Our classification: global (international organizations), else the UN "
              "M49 region(s) or subregion(s) of the members, `;`-separated (data/README.md)", enum=REGIONS,
              extension=True),
        Field("un_system", "boolean", False, "Part of the United Nations system"),
        Field("parent_id", "id", False, "org_id of the parent organization (e.g. CICTE -> OAS)"),
        Field("hq_city", "text", False, "Headquarters city"),
        Field("hq_country", "text", False, "Headquarters country"),
        Field("hq_latitude", "number", False, "Latitude of the headquarters city", minimum=-90, maximum=90),
        Field("hq_longitude", "number", False, "Longitude of the headquarters city", minimum=-180, maximum=180),
        Field("founded", "integer", False, "Year founded", minimum=1800, maximum=THIS_YEAR),
        Field("member_states", "integer", False, "Number of member States on the member_states_as_of date",
              minimum=0),
        Field("member_states_as_of", "date", False, "The date member_states is true at (e.g. the date the latest "
              "member joined, or the date of the page that states the count)"),
        Field("website", "url", False, "http or https address"),
        _sources(),
        Field("notes", "text", False, "Caveats, e.g. a classification that is ours", extension=True),
    ),
    ("org_id",),
    (ForeignKey("parent_id", "organizations", "org_id"),),
    description="One row per organization.",
)

PARTICIPATION = Table(
    "participation",
    "Participation",
    (
        Field("meeting_id", "id", True, "meeting_id from meetings.csv"),
        Field("org_id", "id", True, "org_id from organizations.csv"),
        Field("role", "enum", True, "convener, host, co-organizer, presenter, participant or invited",
              enum=ROLES),
        _sources(),
        Field("notes", "text", False, "Caveats", extension=True),
    ),
    ("meeting_id", "org_id"),
    (
        ForeignKey("meeting_id", "meetings", "meeting_id"),
        ForeignKey("org_id", "organizations", "org_id"),
    ),
    description="One row per organization at a meeting.",
)

SOURCES = Table(
    "sources",
    "Sources",
    (
        Field("source_id", "id", True, "Identifier of the source", unique=True),
        Field("title", "text", True, "Title of the document"),
        Field("publisher", "text", False, "Who published it"),
        Field("published", "date", False, "Publication date"),
        Field("url", "url", False, "http or https address"),
        Field("reliability", "text", False, "official, news, secondary or mirror (unofficial copy)",
              extension=True),
    ),
    ("source_id",),
    description="One row per source document.",
)

REPORTED_FIGURES = Table(
    "reported_figures",
    "Reported figures",
    (
        Field("meeting_id", "id", True, "meeting_id from meetings.csv"),
        Field("measure", "enum", True, "organizations, states or participants (people)", enum=MEASURES),
        Field("value", "integer", True, "The figure as the source states it", minimum=0),
        Field("qualifier", "enum", False, "exactly, more than, about, expected (given before the meeting)",
              enum=QUALIFIERS),
        Field("source_id", "id", True, "source_id from sources.csv"),
        Field("note", "text", False, "Wording of the source"),
    ),
    (),
    (
        ForeignKey("meeting_id", "meetings", "meeting_id"),
        ForeignKey("source_id", "sources", "source_id"),
    ),
    required=False,
    description="Optional: every figure each source gives.",
)

PLACES = Table(
    "places",
    "Further places",
    (
        Field("meeting_id", "id", True, "meeting_id from meetings.csv"),
        Field("city", "text", True, "City of this part of the meeting"),
        Field("country", "text", True, "Country of that city"),
        Field("country_code", "text", False, "ISO 3166-1 alpha-3 code of the country"),
        Field("latitude", "number", True, "Latitude of the city", minimum=-90, maximum=90),
        Field("longitude", "number", True, "Longitude of the city", minimum=-180, maximum=180),
        Field("venue", "text", False, "Building or site, only where a source names it"),
        Field("start_date", "date", False, "First day held there (within the meeting's dates)"),
        Field("end_date", "date", False, "Last day held there; empty means one day"),
        Field("place_basis", "enum", False, "stated or assumed, as in meetings.csv", enum=(STATED, ASSUMED)),
        Field("place_note", "text", False, "Why the place is assumed (required when place_basis is assumed)"),
        _sources(),
        Field("notes", "text", False, "Caveats"),
    ),
    ("meeting_id", "city"),
    (ForeignKey("meeting_id", "meetings", "meeting_id"),),
    required=False,
    description="Optional: the further places of a meeting held in more than one city (its first place is the "
                "one in meetings.csv), one row per further city.",
)

TABLES: dict[str, Table] = {t.name: t for t in (MEETINGS, ORGANIZATIONS, PARTICIPATION, SOURCES, REPORTED_FIGURES,
                                                PLACES)}



def split_list(value: object, keep_blank: bool = False) -> list[str]:
    """The one reading of a list cell: ``"a; b"`` -> ``["a", "b"]``; missing -> ``[]``.

    Blank entries (``"a;;b"``) are dropped, or kept as "" for the validator (``keep_blank``).
    """
    if not isinstance(value, str):
        return []
    parts = [p.strip() for p in value.strip().split(LIST_SEPARATOR)]
    return parts if keep_blank else [p for p in parts if p]


def terms_pattern(terms: tuple[str, ...]) -> str:
    """A `;`-list of the terms, as one regular expression (the datapackage's constraint)."""
    one = "(" + "|".join(re.sub(r"([.^$*+?{}\[\]\\|()])", r"\\\1", t) for t in terms) + ")"
    return rf"{one}(\s*{LIST_SEPARATOR}\s*{one})*"


_SAFE_URL = re.compile(r"(?i)https?://[^\s<>\"'`]+")


def safe_url(value: object) -> str | None:
    """The value if it is an http or https address (nothing else is ever rendered as a link), else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _SAFE_URL.fullmatch(value) else None
