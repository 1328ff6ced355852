from __future__ import annotations

import pytest

from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.search.index import index_complaint


@pytest.fixture
def company(db):
    return CompanyFactory(name="Xiaomi India", slug="xiaomi-india", aliases=["Mi India", "Redmi"])


@pytest.fixture
def post(db, company):
    """File a complaint through the service and index it, as the task would after commit."""

    def make(**kwargs):
        kwargs.setdefault("company", company)
        kwargs.setdefault("product", "")
        complaint = ComplaintFactory(**kwargs)
        index_complaint(complaint.pk)
        complaint.refresh_from_db()
        return complaint

    return make
