"""Small facts gathered in memory and written in batches, for counters and hints that do not
need a database write each: a complaint's views, when a token was last used.

Each server process adds them up per key and writes one statement when `size` have been added
or `seconds` have passed since its last write, on the request that finds the batch due. A
process that dies loses at most one batch, which such numbers can afford.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable

from django.conf import settings


class WriteBehind:
    def __init__(
        self,
        write: Callable[[dict], None],
        *,
        combine: Callable,
        size_setting: str,
        seconds_setting: str,
    ) -> None:
        """`write(batch)` stores a {key: value} batch in one statement; `combine(old, new)`
        merges two values for one key; the two settings name the batch's size and age limits
        (read on every add, so tests can change them)."""
        self._write, self._combine = write, combine
        self._size_setting, self._seconds_setting = size_setting, seconds_setting
        self._lock = threading.Lock()
        self._pending: dict = {}
        self._added = 0
        self._last_write = time.monotonic()

    def add(self, key: Hashable, value) -> None:
        with self._lock:
            pending = self._pending
            pending[key] = self._combine(pending[key], value) if key in pending else value
            self._added += 1
            due = self._added >= getattr(
                settings, self._size_setting
            ) or time.monotonic() - self._last_write >= getattr(settings, self._seconds_setting)
            if not due:
                return
            batch = self._take()
        self._write(batch)

    def flush(self) -> None:
        """Write what is pending now (tests, and a process about to stop)."""
        with self._lock:
            batch = self._take()
        if batch:
            self._write(batch)

    def _take(self) -> dict:
        batch, self._pending, self._added = self._pending, {}, 0
        self._last_write = time.monotonic()
        return batch
