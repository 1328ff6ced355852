"""Bulk loaders write rows with SQL; `manage.py reindex` makes them searchable."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from redressal.complaints.models import Complaint
from redressal.search.companies import lookup
from redressal.search.query import SearchQuery
from redressal.search.selectors import search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("command", "options"),
    [("demo", {"scale": 0.05}), ("generate", {"complaints": 300, "companies": 10})],
)
def test_bulk_loaded_posts_are_searchable_after_reindex(command, options):
    call_command(command, stdout=io.StringIO(), **options)
    call_command("reindex", stdout=io.StringIO())
    complaint = Complaint.objects.published().order_by("id").first()
    word = max(complaint.title.split(), key=len).strip(".,!?:;\"'()")
    page = search(SearchQuery(text=word))
    assert page.hits
    found = search(SearchQuery(text=f'"{complaint.title}"', company_id=complaint.company_id))
    assert complaint.pk in [hit.complaint.pk for hit in found.hits]
    assert complaint.company in lookup(complaint.company.name)
