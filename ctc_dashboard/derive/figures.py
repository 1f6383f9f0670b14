"""A meeting's reported figures: the headline figures and every figure a source gives, each with its source,
and in one line per measure the range they span (where sources disagree, it says so)."""

from __future__ import annotations

import pandas as pd

from ..contract.labels import DASH, cell_text
from ..contract.schema import MEASURES, safe_url
from ..dataset.model import Dataset


def _record(ds: Dataset, meeting_id: str) -> pd.Series | None:
    rows = ds.meetings[ds.meetings["meeting_id"].astype("str") == meeting_id]
    return None if rows.empty else rows.iloc[0]


def _source_titles(ds: Dataset) -> pd.DataFrame:
    s = ds.sources
    return pd.DataFrame({"title": s["title"].astype("str").to_numpy(),
                         "url": s["url"].map(safe_url).to_numpy()},
                        index=s["source_id"].astype("str").to_numpy())


def meeting_figures(ds: Dataset, meeting_id: str) -> pd.DataFrame:
    """Every figure reported for the meeting, each with its source (title and http/https link).

    The headline figures of meetings.csv come first, marked as such.
    """
    cols = ["measure", "value", "qualifier", "source", "url", "note"]
    rows: list[dict] = []
    rec = _record(ds, meeting_id)
    if rec is None:
        return pd.DataFrame(columns=cols)
    for measure, column in (("organizations", "organizations_reported"), ("states", "states_reported")):
        v = rec[column]
        if cell_text(v):
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
                     "qualifier": cell_text(r["qualifier"]) or "",
                     "source": titles["title"].get(sid, sid), "url": titles["url"].get(sid),
                     "note": cell_text(r["note"]) or ""})
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
