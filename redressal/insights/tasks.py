"""Recomputing a company's numbers, off the request path."""

from __future__ import annotations

from django.core.cache import cache
from django.tasks import task

from redressal.core.tasks import enqueue_on_commit


@task
def refresh_company_numbers(company_id: int) -> bool:
    from redressal.companies.models import Company
    from redressal.insights.numbers import refresh_numbers

    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        return False
    refresh_numbers(company=company)
    return True


# Many page views may find the numbers stale before the worker gets to them: ask once.
REFRESH_ASKED_SECONDS = 300


def refresh_numbers_later(company_id: int, *, again: bool = False) -> None:
    """Recompute after commit; `again` when data changed, else at most once in a while."""
    if again or cache.add(f"numbers-refresh:{company_id}", 1, REFRESH_ASKED_SECONDS):
        enqueue_on_commit(refresh_company_numbers, company_id)
