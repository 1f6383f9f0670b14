"""Every widget and session-state key, declared once.

The filters and page choices are keyed by their URL parameter (``derive.view.PARAMS``: a shared link
carries them, so they never change); the keys here are the others. Page keys are prefixed by their page.
"""

from __future__ import annotations

# The typed years beside the years slider (the slider is keyed "years", its URL parameter).
YEAR_FROM, YEAR_TO = "years-from", "years-to"
RESET = "reset"
RESET_EMPTY = "reset-empty"
INCLUDE_HIDDEN = "include-hidden-types"
BACK_TO_SHIPPED = "back-to-shipped"

# Session state.
UPLOADED = "uploaded_dataset"
RESET_NEXT_RUN = "reset-filters-next-run"
CONTEXT = "ctx"
URL_READ = "url-read"  # the address was read into the widgets (a session's first run)
URL_NOTICES = "url-notices"  # what the address asked for that could not be used
CHOICES = "page-choices"  # the page choices, kept while their page is not shown

# A click selection travels in the URL as ?meeting=<id>.
SELECTED_MEETING = "meeting"

# Pages.
OVERVIEW_MAP, OVERVIEW_TIMELINE, OVERVIEW_BREAKDOWN = "overview-map", "overview-timeline", "overview-breakdown"
HEADLINE = "headline"  # the Overview's row of figures (static/shell.css keeps its height: st-key-headline)
MAP_ARCS, VENUE_MAP = "arcs", "venue-map"
TIMELINE, ORGANIZATIONS_PER_YEAR, TOPICS_PER_YEAR = "timeline", "organizations-per-year", "topics-per-year"
TOPIC_TOTALS = "topic-totals"
BREAKDOWN, PER_ORGANIZATION = "participation-by-meeting", "meetings-per-organization"
MATRIX, CONTINUITY_TABLE, CONTINUITY_DOWNLOAD = "participation-matrix", "continuity-table", "dl-continuity"
SOURCES_TABLE = "sources-table"
CHANGES_TABLE, COMPARE_UPLOAD, COMPARE_TABLE = "changes-table", "compare-upload", "compare-table"
UPLOAD, USE_UPLOAD, DATA_PACKAGE = "upload", "use-upload", "dl-zip"
WORKBOOK, DATABASE, DATABASE_METADATA, TEMPLATE = "dl-xlsx", "dl-sqlite", "dl-sqlite-metadata", "dl-template"
PROFILE_RESULT = "profile-result"
PROFILE_AUTO_OPENED = "profile-auto-opened"  # the query whose only result was opened at once
BROWSE_MEETING, BROWSE_ORGANIZATION = "browse-meeting", "browse-organization"
PROFILE_MAP, PROFILE_TIMELINE = "profile-map", "profile-timeline"
COMPARE_BY, COMPARE_ORGS, COMPARE_TYPES, COMPARE_PERIODS = ("compare-by", "compare-orgs", "compare-types",
                                                         "compare-periods")
COMPARE_ADD, COMPARE_REMOVE, COMPARE_DOWNLOAD = "compare-add", "compare-remove", "dl-comparison"
COMPARE_PER_YEAR, COMPARE_ROLES, COMPARE_TOPICS, COMPARE_REGIONS = ("compare-per-year", "compare-roles",
                                                                    "compare-topics", "compare-regions")
IMAGE_FORMAT = "chart-image-format"  # what a chart's camera button saves (session only)


def table(name: str) -> str:
    return f"table-{name}"


def download(name: str) -> str:
    return f"dl-{name}"


def shown(name: str) -> str:
    """The Chart/Table tabs or the expander of a table: which is open, so a closed table is not sent."""
    return f"shown-{name}"


def report(where: str) -> str:
    return f"report-{where}"


def generation(name: str) -> str:
    """Bumped on "clear": a chart's selection cannot be reset in place, so its key changes."""
    return f"{name}-generation"


def clear(name: str) -> str:
    return f"clear-{name}"


def pick(name: str) -> str:
    """The list beside a clickable chart that selects the same meetings from the keyboard."""
    return f"pick-{name}"


def last_click(name: str) -> str:
    """The chart's click already applied: a kept click must not undo a later choice from the list."""
    return f"{name}-last-click"


def compare_period(i: int) -> str:
    return f"compare-period-{i}"


def profile(part: str, entity_id: str) -> str:
    """A profile's own tables: 'profile-parts-M1', 'profile-sources-M1', …"""
    return f"profile-{part}-{entity_id}"
