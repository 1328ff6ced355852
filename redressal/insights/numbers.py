"""A company's real record: how often and how fast it answers, how often authors say resolved.

Computed from the rows in a task (`refresh_numbers`), stored in CompanyNumbers, read by pages.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from redressal.companies.models import Company
from redressal.companies.page_cache import company_changed
from redressal.complaints.models import Complaint, StatusChange, Visibility
from redressal.insights.models import CompanyNumbers

RESPONSE_CLOCK = timedelta(days=15)
WEEKS = 52
# Numbers older than this are recomputed when a page asks for them.
STALE_AFTER = timedelta(hours=24)

Status = Complaint.Status


@dataclass(frozen=True)
class Numbers:
    complaints: int
    answered: int
    answered_share: float | None
    answered_within_15_days_share: float | None
    median_hours_to_first_answer: float | None
    resolved: int
    resolution_rate: float | None
    proposals: int  # complaints that ever had a resolution proposed
    disputed: int  # of those, how many the author disputed at least once
    disputed_share: float | None
    weekly: list[tuple[str, int]]  # (Monday of the week, ISO date; complaints filed)
    categories: list[tuple[str, int]]  # (category; complaints filed in the last year)
    computed_at: str

    @property
    def median_days_to_first_answer(self) -> float | None:
        hours = self.median_hours_to_first_answer
        return None if hours is None else round(hours / 24, 1)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _monday(moment: datetime) -> datetime:
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def compute(company: Company, *, now: datetime | None = None) -> Numbers:
    now = now or timezone.now()
    rows = list(
        Complaint.objects.filter(
            company=company, kind=Complaint.Kind.COMPLAINT, visibility=Visibility.PUBLISHED
        ).values_list("pk", "created_at", "first_answered_at", "status", "category__name")
    )
    ids = [row[0] for row in rows]
    changes = StatusChange.objects.filter(complaint__in=ids)
    proposed = set(
        changes.filter(to_status=Status.RESOLUTION_PROPOSED).values_list("complaint", flat=True)
    )
    disputed = set(
        changes.filter(
            from_status=Status.RESOLUTION_PROPOSED, to_status=Status.ANSWERED
        ).values_list("complaint", flat=True)
    )
    waits = [answered - created for _pk, created, answered, *_ in rows if answered is not None]
    resolved = sum(1 for row in rows if row[3] == Status.RESOLVED)

    this_week = _monday(now)
    weeks = [this_week - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    weekly = dict.fromkeys(weeks, 0)
    categories: dict[str, int] = {}
    year_ago = now - timedelta(weeks=WEEKS)
    for _pk, created, _answered, _status, category in rows:
        monday = _monday(created)
        if monday in weekly:
            weekly[monday] += 1
        if created >= year_ago:
            name = category or "Uncategorised"
            categories[name] = categories.get(name, 0) + 1

    return Numbers(
        complaints=len(rows),
        answered=len(waits),
        answered_share=_share(len(waits), len(rows)),
        answered_within_15_days_share=_share(
            sum(1 for wait in waits if wait <= RESPONSE_CLOCK), len(rows)
        ),
        median_hours_to_first_answer=(
            round(statistics.median(w.total_seconds() for w in waits) / 3600, 1) if waits else None
        ),
        resolved=resolved,
        resolution_rate=_share(resolved, len(rows)),
        proposals=len(proposed),
        disputed=len(disputed & proposed),
        disputed_share=_share(len(disputed & proposed), len(proposed)),
        weekly=[(monday.isoformat(), count) for monday, count in weekly.items()],
        categories=sorted(categories.items(), key=lambda item: (-item[1], item[0])),
        computed_at=now.isoformat(),
    )


@transaction.atomic
def refresh_numbers(*, company: Company) -> Numbers:
    numbers = compute(company)
    CompanyNumbers.objects.update_or_create(
        company=company,
        defaults={"data": asdict(numbers), "computed_at": timezone.now()},
    )
    company_changed(company.pk)
    return numbers


def _from_data(data: dict) -> Numbers:
    return Numbers(
        **{
            **data,
            "weekly": [tuple(week) for week in data["weekly"]],
            "categories": [tuple(item) for item in data["categories"]],
        }
    )


def company_numbers(company: Company) -> Numbers | None:
    """The stored numbers (None until first computed); asks for fresh ones when stale.

    Load the company with `select_related("numbers")` and this costs no query.
    """
    from redressal.insights.tasks import refresh_numbers_later

    try:
        stored = company.numbers
    except CompanyNumbers.DoesNotExist:
        stored = None
    if stored is None or timezone.now() - stored.computed_at > STALE_AFTER:
        refresh_numbers_later(company.pk)
    return _from_data(stored.data) if stored else None
