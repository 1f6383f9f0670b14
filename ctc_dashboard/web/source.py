"""The data the records and the API show: the served folder's last good version, never an upload.

The same holder as the dashboard's sessions (``dataset.served.for_folder``): a refused update keeps the
records on the last good version, as it keeps the app. Filtered views are kept per data version and
filters (a few, least recently used first out), so paging through an answer costs one filter pass.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path

from ..dataset.model import Dataset
from ..dataset.served import DATA_ENV, Served, data_folder, folder_label, for_folder
from ..limits import WEB_VIEWS


def served_state() -> Served:
    """The folder's state now (re-read if it changed; a new version only if whole and valid)."""
    folder = _folder(tuple(sys.argv[1:]), os.environ.get(DATA_ENV))
    return for_folder(str(folder), folder_label(folder)).current()


@functools.lru_cache(maxsize=4)
def _folder(argv: tuple[str, ...], env: str | None) -> Path:
    """The folder (argument > environment > shipped), read once per command line and environment."""
    return data_folder(list(argv))


class Memo:
    """A small thread-safe LRU of derived values, keyed by (data version, what else they depend on)."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> object | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def get(self, key: Hashable, make: Callable[[], object]) -> object:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two threads may both build it, neither waits for the other
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


MEMO = Memo(WEB_VIEWS.value)


def memo(ds: Dataset, what: Hashable, make: Callable[[], object]) -> object:
    return MEMO.get((ds.version, what), make)
