"""Text alternatives: one plain sentence or two per chart and map, built from the table it draws.

A screen reader announces them as the chart's name (``alt=``), and the page shows them under the
chart, so a reader who cannot see the marks gets what the chart says. Plain text (no Markdown, no
HTML); data text is passed through as is and escaped by the caller where it is rendered.
"""

from __future__ import annotations

import pandas as pd

from ..contract.labels import KIND_LABELS, ROLE_LABELS, UNKNOWN, and_list, count_of
from ..contract.schema import VIRTUAL
from ..derive import visits
from ..derive.places import assumed_count, placed
from .breakdown import REGION_LABELS, REGION_SEGMENTS
from .maps import not_on_map

TOP = 3  # the biggest few a sentence names


def _span(years: pd.Series) -> str:
    lo, hi = int(years.min()), int(years.max())
    return f"in {lo}" if lo == hi else f"from {lo} to {hi}"


def _top(counts: pd.Series, n: int = TOP) -> str:
    """'New York 12, Vienna 2 and Madrid 1': the largest first, ties by name."""
    counts = counts[counts > 0]
    frame = pd.DataFrame({"k": counts.index.astype(str), "v": counts.to_numpy()})
    frame = frame.sort_values(["v", "k"], ascending=[False, True], kind="stable").head(n)
    parts = [f"{k} {v:,}" for k, v in zip(frame["k"], frame["v"], strict=True)]
    return and_list(parts)


def meetings_overview(summary: pd.DataFrame) -> str:
    """'19 meetings from 2003 to 2022, 12 of them in New York.'"""
    if summary.empty:
        return "No meetings match the filters."
    n = len(summary)
    cities = summary["city"].astype("object").fillna(UNKNOWN).value_counts()
    city, in_city = str(cities.index[0]), int(cities.iloc[0])
    where = f", all in {city}" if in_city == n else f", {in_city:,} of them in {city}"
    return f"{count_of(n, 'meeting')} {_span(summary['start_date'].dt.year)}{where}."


def timeline(summary: pd.DataFrame) -> str:
    """What the timeline shows: how many meetings, when, where most were, and of which type."""
    if summary.empty:
        return "Timeline: no meetings match the filters."
    types = summary["meeting_type"].astype("object").fillna("type not given").value_counts()
    by_type = "; ".join(f"{count_of(int(v), str(k))}" for k, v in types.items())
    busiest = summary["start_date"].dt.year.value_counts()
    year, most = int(busiest.index[0]), int(busiest.iloc[0])
    peak = f" The busiest year was {year}, with {most}." if most > 1 else ""
    return f"Timeline of {meetings_overview(summary)} By type: {by_type}.{peak}"


def venues(summary: pd.DataFrame, arcs: int = 0, colours: pd.DataFrame | None = None, by: str = "") -> str:
    """What the venue map shows: cities, with the meetings held in each.

    ``colours`` (maps.venue_colour_table) and ``by`` (its name, e.g. "Topic"): what the circles' colours
    stand for, when not the meeting type (the timeline's sentence already counts the types).
    """
    if summary.empty:
        return "Map of meeting venues: no meetings match the filters."
    pts = placed(summary)
    cities = pts["city"].astype("object").fillna(UNKNOWN).value_counts()
    typed = "meeting_type" in summary  # a bare table (tests, a chart's own) has no types: all meetings
    several, once = cities[cities > 1], cities[cities == 1]
    if several.empty or len(once) <= 1:
        where = _top(cities)
    else:  # name the cities that held several; the others are many ties, counted rather than picked
        where = f"{_top(several)}; {len(once):,} other {'city' if len(once) == 1 else 'cities'} held one each"
    on_map = summary[summary["meeting_id"].isin(set(pts["meeting_id"]))] if typed else None
    what = visits.counts_in_words(on_map) if typed else count_of(pts["meeting_id"].nunique(), "meeting")
    text = (f"Map of {what} in {count_of(len(cities), 'city', 'cities')} "
            f"{_span(summary['start_date'].dt.year)}: {where}.")
    two = pts.loc[pts["further"], "meeting_id"].nunique()
    if two:
        text += f" {count_of(two, 'meeting')} held in more than one city {'is' if two == 1 else 'are'} counted in each."
    assumed = assumed_count(pts)
    if assumed:
        text += (f" {count_of(assumed, 'place')} {'is' if assumed == 1 else 'are'} assumed, not stated by a source "
                 "(drawn as rings).")
    missing = not_on_map(summary)
    if missing:
        text += " " + missing
    shaded = int(visits.visited_states(summary).nunique()) if typed and "visited_states" in summary else 0
    if shaded:
        text += " The visited State is shaded." if shaded == 1 else f" The {shaded:,} visited States are shaded."
    if arcs:
        text += f" {count_of(arcs, 'arc')} join each organization's headquarters to the venues it came to."
    if colours is not None and by and not colours.empty:
        groups = colours["group"].astype(str).value_counts()
        text += f" Circles coloured by {by.lower()}: {_top(groups, len(groups))}."
    return text


