"""What a view leaves out and what the data covers, in words: the sentences that keep an analyst from quoting a
partial count as the whole.

Pure (no streamlit): the pages show ``hidden_line`` beside every count and ``coverage_line`` on the Overview and
in an empty search.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..contract.labels import UNKNOWN_TYPE, and_list, count_of, year_span
from ..contract.schema import BRIEFING, MEETING_TYPES
from ..dataset.model import Dataset
from . import visits
from .filters import Filters, default_filters, meeting_types


def _count_of_type(n: int, meeting_type: str) -> str:
    """'30 open briefings'; the label of meetings without a type has no plural."""
    return count_of(n, meeting_type, meeting_type if meeting_type == UNKNOWN_TYPE else None)


def hidden_types(full: Dataset, f: Filters, type_counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Meeting types the type filter leaves out that would add meetings, with how many (``type_counts``: the
    sidebar's facet counts for the type filter, i.e. the meetings each type gives with the other filters)."""
    chosen = set(f.meeting_types)
    if not chosen:
        return []
    return [(t, int(type_counts.get(t, 0))) for t in meeting_types(full)
            if t not in chosen and type_counts.get(t, 0)]


def hidden_line(full: Dataset, f: Filters, type_counts: Mapping[str, int]) -> str | None:
    """'Showing special meetings and joint special meetings only: 30 open briefings are hidden (by default).'

    None when the type filter hides nothing that the other filters would show.
    """
    hidden = hidden_types(full, f, type_counts)
    if not hidden:
        return None
    shown = [t for t in meeting_types(full) if t in set(f.meeting_types)]
    what = and_list([_count_of_type(n, t) for t, n in hidden])
    verb = "is" if len(hidden) == 1 and hidden[0][1] == 1 else "are"
    why = " by the default view" if f.meeting_types == default_filters(full).meeting_types else ""
    return f"Showing {and_list([t + 's' for t in shown])} only: {what} {verb} hidden{why}."


def include_label(full: Dataset, f: Filters, type_counts: Mapping[str, int]) -> str:
    """The one-click button's words: 'Include open briefings' (or every hidden type)."""
    hidden = [t for t, _ in hidden_types(full, f, type_counts)]
    if hidden == [BRIEFING]:
        return "Include open briefings"
    return "Include " + and_list([t + "s" for t in hidden])


def with_hidden_types(full: Dataset, f: Filters, type_counts: Mapping[str, int]) -> tuple[str, ...]:
    """The type filter's value once the hidden types are included (data order)."""
    wanted = set(f.meeting_types) | {t for t, _ in hidden_types(full, f, type_counts)}
    return tuple(t for t in meeting_types(full) if t in wanted)


def coverage_line(full: Dataset) -> str:
    """What the data covers and what it does not: years, meeting types with counts, organizations.

    'The data covers 53 meetings and 107 country visits, 2003–2026: 18 special meetings, …, with 69 organizations.
    Not covered: …' (a type of the vocabulary the data holds none of is named: 'It holds no …')
    """
    m = full.meetings
    if m.empty:
        return "The data holds no meetings."
    counts = m["meeting_type"].fillna(UNKNOWN_TYPE).value_counts()
    types = [_count_of_type(int(counts[t]), t) for t in meeting_types(full) if t in counts.index]
    line = (f"The data covers {visits.counts_in_words(m)}, {year_span(m['start_date'].dt.year)}: {and_list(types)}, "
            f"with {count_of(len(full.organizations), 'organization')}.")
    absent = [t for t in MEETING_TYPES if t not in counts.index]
    if absent:
        line += f" It holds no {and_list([t + 's' for t in absent])}."
    not_covered = ["the Committee's closed meetings", "CTED's day-to-day contacts with organizations"]
    return (line + f" Not covered: {and_list(not_covered)}; and at each meeting only the organizations that public "
            "sources name.")
