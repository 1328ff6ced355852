from __future__ import annotations

from django.tasks import task

from redressal.search import index


@task
def reindex_complaint(complaint_id: int) -> None:
    index.index_complaint(complaint_id)


@task
def reindex_company(company_id: int) -> None:
    index.index_company(company_id)
