"""The data version a server shows, and the one rule for replacing it.

A data folder is re-read whenever its signature (names, sizes, modification times) changes. A
new version replaces the served one only if it loads whole and valid; otherwise the served
version stays and the refusal is kept (when, and the full report) for the Sources & about page,
the server log and the health file. A folder that is invalid before anything valid was served
has nothing to fall back on: that state carries the report alone, as a first start always has.

One ``ServedData`` per folder and process, shared by every session: the state is replaced
whole under a lock, and a reload never blocks sessions that already have a version to show.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

from .. import env
from .load import load_source
from .model import Dataset
from .problems import DataError, Problem

log = logging.getLogger("ctc_dashboard.data")
LOGGED_PROBLEMS = 5  # the log names the first few; the About page and its download have them all


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Refusal:
    """An update of the folder that was not served, and why."""

    at: dt.datetime
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Served:
    dataset: Dataset | None  # None: nothing valid has been loaded yet
    since: dt.datetime | None  # when this version started being served
    checked: dt.datetime | None  # when the folder was last read
    problems: tuple[Problem, ...] = ()  # with no dataset: the report, the only thing to show
    refusal: Refusal | None = None  # the last update refused while this version is served

    @property
    def version(self) -> str | None:
        return self.dataset.version if self.dataset is not None else None


class ServedData:
    """Holds the served version of one folder. ``current()`` is cheap when nothing changed."""

    def __init__(self, load: Callable[[], Dataset], signature: Callable[[], Hashable], label: str = "data",
                 on_change: Callable[[Served], None] | None = None, clock: Callable[[], dt.datetime] = utc_now):
        self._load = load
        self._signature = signature
        self.label = label
        self._on_change = on_change
        self._clock = clock
        self._lock = threading.Lock()  # guards _state and _seen
        self._loading = threading.Lock()  # one reload at a time
        self._state = Served(None, None, None)
        self._seen: object = _NEVER
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    @property
    def state(self) -> Served:
        with self._lock:
            return self._state

    def report_to(self, on_change: Callable[[Served], None]) -> None:
        """Report every change of state to ``on_change`` from now on (the first reporter given is kept), and
        the state already loaded at once."""
        with self._lock:
            if self._on_change is not None:
                return
            self._on_change = on_change
            loaded = self._seen is not _NEVER
            state = self._state
        if loaded:
            self._report(state)

    def _report(self, state: Served) -> None:
        if self._on_change is not None:
            try:
                self._on_change(state)
            except Exception:  # a failing health file must not take the data down
                log.exception("could not report the data state")

    def current(self, while_loading: Callable[[], AbstractContextManager] = nullcontext) -> Served:
        """The state after checking the folder: reloads (once, whoever asks) when its signature changed.

        ``while_loading`` wraps a reload this caller waits for (a spinner), and only that.
        """
        try:
            signature = self._signature()
        except OSError:
            signature = None  # unreadable: load() will say why
        with self._lock:
            if signature == self._seen:
                return self._state
            serving = self._state.dataset is not None
        # With a version to show, never wait for another thread's reload: show the current one.
        if not self._loading.acquire(blocking=not serving):
            return self.state
        try:
            with self._lock:
                if signature == self._seen:
                    return self._state
            with while_loading():
                state = self._reload()
            with self._lock:
                self._state, self._seen = state, signature
        finally:
            self._loading.release()
        self._report(state)
        return state

    def _reload(self) -> Served:
        now = self._clock()
        old = self.state
        try:
            ds = self._load()
        except DataError as e:
            problems = tuple(e.problems)
        except OSError as e:
            problems = (Problem(self.label, None, None, None, f"a readable data folder ({e.strerror or e})"),)
        except Exception as e:  # a bug or a resource limit is refused like bad data, and logged in full
            log.exception("loading %s failed", self.label)
            problems = (Problem(self.label, None, None, None, f"a folder that loads ({type(e).__name__}: {e})"),)
        else:
            if old.dataset is not None and ds.version == old.dataset.version:
                if old.refusal is not None:
                    log.info("%s: back to the served version %s; the refused update is gone", self.label, ds.version)
                return replace(old, checked=now, refusal=None)
            if old.dataset is None:
                log.info("%s: serving data version %s (%d meetings)", self.label, ds.version, len(ds.meetings))
            else:
                log.info("%s: serving data version %s (%d meetings), replacing %s", self.label, ds.version,
                         len(ds.meetings), old.dataset.version)
            return Served(ds, now, now)
        if old.dataset is None:
            _log_problems(f"{self.label}: no valid data to serve", problems)
            return Served(None, None, now, problems=problems)
        _log_problems(f"{self.label}: update refused, still serving version {old.dataset.version}", problems)
        return replace(old, checked=now, refusal=Refusal(now, problems))

    # ------------------------------------------------------------ background check

    def watch(self, every: float) -> None:
        """Check the folder every ``every`` seconds in a daemon thread, so the health file stays current
        even when nobody visits (and the first visitor after an edit does not wait for the reload)."""
        if self._watcher is not None:
            return

        def loop() -> None:
            while not self._stop.wait(every):
                try:
                    self.current()
                except Exception:
                    log.exception("checking %s failed", self.label)

        self._watcher = threading.Thread(target=loop, name=f"ctc-data-watch-{self.label}", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        self._stop.set()


_NEVER = object()


def folder_signature(folder: str | Path) -> tuple:
    """Names, sizes and modification times of the folder's CSV files: a cheap "did it change?".

    A folder that is missing or unreadable has a signature too, so going away is a change.
    """
    try:
        if os.path.isfile(folder):  # an .xlsx workbook served as the data
            s = os.stat(folder)
            return ((os.path.basename(folder), s.st_size, s.st_mtime_ns),)
        with os.scandir(folder) as entries:
            return tuple(sorted((e.name, s.st_size, s.st_mtime_ns) for e in entries
                                if e.name.lower().endswith(".csv") for s in [e.stat()]))
    except OSError as e:
        return ("unreadable", e.errno)


def _log_problems(headline: str, problems: tuple[Problem, ...]) -> None:
    shown = "; ".join(str(p) for p in problems[:LOGGED_PROBLEMS])
    more = f" (and {len(problems) - LOGGED_PROBLEMS} more)" if len(problems) > LOGGED_PROBLEMS else ""
    log.warning("%s: %d problem(s): %s%s", headline, len(problems), shown, more)


# ---------------------------------------------------------------- the folder a process serves

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data"
SHIPPED_LABEL = "shipped data"
DATA_ENV = env.DATA


def data_folder(argv: list[str] | None = None) -> Path:
    """``-- --data DIR`` wins over $CTC_DASHBOARD_DATA, which wins over the shipped data/."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    chosen = args.data or os.environ.get(DATA_ENV) or str(SHIPPED)
    return Path(chosen).expanduser()


