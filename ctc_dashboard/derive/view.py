"""The view, declared once: which data, which filters, which page choices, and how a URL says so.

Each URL parameter is one ``Param`` row (as Datasette's ``filters.py`` declares each filter once): its key,
label, help, options and default. ``from_query`` reads a query string into a ``View`` (never raising: a
value it cannot use is dropped with a ``Notice``), ``to_query`` writes one back (only what differs from the
default). The Streamlit sidebar, the page choices and any server route read the same rows, so a link means
the same thing everywhere. The URL carries raw values (``?breakdown-by=region``); the display labels that
older links carried (``?breakdown-by=Region``) are still read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cached_property

from ..contract.labels import DIMENSIONS, KIND_LABELS, ROLE_LABELS, org_full_labels
from ..contract.schema import KINDS, ROLES, TABLES, TOPICS
from ..dataset.model import Dataset
from ..limits import SEARCH_QUERY_CHARS
from . import compare, visits
from .continuity import SORTS
from .filters import ALL, ANY, MATCHES, Filters, apply, default_filters, meeting_types, year_bounds
from .index import region_options

# Page choices: the values each one takes, in display order, and their words.
BREAKDOWNS = {k: DIMENSIONS[k] for k in ("kind", "role", "region")}
MAP_COLOURS = {k: DIMENSIONS[k] for k in ("type", "topic", "region")}
MATCH_LABELS = {ANY: "Any of them", ALL: "All of them"}

# The kinds of value a parameter holds.
YEARS, MANY, ONE, TEXT = "years", "many", "one", "text"


@dataclass(frozen=True)
class Choices:
    """What a page shows of the view, beside the filters: all have a default, none changes the data."""

    breakdown: str = "kind"  # Participation: the bars' segments
    map_colour: str = "type"  # Map: what colours the circles
    matrix_sort: str = "first"  # Who came back: the rows' order
    data_tab: str = "meetings"  # Data: the table shown
    search: str = ""  # Profiles: the search text
    compare_by: str = compare.ORGANIZATIONS  # Compare: organizations or meeting types (periods: when any is given)
    periods: tuple[str, ...] = ()  # Compare: '2003-2007', …


@dataclass(frozen=True)
class Notice:
    """A URL value that was not used: which parameter, the value, and what it could have been."""

    key: str
    value: str
    allowed: tuple[str, ...]

    @property
    def message(self) -> str:
        if self.key == "years":
            what = f"a year from {self.allowed[0]} to {self.allowed[-1]}" if self.allowed else "a year"
            return f"?{self.key}={self.value} is not {what}; the nearest was used instead."
        shown = ", ".join(self.allowed[:8]) + (", …" if len(self.allowed) > 8 else "")
        return f"?{self.key}={self.value} is not one of this data's values ({shown}); it was left out."


def _same(values: Iterable[str]) -> dict[str, str]:
    return {v: v for v in values}


@dataclass(frozen=True)
class Param:
    """One URL parameter: a filter (``field`` of ``Filters``) or a page choice (``field`` of ``Choices``)."""

    key: str  # the URL parameter and the widget key: a shared link carries it, so it never changes
    label: str
    help: str | None
    kind: str  # YEARS, MANY, ONE or TEXT
    field: str
    options: Callable[[Dataset], Sequence[str]]  # raw values in display order (TEXT: none)
    labels: Callable[[Dataset], Mapping[str, str]] | None = None  # raw value -> words shown
    default: Callable[[Dataset], object] | None = None  # None: the field's own default
    placeholder: str | None = None
    legacy: Mapping[str, str] = field(default_factory=dict)  # old URL values (display labels) -> raw value
    counted: bool = False  # the sidebar shows how many meetings each option gives (derive.facets)
    page: str | None = None  # the route (url path) drawing a page choice; None: a sidebar filter

    @property
    def is_filter(self) -> bool:
        return self.page is None

    def default_value(self, ds: Dataset):
        if self.default is not None:
            return self.default(ds)
        holder = Filters if self.is_filter else Choices
        return next(f.default for f in fields(holder) if f.name == self.field)

    def words(self, ds: Dataset) -> Mapping[str, str]:
        return self.labels(ds) if self.labels is not None else _same(self.options(ds))


def _no_options(ds: Dataset) -> tuple[str, ...]:
    return ()


def _year_options(ds: Dataset) -> tuple[str, ...]:
    lo, hi = year_bounds(ds)
    return tuple(str(y) for y in range(lo, hi + 1))


def _org_options(ds: Dataset) -> list[str]:
    labels = org_full_labels(ds.organizations)
    return sorted(labels, key=lambda k: labels[k].casefold())


def _inverse(labels: Mapping[str, str]) -> dict[str, str]:
    return {v: k for k, v in labels.items()}


PARAMS: tuple[Param, ...] = (
    Param("years", "Years", None, YEARS, "years", _year_options,
          default=lambda ds: year_bounds(ds)),
    Param("type", DIMENSIONS["type"], "Special meetings are the default view; add open briefings or country "
          "visits here.", MANY,
          "meeting_types", meeting_types, default=lambda ds: default_filters(ds).meeting_types,
          placeholder="All types", counted=True),
    Param("org", "Organizations", "Meetings in which the chosen organizations took part (any role but invited): "
          "any of them, or all of them (below).", MANY, "organizations", _org_options,
          labels=lambda ds: org_full_labels(ds.organizations), placeholder="Any organization", counted=True),
    Param("match", "Chosen organizations", "Any of them: meetings with at least one. All of them: meetings "
          "where every chosen organization took part.", ONE, "match", lambda ds: MATCHES,
          labels=lambda ds: MATCH_LABELS),
    Param("kind", DIMENSIONS["kind"], None, MANY, "kinds", lambda ds: KINDS, labels=lambda ds: KIND_LABELS,
          placeholder="All kinds", counted=True),
    Param("role", DIMENSIONS["role"], "Invited: invited, and no source says whether it attended.", MANY, "roles",
          lambda ds: ROLES, labels=lambda ds: ROLE_LABELS, placeholder="All roles", counted=True),
    Param("topic", DIMENSIONS["topic"], "What the meetings were about: our classification from their titles, "
          "themes and sources (Sources & about). Meetings with any chosen topic.", MANY, "topics", lambda ds: TOPICS,
          placeholder="Any topic", counted=True),
    Param("region", DIMENSIONS["region"], "Meetings at which an organization serving the region took part or was "
          "invited (UN M49; an area includes the areas inside it; global: international organizations). Our "
          "classification, from the members.", MANY, "regions", lambda ds: region_options(ds.organizations),
          placeholder="Any region", counted=True),
    Param("visited", "Visited State", "Country visits to the chosen States (a visit is CTED's, on behalf of the "
          "Committee). Choosing a State shows only visits: add country visits under Meeting type.", MANY,
          "visited_states", visits.state_options, labels=visits.state_labels, placeholder="Any State", counted=True),
    Param("breakdown-by", "Break down by", None, ONE, "breakdown", lambda ds: tuple(BREAKDOWNS),
          labels=lambda ds: BREAKDOWNS, legacy={"Organization kind": "kind", "Role": "role", "Region": "region"},
          page="participation"),
    Param("map-colour", "Colour circles by", None, ONE, "map_colour", lambda ds: tuple(MAP_COLOURS),
          labels=lambda ds: MAP_COLOURS, legacy={"Meeting type": "type", "Topic": "topic", "Region": "region"},
          page="map"),
    Param("matrix-sort", "Sort organizations by", None, ONE, "matrix_sort", lambda ds: tuple(SORTS),
          labels=lambda ds: SORTS, legacy={"First appearance": "first", "Number of meetings": "meetings"},
          page="continuity"),
    Param("data-tab", "Table", None, ONE, "data_tab", lambda ds: tuple(TABLES),
          labels=lambda ds: {name: t.title for name, t in TABLES.items()},
          legacy=_inverse({name: t.title for name, t in TABLES.items()}), page="data"),
    Param("profile-search", "Search meetings and organizations", "Not sensitive to accents or case: 'delta' finds "
          "'Délta'. Searches all the data, not only the filtered view.", TEXT, "search", _no_options,
          placeholder="Name, acronym, former name, title, theme, city or country", page="profile"),
    # The Compare page: organizations and meeting types are the filters' own; periods are its own, and
    # comparing them is said by giving them (?period=2003-2007&period=2014-2025).
    Param(compare.BY_KEY, "Compare", None, ONE, "compare_by", lambda ds: (compare.ORGANIZATIONS, compare.TYPES),
          labels=lambda ds: {k: compare.BY[k] for k in (compare.ORGANIZATIONS, compare.TYPES)}, page="compare"),
    Param(compare.PERIOD_KEY, "Periods", "Year ranges to compare, as 2003-2007.", MANY, "periods",
          compare.period_options, page="compare"),
)
BY_KEY: dict[str, Param] = {p.key: p for p in PARAMS}
FILTER_PARAMS = tuple(p for p in PARAMS if p.is_filter)
COUNTED = tuple(p.key for p in PARAMS if p.counted)
assert {p.field for p in FILTER_PARAMS} == {f.name for f in fields(Filters)}
assert {p.field for p in PARAMS if not p.is_filter} == {f.name for f in fields(Choices)}


ParamOptions = dict[str, tuple[list[str], dict[str, str]]]  # key -> (options in display order, option -> words)


def param_options(ds: Dataset) -> ParamOptions:
    """Every parameter's options and their words (but the search text's: it has none). Built once per Dataset
    and kept on it (as ``facets.index`` is): reading an address then costs set lookups, even at 100,000 meetings."""
    cached = ds.__dict__.get("param_options")
    if cached is None:
        cached = {p.key: (list(p.options(ds)), dict(p.words(ds))) for p in PARAMS if p.kind != TEXT}
        ds.__dict__["param_options"] = cached
    return cached


def param_defaults(ds: Dataset) -> dict[str, object]:
    """Every parameter's default for this data, once per Dataset (kept on it like its options)."""
    cached = ds.__dict__.get("param_defaults")
    if cached is None:
        cached = {p.key: p.default_value(ds) for p in PARAMS}
        ds.__dict__["param_defaults"] = cached
    return cached


