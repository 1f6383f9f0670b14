"""A comparison, side by side: two to four organizations, periods or meeting types, over the current view.

Tables only (no figures, no page paths). Every table is long: one row per (compared, item), in the
order the reader chose, so the charts share their axes and the one CSV of the comparison stacks them.
What is compared travels in the address (two rows of ``derive.view.PARAMS``): ``?org=OSCE&org=UNODC`` (the
Organizations filter itself), ``?period=2003-2007&period=2014-2025``, or ``?by=type`` (the meeting types of
the Meeting type filter).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..contract.labels import DASH, ROLE_LABELS, UNKNOWN, date_range_text, org_labels
from ..contract.schema import CONVENER, ROLES, TOOK_PART_ROLES, TOPICS, split_list
from ..dataset.model import Dataset
from .facets import region_group
from .filters import year_bounds
from .summary import meeting_summary

ORGANIZATIONS, PERIODS, TYPES = "org", "period", "type"
BY = {ORGANIZATIONS: "Organizations", PERIODS: "Periods", TYPES: "Meeting types"}
BY_KEY, PERIOD_KEY = "by", "period"  # URL parameters of the page (``org`` and ``type`` are the sidebar's)
FEWEST, MOST = 2, 4
NOT_REGIONAL = "region not given"


@dataclass(frozen=True)
class Compared:
    """One side of the comparison: its key in the address, its label, and the meetings it stands for."""

    key: str  # 'OSCE', '2003-2007', 'special meeting'
    label: str  # 'OSCE', '2003–2007', 'special meeting'
    meeting_ids: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    by: str  # ORGANIZATIONS, PERIODS or TYPES
    sides: tuple[Compared, ...]

    @property
    def ready(self) -> bool:
        return FEWEST <= len(self.sides) <= MOST

    @property
    def labels(self) -> list[str]:
        return [s.label for s in self.sides]


# ---------------------------------------------------------------- the address (rows of derive.view.PARAMS)

def effective_by(by: str, periods: Sequence[str]) -> str:
    """What is compared: periods when the address gives any, else ``by`` (organizations or meeting types)."""
    return PERIODS if periods else by


def period_options(ds: Dataset) -> tuple[str, ...]:
    """Every period the data's years allow, '2003-2003' to '2025-2025': the values ``?period=`` accepts."""
    lo, hi = year_bounds(ds)
    return tuple(f"{a}-{b}" for a in range(lo, hi + 1) for b in range(a, hi + 1))


def parse_period(text: str) -> tuple[int, int]:
    """'2003-2007' -> (2003, 2007) (a value of period_options)."""
    a, b = str(text).split("-")
    return int(a), int(b)


def period_key(period: tuple[int, int]) -> str:
    return f"{period[0]}-{period[1]}"


def default_periods(lo: int, hi: int) -> list[str]:
    """Two halves of the data's years: a starting point the reader moves."""
    mid = (lo + hi) // 2 if lo < hi else lo
    return [period_key((lo, mid)), period_key((min(mid + 1, hi), hi))]


# ---------------------------------------------------------------- the sides

def _took_part(ds: Dataset) -> pd.DataFrame:
    p = ds.participation
    return p[p["role"].isin(TOOK_PART_ROLES)]


def by_organizations(view: Dataset, full: Dataset, org_ids: Sequence[str]) -> Comparison:
    """Each organization stands for the meetings of the view it took part in (any role but invited)."""
    labels = org_labels(full.organizations)
    p = _took_part(view)
    sides = []
    for oid in list(dict.fromkeys(org_ids))[:MOST]:
        mids = p.loc[p["org_id"].astype("str") == oid, "meeting_id"].astype("str")
        sides.append(Compared(oid, str(labels.get(oid, oid)), tuple(dict.fromkeys(mids))))
    return Comparison(ORGANIZATIONS, tuple(sides))


def by_periods(view: Dataset, periods: Sequence[tuple[int, int]]) -> Comparison:
    years = view.meetings["start_date"].dt.year
    ids = view.meetings["meeting_id"].astype("str")
    sides = [Compared(period_key(p), f"{p[0]}" if p[0] == p[1] else f"{p[0]}{DASH}{p[1]}",
                      tuple(ids[years.between(p[0], p[1])]))
             for p in list(dict.fromkeys(periods))[:MOST]]
    return Comparison(PERIODS, tuple(sides))


