"""Which sources a profile cites, and for what: the Sources table of a meeting's or an organization's profile."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..contract.schema import safe_url, split_list
from ..dataset.model import Dataset
from ..limits import CITED_FOR
from .profiles import meeting_participants, meeting_record, organization_record


def sources_table(ds: Dataset, cited: Mapping[str, list[str]]) -> pd.DataFrame:
    """The cited sources with what each is cited for; ``url`` is kept only when it is http/https."""
    s = ds.sources
    s = s[s["source_id"].astype("str").isin(list(cited))]
    out = pd.DataFrame({
        "source_id": s["source_id"].astype("str").to_numpy(),
        "title": s["title"].astype("str").to_numpy(),
        "publisher": s["publisher"].to_numpy(),
        "published": s["published"].to_numpy(),
        "url": s["url"].map(safe_url).to_numpy(),
        "reliability": s["reliability"].to_numpy(),
    })

    def what(sid: str) -> str:
        items = list(dict.fromkeys(cited.get(sid, [])))
        more = len(items) - CITED_FOR.value
        return "; ".join(items[:CITED_FOR.value]) + (f"; and {more} more" if more > 0 else "")

    out["cited_for"] = out["source_id"].map(what).astype("str")
    first = {sid: i for i, sid in enumerate(cited)}
    out = out.assign(_o=out["source_id"].map(first)).sort_values("_o", kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


def _cited(ds: Dataset, citations: Iterable[tuple[object, str]]) -> pd.DataFrame:
    """(source_ids cell, what cites it) pairs -> the sources table, in the order first cited."""
    cited: dict[str, list[str]] = {}
    for ids, what in citations:
        for sid in split_list(ids):
            cited.setdefault(sid, []).append(what)
    return sources_table(ds, cited)


def meeting_sources(ds: Dataset, meeting_id: str, participants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every source cited by the meeting's row, its participation rows and its reported figures
    (``participants``: ``meeting_participants``, when the caller has it already)."""
    rec = meeting_record(ds, meeting_id)
    if rec is None:
        return _cited(ds, [])
    rf = ds.reported_figures
    rf = rf[rf["meeting_id"].astype("str") == meeting_id]
    parts = meeting_participants(ds, meeting_id) if participants is None else participants
    return _cited(ds, [(rec["source_ids"], "the meeting record"),
                       *((r["source_id"], f"a figure: {r['measure']} {r['value']}") for _, r in rf.iterrows()),
                       *((r["source_ids"], f"{r['label']} ({r['role']})") for _, r in parts.iterrows())])


def organization_sources(ds: Dataset, org_id: str) -> pd.DataFrame:
    """Every source cited by the organization's row and its participation rows."""
    rec = organization_record(ds, org_id)
    if rec is None:
        return _cited(ds, [])
    p = ds.participation[ds.participation["org_id"].astype("str") == org_id]
    return _cited(ds, [(rec["source_ids"], "the organization record"),
                       *((ids, f"{role} at {mid}")
                         for mid, role, ids in zip(p["meeting_id"], p["role"], p["source_ids"], strict=True))])
