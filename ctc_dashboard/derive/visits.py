"""Country visits: which rows are visits, how the words follow what is shown, and how much of the Committee's
own count of visits the data holds.

A visit is a row of meetings.csv of type ``country visit`` (the contract's ``VISIT``): CTED's visit to a State
on behalf of the Committee, the visited State(s) in ``visited_states``. Everything that counts or words visits
reads this module, so "12 meetings and 40 country visits" reads the same on every page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..contract.labels import count_of, year_span
from ..contract.schema import VISIT, split_list
from ..dataset.model import Dataset


@dataclass(frozen=True)
class PublishedCount:
    """The Committee's own count of visits, as a source gives it (cited by its source_id in sources.csv)."""

    visits: int
    states: int
    as_of: str  # the month the count is true at, as the source words it
    cutoff: str  # YYYY-MM: visits starting on or before this month are inside the count
    source_id: str
    wording: str


# "As of September 2024, CTED has conducted 205 visits to 119 United Nations Member States (including 11 virtual
# components of the hybrid visits during the COVID-19 period and 2 full hybrid visits), on behalf of the
# Counter-Terrorism Committee." The Committee's "Country Assessment Visits" page (an unofficial copy: the
# official copy in the store is older); data/README.md gives the earlier figures.
PUBLISHED = PublishedCount(205, 119, "September 2024", "2024-09", "v-ctc-assessments-2024",
                           "As of September 2024, CTED has conducted 205 visits to 119 United Nations Member States "
                           "(including 11 virtual components of the hybrid visits during the COVID-19 period and 2 "
                           "full hybrid visits), on behalf of the Counter-Terrorism Committee.")


def is_visit(meetings: pd.DataFrame) -> pd.Series:
    """True for the rows that are country visits."""
    return meetings["meeting_type"].astype("str").eq(VISIT)


def split(meetings: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(meetings that are not visits, visits)."""
    v = is_visit(meetings)
    return meetings[~v], meetings[v]


def counts_in_words(meetings: pd.DataFrame, *, zero: str = "no meetings") -> str:
    """'12 meetings', '40 country visits' or '12 meetings and 40 country visits': the words follow the rows."""
    v = int(is_visit(meetings).sum())
    m = len(meetings) - v
    parts = ([count_of(m, "meeting")] if m else []) + ([count_of(v, "country visit")]
                                                                  if v else [])
    return " and ".join(parts) or zero


def noun(meetings: pd.DataFrame) -> str:
    """What the rows are, for a heading or a label: 'meetings', 'country visits' or 'meetings and visits'."""
    v = int(is_visit(meetings).sum())
    if v == 0:
        return "meetings"
    return "country visits" if v == len(meetings) else "meetings and visits"


MAP_NOTE = ("Country visits: a circle at the city a source says the delegation was in or, where no source says, "
            "at the visited State's capital (an assumption, marked as such in the data), with the visited State "
            "shaded; the virtual components of hybrid visits had no place and are not drawn. The smallest States "
            "(Malta, the Maldives, Samoa) have no shape on this map, only their circle.")


def map_title(meetings_title: str, meetings: pd.DataFrame) -> str:
    """The map page's title: the meetings' own title unless visits are shown."""
    return {"meetings": meetings_title, "country visits": "Where the country visits went"}.get(
        noun(meetings), f"{meetings_title}, and where the country visits went")


def where_heading(meetings: pd.DataFrame) -> str:
    """The map's heading: where they met, which States were visited, or both."""
    return {"meetings": "Where they met", "country visits": "Which States were visited"}.get(
        noun(meetings), "Where they met, and which States were visited")


def visited_states(meetings: pd.DataFrame) -> pd.Series:
    """One row per (visit, visited State): meeting_id -> ISO 3166-1 alpha-3 code."""
    visits = meetings[is_visit(meetings)]
    pairs = [(mid, code) for mid, cell in zip(visits["meeting_id"], visits["visited_states"], strict=True)
             for code in split_list(cell)]
    return pd.Series([c for _, c in pairs], index=pd.Index([m for m, _ in pairs], name="meeting_id"),
                     name="state", dtype="str")


def state_names(meetings: pd.DataFrame) -> dict[str, str]:
    """ISO code -> the State's name as the data writes it (the country of a visit to that State alone)."""
    visits = meetings[is_visit(meetings)]
    out: dict[str, str] = {}
    for cell, country in zip(visits["visited_states"], visits["country"], strict=True):
        codes = split_list(cell)
        if len(codes) == 1 and isinstance(country, str):
            out.setdefault(codes[0], country)
    for code in visited_states(meetings):
        out.setdefault(code, code)
    return out


def state_options(ds: Dataset) -> list[str]:
    """The visited States in the data, by name."""
    names = state_names(ds.meetings)
    return sorted(names, key=lambda c: names[c].casefold())


def state_labels(ds: Dataset) -> dict[str, str]:
    return state_names(ds.meetings)


@dataclass(frozen=True)
class Coverage:
    """How many of the Committee's published visits the data holds."""

    held: int  # visits in the data inside the published count (starting on or before its cutoff)
    held_states: int
    later: int  # visits in the data after the cutoff
    published: PublishedCount

    def sentence(self) -> str:
        p = self.published
        later = f" It also holds {count_of(self.later, 'visit')} after that date." if self.later else ""
        return (f"The data holds {self.held:,} of the {p.visits:,} country visits to {p.states:,} States that the "
                f"Committee counts as of {p.as_of} ({self.held_states:,} States): the visits a public source names, "
                f"not all of them.{later}")


def coverage(ds: Dataset, published: PublishedCount = PUBLISHED) -> Coverage:
    """The visits of the full data against the Committee's count; a visit's month decides which side it is on."""
    visits = ds.meetings[is_visit(ds.meetings)]
    month = visits["start_date"].dt.strftime("%Y-%m")
    inside = visits[month <= published.cutoff]
    states = visited_states(inside)
    return Coverage(held=len(inside), held_states=int(states.nunique()), later=int((month > published.cutoff).sum()),
                    published=published)


def per_year(meetings: pd.DataFrame) -> pd.DataFrame:
    """Visits per year (the README's coverage table): year, visits."""
    visits = meetings[is_visit(meetings)]
    out = visits["start_date"].dt.year.value_counts().sort_index()
    return pd.DataFrame({"year": out.index.astype("int64"), "visits": out.to_numpy()})


def organization_split(ds: Dataset, org_id: str) -> dict[str, int]:
    """How many meetings and how many country visits an organization took part in (any role but invited)."""
    from .filters import took_part

    p = took_part(ds.participation)
    mids = set(p.loc[p["org_id"] == org_id, "meeting_id"])
    rows = ds.meetings[ds.meetings["meeting_id"].isin(mids)]
    v = int(is_visit(rows).sum())
    return {"meetings": len(rows) - v, "visits": v}


def took_part_text(took: pd.DataFrame, all_meetings: pd.DataFrame) -> str:
    """'took part in 3 of 50 meetings (2003–2019) and 12 of 98 country visits (2005–2025)': meetings and
    visits apart, each against its own total (visits only where the data has any)."""
    parts = []
    for rows, total, noun in ((took[~is_visit(took)], all_meetings[~is_visit(all_meetings)], "meetings"),
                              (took[is_visit(took)], all_meetings[is_visit(all_meetings)],
                               "country visits")):
        if noun == "country visits" and total.empty:
            continue
        if len(rows):
            parts.append(f"{len(rows)} of {len(total)} {noun} ({year_span(rows['start_date'].dt.year)})")
        else:
            parts.append(f"none of the {len(total)} {noun}")
    return "took part in " + " and ".join(parts)
