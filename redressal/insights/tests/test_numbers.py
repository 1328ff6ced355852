"""A company's numbers against a fixture computed by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory, RepresentativeFactory
from redressal.complaints import resolution
from redressal.complaints.models import Complaint
from redressal.complaints.tests.factories import ComplaintFactory, ReviewFactory
from redressal.discussion.services import post_official_response
from redressal.insights.charts import weekly_bars
from redressal.insights.models import CompanyNumbers
from redressal.insights.numbers import compute, refresh_numbers
from redressal.insights.tests.factories import CategoryFactory
from redressal.moderation.services import hide_post

pytestmark = pytest.mark.django_db


def _dated(complaint, *, filed_days_ago: float, answered_after_hours: float | None = None):
    created = timezone.now() - timedelta(days=filed_days_ago)
    answered = (
        None if answered_after_hours is None else created + timedelta(hours=answered_after_hours)
    )
    Complaint.objects.filter(pk=complaint.pk).update(created_at=created, first_answered_at=answered)


@pytest.fixture
def record():
    """Four complaints, a review and a hidden complaint; the figures are worked out below."""
    rep = RepresentativeFactory()
    company, agent = rep.company, rep.user
    delivery = CategoryFactory(name="Delivery")
    a, b, c, d = (ComplaintFactory(company=company) for _ in range(4))
    Complaint.objects.filter(pk__in=[a.pk, b.pk]).update(category=delivery)
    for complaint in (a, b, c):
        post_official_response(complaint=complaint, representative=agent, body="Looking.")
    resolution.mark_resolved(complaint=a, author=a.author)  # resolved by its author
    resolution.propose_resolution(complaint=b, representative=agent, note="Refunded.")
    resolution.dispute_resolution(complaint=b, author=b.author, reason="No refund.")
    resolution.propose_resolution(complaint=c, representative=agent, note="Replaced.")
    _dated(a, filed_days_ago=40, answered_after_hours=48)
    _dated(b, filed_days_ago=30, answered_after_hours=480)
    _dated(c, filed_days_ago=10, answered_after_hours=12)
    _dated(d, filed_days_ago=5)
    ReviewFactory(company=company)  # reviews are not complaints
    hidden = ComplaintFactory(company=company)
    hide_post(moderator=UserFactory(is_staff=True), post=hidden, reason="Spam.")
    return company


def test_the_figures_match_the_hand_computed_ones(record):
    numbers = compute(record)
    assert numbers.complaints == 4
    assert (numbers.answered, numbers.answered_share) == (3, 0.75)
    # a in 48 h and c in 12 h; b took 20 days; d is not answered.
    assert numbers.answered_within_15_days_share == 0.5
    assert numbers.median_hours_to_first_answer == 48.0  # median of 12, 48, 480
    assert numbers.median_days_to_first_answer == 2.0
    assert (numbers.resolved, numbers.resolution_rate) == (1, 0.25)
    # b and c had a proposal; b's was disputed.
    assert (numbers.proposals, numbers.disputed, numbers.disputed_share) == (2, 1, 0.5)
    assert len(numbers.weekly) == 52 and sum(n for _w, n in numbers.weekly) == 4
    assert numbers.categories == [("Delivery", 2), ("Uncategorised", 2)]


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    rep = RepresentativeFactory()
    first, second = (ComplaintFactory(company=rep.company) for _ in range(2))
    _dated(first, filed_days_ago=3, answered_after_hours=10)
    _dated(second, filed_days_ago=3, answered_after_hours=30)
    assert compute(rep.company).median_hours_to_first_answer == 20.0


def test_a_company_without_complaints_divides_by_nothing(client):
    company = CompanyFactory()
    numbers = compute(company)
    assert numbers.complaints == 0
    assert numbers.answered_share is None and numbers.median_hours_to_first_answer is None
    refresh_numbers(company=company)
    page = client.get(f"/companies/{company.slug}/").content.decode()
    assert "No complaints yet, so no answers to count." in page


def test_the_chart_has_a_bar_a_week_and_escapes_its_label():
    weeks = [(f"2026-01-{day:02d}", day) for day in range(1, 29)]
    svg = weekly_bars(weeks, label="Complaints about <script>alert(1)</script>")
    assert svg.count("<rect ") == 28
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'role="img"' in svg and "<desc" in svg


def test_the_company_page_and_the_api_show_them(client, record):
    bold = CategoryFactory(name="<b>Bold</b>")
    Complaint.objects.filter(company=record, category__isnull=False).update(category=bold)
    refresh_numbers(company=record)
    page = client.get(f"/companies/{record.slug}/").content.decode()
    assert "Complaints answered</dt><dd>75%" in page
    assert "Median time to first answer</dt><dd>2.0 days" in page
    assert "<td>&lt;b&gt;Bold&lt;/b&gt;</td>" in page and "<b>Bold</b>" not in page
    assert "Proposed resolutions disputed</dt><dd>50%" in page
    assert page.count("<rect ") == 52
    data = client.get(f"/api/v1/companies/{record.slug}/numbers").json()
    assert data["ready"] and data["answered_share"] == 0.75
    assert data["median_hours_to_first_answer"] == 48.0
    assert len(data["weekly"]) == 52 and data["categories"] == [
        {"category": "<b>Bold</b>", "complaints": 2},
        {"category": "Uncategorised", "complaints": 2},
    ]
    missing = client.get("/api/v1/companies/no-such-company/numbers")
    assert missing.status_code == 404 and "detail" in missing.json()


def test_a_change_refreshes_the_stored_numbers(django_capture_on_commit_callbacks):
    rep = RepresentativeFactory()
    complaint = ComplaintFactory(company=rep.company)
    refresh_numbers(company=rep.company)
    assert CompanyNumbers.objects.get().data["answered"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        post_official_response(complaint=complaint, representative=rep.user, body="Hello.")
    assert CompanyNumbers.objects.get().data["answered"] == 1


def test_the_page_asks_for_numbers_it_does_not_have(client, django_capture_on_commit_callbacks):
    company = CompanyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(f"/companies/{company.slug}/").content.decode()
    assert "These figures are being computed" in page
    assert CompanyNumbers.objects.filter(company=company).exists()
