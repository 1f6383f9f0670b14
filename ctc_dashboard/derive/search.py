"""One search box over meetings and organizations: accent- and case-insensitive, ranked.

``search(ds, query)`` is pure: it returns a table of hits (``kind``, ``id``, ``label``, ``match``),
best first. Ranks, best first:

0. the query is an organization's acronym or a meeting's or organization's id;
1. the query is a whole field (a name, a former name, a title, a city…);
2. a field starts with the query;
3. a word of a field starts with the query;
4. a field contains the query;
5. every word of the query is somewhere in the record's fields, in any order.

Text is compared after NFKD normalisation without combining marks, casefolded, with
punctuation read as a space: "delta" finds "Délta Subregional Group"; spaces are also ignored
at rank 4, so "washington dc" finds "Washington, D.C.".
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from ..contract.labels import meeting_lines, org_full_label, org_labels, place_labels
from ..contract.schema import split_list
from ..dataset.model import Dataset
from ..limits import SEARCH_QUERY_CHARS
from .profiles import MEETING, ORGANIZATION

KINDS = ("organization", "meeting")
MATCH_CHARS = 70  # what matched, as shown beside a result
COLUMNS = ["kind", "id", "label", "match"]
_NON_WORD = re.compile(r"[\W_]+")

# (column, what a match on it is called). An exact match on an id or acronym ranks first.
ORG_FIELDS = (("org_id", "id"), ("acronym", "acronym"), ("name", "name"), ("aliases", "former or other name"))
MEETING_FIELDS = (("meeting_id", "id"), ("title", "title"), ("theme", "theme"), ("city", "city"),
                  ("country", "country"), ("venue", "venue"))
EXACT_ONLY_RANK0 = {"id", "acronym"}


def normalize(text: object) -> str:
    """Accents stripped, casefolded, punctuation as single spaces: 'Délta-Group, Inc.' -> 'delta group inc'."""
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NON_WORD.sub(" ", bare).strip()


def search_index(ds: Dataset) -> pd.DataFrame:
    """One row per searchable text: kind, id, label, field, text (as in the data), norm (normalised).

    Built once per dataset (a page may cache it); ``search`` builds it when not given one.
    """
    parts: list[pd.DataFrame] = []
    o = ds.organizations
    if not o.empty:
        labels = org_labels(o)
        org_label = pd.Series(
            [org_full_label(lab, name) for lab, name in zip(labels, o["name"].astype(str), strict=True)],
            index=o.index, dtype="str")
        for column, field in ORG_FIELDS:
            values = o[column]
            if column == "aliases":
                values = values.map(split_list).explode().dropna()
            values = values.dropna().astype(str)
            parts.append(pd.DataFrame({"kind": "organization", "id": o.loc[values.index, "org_id"].astype(str),
                                       "label": org_label.loc[values.index], "field": field, "text": values}))
    m = ds.meetings
    if not m.empty:
        meeting_label = meeting_lines(m["start_date"], place_labels(m), m["title"], m["date_precision"])
        for column, field in MEETING_FIELDS:
            values = m[column].dropna().astype(str)
            parts.append(pd.DataFrame({"kind": "meeting", "id": m.loc[values.index, "meeting_id"].astype(str),
                                       "label": meeting_label.loc[values.index], "field": field, "text": values}))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in ("kind", "id", "label", "field", "text", "norm")})
    index = pd.concat(parts, ignore_index=True)
    index = index[index["text"].str.strip() != ""]
    uniques = pd.unique(index["text"])
    norms = dict(zip(uniques, (normalize(t) for t in uniques), strict=True))
    index["norm"] = index["text"].map(norms).astype("str")
    return index.reset_index(drop=True)


def _rank(index: pd.DataFrame, q: str) -> np.ndarray:
    norm = index["norm"]
    field = index["field"]
    exact = (norm == q).to_numpy()
    starts = norm.str.startswith(q).to_numpy()
    word_start = (norm.str.contains(" " + q, regex=False)).to_numpy()
    contains = norm.str.contains(q, regex=False).to_numpy().copy()
    compact = q.replace(" ", "")
    if len(compact) >= 3:  # "washington dc" finds "Washington, D.C." (normalised "washington d c")
        contains |= norm.str.replace(" ", "", regex=False).str.contains(compact, regex=False).to_numpy()
    rank0 = exact & field.isin(EXACT_ONLY_RANK0).to_numpy()
    return np.select([rank0, exact, starts, word_start, contains], [0, 1, 2, 3, 4], default=99)


def _all_words(index: pd.DataFrame, words: list[str]) -> pd.Series:
    """Records (kind, id) whose fields together hold every query word (as the start of a word)."""
    padded = " " + index["norm"]
    found = pd.concat([padded.str.contains(" " + w, regex=False).rename(i) for i, w in enumerate(words)], axis=1)
    per_record = found.groupby([index["kind"], index["id"]]).any().all(axis=1)
    return per_record[per_record]


def search(ds: Dataset, query: str, *, index: pd.DataFrame | None = None, limit: int | None = None) -> pd.DataFrame:
    """Meetings and organizations matching ``query``, best first: DataFrame[kind, id, label, match].

    ``match`` says which field matched and how ('acronym', 'former or other name: Organization of the Islamic
    Conference'). One row per record, at its best rank; ties are broken by kind (organizations first) and label.
    """
    q = normalize(str(query or "")[:SEARCH_QUERY_CHARS.value])
    if not q:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in COLUMNS})
    idx = search_index(ds) if index is None else index
    if idx.empty:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in COLUMNS})
    rank = _rank(idx, q)
    hits = idx.assign(rank=rank)[rank < 99]
    words = q.split()
    if len(words) > 1:
        loose = _all_words(idx, words)
        if len(loose):
            keys = pd.MultiIndex.from_frame(idx[["kind", "id"]])
            extra = idx[keys.isin(loose.index)].drop_duplicates(["kind", "id"]).assign(rank=5, field="", text="")
            hits = pd.concat([hits, extra], ignore_index=True)
    if hits.empty:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in COLUMNS})
    hits = hits.assign(kind_order=hits["kind"].map({k: i for i, k in enumerate(KINDS)}),
                       label_key=hits["label"].str.casefold())
    hits = hits.sort_values(["rank", "kind_order", "label_key", "id"], kind="stable")
    hits = hits.drop_duplicates(["kind", "id"], keep="first")
    match = [
        "every word of the query" if r == 5 else (f if r == 0 else f"{f}: {t}")
        for r, f, t in zip(hits["rank"], hits["field"], hits["text"], strict=True)
    ]
    out = pd.DataFrame({"kind": hits["kind"].to_numpy(), "id": hits["id"].to_numpy(),
                        "label": hits["label"].to_numpy(), "match": match}).astype("str")
    return out if limit is None else out.head(limit).reset_index(drop=True)


# ---------------------------------------------------------------- choices that open a profile

def browse_meetings(summary: pd.DataFrame, cap: int) -> dict[str, str]:
    """'meeting:<id>' -> '2003-03-06 · New York · Title', newest first, at most ``cap``."""
    m = summary.iloc[::-1].head(cap)
    lines = meeting_lines(m["start_date"], m["city"], m["title"])
    return {f"{MEETING}:{i}": line for i, line in zip(m["meeting_id"], lines, strict=True)}


def meeting_choices(summary: pd.DataFrame, cap: int) -> dict[str, str]:
    """<id> -> '2003-03-06 · New York · Title', oldest first, at most ``cap``: a chart's meetings as a list."""
    m = summary.head(cap)
    return dict(zip(m["meeting_id"], meeting_lines(m["start_date"], m["city"], m["title"]), strict=True))


def browse_organizations(organizations: pd.DataFrame, cap: int) -> dict[str, str]:
    """'organization:<id>' -> 'OSCE — Organization for …', A–Z by label, at most ``cap``."""
    o = organizations.assign(label=org_labels(organizations).to_numpy())
    o = o.sort_values("label", key=lambda s: s.str.casefold(), kind="stable").head(cap)
    return {f"{ORGANIZATION}:{i}": org_full_label(lab, n)
            for i, lab, n in zip(o["org_id"], o["label"], o["name"], strict=True)}


def _why(kind: str, match: str) -> str:
    what = "organization" if kind == ORGANIZATION else "meeting"
    shown = match.startswith(("title:", "name:", "city:")) or match in ("id", "acronym")
    if len(match) > MATCH_CHARS:  # a theme runs to several lines on a phone: what matched, cut
        match = match[:MATCH_CHARS - 1].rstrip() + "…"
    return f"({what})" if shown else f"({what}; {match})"


def result_options(hits: pd.DataFrame) -> dict[str, str]:
    """Search hits as choices, what tells them apart first: 'meeting:<id>' -> '2017-06-20 · Vienna · Title
    (meeting)', 'organization:<id>' -> 'OSCE — Organization for … (organization; former or other name: …)'."""
    return {f"{k}:{i}": f"{label} {_why(k, match)}"
            for k, i, label, match in zip(hits["kind"], hits["id"], hits["label"], hits["match"], strict=True)}