def organizations_per_year(table: pd.DataFrame) -> str:
    """From organizations_per_year_table: the range of the yearly totals and the kinds."""
    if table.empty:
        return "Organizations per year: no organization is named for these meetings."
    per_year = table.groupby("year")["organizations"].sum()
    top_year, top = int(per_year.idxmax()), int(per_year.max())
    kinds = table.groupby("kind")["organizations"].sum()
    kinds.index = [KIND_LABELS.get(k, k).lower() for k in kinds.index]
    return (f"Organizations taking part per year, {_span(pd.Series(per_year.index))}: the most, {top:,}, "
            f"in {top_year}. Summed over the years, by kind: {_top(kinds, 4)}.")


def participation_by_meeting(table: pd.DataFrame) -> str:
    """From participation_by_meeting_table: named organizations per meeting against the headline figures."""
    if table.empty:
        return "Organizations at each meeting: no meetings match the filters."
    named = table.set_index("meeting")["named_organizations"]
    most = named.idxmax()
    reported = int(table["organizations_reported"].notna().sum())
    return (f"Organizations named in sources at each of {count_of(len(table), 'meeting')}: from {int(named.min()):,} "
            f"to {int(named.max()):,}, the most at {most}. A headline figure is reported for {reported:,} of them; "
            "the table gives every figure with its source.")


def participation_by_region(table: pd.DataFrame) -> str:
    """From participation_by_meeting_table(..., by="region"): the sentence of every breakdown, and the regions."""
    text = participation_by_meeting(table)
    segments = [k for k in (*REGION_SEGMENTS, UNKNOWN) if k in table.columns]
    totals = table[segments].sum() if segments and not table.empty else pd.Series(dtype="int64")
    if not (totals > 0).any():
        return text
    totals.index = [REGION_LABELS.get(k, k) for k in totals.index]
    return (f"{text} By the region of their members, summed over the meetings: "
            f"{_top(totals.astype('int64'), len(totals))}.")


def topic_totals(table: pd.DataFrame) -> str:
    """From charts.topic_totals_table: every topic, ranked."""
    if table.empty:
        return "Topics: no meetings match the filters."
    counts = pd.Series(table["meetings"].to_numpy(), index=table["topic"].astype(str))
    return (f"{count_of(len(table), 'topic')} ranked by meetings, a meeting counted under each of its topics: "
            f"{_top(counts, len(table))}.")


def topics_per_year(table: pd.DataFrame) -> str:
    """From charts.topics_per_year_table: the topics most met, and the busiest year of one topic."""
    if table.empty or not (table["meetings"] > 0).any():
        return "Topics per year: no meetings match the filters."
    per_topic = table.groupby("topic", sort=False)["meetings"].sum()
    peak = table.sort_values(["meetings", "year"], ascending=[False, True], kind="stable").iloc[0]
    return (f"Topics of the meetings per year, {_span(table['year'])}, a meeting counted under each of its topics. "
            f"Most often: {_top(per_topic)}. The most in one year: {int(peak['meetings']):,} on "
            f"{peak['topic']} in {int(peak['year'])}.")


