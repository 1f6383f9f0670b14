"""The shipped data's changelog (``data/changelog.json``): one entry per released version, each with its date,
its data version (the hash ``load.version_of`` gives, which citations name) and what changed, why, and the
source. A cited data version is found here; the Sources & about page shows the latest release's changes."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

FILE = "changelog.json"
FIELDS = ("what", "why", "source")
_VERSION = re.compile(r"[0-9a-f]{12}")


@dataclass(frozen=True)
class Change:
    what: str
    why: str
    source: str


@dataclass(frozen=True)
class Release:
    version: str  # the release's name, e.g. "2026-12-04"
    date: dt.date
    data_version: str  # the data version (hash) of the tables as released
    changes: tuple[Change, ...]


def parse(text: str, name: str = FILE) -> tuple[Release, ...]:
    """Releases, newest first. A broken file raises ValueError naming the entry and the field."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"{name}: not JSON ({e})") from None
    releases = []
    for i, r in enumerate(raw.get("releases", []) if isinstance(raw, dict) else [], start=1):
        where = f"{name}, release {i}"
        for f in ("version", "date", "data_version", "changes"):
            if not r.get(f):
                raise ValueError(f"{where}: '{f}' is missing")
        try:
            date = dt.date.fromisoformat(r["date"])
        except (TypeError, ValueError):
            raise ValueError(f"{where}: 'date' must be YYYY-MM-DD, not {r['date']!r}") from None
        if not _VERSION.fullmatch(str(r["data_version"])):
            raise ValueError(f"{where}: 'data_version' must be the 12-character data version, not "
                             f"{r['data_version']!r}")
        changes = []
        for j, c in enumerate(r["changes"], start=1):
            missing = [f for f in FIELDS if not str(c.get(f, "")).strip()]
            if missing:
                raise ValueError(f"{where}, change {j}: {', '.join(missing)} missing")
            changes.append(Change(*(str(c[f]) for f in FIELDS)))
        releases.append(Release(str(r["version"]), date, str(r["data_version"]), tuple(changes)))
    if not releases:
        raise ValueError(f"{name}: no releases")
    return tuple(sorted(releases, key=lambda r: r.date, reverse=True))


def read(folder: str | Path) -> tuple[Release, ...] | None:
    """The folder's changelog, or None when it has none."""
    path = Path(folder) / FILE
    return parse(path.read_text(encoding="utf-8")) if path.exists() else None


def release_of(data_version: str, releases: tuple[Release, ...] | None) -> Release | None:
    """The release whose tables have this data version, if any."""
    return next((r for r in releases or () if r.data_version == data_version), None)
