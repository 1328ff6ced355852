"""Keeping the search index in step with what is published.

Services call `index_later(complaint)` (and `index_company_later(company)`) inside their
transaction; the task runs after commit and (re)builds or removes the rows. Everything else
reads the index only through `redressal.search.selectors` and `redressal.search.companies`.
"""

from __future__ import annotations

from django.db import transaction

from redressal.core.tasks import enqueue_on_commit
from redressal.search.backends import get_backend


def index_complaint(complaint_id: int) -> None:
    """Make the complaint's search row match it: rebuilt when published, removed otherwise.

    Idempotent; a complaint that no longer exists simply has no row.
    """
    with transaction.atomic():
        get_backend().index_complaint(int(complaint_id))


def index_company(company_id: int, *, with_complaints: bool = True) -> None:
    """Rebuild the company's name look-up rows and, since its posts are found by its name
    and aliases too, its posts' rows (skip those for a company that has just been made)."""
    backend = get_backend()
    with transaction.atomic():
        backend.index_company(int(company_id))
        if with_complaints:
            backend.index_company_complaints(int(company_id))


def reindex_all() -> None:
    """Rebuild every row with a few set-based statements (manage.py reindex, bulk loaders)."""
    backend = get_backend()
    with transaction.atomic():
        backend.index_company(None)
        backend.index_complaint(None)


def index_later(complaint) -> None:
    from redressal.search.tasks import reindex_complaint

    pk = complaint.pk
    if pk is None:
        # Deleted outright: its row can no longer join to a complaint, so it never shows.
        return
    enqueue_on_commit(reindex_complaint, pk)


def index_company_later(company) -> None:
    from redressal.search.tasks import reindex_company

    pk = company.pk
    enqueue_on_commit(reindex_company, pk)