def meetings_per_organization(table: pd.DataFrame) -> str:
    """From meetings_per_organization_table: who came most often."""
    if table.empty:
        return "Meetings per organization: no organization is named for these meetings."
    counts = pd.Series(table["meetings"].to_numpy(), index=table["label"].astype(str))
    return (f"Meetings taken part in, for {count_of(len(table), 'organization')}, by role. "
            f"Most often: {_top(counts)}.")


def matrix(table: pd.DataFrame) -> str:
    """From continuity.matrix_table: who came to which meeting, and who came most."""
    if table.empty:
        return "Organizations by meetings: no organization is named for these meetings."
    n_meetings = len([c for c in table.columns if c not in ("org_id", "label", "name", "kind", "meetings")])
    counts = pd.Series(table["meetings"].to_numpy(), index=table["label"].astype(str))
    once = int((table["meetings"] == 1).sum())
    return (f"Grid of {count_of(len(table), 'row')} (organizations, conveners included) by "
            f"{count_of(n_meetings, 'meeting')}, coloured by role. Most often: {_top(counts)}; {once:,} took part only "
            "once.")


def organization_timeline(meetings: pd.DataFrame, name: str) -> str:
    """From profiles.organization_meetings: one organization's meetings over time, by role."""
    if meetings.empty:
        return f"{name}: no meeting is recorded."
    roles = meetings["role"].astype(str).value_counts()
    roles.index = [ROLE_LABELS.get(r, r).split(" (")[0].lower() for r in roles.index]
    return (f"{name}: {count_of(len(meetings), 'meeting')} {_span(meetings['start_date'].dt.year)}. "
            f"By role: {_top(roles, len(roles))}.")


def venue_of(record: dict | pd.Series, organizations_with_arcs: int) -> str:
    """The profile map of one meeting."""
    if record.get("place_basis") == VIRTUAL:
        return "Held virtually: the meeting had no place, so the map shows none."
    city, country = record.get("city"), record.get("country")
    place = ", ".join(str(v) for v in (city, country) if isinstance(v, str) and v) or UNKNOWN
    arcs = (f", with arcs from the headquarters of {count_of(organizations_with_arcs, 'organization')}"
            if organizations_with_arcs else "")
    return f"Map of the venue: {place}{arcs}."


# ---------------------------------------------------------------- the Compare page

def compare_per_year(t: pd.DataFrame) -> str:
    """'Meetings per year, compared: UNODC 7 (busiest 2017, 3), ICAO 3 (busiest 2003, 1).'"""
    parts = []
    for side, rows in t.groupby("compared", sort=False):
        total = int(rows["meetings"].sum())
        if total:
            best = rows.sort_values(["meetings", "year"], ascending=[False, True]).iloc[0]
            parts.append(f"{side} {total:,} (busiest {int(best['year'])}, {int(best['meetings']):,})")
        else:
            parts.append(f"{side} none")
    return "Meetings per year, compared on one scale: " + "; ".join(parts) + "." if parts else "Nothing compared."


def compare_bars(t: pd.DataFrame, item: str, value: str, what: str) -> str:
    """'Roles taken, compared (largest first): UNODC: Presenter 4, Co-organizer 1 and Host 1; ICAO: …'."""
    parts = []
    for side, rows in t.groupby("compared", sort=False):
        counts = pd.Series(rows[value].to_numpy(), index=rows[item].astype(str))
        parts.append(f"{side}: " + (_top(counts) if (counts > 0).any() else "none"))
    return f"{what}, compared (largest first): " + "; ".join(parts) + "." if parts else "Nothing compared."
