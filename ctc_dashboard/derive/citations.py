"""Citations both ways: which sources a profile cites (its Sources table), and how to cite a record or a view.

The one citation builder (``Citation``: plain text, BibTeX, RIS, CSL-JSON) serves the dashboard's "Cite this"
and the server-rendered record pages, so both give the same words, the data version, the access date and the
real address.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from ..contract.schema import safe_url, split_list
from ..dataset.model import Dataset
from ..limits import CITED_FOR
from .profiles import display_name, meeting_participants, meeting_record, organization_record


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


# ---------------------------------------------------------------- citing a record or a view

PUBLISHER = "CTC cooperation dashboard"
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#",
                   "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


@dataclass(frozen=True)
class Citation:
    """One thing to cite (a meeting, an organization or a view of the data) in every format we offer.

    ``url`` is the real address it was read at (a record page, or the dashboard's address with the view's
    query); ``data_version`` says which data it showed; ``accessed`` is the day it was read.
    """

    title: str
    what: str  # "meeting SM-2003-NY", "organization OSCE", "view: years 2003-2007"
    url: str
    data_label: str
    data_version: str
    accessed: dt.date
    key: str  # a BibTeX key / CSL id: letters, digits and dashes

    def text(self) -> str:
        """The plain-text citation shown under "Cite this"."""
        return (f"\u201c{_one_line(self.title)}\u201d ({_one_line(self.what)}). {PUBLISHER}; data: "
                f"{_one_line(self.data_label)}, version {self.data_version}. {self.url}. "
                f"Accessed {self.accessed.isoformat()}.")

    def bibtex(self) -> str:
        """A @misc entry; every field's text escaped for (La)TeX, the URL percent-encoded."""
        fields = [("title", "{" + _tex(self.title) + "}"), ("author", "{" + _tex(PUBLISHER) + "}"),
                  ("howpublished", _tex(self.what)), ("year", str(self.accessed.year)),
                  ("url", _url_field(self.url)), ("urldate", self.accessed.isoformat()),
                  ("note", _tex(f"Data: {self.data_label}, version {self.data_version}. "
                                f"Accessed {self.accessed.isoformat()}."))]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}\n"

    def ris(self) -> str:
        """RIS (reference managers): one tag per line, values on one line each."""
        lines = [("TY", "ELEC"), ("TI", self.title), ("AU", PUBLISHER), ("PB", PUBLISHER),
                 ("PY", str(self.accessed.year)), ("UR", self.url), ("Y2", self.accessed.strftime("%Y/%m/%d")),
                 ("DB", self.data_label), ("ET", f"data version {self.data_version}"), ("N1", self.what)]
        return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines) + "ER  - \r\n"

    def csl_json(self) -> dict:
        """CSL-JSON (Zotero, pandoc): one item."""
        d = self.accessed
        return {"id": self.key, "type": "webpage", "title": self.title, "publisher": PUBLISHER,
                "container-title": PUBLISHER, "URL": self.url, "version": self.data_version,
                "accessed": {"date-parts": [[d.year, d.month, d.day]]},
                "note": f"{self.what}. Data: {self.data_label}, version {self.data_version}."}

    def formats(self) -> dict[str, str]:
        """Format name -> text, in the order a page offers them."""
        return {"Plain text": self.text(), "BibTeX": self.bibtex(), "RIS": self.ris(),
                "CSL-JSON": json.dumps([self.csl_json()], ensure_ascii=False, indent=2)}


def record_citation(ds: Dataset, kind: str, entity_id: str, url: str, accessed: dt.date | None = None) -> Citation:
    """A meeting's or an organization's citation: its title or name, read from the data."""
    name = display_name(ds, kind, entity_id) or entity_id
    return Citation(title=name, what=f"{kind} {entity_id}", url=url, data_label=ds.label,
                    data_version=str(ds.version), accessed=accessed or dt.date.today(),
                    key=_key(f"ctc-{kind}-{entity_id}"))


def view_citation(ds: Dataset, filters_in_words: Iterable[str], url: str,
                  accessed: dt.date | None = None) -> Citation:
    """A view's citation: the filters in words (against the full data) and the address that reproduces it."""
    words = "; ".join(filters_in_words) or "default view"
    return Citation(title=f"{PUBLISHER}, view: {words}", what=f"view: {words}", url=url, data_label=ds.label,
                    data_version=str(ds.version), accessed=accessed or dt.date.today(),
                    key=_key(f"ctc-view-{str(ds.version)[:8]}"))


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _tex(text: object) -> str:
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in _one_line(text))


def _url_field(url: str) -> str:
    """Braces, backslashes, percent signs and spaces percent-encoded: the field stays one balanced group."""
    return quote(_one_line(url), safe=":/?#[]@!$&'()*+,;=-._~%")


def _key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-")[:80] or "ctc"