@dataclass(frozen=True, eq=False)
class View:
    """The full data, the filters and the page choices; ``data`` is the filtered Dataset (built once)."""

    full: Dataset
    filters: Filters
    choices: Choices = Choices()

    @cached_property
    def data(self) -> Dataset:
        return apply(self.full, self.filters)

    def with_data(self, data: Dataset) -> View:
        """The same view with its filtered data already at hand (from a cache)."""
        out = replace(self)
        out.__dict__["data"] = data
        return out

    def describe(self) -> list[str]:
        """The filters in words, against the full data (a filter that keeps everything is not named)."""
        return self.filters.describe(self.full)

    def value(self, param: Param):
        return getattr(self.filters if param.is_filter else self.choices, param.field)

    def is_default(self) -> bool:
        return self.filters == default_filters(self.full)


def unpack(what: Dataset | View) -> tuple[Dataset, list[str] | None]:
    """What an export writes: a View's filtered tables and its filters in words (against the full data), or a
    whole Dataset and None (not filtered). Every download takes either, so none describes a view its own way."""
    if isinstance(what, View):
        return what.data, what.describe()
    return what, None


def default_view(ds: Dataset) -> View:
    defaults = param_defaults(ds)
    return View(ds, Filters(**{p.field: defaults[p.key] for p in FILTER_PARAMS}), Choices())


