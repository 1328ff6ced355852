"""Counting real views for "Most Popular" without a database write per page view.

Each server process adds views up in memory and writes them in one UPDATE when enough have
gathered or enough time has passed. A process that dies loses at most one batch of views,
which a popularity sort can afford.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models import Case, F, IntegerField, Value, When

from redressal.complaints.models import Complaint

_lock = threading.Lock()
_pending: dict[int, int] = {}
_last_flush = time.monotonic()


def count_view(complaint_id: int) -> None:
    global _last_flush
    with _lock:
        _pending[complaint_id] = _pending.get(complaint_id, 0) + 1
        due = (
            sum(_pending.values()) >= settings.VIEW_COUNT_BATCH
            or time.monotonic() - _last_flush >= settings.VIEW_COUNT_SECONDS
        )
        if not due:
            return
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    write(batch)


def write(batch: dict[int, int]) -> None:
    """Add each complaint's new views in one statement."""
    if not batch:
        return
    Complaint.objects.filter(pk__in=batch).update(
        views_count=F("views_count")
        + Case(
            *(When(pk=pk, then=Value(n)) for pk, n in batch.items()),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def flush() -> None:
    """Write what is pending now (tests, and a process about to stop)."""
    with _lock:
        batch = dict(_pending)
        _pending.clear()
    write(batch)