def folder_label(folder: Path) -> str:
    return SHIPPED_LABEL if folder == SHIPPED else folder.name


_HOLDERS: dict[str, ServedData] = {}
_HOLDERS_LOCK = threading.Lock()


def for_folder(folder: str | Path, label: str, port: int | None = None,
               watch_every: float | None = None) -> ServedData:
    """The one holder of this folder in the process, made on first use by whoever asks first: the
    Streamlit sessions (``ui.cache``) and the record pages and API (``web``) read the same version.

    ``port``: the health file to write (health-<port>.json) when the state changes; ``watch_every``:
    seconds between background checks of the folder (None: checked only when asked).
    """
    key = str(folder)
    with _HOLDERS_LOCK:
        holder = _HOLDERS.get(key)
        if holder is None:
            holder = ServedData(lambda: load_source(key, label=label), lambda: folder_signature(key), label=label)
            _HOLDERS[key] = holder
    if port is not None:  # also when the records, the API or the start-up warm-up made the holder first
        target = health_path(port)
        holder.report_to(lambda state: write_json(target, health(state, label)))
    if watch_every is not None:
        holder.watch(watch_every)
    return holder


# ---------------------------------------------------------------- health

STATUS_DIR = Path(__file__).resolve().parents[2] / "static" / "status"  # served at /app/static/status/


def health_path(port: int) -> Path:
    """One file per server process (replicas share a folder): health-<port>.json, or under $CTC_DASHBOARD_STATUS."""
    return Path(os.environ.get(env.STATUS) or STATUS_DIR) / f"health-{port}.json"


def health(state: Served, label: str) -> dict:
    """What an operator or a proxy polls: the version served and whether the last update was refused.

    Counts and times only: no path of the machine, no cell of a refused file.
    """
    ds = state.dataset
    refusal = state.refusal
    if ds is None:
        status = "invalid" if state.problems else "starting"
    else:
        status = "refused" if refusal is not None else "ok"
    return {
        "status": status,
        "data": label,
        "served_version": None if ds is None else ds.version,
        "served_since": _iso(state.since),
        "meetings": None if ds is None else len(ds.meetings),
        "last_checked": _iso(state.checked),
        "last_update_refused": refusal is not None,
        "refused_at": None if refusal is None else _iso(refusal.at),
        "problems": len(refusal.problems) if refusal is not None else len(state.problems),
    }


def _iso(t: dt.datetime | None) -> str | None:
    return None if t is None else t.isoformat().replace("+00:00", "Z")


def write_json(path: Path, content: dict) -> None:
    """Write atomically (temporary file + rename), so a poller never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".health-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(content, f, indent=2)
            f.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