def by_types(view: Dataset, types: Sequence[str]) -> Comparison:
    summary = meeting_summary(view)
    sides = [Compared(t, t, tuple(summary.loc[summary["meeting_type"] == t, "meeting_id"]))
             for t in list(dict.fromkeys(types))[:MOST]]
    return Comparison(TYPES, tuple(sides))


def _rows(view: Dataset, side: Compared) -> pd.DataFrame:
    m = view.meetings
    return m[m["meeting_id"].astype("str").isin(side.meeting_ids)]


# ---------------------------------------------------------------- the tables

def per_year_table(view: Dataset, c: Comparison) -> pd.DataFrame:
    """Meetings per year for each side, every year of the view's span for every side (0 where none)."""
    all_years = view.meetings["start_date"].dt.year
    years = list(range(int(all_years.min()), int(all_years.max()) + 1)) if len(all_years) else []
    frames = []
    for side in c.sides:
        counts = _rows(view, side)["start_date"].dt.year.value_counts()
        frames.append(pd.DataFrame({"compared": side.label, "year": years,
                                    "meetings": [int(counts.get(y, 0)) for y in years]}))
    t = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["compared", "year", "meetings"])
    return t.astype({"year": "int64", "meetings": "int64"})


def roles_table(view: Dataset, c: Comparison) -> pd.DataFrame:
    """Roles taken: for an organization, its meetings per role; for a period or a type, the appearances of
    organizations per role (the convener included: it is a role the reader may compare)."""
    p = view.participation
    rows = []
    for side in c.sides:
        mine = p[p["meeting_id"].astype("str").isin(side.meeting_ids)]
        if c.by == ORGANIZATIONS:
            mine = p[p["org_id"].astype("str") == side.key]  # invited-only meetings too: a role it was given
            mine = mine[mine["meeting_id"].isin(view.meetings["meeting_id"])]
        counts = mine["role"].astype("str").value_counts()
        rows += [{"compared": side.label, "role": ROLE_LABELS[r], "count": int(counts.get(r, 0))} for r in ROLES]
    t = pd.DataFrame(rows, columns=["compared", "role", "count"])
    t.attrs["unit"] = "meetings" if c.by == ORGANIZATIONS else "appearances of organizations"
    return t


def topics_table(view: Dataset, c: Comparison) -> pd.DataFrame:
    """Meetings per topic for each side (a meeting counts under each of its topics), and the share of the side's
    meetings, so sides of different sizes compare."""
    rows = []
    for side in c.sides:
        m = _rows(view, side)
        terms = m["topics"].astype("object").map(split_list)
        n = len(m)
        for topic in TOPICS:
            k = int(terms.map(lambda ts, topic=topic: topic in ts).sum()) if n else 0
            rows.append({"compared": side.label, "topic": topic, "meetings": k, "share": k / n if n else 0.0})
    return pd.DataFrame(rows, columns=["compared", "topic", "meetings", "share"])


def regions_table(view: Dataset, c: Comparison) -> pd.DataFrame:
    """The other organizations at each side's meetings, by the region they serve: distinct organizations, the
    convener (the Committee itself) and, for an organization, the organization itself left out."""
    p = _took_part(view)
    p = p[p["role"] != CONVENER]
    regions = pd.Series([region_group(r) or NOT_REGIONAL for r in view.organizations["region"]],
                        index=view.organizations["org_id"].astype("str").to_numpy(), dtype="object")
    order: list[str] = []
    rows = []
    for side in c.sides:
        others = p[p["meeting_id"].astype("str").isin(side.meeting_ids)]
        if c.by == ORGANIZATIONS:
            others = others[others["org_id"].astype("str") != side.key]
        ids = others["org_id"].astype("str").drop_duplicates()
        counts = ids.map(regions).fillna(UNKNOWN).value_counts()
        for region, k in counts.items():
            if region not in order:
                order.append(region)
            rows.append({"compared": side.label, "region": region, "organizations": int(k)})
    t = pd.DataFrame(rows, columns=["compared", "region", "organizations"])
    grid = pd.MultiIndex.from_product([c.labels, sorted(order, key=lambda r: (r in (NOT_REGIONAL, UNKNOWN), r))],
                                      names=["compared", "region"])
    t = t.set_index(["compared", "region"]).reindex(grid, fill_value=0).reset_index()
    return t.astype({"organizations": "int64"})


