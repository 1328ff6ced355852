from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Company
from redressal.complaints import services
from redressal.complaints.counters import recount
from redressal.complaints.models import Complaint, Photo
from redressal.complaints.tests.factories import ComplaintFactory, ReviewFactory
from redressal.discussion.tests.factories import CommentFactory
from redressal.insights.models import Category
from redressal.insights.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("recount", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def complaint():
    category = CategoryFactory()
    complaint = ComplaintFactory(category=category)
    ReviewFactory(company=complaint.company, rating=3)
    services.vote_helpful(complaint=complaint, user=UserFactory())
    CommentFactory(complaint=complaint)
    return complaint


def test_all_right_when_nothing_drifted(complaint):
    assert run() == "All counters were right.\n"


def test_recount_names_and_fixes_what_drifted(complaint):
    Complaint.objects.filter(pk=complaint.pk).update(helpful_count=3, comments_count=0)
    Company.objects.filter(pk=complaint.company_id).update(complaints_count=7, rating_sum=4)
    Category.objects.filter(pk=complaint.category_id).update(complaints_count=0)

    output = run()

    assert "complaint.helpful_count: fixed 1" in output
    assert f"complaint {complaint.pk} helpful_count 3 → 1" in output
    assert f"complaint {complaint.pk} comments_count 0 → 1" in output
    assert f"company {complaint.company_id} complaints_count 7 → 1" in output
    assert f"company {complaint.company_id} rating_sum 4 → 3" in output
    assert f"category {complaint.category_id} complaints_count 0 → 1" in output
    assert "Fixed 5 wrong counters." in output

    complaint.refresh_from_db()
    assert (complaint.helpful_count, complaint.comments_count) == (1, 1)
    company = complaint.company
    company.refresh_from_db()
    assert (company.complaints_count, company.rating_sum) == (1, 3)
    assert Category.objects.get(pk=complaint.category_id).complaints_count == 1
    assert run() == "All counters were right.\n"


def test_dry_run_reports_without_writing(complaint):
    Complaint.objects.filter(pk=complaint.pk).update(helpful_count=9)
    Company.objects.filter(pk=complaint.company_id).update(reviews_count=0)

    output = run("--dry-run")

    assert "complaint.helpful_count: would fix 1" in output
    assert f"company {complaint.company_id} reviews_count 0 → 1" in output
    assert "Found 2 wrong counters (dry run: nothing written)." in output
    complaint.refresh_from_db()
    assert complaint.helpful_count == 9
    assert recount(dry_run=True).total == 2
    assert "Fixed 2 wrong counters." in run()
    assert recount(dry_run=True).total == 0


def test_examples_stop_at_a_few_but_the_count_is_complete():
    complaints = [ComplaintFactory() for _ in range(7)]
    Complaint.objects.filter(pk__in=[c.pk for c in complaints]).update(photos_count=2)

    output = run()

    assert "complaint.photos_count: fixed 7" in output
    assert output.count("photos_count 2 → 0") == 5


def test_photos_on_comments_are_not_counted_as_the_posts_own(complaint):
    comment = CommentFactory(complaint=complaint)
    Photo.objects.create(
        complaint=complaint, comment=comment, image="photos/c.png", width=4, height=3
    )
    assert run() == "All counters were right.\n"
    complaint.refresh_from_db()
    assert complaint.photos_count == 0
