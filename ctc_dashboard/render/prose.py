"""Page text: what these meetings are, how to cite, and the sentences that quote a count or a cap."""

from __future__ import annotations

import re

import pandas as pd

from ..contract.labels import year_span
from ..dataset.model import Dataset
from ..derive import visits
from ..derive.filters import organizations_taking_part
from ..limits import BROWSE_ENTRIES, TABLE_ROWS

ABOUT_MEETINGS = """
The UN Security Council's **Counter-Terrorism Committee** (CTC) was set up under resolution 1373 (2001);
its **Executive Directorate** (CTED) was established by resolution 1535 (2004). Together they work with
international, regional and subregional organizations, and since 2003 the Committee has met them in
**special meetings**: the first in New York on 6 March 2003, with 57 organizations, then in Washington
(hosted by the OAS and its Inter-American Committee against Terrorism), Vienna (co-hosted by UNODC and the
OSCE), Almaty (organized by the CIS), Nairobi (on border security) and later Strasbourg, New York (on the
Sahel in 2013 and, among others, on terrorist financing, the Internet and civil aviation), Madrid, and
Mumbai and New Delhi. The Committee has also held **joint special meetings** with other Security Council
committees and, since 2014, some thirty **open briefings** and open meetings on a region or a theme, which
this dashboard can include or leave out.

Experts of many of the same organizations also take part in the **country visits** that CTED conducts on the
Committee's behalf, to assess how a State implements the Council's resolutions. Visits are one choice away
(Meeting type, in the sidebar): each is drawn at the visited State, with the organizations whose experts the sources
name.

Each meeting here lists the organizations that public sources name, and in which role. Sources often name
fewer organizations than took part, and disagree on how many did: the dashboard keeps every figure with its
source, and shows an unknown value as unknown.
"""

TAKING_PART_MEANS = ("Organizations taking part: named by a source in any role but convener (the Committee itself, "
                     "or a committee it met with) and invited (attendance not known). Every count of organizations "
                     "on these pages means this; a count that means something else says so.")


def count_line(full: Dataset, view: Dataset, meetings: pd.DataFrame) -> str:
    """'3 of 4 meetings, 2003–2019 · 4 organizations taking part, 9 times in all' (TAKING_PART_MEANS); with visits
    shown, '3 of 4 meetings and 40 of 107 country visits, 2003–2025 · …': the words follow the rows."""
    n, total = len(view.meetings), len(full.meetings)
    n_visits, all_visits = int(visits.is_visit(view.meetings).sum()), int(visits.is_visit(full.meetings).sum())
    if n == 0:
        return f"0 of {total - all_visits} meetings match the filters."
    parts = [f"{n - n_visits} of {total - all_visits} meetings"] if n > n_visits or not n_visits else []
    head = " and ".join([*parts, *([f"{n_visits} of {all_visits} country visits"] if n_visits else [])])
    span = year_span(view.meetings["start_date"].dt.year)
    appearances = int(meetings["named_organizations"].sum())
    orgs = organizations_taking_part(view.participation)
    return (f"{head}, {span} · {orgs} organizations taking part, {appearances} times in all "
            "(one organization at one meeting counts once)")


def taking_part_line(participation: pd.DataFrame) -> str:
    """Under a meeting's list of bodies: how many of them count as taking part, and what the rest are."""
    n, rows = organizations_taking_part(participation), len(participation)
    line = f"{n} organization{'s' if n != 1 else ''} taking part, as counted on every page"
    if rows > n:
        line += f"; the other {rows - n} listed {'is' if rows - n == 1 else 'are'} the convener or only invited"
    return line + "."


RELIABILITY_MEANS = ("official: a page of the UN, another intergovernmental organization or a government; news: a "
                     "news outlet; secondary: other third-party pages (document-sharing sites, think tanks, blogs, "
                     "reference and wiki sites); mirror: an unofficial copy of a un.org page on an unrelated domain. "
                     "Our classification (data/README.md).")


def reliability_line(sources: pd.DataFrame, record: str) -> str:
    """Above a profile's sources: how reliable they are, and a warning when the record itself cites no official
    source (``record``: what the record's own row is cited as, e.g. 'the organization record')."""
    counts = sources["reliability"].fillna("not given").value_counts()
    line = "Sources by reliability: " + ", ".join(f"{n} {r}" for r, n in counts.items()) + "."
    own = sources[sources["cited_for"].str.contains(record, regex=False)]
    if len(own) and not (own["reliability"] == "official").any():
        line += f" No official source is cited for {record}: read its facts with care."
    return line


def first_rows_caption(n: int) -> str:
    """Said above a table cut to TABLE_ROWS ('' when it is not cut)."""
    cap = TABLE_ROWS.value
    return f"The first {cap:,} of {n:,} rows; the download has them all." if n > cap else ""


def browse_caption(meetings: int, organizations: int) -> str:
    """Said above the Profiles page's browse lists when BROWSE_ENTRIES cut them ('' otherwise)."""
    cap = BROWSE_ENTRIES.value
    if meetings <= cap and organizations <= cap:
        return ""
    return (f"The lists hold at most {cap:,} entries each (the newest meetings, organizations A–Z); "
            "the search box finds everything.")


_HEADING = re.compile(r"^(#{1,6})(?=\s)", re.MULTILINE)


def demote_headings(markdown: str, levels: int) -> str:
    """Markdown headings ``levels`` deeper (at most h6), to nest a document under a page's own headings."""
    return _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + levels), markdown)


# What the Overview's place figures count (derive.places.place_figures), as the metrics' help.
HOST_CITIES_HELP = ("Every city a meeting was held in: a meeting held in two cities (Mumbai and New Delhi, 2022) "
                    "counts in both. Virtual meetings have no city. Places no source states are assumed (rings on "
                    "the map).")
OUTSIDE_NEW_YORK_HELP = "Meetings with a place outside New York. Virtual meetings had no place and are not counted."
