"""The company's header and numbers, stored per page generation: never shown stale."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redressal.accounts.tests.factories import UserFactory
from redressal.companies import services as company_services
from redressal.companies.models import Company
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import services
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.insights.numbers import refresh_numbers

pytestmark = pytest.mark.django_db


def _page(client, company, query="") -> str:
    response = client.get(f"/companies/{company.slug}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _company_reads(client, company, query="") -> int:
    with CaptureQueriesContext(connection) as queries:
        _page(client, company, query)
    return sum('FROM "companies_company"' in q["sql"] for q in queries.captured_queries)


def test_the_header_is_rendered_once_per_change(client, settings):
    settings.COMPLAINTS_PER_PAGE = 1
    company = CompanyFactory(name="Acme")
    ComplaintFactory(company=company)
    ComplaintFactory(company=company)
    assert _company_reads(client, company) == 1
    assert _company_reads(client, company) == 0
    # Every page shows the same header, and every first page the same numbers.
    assert _company_reads(client, company, "?sort=oldest") == 0
    assert _company_reads(client, company, "?page=2") == 0
    assert _company_reads(client, company, "?sort=helpful&page=2") == 0
    ComplaintFactory(company=company)
    assert _company_reads(client, company) == 1


def test_a_new_post_shows_in_the_stored_header_at_once(client):
    company = CompanyFactory(name="Acme")
    ComplaintFactory(company=company)
    assert "<dt>Complaints</dt><dd>1</dd>" in _page(client, company)
    ComplaintFactory(company=company)
    page = _page(client, company)
    assert "<dt>Complaints</dt><dd>2</dd>" in page
    assert "2 complaints and reviews about Acme: 0 resolved, 2 unresolved." in page


def test_a_resolution_shows_in_the_header_of_every_page(client):
    company = CompanyFactory()
    post = ComplaintFactory(company=company)
    ComplaintFactory(company=company)
    for query in ("", "?sort=oldest"):
        assert "<dt>Resolved</dt><dd>0</dd>" in _page(client, company, query)
    services.mark_resolved(complaint=post, author=post.author)
    for query in ("", "?sort=oldest"):
        assert "<dt>Resolved</dt><dd>1</dd>" in _page(client, company, query)


def test_fresh_numbers_replace_the_stored_ones(client):
    company = CompanyFactory()
    assert "These figures are being computed" in _page(client, company)
    ComplaintFactory(company=company)
    refresh_numbers(company=Company.objects.get(pk=company.pk))
    page = _page(client, company)
    assert "These figures are being computed" not in page
    assert "Of 1 published complaint;" in page


def test_a_vote_renders_the_header_again_but_not_the_numbers(client, monkeypatch):
    from redressal.companies import page_parts

    company = CompanyFactory()
    post = ComplaintFactory(company=company)
    refresh_numbers(company=Company.objects.get(pk=company.pk))
    rendered = []
    real = page_parts._render_numbers
    monkeypatch.setattr(
        page_parts, "_render_numbers", lambda company: rendered.append(1) or real(company)
    )
    _page(client, company)
    services.vote_helpful(complaint=post, user=UserFactory())
    assert _company_reads(client, company) == 1  # the header, for the new generation
    assert "Found this helpful" in _page(client, company)
    assert len(rendered) == 1


def test_a_renamed_company_shows_its_new_name_in_its_numbers(client):
    from redressal.companies.page_cache import company_changed

    company = CompanyFactory(name="Acme")
    ComplaintFactory(company=company)
    refresh_numbers(company=Company.objects.get(pk=company.pk))
    assert "How Acme answers" in _page(client, company)
    Company.objects.filter(pk=company.pk).update(name="Acme India")
    company_changed(company.pk)  # as the admin does
    page = _page(client, company)
    assert "How Acme India answers" in page and "How Acme answers" not in page


def test_listing_a_proposed_company_offers_to_claim_it(client):
    company = CompanyFactory(is_listed=False)
    assert "Claim it" not in _page(client, company)
    company_services.list_company(company=company, moderator=UserFactory(is_staff=True))
    assert "Claim it" in _page(client, company)


def test_a_company_gone_after_its_stamp_was_read_is_not_found(client, monkeypatch):
    from redressal.companies import page_parts

    company = CompanyFactory()
    caches["parts"].clear()
    real = page_parts.company_parts

    def delete_first(stamp, **kwargs):
        Company.objects.filter(pk=stamp.pk).delete()
        return real(stamp, **kwargs)

    monkeypatch.setattr(page_parts, "company_parts", delete_first)
    assert client.get(f"/companies/{company.slug}/").status_code == 404
