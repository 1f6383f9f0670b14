"""Pure builders for the meeting and organization profiles (app_pages/profiles.py).

A profile always shows the full record of one meeting or organization, whatever the filters.
Every function returns plain, unescaped data: the page escapes what goes through Markdown
(``text.md_escape``) and shows the rest in dataframes, captions of escaped text or code blocks.
Links are only ever http/https (``safe_url``). Opening a profile is a link: ``?meeting=<id>`` or
``?organization=<id>`` on the profile page, or on the landing page (see ``landing_redirect``).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import style
from .figures import date_range_text, empty_figure
from .load import Dataset
from .schema import MEASURES, ROLES, TABLES, TOOK_PART_ROLES
from .summary import NAMED_ROLES, UNKNOWN, org_labels
from .text import plot_escape

PROFILE_PAGE = "app_pages/profiles.py"
PROFILE_URL_PATH = "profile"
MEETING, ORGANIZATION = "meeting", "organization"
PROFILE_KEYS = (MEETING, ORGANIZATION)
DASH = "\u2013"
_URL = re.compile(r"(?i)https?://[^\s<>\"'`]+")
_MAX_CITED_FOR = 6
TIMELINE_MAX = 3000


# ---------------------------------------------------------------- links

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
    return f"{PROFILE_URL_PATH}?{urlencode({kind: entity_id})}"


def safe_url(value: object) -> str | None:
    """The value if it is an http or https address (nothing else is ever rendered as a link), else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _URL.fullmatch(value) else None


def cite_text(ds: Dataset, kind: str, entity_id: str, name: str, today: dt.date | None = None) -> str:
    """A citation for one profile: what, the link and the data version."""
    today = today or dt.date.today()
    what = "meeting" if kind == MEETING else "organization"
    return (f"\u201c{name}\u201d ({what} {entity_id}). CTC cooperation dashboard, {what} profile; "
            f"data: {ds.label}, version {ds.version}. "
            f"Link: <dashboard address>/{profile_link(kind, entity_id)}. Accessed {today.isoformat()}.")


# ---------------------------------------------------------------- helpers

