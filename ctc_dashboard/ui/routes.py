"""The page registry: every page once, as data. Read by dashboard.py, the tests and the benchmark.

To add a page: add its file under app_pages/ and a Route here (see CONTRIBUTING.md). Also here:
how a profile is addressed (``?meeting=<id>`` or ``?organization=<id>``, on the profile page or
the landing page). Plain data and functions: importing this module imports no Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from ..dataset.model import Dataset
from ..derive.citations import Citation, record_citation
from ..derive.profiles import PROFILE_KEYS
from ..web.urls import record_path


@dataclass(frozen=True)
class Route:
    file: str  # the page script, relative to the repository root
    title: str  # in the navigation
    icon: str  # a Material icon (an emoji favicon is set once in dashboard.py)
    url_path: str  # "" for the default page
    heading: str  # the page's h1

    @property
    def default(self) -> bool:
        return self.url_path == ""


OVERVIEW = Route("app_pages/overview.py", "Overview", ":material/home:", "",
                 "CTC cooperation with international and regional organizations")
MAP = Route("app_pages/map.py", "Map", ":material/map:", "map", "Where the meetings were held")
TIMELINE = Route("app_pages/timeline.py", "Timeline", ":material/calendar_month:", "timeline",
                 "When the meetings were held")
PARTICIPATION = Route("app_pages/participation.py", "Participation", ":material/bar_chart:", "participation",
                      "Who took part")
PROFILE = Route("app_pages/profile.py", "Profiles", ":material/search:", "profile", "Profiles")
COMPARE = Route("app_pages/compare.py", "Compare", ":material/compare_arrows:", "compare", "Compare side by side")
CONTINUITY = Route("app_pages/continuity.py", "Who came back", ":material/repeat:", "continuity", "Who came back")
DATA = Route("app_pages/data.py", "Data", ":material/download:", "data", "Data")
ABOUT = Route("app_pages/about.py", "Sources & about", ":material/menu_book:", "about", "Sources & about")

ROUTES: tuple[Route, ...] = (OVERVIEW, MAP, TIMELINE, PARTICIPATION, PROFILE, COMPARE, CONTINUITY, DATA, ABOUT)


def wants_profile(query_params: Mapping) -> bool:
    """True when the address asks for a profile (``?meeting=…`` or ``?organization=…``)."""
    return any(k in query_params for k in PROFILE_KEYS)


def landing_redirect(query_params: Mapping, is_default_page: bool) -> dict[str, list[str]] | None:
    """The query params to open the profile page with, when the landing page was asked for a profile.

    ``/?meeting=SM-2003-NY`` lands on the default page; the entry script switches to the profile page
    with every param kept (the filters live in the address too). None: stay where you are.
    """
    if not is_default_page or not wants_profile(query_params):
        return None
    get_all = getattr(query_params, "get_all", None)
    out: dict[str, list[str]] = {}
    for key in query_params:
        values = get_all(key) if get_all else query_params[key]
        out[key] = [str(v) for v in values] if isinstance(values, list | tuple) else [str(values)]
    return out


def requested(query_params: Mapping) -> tuple[str, str] | None:
    """(kind, id) asked for in the address; a meeting wins when both are given."""
    for kind in PROFILE_KEYS:
        if kind in query_params:
            value = query_params[kind]
            if isinstance(value, list | tuple):
                value = value[-1] if value else ""
            value = str(value).strip()
            if value:
                return kind, value
    return None


def profile_link(kind: str, entity_id: str) -> str:
    """The profile's address relative to the dashboard's: 'profile?meeting=M1'."""
    if kind not in PROFILE_KEYS:
        raise ValueError(f"kind must be one of {PROFILE_KEYS}, not {kind!r}")
    return f"{PROFILE.url_path}?{urlencode({kind: entity_id})}"


def record_link(kind: str, entity_id: str, base: str | None) -> str:
    """The profile's permanent record page (server-rendered, no JavaScript): '<base>/records/meetings/M1'."""
    return (base or "") + record_path(kind, entity_id)


def profile_citation(ds: Dataset, kind: str, entity_id: str, base: str | None,
                     today: dt.date | None = None) -> Citation:
    """A profile is cited by its permanent record address on this server (``base``: the address the browser
    uses; None in a test without a browser: the path alone)."""
    return record_citation(ds, kind, entity_id, record_link(kind, entity_id, base), today)


def cite_text(ds: Dataset, kind: str, entity_id: str, name: str, today: dt.date | None = None,
              base: str | None = None) -> str:
    """A citation for one profile as plain text: what, the permanent link, the data version, the access date."""
    return profile_citation(ds, kind, entity_id, base, today).text()
