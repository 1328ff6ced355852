"""Counting real views for "Most Popular" without a database write per page view.

Each server process adds views up in memory and writes them in one UPDATE when enough have
gathered or enough time has passed (`VIEW_COUNT_BATCH`, `VIEW_COUNT_SECONDS`).
"""

from __future__ import annotations

import operator

from django.db.models import Case, F, IntegerField, Value, When

from redressal.complaints.models import Complaint
from redressal.core.write_behind import WriteBehind


def write(batch: dict[int, int]) -> None:
    """Add each complaint's new views in one statement."""
    Complaint.objects.filter(pk__in=batch).update(
        views_count=F("views_count")
        + Case(
            *(When(pk=pk, then=Value(n)) for pk, n in batch.items()),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


_views = WriteBehind(
    write,
    combine=operator.add,
    size_setting="VIEW_COUNT_BATCH",
    seconds_setting="VIEW_COUNT_SECONDS",
)


def count_view(complaint_id: int) -> None:
    _views.add(complaint_id, 1)


flush = _views.flush