def _text(value: object) -> str | None:
    """A cell as text, None when empty or missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    s = str(value).strip()
    return s or None


def _or_unknown(value: object) -> str:
    return _text(value) or UNKNOWN


def split_list(value: object) -> list[str]:
    """';'-separated cell (aliases, source ids) as a list, blanks dropped."""
    s = _text(value)
    return [p.strip() for p in s.split(";") if p.strip()] if s else []


def _row(df: pd.DataFrame, column: str, value: str) -> pd.Series | None:
    rows = df[df[column].astype("str") == value]
    return None if rows.empty else rows.iloc[0]


def meeting_record(ds: Dataset, meeting_id: str) -> pd.Series | None:
    return _row(ds.meetings, "meeting_id", meeting_id)


def organization_record(ds: Dataset, org_id: str) -> pd.Series | None:
    return _row(ds.organizations, "org_id", org_id)


def display_name(ds: Dataset, kind: str, entity_id: str) -> str | None:
    """The meeting's title or the organization's name; None if it is not in the data."""
    rec = meeting_record(ds, entity_id) if kind == MEETING else organization_record(ds, entity_id)
    if rec is None:
        return None
    return str(rec["title"] if kind == MEETING else rec["name"])


def _extra_columns(table: str, record: pd.Series, shown: set[str]) -> list[tuple[str, str]]:
    """Columns the contract does not name (e.g. a folder's own 'extra_col'), each with its value."""
    known = set(TABLES[table].columns) | shown
    return [(str(c), v) for c in record.index if c not in known and (v := _text(record[c]))]


def _labels(ds: Dataset) -> pd.Series:
    return org_labels(ds.organizations)


def _role_labels(roles: pd.Series) -> pd.Series:
    """Display labels of roles, looked up once per distinct role."""
    codes, uniques = pd.factorize(roles)
    labels = np.array([style.ROLE_LABELS.get(r, r) for r in uniques] + [UNKNOWN], dtype=object)
    return pd.Series(labels[codes], index=roles.index, dtype="str")


# ---------------------------------------------------------------- meeting profile

def meeting_subset(ds: Dataset, meeting_id: str) -> Dataset:
    """The dataset cut down to one meeting (for the small map and its arcs)."""
    m = ds.meetings[ds.meetings["meeting_id"].astype("str") == meeting_id]
    p = ds.participation[ds.participation["meeting_id"].astype("str") == meeting_id]
    rf = ds.reported_figures[ds.reported_figures["meeting_id"].astype("str") == meeting_id]
    return replace(ds, meetings=m, participation=p, reported_figures=rf)


def meeting_facts(ds: Dataset, meeting_id: str) -> list[tuple[str, str]]:
    """(label, value) pairs, in reading order; unknown values say 'unknown'."""
    rec = meeting_record(ds, meeting_id)
    if rec is None:
        return []
    start = pd.Series([rec["start_date"]])
    end = rec.get("end_date")
    last = pd.Series([end if _text(end) else rec["start_date"]])
    days = int((last.iloc[0] - start.iloc[0]).days) + 1
    dates = date_range_text(start, last).iloc[0] + (" (one day)" if days == 1 else f" ({days} days)")
    place = ", ".join(x for x in (_text(rec.get("venue")), _text(rec["city"]), _text(rec["country"])) if x)
    if not _text(rec.get("venue")):
        place += " (building not known)"
    parts = meeting_participants(ds, meeting_id)
    named = int(parts["role"].isin(NAMED_ROLES).sum())
    facts = [
        ("Dates", dates),
        ("Venue", place),
        ("Meeting type", _or_unknown(rec.get("meeting_type"))),
        ("Theme", _or_unknown(rec.get("theme"))),
        ("Outcome", _or_unknown(rec.get("outcome"))),
    ]
    if "chair" in rec.index:
        facts.append(("Chair", _or_unknown(rec.get("chair"))))
    facts += [
        ("Organizations named in sources as taking part", str(named)),
        ("Organizations reported (headline figure)", _or_unknown(rec.get("organizations_reported"))),
        ("States reported (headline figure)", _or_unknown(rec.get("states_reported"))),
    ]
    facts += _extra_columns("meetings", rec, {"chair"})
    return facts


def meeting_participants(ds: Dataset, meeting_id: str) -> pd.DataFrame:
    """Every organization at the meeting with its role: hosts and conveners first, invited last."""
    p = ds.participation[ds.participation["meeting_id"].astype("str") == meeting_id]
    o = ds.organizations.set_index(ds.organizations["org_id"].astype("str"))
    ids = p["org_id"].astype("str")
    labels = _labels(ds)
    out = pd.DataFrame({
        "role": p["role"].astype("str").to_numpy(),
        "org_id": ids.to_numpy(),
        "label": ids.map(labels).fillna(ids).astype("str").to_numpy(),
        "name": ids.map(o["name"].astype("str")).astype("str").to_numpy(),
        "kind": ids.map(o["kind"].astype("str")).astype("str").to_numpy(),
        "notes": (p["notes"] if "notes" in p.columns else pd.Series(pd.NA, index=p.index)).astype("str").to_numpy(),
        "source_ids": (p["source_ids"] if "source_ids" in p.columns
                       else pd.Series(pd.NA, index=p.index)).astype("str").to_numpy(),
    })
    out["role_label"] = _role_labels(out["role"])
    order = {r: i for i, r in enumerate(ROLES)}
    out = out.assign(_r=out["role"].map(order), _l=out["label"].str.casefold())
    out = out.sort_values(["_r", "_l"], kind="stable").drop(columns=["_r", "_l"])
    return out[["role", "role_label", "org_id", "label", "name", "kind", "notes", "source_ids"]].reset_index(drop=True)


def participants_by_role(participants: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(role label, how many, 'A, B, C') per role present, in the contract's role order."""
    out = []
    for role in ROLES:
        rows = participants[participants["role"] == role]
        if len(rows):
            out.append((style.ROLE_LABELS[role], len(rows), ", ".join(rows["label"])))
    return out


def _source_titles(ds: Dataset) -> pd.DataFrame:
    s = ds.sources
    return pd.DataFrame({"title": s["title"].astype("str").to_numpy(),
                         "url": s["url"].map(safe_url).to_numpy() if "url" in s.columns else None},
                        index=s["source_id"].astype("str").to_numpy())


def meeting_figures(ds: Dataset, meeting_id: str) -> pd.DataFrame:
    """Every figure reported for the meeting, each with its source (title and http/https link).

    The headline figures of meetings.csv come first, marked as such.
    """
    cols = ["measure", "value", "qualifier", "source", "url", "note"]
    rows: list[dict] = []
    rec = meeting_record(ds, meeting_id)
    if rec is None:
        return pd.DataFrame(columns=cols)
    for measure, column in (("organizations", "organizations_reported"), ("states", "states_reported")):
        v = rec.get(column)
        if _text(v):
            rows.append({"measure": measure, "value": int(v), "qualifier": "headline",
                         "source": "headline figure of the data (meetings.csv)", "url": None,
                         "note": "The figure the data uses as headline; see the notes for why."})
    rf = ds.reported_figures
    rf = rf[rf["meeting_id"].astype("str") == meeting_id]
    titles = _source_titles(ds)
    order = {m: i for i, m in enumerate(MEASURES)}
    rf = rf.assign(_m=rf["measure"].astype("str").map(order)).sort_values(["_m", "value"], kind="stable")
    for _, r in rf.iterrows():
        sid = str(r["source_id"])
        rows.append({"measure": str(r["measure"]), "value": int(r["value"]),
                     "qualifier": _text(r.get("qualifier")) or "",
                     "source": titles["title"].get(sid, sid), "url": titles["url"].get(sid),
                     "note": _text(r.get("note")) or ""})
    out = pd.DataFrame(rows, columns=cols)
    out["value"] = out["value"].astype("Int64")
    return out


def figure_ranges(figures: pd.DataFrame) -> list[str]:
    """One line per measure: 'Organizations: 57 (headline); sources give 50–65, they disagree'."""
    out = []
    for measure in MEASURES:
        rows = figures[figures["measure"] == measure]
        if rows.empty:
            continue
        head = rows.loc[rows["qualifier"] == "headline", "value"]
        src = rows.loc[rows["qualifier"] != "headline", "value"].dropna()
        parts = []
        if len(head):
            parts.append(f"{int(head.iloc[0])} (headline)")
        if len(src):
            lo, hi = int(src.min()), int(src.max())
            n = len(src)
            if lo == hi:
                parts.append(f"{'the source gives' if n == 1 else f'{n} figures from sources all give'} {lo}")
            else:
                parts.append(f"{n} figures from sources range {lo}{DASH}{hi}: they disagree")
        out.append(f"{measure.capitalize()}: " + "; ".join(parts))
    return out


def meeting_gaps(ds: Dataset, meeting_id: str) -> list[str]:
    """What the data does not know about this meeting, in plain words."""
    rec = meeting_record(ds, meeting_id)
    if rec is None:
        return []
    gaps = []
    parts = meeting_participants(ds, meeting_id)
    named = int(parts["role"].isin(NAMED_ROLES).sum())
    invited = int((parts["role"] == "invited").sum())
    head = rec.get("organizations_reported")
    for column, what in (("venue", "The building or site is not known (the map shows the city)."),
                         ("meeting_type", "No source gives the type of meeting."),
                         ("theme", "No source gives the theme."),
                         ("outcome", "No outcome document is known.")):
        if not _text(rec.get(column)):
            gaps.append(what)
    if not _text(head):
        gaps.append("No headline count of the organizations that took part.")
    elif named < int(head):
        gaps.append(f"Sources name {named} organizations as taking part; the headline figure is {int(head)}, "
                    f"so {int(head) - named} are not named.")
    if named == 0:
        gaps.append("No source names an organization (other than the convener) as taking part.")
    if invited:
        gaps.append(f"{invited} organization{'s were' if invited > 1 else ' was'} invited and no source says "
                    "whether they attended.")
    figs = meeting_figures(ds, meeting_id)
    org_figs = figs.loc[(figs["measure"] == "organizations") & (figs["qualifier"] != "headline"), "value"].dropna()
    if org_figs.nunique() > 1:
        gaps.append(f"Sources disagree on the number of organizations ({int(org_figs.min())}{DASH}"
                    f"{int(org_figs.max())}).")
    return gaps


def sources_table(ds: Dataset, cited: Mapping[str, list[str]]) -> pd.DataFrame:
    """The cited sources with what each is cited for; ``url`` is kept only when it is http/https."""
    s = ds.sources
    s = s[s["source_id"].astype("str").isin(list(cited))]
    out = pd.DataFrame({
        "source_id": s["source_id"].astype("str").to_numpy(),
        "title": s["title"].astype("str").to_numpy(),
        "publisher": (s["publisher"] if "publisher" in s.columns else pd.Series(pd.NA, index=s.index)).to_numpy(),
        "published": (s["published"] if "published" in s.columns
                      else pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")).to_numpy(),
        "url": (s["url"] if "url" in s.columns else pd.Series(pd.NA, index=s.index)).map(safe_url).to_numpy(),
        "reliability": (s["reliability"] if "reliability" in s.columns
                        else pd.Series(pd.NA, index=s.index)).to_numpy(),
    })

    def what(sid: str) -> str:
        items = list(dict.fromkeys(cited.get(sid, [])))
        more = len(items) - _MAX_CITED_FOR
        return "; ".join(items[:_MAX_CITED_FOR]) + (f"; and {more} more" if more > 0 else "")

    out["cited_for"] = out["source_id"].map(what).astype("str")
    first = {sid: i for i, sid in enumerate(cited)}
    out = out.assign(_o=out["source_id"].map(first)).sort_values("_o", kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


def _cite(cited: dict[str, list[str]], ids: object, what: str) -> None:
    for sid in split_list(ids):
        cited.setdefault(sid, []).append(what)


def meeting_sources(ds: Dataset, meeting_id: str) -> pd.DataFrame:
    """Every source cited by the meeting's row, its participation rows and its reported figures."""
    rec = meeting_record(ds, meeting_id)
    cited: dict[str, list[str]] = {}
    if rec is None:
        return sources_table(ds, cited)
    _cite(cited, rec.get("source_ids"), "the meeting record")
    rf = ds.reported_figures
    for _, r in rf[rf["meeting_id"].astype("str") == meeting_id].iterrows():
        _cite(cited, r["source_id"], f"a figure: {r['measure']} {r['value']}")
    for _, r in meeting_participants(ds, meeting_id).iterrows():
        _cite(cited, r["source_ids"], f"{r['label']} ({r['role']})")
    return sources_table(ds, cited)


# ---------------------------------------------------------------- organization profile

def organization_relations(ds: Dataset, org_id: str) -> pd.DataFrame:
    """The parent (if any) and the children of an organization."""
    o = ds.organizations
    labels = _labels(ds)
    rows = []
    rec = organization_record(ds, org_id)
    parent = _text(rec.get("parent_id")) if rec is not None else None
    if parent:
        prec = organization_record(ds, parent)
        rows.append({"relation": "parent", "org_id": parent, "label": labels.get(parent, parent),
                     "name": str(prec["name"]) if prec is not None else UNKNOWN,
                     "kind": str(prec["kind"]) if prec is not None else UNKNOWN})
    if "parent_id" in o.columns:
        for _, c in o[o["parent_id"].astype("str") == org_id].iterrows():
            rows.append({"relation": "child", "org_id": str(c["org_id"]), "label": labels.get(c["org_id"]),
                         "name": str(c["name"]), "kind": str(c["kind"])})
    return pd.DataFrame(rows, columns=["relation", "org_id", "label", "name", "kind"]).astype("str")


def _dates(start: pd.Series, last: pd.Series) -> pd.Series:
    """date_range_text once per distinct (start, last) pair: an organization at 100,000 meetings stays fast."""
    pairs = pd.DataFrame({"s": start.to_numpy(), "l": last.to_numpy()})
    codes, uniques = pd.MultiIndex.from_frame(pairs).factorize()
    text = date_range_text(pd.Series(uniques.get_level_values(0)), pd.Series(uniques.get_level_values(1)))
    return pd.Series(text.to_numpy()[codes], index=start.index, dtype="str")


def organization_meetings(ds: Dataset, org_id: str) -> pd.DataFrame:
    """Every meeting the organization is recorded at, with its role, oldest first."""
    p = ds.participation[ds.participation["org_id"].astype("str") == org_id]
    m = ds.meetings
    p = p.assign(notes=p["notes"] if "notes" in p.columns else pd.NA)[["meeting_id", "role", "notes"]]
    rows = p.rename(columns={"notes": "_notes"}).merge(m, on="meeting_id", how="inner")
    end = rows["end_date"] if "end_date" in rows.columns else pd.Series(pd.NaT, index=rows.index)
    out = pd.DataFrame({
        "meeting_id": rows["meeting_id"].astype("str"),
        "start_date": rows["start_date"],
        "dates": _dates(rows["start_date"], end.fillna(rows["start_date"])),
        "title": rows["title"].astype("str"),
        "city": rows["city"].astype("str"),
        "country": rows["country"].astype("str"),
        "meeting_type": (rows["meeting_type"] if "meeting_type" in rows.columns
                         else pd.Series(pd.NA, index=rows.index)).astype("str"),
        "role": rows["role"].astype("str"),
        "notes": rows["_notes"].astype("str"),
    })
    out["start_date"] = out["start_date"].astype("datetime64[us]")
    out["role_label"] = _role_labels(out["role"])
    out = out.sort_values(["start_date", "meeting_id"], kind="stable").reset_index(drop=True)
    cols = ["meeting_id", "start_date", "dates", "title", "city", "country", "meeting_type", "role", "role_label",
            "notes"]
    return out[cols]


def organization_facts(ds: Dataset, org_id: str) -> list[tuple[str, str]]:
    """(label, value) pairs, in reading order; unknown values say 'unknown'."""
    rec = organization_record(ds, org_id)
    if rec is None:
        return []
    rel = organization_relations(ds, org_id)
    parent = rel[rel["relation"] == "parent"]
    children = rel[rel["relation"] == "child"]
    un = rec.get("un_system")
    un_text = UNKNOWN if _text(un) is None else ("yes" if bool(un) else "no")
    hq = ", ".join(x for x in (_text(rec.get("hq_city")), _text(rec.get("hq_country"))) if x) or UNKNOWN
    p = ds.participation[ds.participation["org_id"].astype("str") == org_id]
    m = ds.meetings[["meeting_id", "start_date"]]
    meetings = p[["meeting_id", "role"]].merge(m, on="meeting_id", how="inner")
    took = meetings[meetings["role"].isin(TOOK_PART_ROLES)]
    invited = int((meetings["role"] == "invited").sum())
    if len(took):
        span = f"{took['start_date'].min():%Y}" if took["start_date"].dt.year.nunique() == 1 else (
            f"{took['start_date'].min():%Y}{DASH}{took['start_date'].max():%Y}")
        record = f"took part in {len(took)} of {len(ds.meetings)} meetings ({span})"
    else:
        record = f"took part in none of the {len(ds.meetings)} meetings"
    if invited:
        record += f"; invited to {invited} more, attendance not known"
    facts = [
        ("Acronym", _or_unknown(rec.get("acronym"))),
        ("Former or other names", "; ".join(split_list(rec.get("aliases"))) or "none recorded"),
        ("Kind", _or_unknown(rec.get("kind"))),
        ("Part of the UN system", un_text),
        ("Parent organization", f"{parent['label'].iloc[0]} ({parent['name'].iloc[0]})" if len(parent) else "none"),
        ("Child organizations", ", ".join(children["label"]) if len(children) else "none recorded"),
        ("Headquarters", hq),
        ("Founded", _or_unknown(rec.get("founded"))),
        ("Member States", _or_unknown(rec.get("member_states"))),
        ("Website", safe_url(rec.get("website")) or (UNKNOWN if not _text(rec.get("website")) else
                                                     "not shown (not an http or https address)")),
        ("Meetings", record),
    ]
    facts += _extra_columns("organizations", rec, set())
    return facts


def organization_sources(ds: Dataset, org_id: str) -> pd.DataFrame:
    """Every source cited by the organization's row and its participation rows."""
    rec = organization_record(ds, org_id)
    cited: dict[str, list[str]] = {}
    if rec is None:
        return sources_table(ds, cited)
    _cite(cited, rec.get("source_ids"), "the organization record")
    p = ds.participation[ds.participation["org_id"].astype("str") == org_id]
    if "source_ids" in p.columns:
        for mid, role, ids in zip(p["meeting_id"], p["role"], p["source_ids"], strict=True):
            _cite(cited, ids, f"{role} at {mid}")
    return sources_table(ds, cited)


def organization_timeline(meetings: pd.DataFrame, name: str = "") -> go.Figure:
    """The organization's meetings on a time axis, one row per role, coloured as everywhere else.

    Above TIMELINE_MAX meetings, one marker each is unreadable: meetings per year, stacked by role.
    """
    if meetings.empty:
        return empty_figure("No meeting is recorded for this organization")
    fig = go.Figure()
    present = [r for r in ROLES if (meetings["role"] == r).any()]
    if len(meetings) > TIMELINE_MAX:
        per_year = meetings.groupby([meetings["start_date"].dt.year.rename("year"), "role"]).size()
        for role in present:
            counts = per_year.xs(role, level="role")
            label = style.ROLE_LABELS[role]
            fig.add_bar(x=counts.index, y=counts.to_numpy(), name=label, marker_color=style.ROLE_COLOURS[role],
                        hovertemplate=f"%{{x}}: %{{y}} meetings ({label})<extra></extra>")
        fig.update_layout(barmode="stack", title={"text": f"Meetings per year, by role ({len(meetings):,} meetings)"},
                          xaxis={"title": {"text": "Year"}, "tickformat": "d"},
                          yaxis={"title": {"text": "Meetings"}}, legend={"title": {"text": "Role"}}, height=320)
        return fig
    for role in present:
        rows = meetings[meetings["role"] == role]
        label = style.ROLE_LABELS[role]
        custom = np.column_stack([rows["title"].map(html.escape), rows["dates"].map(html.escape),
                                  (rows["city"] + ", " + rows["country"]).map(html.escape)])
        fig.add_scatter(x=rows["start_date"], y=[label] * len(rows), mode="markers", name=label,
                        marker={"color": style.ROLE_COLOURS[role], "size": 13, "line": {"width": 1, "color": "#333"}},
                        customdata=custom,
                        hovertemplate=f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}} · %{{customdata[2]}}"
                                      f"<br>{label}<extra></extra>")
    title = "Meetings over time, by role" + (f": {plot_escape(name)}" if name else "")
    fig.update_layout(
        title={"text": title},
        xaxis={"title": {"text": "Date"}, "type": "date"},
        yaxis={"title": {"text": "Role"}, "type": "category", "categoryorder": "array",
               "categoryarray": [style.ROLE_LABELS[r] for r in present][::-1]},
        showlegend=False,
        height=max(220, 140 + 45 * len(present)),
        margin={"t": 60, "b": 40},
    )
    return fig
