"""The business inbox: a company's complaints as its representatives work through them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from redressal.companies.models import Company, Representative
from redressal.complaints.models import Complaint, Visibility

# Companies are expected to answer within this long; the inbox counts it down.
RESPONSE_CLOCK = timedelta(days=15)
PER_PAGE = 25
STATUS_FILTERS = ("unanswered", *Complaint.Status.values)


@dataclass(frozen=True)
class Filters:
    status: str = ""
    category: str = ""
    product: str = ""
    assigned: str = ""  # "", "me", "nobody" or a representative's user id

    @classmethod
    def from_query(cls, query) -> Filters:
        status = query.get("status", "")
        assigned = query.get("assigned", "")
        return cls(
            status=status if status in STATUS_FILTERS else "",
            category=query.get("category", "")[:80],
            product=query.get("product", "")[:120],
            assigned=assigned if assigned in ("me", "nobody") or assigned.isdigit() else "",
        )

    def as_query(self) -> dict[str, str]:
        return {name: value for name, value in self.__dict__.items() if value}


def representation(user, company: Company) -> Representative | None:
    if not user.is_authenticated:
        return None
    return Representative.objects.filter(user=user, company=company).first()


def inbox(company: Company, filters: Filters, *, user) -> QuerySet:
    """Unanswered complaints first, oldest first: the ones the clock runs out on soonest."""
    complaints = (
        Complaint.objects.filter(company=company, visibility=Visibility.PUBLISHED)
        .select_related("author", "category", "assigned_to")
        .annotate(
            answered=Case(
                When(first_answered_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("answered", "created_at", "id")
    )
    if filters.status == "unanswered":
        complaints = complaints.filter(first_answered_at__isnull=True)
    elif filters.status:
        complaints = complaints.filter(status=filters.status, kind=Complaint.Kind.COMPLAINT)
    if filters.category:
        complaints = complaints.filter(category__slug=filters.category)
    if filters.product:
        complaints = complaints.filter(product__iexact=filters.product)
    if filters.assigned == "me":
        complaints = complaints.filter(assigned_to=user)
    elif filters.assigned == "nobody":
        complaints = complaints.filter(assigned_to__isnull=True)
    elif filters.assigned:
        complaints = complaints.filter(assigned_to_id=int(filters.assigned))
    return complaints


def page_of(complaints: QuerySet, number: int) -> tuple[list[Complaint], bool]:
    """One page, and whether another follows (read one row more, never count them all)."""
    start = (number - 1) * PER_PAGE
    rows = list(complaints[start : start + PER_PAGE + 1])
    return rows[:PER_PAGE], len(rows) > PER_PAGE


def clock(complaint: Complaint, *, now=None) -> dict:
    """Age and the response clock of one complaint, as the inbox shows them."""
    now = now or timezone.now()
    age = now - complaint.created_at
    if complaint.first_answered_at:
        took = complaint.first_answered_at - complaint.created_at
        return {"age_days": age.days, "answered_in_days": took.days, "overdue": False}
    left = RESPONSE_CLOCK - age
    # Part of a day left is a day to answer in.
    days_left = max(math.ceil(left / timedelta(days=1)), 0)
    return {"age_days": age.days, "days_left": days_left, "overdue": left < timedelta(0)}


def product_names(company: Company, *, limit: int = 50) -> list[str]:
    return list(
        Complaint.objects.filter(company=company, visibility=Visibility.PUBLISHED)
        .exclude(product="")
        .values_list("product", flat=True)
        .order_by("product")
        .distinct()[:limit]
    )


def team(company: Company) -> list[Representative]:
    return list(
        Representative.objects.filter(company=company).select_related("user").order_by("role")
    )