def _values(raw) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    return [str(v) for v in raw]


def _resolver(param: Param, ds: Dataset) -> Callable[[str], str | None]:
    """A URL value -> the raw option it names (the option, an old label, or today's label in any case)."""
    options, words = param_options(ds)[param.key]
    exact = set(options)
    by_label: dict[str, str] = {}

    def resolve(value: str) -> str | None:
        if value in exact:
            return value
        if not by_label:  # only when a value is not an option itself (an old label)
            by_label.update({str(k).casefold(): v for k, v in _inverse(words).items()})
            by_label.update({str(k).casefold(): v for k, v in param.legacy.items()})
        return by_label.get(value.strip().casefold())

    return resolve


def read_param(param: Param, raw, ds: Dataset) -> tuple[object, list[Notice]]:
    """One parameter's value from its URL values (absent: the default), and what was not used."""
    values = _values(raw)
    default = param_defaults(ds)[param.key]
    if raw is None:
        return default, []
    if param.kind == TEXT:
        return (values[-1][:SEARCH_QUERY_CHARS.value] if values else default), []
    if param.kind == YEARS:
        return _read_years(param, values, ds)
    resolve = _resolver(param, ds)
    notices, chosen = [], []
    for v in values:
        if v == "" and param.kind == MANY:
            continue  # ?type= : none chosen
        hit = resolve(v)
        if hit is None:
            notices.append(Notice(param.key, v, tuple(param_options(ds)[param.key][0])))
        elif hit not in chosen:
            chosen.append(hit)
    if param.kind == ONE:
        return (chosen[-1] if chosen else default), notices
    if not chosen and any(v != "" for v in values):
        return default, notices  # nothing usable: the default, not "no restriction"
    return tuple(chosen), notices