def first_last_table(view: Dataset, c: Comparison) -> pd.DataFrame:
    """Each side's number of meetings, first and last meeting (date and title) in the view."""
    rows = []
    for side in c.sides:
        m = _rows(view, side).sort_values(["start_date", "meeting_id"])
        first, last = (m.iloc[0], m.iloc[-1]) if len(m) else (None, None)
        rows.append({"compared": side.label, "meetings": len(m),
                     "first_date": first["start_date"] if first is not None else pd.NaT,
                     "first_meeting": first["title"] if first is not None else None,
                     "first_id": first["meeting_id"] if first is not None else None,
                     "last_date": last["start_date"] if last is not None else pd.NaT,
                     "last_meeting": last["title"] if last is not None else None,
                     "last_id": last["meeting_id"] if last is not None else None})
    return pd.DataFrame(rows, columns=["compared", "meetings", "first_date", "first_meeting", "first_id",
                                       "last_date", "last_meeting", "last_id"])


def met_together_table(view: Dataset, c: Comparison) -> pd.DataFrame:
    """Organizations only: the meetings of the view where at least two of them took part, oldest first,
    with which ones did (``together``) and how many (``of``)."""
    cols = ["meeting_id", "dates", "title", "city", "together", "of"]
    if c.by != ORGANIZATIONS or len(c.sides) < FEWEST:
        return pd.DataFrame(columns=cols)
    at: dict[str, list[str]] = {}
    for side in c.sides:
        for mid in side.meeting_ids:
            at.setdefault(mid, []).append(side.label)
    shared = {mid: who for mid, who in at.items() if len(who) >= FEWEST}
    m = view.meetings[view.meetings["meeting_id"].astype("str").isin(list(shared))]
    m = m.sort_values(["start_date", "meeting_id"])
    last = m["end_date"].fillna(m["start_date"])
    t = pd.DataFrame({"meeting_id": m["meeting_id"].astype("str").to_numpy(),
                      "dates": date_range_text(m["start_date"], last).to_numpy(),
                      "title": m["title"].astype("str").to_numpy(),
                      "city": m["city"].astype("object").fillna(UNKNOWN).to_numpy()})
    t["together"] = [", ".join(shared[mid]) for mid in t["meeting_id"]]
    t["of"] = np.array([len(shared[mid]) for mid in t["meeting_id"]], dtype="int64")
    return t[cols].reset_index(drop=True)


def comparison_csv_table(view: Dataset, c: Comparison) -> pd.DataFrame:
    """The whole comparison as one long table for one CSV: section, compared, item, value."""
    parts = [
        ("meetings per year", per_year_table(view, c), "year", "meetings"),
        (f"roles taken ({roles_table(view, c).attrs['unit']})", roles_table(view, c), "role", "count"),
        ("meetings per topic", topics_table(view, c), "topic", "meetings"),
        ("other organizations by region", regions_table(view, c), "region", "organizations"),
    ]
    frames = [pd.DataFrame({"section": name, "compared": t["compared"], "item": t[item].astype("str"),
                            "value": t[value].astype("object")}) for name, t, item, value in parts]
    fl = first_last_table(view, c)
    for col, label in (("meetings", "meetings"), ("first_date", "first meeting date"),
                       ("first_meeting", "first meeting"), ("last_date", "last meeting date"),
                       ("last_meeting", "last meeting")):
        values = fl[col].map(lambda v: v.date().isoformat() if isinstance(v, pd.Timestamp) else v)
        frames.append(pd.DataFrame({"section": "first and last meeting", "compared": fl["compared"],
                                    "item": label, "value": values.astype("object")}))
    met = met_together_table(view, c)
    if len(met):
        frames.append(pd.DataFrame({"section": "met together", "compared": met["together"],
                                    "item": met["meeting_id"] + " " + met["title"], "value": met["dates"]}))
    return pd.concat(frames, ignore_index=True)
