"""Synthetic data folders of any size, for the benchmark and for trying the dashboard at scale.

``write_synthetic(out_dir, meetings=100_000)`` writes the five contract tables, valid for the
validator, shaped like the real data: venues clustered in at most 300 cities (a few big hubs),
about ten organizations per meeting with a long tail (a few organizations attend very often),
one convener per meeting (the organization ``CTC``), every kind and role, multi-day meetings,
organizations without known headquarters, parent organizations (never a cycle), a few hundred
sources and reported figures for some meetings, one to three topics on most meetings, a focus region on
some, and a region on every organization (global for the international ones). Everything is clearly
synthetic ("Synthetic meeting 000123", cities "City 001" in countries "Country 001" with codes XAA, XAB, ...), and
the same seed always gives the same bytes.

Built with numpy and written with pandas, column at a time: 100,000 meetings and a million
participation rows take a few seconds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .contract.schema import (
    CONVENER as CONVENER_ROLE,
)
from .contract.schema import (
    GLOBAL,
    KINDS,
    M49_AREAS,
    MEASURES,
    MEETING_TYPES,
    QUALIFIERS,
    RELIABILITIES,
    TOPICS,
    VISIT,
)

CONVENER = "CTC"
FIRST_DAY = np.datetime64("2003-01-01")
LAST_DAY = np.datetime64("2025-12-31")
MAX_CITIES = 300
MEAN_ORGANIZATIONS = 10  # named organizations per meeting, before the convener row
THEMES = (
    "Terrorist financing", "Border security", "Criminal justice", "Countering violent extremism",
    "Information and communication technologies", "Foreign terrorist fighters", "Victims of terrorism",
    "Organized crime nexus", "Aviation security", "Human rights",
)
PUBLISHERS = ("Synthetic Publisher A", "Synthetic Publisher B", "Synthetic News Agency", "Synthetic Journal")
# Shares of the non-convener rows; every role of the contract appears.
ROLE_SHARES = {"host": 0.07, "co-organizer": 0.05, "presenter": 0.20, "participant": 0.58, "invited": 0.10}
TYPE_SHARES = {"special meeting": 0.45, "joint special meeting": 0.15, "open briefing": 0.33, "": 0.07}


def _ids(prefix: str, n: int, width: int | None = None) -> pd.Series:
    """'SM000001'-style identifiers, zero-padded to the same width."""
    width = width or max(4, len(str(n)))
    return prefix + pd.Series(np.arange(1, n + 1)).astype("str").str.zfill(width)


def _pick(rng: np.random.Generator, n: int, shares: dict[str, float]) -> np.ndarray:
    values = np.array(list(shares), dtype=object)
    p = np.array(list(shares.values()), dtype=float)
    return values[rng.choice(len(values), size=n, p=p / p.sum())]


def _dates(days: np.ndarray) -> np.ndarray:
    """Day offsets from FIRST_DAY as ISO strings."""
    return np.datetime_as_string(FIRST_DAY + days.astype("timedelta64[D]"), unit="D")


def _maybe(values, keep: np.ndarray) -> pd.Series:
    """Values where ``keep``, empty (unknown) elsewhere."""
    s = pd.Series(values)
    return s.where(keep)


def _country_codes(n: int) -> list[str]:
    """XAA, XAB, ...: ISO 3166 reserves X.. for user-assigned codes, so no real country is implied."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [f"X{letters[i // 26 % 26]}{letters[i % 26]}" for i in range(n)]


def _zipf_weights(n: int, a: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** a
    return w / w.sum()


def _cities(rng: np.random.Generator, meetings: int) -> pd.DataFrame:
    n = int(min(MAX_CITIES, max(5, meetings // 10)))
    n_countries = int(min(150, max(3, n // 2)))
    codes = _country_codes(n_countries)
    country = rng.integers(0, n_countries, n)
    country[0] = 0  # the hub (the 'New York' of the data) is City 001 in Country 001
    # Inhabited latitudes; a few cities near the antimeridian.
    lat = np.round(rng.uniform(-45, 62, n), 4)
    lon = np.round(rng.uniform(-179.5, 179.5, n), 4)
    return pd.DataFrame({
        "city": _ids("City ", n, 3),
        "country": pd.Series([f"Country {i + 1:03d}" for i in country], dtype="str"),
        "country_code": pd.Series([codes[i] for i in country], dtype="str"),
        "latitude": lat,
        "longitude": lon,
    })


def _sources(rng: np.random.Generator, meetings: int) -> pd.DataFrame:
    n = int(min(400, max(10, meetings // 100)))
    ids = _ids("SRC", n)
    published = rng.integers(0, int((LAST_DAY - FIRST_DAY).astype(int)) + 1, n)
    return pd.DataFrame({
        "source_id": ids,
        "title": "Synthetic source " + ids.str[3:],
        "publisher": _maybe(np.array(PUBLISHERS, dtype=object)[rng.integers(0, len(PUBLISHERS), n)],
                            rng.random(n) < 0.8),
        "published": _maybe(_dates(published), rng.random(n) < 0.7),
        "url": _maybe("https://example.org/synthetic/source/" + ids.str[3:], rng.random(n) < 0.9),
        "reliability": np.array(RELIABILITIES, dtype=object)[rng.choice(len(RELIABILITIES), n,
                                                                        p=[0.6, 0.2, 0.15, 0.05])],
    })


def _source_lists(rng: np.random.Generator, source_ids: np.ndarray, n: int, share: float) -> pd.Series:
    """One or two ';'-separated source ids for a ``share`` of n rows, empty for the rest."""
    k = len(source_ids)
    first = source_ids[rng.integers(0, k, n)]
    second = source_ids[rng.integers(0, k, n)]
    two = (rng.random(n) < 0.25) & (first != second)
    s = pd.Series(first, dtype="str")
    s = s.where(~two, s + ";" + pd.Series(second, dtype="str"))
    return s.where(rng.random(n) < share)


def _organizations(rng: np.random.Generator, n: int, cities: pd.DataFrame, source_ids: np.ndarray) -> pd.DataFrame:
    others = n - 1
    num = _ids("", others, 4)
    ids = pd.concat([pd.Series([CONVENER]), "ORG" + num], ignore_index=True)
    name = pd.concat([pd.Series(["Synthetic Counter-Terrorism Committee"]), "Synthetic organization " + num],
                     ignore_index=True)
    acronym = pd.concat([pd.Series([CONVENER]), "SO" + num], ignore_index=True).where(
        np.r_[True, rng.random(others) < 0.7])
    kind = np.array(KINDS, dtype=object)[rng.choice(len(KINDS), n, p=[0.3, 0.4, 0.3])]
    kind[0] = "international"
    if n >= 1 + len(KINDS):
        kind[1: 1 + len(KINDS)] = KINDS  # every kind present, however small the folder
    un = np.where(rng.random(n) < 0.3, "true", "false").astype(object)
    un[rng.random(n) < 0.15] = None
    un[0] = "true"
    # Parents: only an earlier organization can be a parent, so the chains always end.
    parent = np.full(n, None, dtype=object)
    if n > 3:
        has_parent = rng.random(n) < 0.12
        has_parent[:2] = False
        rows = np.flatnonzero(has_parent)
        parent_pos = (rng.random(len(rows)) * (rows - 1)).astype(int) + 1  # 1..row-1: never the CTC, never itself
        parent[rows] = ids.to_numpy()[parent_pos]
    # Headquarters: most in a known city with coordinates, some city only, some unknown.
    hq = rng.integers(0, len(cities), n)
    hq[0] = 0
    u = rng.random(n)
    u[0] = 0.0
    with_coords = u < 0.8
    with_city = u < 0.9
    founded = pd.array(rng.integers(1890, 2021, n), dtype="Int64")
    founded[0] = 2001  # the Committee
    members = pd.array(rng.integers(3, 194, n), dtype="Int64")
    return pd.DataFrame({
        "org_id": ids,
        "name": name,
        "acronym": acronym,
        "kind": kind,
        "un_system": un,
        "parent_id": parent,
        "hq_city": cities["city"].to_numpy()[hq],
        "hq_country": cities["country"].to_numpy()[hq],
        "hq_latitude": cities["latitude"].to_numpy()[hq],
        "hq_longitude": cities["longitude"].to_numpy()[hq],
        "founded": founded,
        "member_states": members,
        "website": "https://example.org/synthetic/org/" + ids.str.lower(),
        "source_ids": _source_lists(rng, source_ids, n, 0.9),
    }).assign(
        hq_city=lambda d: d["hq_city"].where(with_city),
        hq_country=lambda d: d["hq_country"].where(with_city),
        hq_latitude=lambda d: d["hq_latitude"].where(with_coords),
        hq_longitude=lambda d: d["hq_longitude"].where(with_coords),
        founded=lambda d: d["founded"].where(np.r_[True, rng.random(others) < 0.75]),
        member_states=lambda d: d["member_states"].where(rng.random(n) < 0.6),
        website=lambda d: d["website"].where(rng.random(n) < 0.8),
    )


def _participation(rng: np.random.Generator, meeting_ids: pd.Series, org_ids: pd.Series,
                   source_ids: np.ndarray) -> pd.DataFrame:
    """The convener at every meeting, then a long-tailed number of organizations drawn Zipf-like."""
    n_meetings, n_orgs = len(meeting_ids), len(org_ids)
    others = n_orgs - 1
    # Negative binomial: mean ~MEAN_ORGANIZATIONS, a long right tail (some meetings name 40+).
    k = rng.negative_binomial(2, 2 / (2 + MEAN_ORGANIZATIONS), n_meetings)
    k = np.minimum(k, others) if others > 0 else np.zeros(n_meetings, dtype=int)
    meeting_pos = np.repeat(np.arange(n_meetings), k)
    # Zipf-like popularity in a shuffled order, so the most frequent organizations are not the first ids.
    popularity = rng.permutation(others)
    org_pos = 1 + popularity[rng.choice(others, size=len(meeting_pos), p=_zipf_weights(others, 0.9))] \
        if others > 0 else np.zeros(0, dtype=int)
    pairs = pd.DataFrame({"m": meeting_pos, "o": org_pos}).drop_duplicates(ignore_index=True)
    role = _pick(rng, len(pairs), ROLE_SHARES)
    role[: min(len(role), len(ROLE_SHARES))] = list(ROLE_SHARES)[: min(len(role), len(ROLE_SHARES))]
    conv = pd.DataFrame({"m": np.arange(n_meetings), "o": 0})
    rows = pd.concat([conv.assign(r=CONVENER_ROLE), pairs.assign(r=role)], ignore_index=True)
    rows = rows.sort_values(["m", "o"], kind="stable", ignore_index=True)
    n = len(rows)
    return pd.DataFrame({
        "meeting_id": meeting_ids.to_numpy()[rows["m"].to_numpy()],
        "org_id": org_ids.to_numpy()[rows["o"].to_numpy()],
        "role": rows["r"].to_numpy(),
        "source_ids": _source_lists(rng, source_ids, n, 0.3),
    })


def _reported_figures(rng: np.random.Generator, meeting_ids: pd.Series, named: np.ndarray,
                      source_ids: np.ndarray) -> pd.DataFrame:
    """For ~20% of meetings, one to three figures that disagree a little, as sources do."""
    n = len(meeting_ids)
    chosen = np.flatnonzero(rng.random(n) < 0.2)
    per = rng.integers(1, 4, len(chosen))
    pos = np.repeat(chosen, per)
    m = len(pos)
    measure = np.array(MEASURES, dtype=object)[rng.choice(len(MEASURES), m, p=[0.6, 0.25, 0.15])]
    base = np.where(measure == "organizations", named[pos] + rng.integers(0, 15, m),
                    np.where(measure == "states", rng.integers(10, 193, m), rng.integers(50, 800, m)))
    value = np.maximum(0, (base * rng.uniform(0.85, 1.15, m)).round().astype(int))
    qualifier = np.array(QUALIFIERS, dtype=object)[rng.integers(0, len(QUALIFIERS), m)]
    qualifier[rng.random(m) < 0.3] = None
    note = pd.Series("Synthetic figure", index=range(m)).where(rng.random(m) < 0.1)
    return pd.DataFrame({
        "meeting_id": meeting_ids.to_numpy()[pos],
        "measure": measure,
        "value": value,
        "qualifier": qualifier,
        "source_id": source_ids[rng.integers(0, len(source_ids), m)],
        "note": note,
    })


def _term_lists(rng: np.random.Generator, terms: list[str], n: int, most: int, share: float) -> pd.Series:
    """1..most distinct terms per row (kept in vocabulary order) for a ``share`` of the rows, else empty."""
    k = rng.integers(1, most + 1, n)
    picks = np.argsort(rng.random((n, len(terms))), axis=1)[:, :most]
    keep = np.arange(most)[None, :] < k[:, None]
    mask = np.where(keep, np.left_shift(1, picks), 0).sum(axis=1)  # a bit per term: order-free, vectorized
    codes, uniques = pd.factorize(mask)
    labels = np.array([";".join(t for i, t in enumerate(terms) if u >> i & 1) for u in uniques], dtype=object)
    return pd.Series(labels[codes]).where(rng.random(n) < share)


def _with_facets(rng: np.random.Generator, meetings: pd.DataFrame, orgs: pd.DataFrame):
    """Topics and focus regions on meetings, a region on organizations; a separate generator, so every other
    column keeps the bytes it had before these columns existed."""
    n, n_orgs = len(meetings), len(orgs)
    areas = list(M49_AREAS)
    meetings = meetings.assign(topics=_term_lists(rng, list(TOPICS), n, 3, 0.95),
                               focus_region=_term_lists(rng, areas, n, 1, 0.15))
    region = _term_lists(rng, areas, n_orgs, 2, 1.0).where(orgs["kind"] != "international", GLOBAL)
    orgs = orgs.assign(region=region)
    cols = list(meetings.columns)
    at = cols.index("theme") + 1
    meetings = meetings[cols[:at] + ["topics", "focus_region"] + [c for c in cols[at:] if c not in
                                                                  ("topics", "focus_region")]]
    cols = [c for c in orgs.columns if c != "region"]
    orgs = orgs[cols[: cols.index("kind") + 1] + ["region"] + cols[cols.index("kind") + 1:]]
    return meetings, orgs


def synthetic_tables(meetings: int, organizations: int | None = None, seed: int = 0) -> dict[str, pd.DataFrame]:
    """The five tables as frames of contract-formatted values (strings, numbers, empty = unknown)."""
    if meetings < 1:
        raise ValueError("meetings must be at least 1")
    n_orgs = max(40, meetings // 50) if organizations is None else int(organizations)
    if n_orgs < 2:
        raise ValueError("organizations must be at least 2 (the convener and one more)")
    rng = np.random.default_rng(seed)
    cities = _cities(rng, meetings)
    sources = _sources(rng, meetings)
    source_ids = sources["source_id"].to_numpy()
    orgs = _organizations(rng, n_orgs, cities, source_ids)

    n = meetings
    ids = _ids("SM", n, max(6, len(str(n))))
    start = np.sort(rng.integers(0, int((LAST_DAY - FIRST_DAY).astype(int)) + 1, n))
    multi = rng.random(n) < 0.3
    end = np.minimum(start + rng.integers(1, 5, n), int((LAST_DAY - FIRST_DAY).astype(int)))
    city = rng.choice(len(cities), n, p=_zipf_weights(len(cities), 1.1))
    part = _participation(rng, ids, orgs["org_id"], source_ids)
    named = np.bincount(pd.Index(ids).get_indexer(part["meeting_id"][part["role"] != CONVENER_ROLE]), minlength=n)
    mtype = _pick(rng, n, TYPE_SHARES)
    mtype[mtype == ""] = None  # type not given
    mtype[: min(n, len(MEETING_TYPES))] = MEETING_TYPES[: min(n, len(MEETING_TYPES))]
    reported = pd.array(named + rng.integers(0, 20, n), dtype="Int64")
    meetings_df = pd.DataFrame({
        "meeting_id": ids,
        "title": "Synthetic meeting " + ids.str[2:],
        "start_date": _dates(start),
        "end_date": _maybe(_dates(end), multi & (end > start)),
        "venue": _maybe("Venue " + pd.Series(rng.integers(1, 40, n)).astype("str"), rng.random(n) < 0.5),
        "city": cities["city"].to_numpy()[city],
        "country": cities["country"].to_numpy()[city],
        "country_code": _maybe(cities["country_code"].to_numpy()[city], rng.random(n) < 0.95),
        "latitude": cities["latitude"].to_numpy()[city],
        "longitude": cities["longitude"].to_numpy()[city],
        "meeting_type": mtype,
        "theme": _maybe(np.array(THEMES, dtype=object)[rng.integers(0, len(THEMES), n)], rng.random(n) < 0.8),
        "organizations_reported": pd.Series(reported).where(rng.random(n) < 0.4),
        "states_reported": pd.Series(pd.array(rng.integers(10, 193, n), dtype="Int64")).where(rng.random(n) < 0.2),
        "outcome": _maybe("Synthetic outcome document " + ids.str[2:], rng.random(n) < 0.2),
        "source_ids": _source_lists(rng, source_ids, n, 0.95),
        "notes": _maybe(pd.Series("Synthetic data, not a real meeting", index=range(n)), rng.random(n) < 0.05),
    })
    visit = meetings_df["meeting_type"].eq(VISIT).fillna(False).to_numpy()
    meetings_df["visited_states"] = pd.Series(cities["country_code"].to_numpy()[city]).where(visit)
    figures = _reported_figures(rng, ids, named, source_ids)
    meetings_df, orgs = _with_facets(np.random.default_rng(seed + 1), meetings_df, orgs)
    return {"meetings": meetings_df, "organizations": orgs, "participation": part, "sources": sources,
            "reported_figures": figures}


def write_synthetic(out_dir: str | Path, meetings: int, organizations: int | None = None, seed: int = 0) -> Path:
    """Write a valid synthetic data folder (the five CSV tables and a README) and return its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = synthetic_tables(meetings, organizations, seed)
    for name, df in tables.items():
        df.to_csv(out / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")
    counts = ", ".join(f"{len(df)} {name}" for name, df in tables.items())
    (out / "README.md").write_text(
        f"# Synthetic data (seed {seed})\n\nWritten by `python -m ctc_dashboard synth`: {counts}.\n"
        "Every row is invented, for benchmarks and tests; nothing here describes a real meeting.\n",
        encoding="utf-8")
    return out