def _read_years(param: Param, values: list[str], ds: Dataset) -> tuple[tuple[int, int], list[Notice]]:
    lo, hi = param_defaults(ds)[param.key]
    allowed = (str(lo), str(hi))
    notices, years = [], []
    for v in values:
        try:
            y = int(v.strip())
        except ValueError:
            notices.append(Notice(param.key, v, allowed))
            continue
        if not lo <= y <= hi:
            notices.append(Notice(param.key, v, allowed))
        years.append(max(lo, min(y, hi)))
    if not years:
        return (lo, hi), notices
    return (min(years), max(years)), notices


def from_query(params: Mapping, ds: Dataset) -> tuple[View, list[Notice]]:
    """A query string (key -> list of values, or a value) -> the View it asks for, and the values not used.

    Keys that are not parameters (``meeting``, ``organization``, …) are ignored; a parameter that is absent
    takes its default; nothing raises.
    """
    get_all = getattr(params, "get_all", None)
    found: dict[str, object] = {}
    notices: list[Notice] = []
    for param in PARAMS:
        raw = (get_all(param.key) if get_all else params.get(param.key)) if param.key in params else None
        value, why = read_param(param, raw, ds)
        found[param.key] = value
        notices += why
    f = Filters(**{p.field: found[p.key] for p in FILTER_PARAMS})
    c = Choices(**{p.field: found[p.key] for p in PARAMS if not p.is_filter})
    return View(ds, f, c), notices


def write_param(param: Param, value, ds: Dataset) -> list[str] | None:
    """One parameter's URL values, or None when it is the default (left out of the address)."""
    default = param_defaults(ds)[param.key]
    if param.kind == MANY:
        if set(value) == set(default):
            return None
        return list(value) if value else [""]  # ?type= : none chosen, where the default chooses some
    if value == default:
        return None
    if param.kind == YEARS:
        return [str(value[0]), str(value[1])]
    return [str(value)]


def to_query(view: View) -> dict[str, list[str]]:
    """The view as a query string, key -> values: only what differs from the default, in PARAMS order."""
    out = {}
    for param in PARAMS:
        values = write_param(param, view.value(param), view.full)
        if values is not None:
            out[param.key] = values
    return out
