from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from redressal.companies.models import Company
from redressal.complaints.counters import recount
from redressal.complaints.models import Complaint
from redressal.core.demo.synthetic import Plan, post_counts
from redressal.discussion.models import Comment


@pytest.mark.django_db
def test_generate_loads_posts_with_counters_right_and_the_largest_share(capsys):
    call_command("generate", complaints=500, companies=20, largest=100, seed=3)

    assert Complaint.objects.count() == 500
    assert Company.objects.count() == 20
    largest = Company.objects.order_by("-complaints_count", "-reviews_count").first()
    assert Complaint.objects.filter(company=largest).count() == 100
    assert Comment.objects.exists()
    assert Complaint.objects.filter(kind=Complaint.Kind.REVIEW).exists()
    assert recount().total == 0
    assert "500 posts" in capsys.readouterr().out


@pytest.mark.django_db
def test_generate_adds_to_what_is_already_there():
    call_command("generate", complaints=300, companies=10)
    call_command("generate", complaints=300, companies=10, seed=2)

    assert Complaint.objects.count() == 600
    assert Company.objects.count() == 20
    assert recount().total == 0


def test_largest_company_gets_exactly_its_share_and_no_one_is_bigger():
    counts = post_counts(Plan(complaints=1_000_000, companies=10_000, largest=100_000))

    assert counts[0] == 100_000
    assert sum(counts) == 1_000_000
    assert max(counts[1:]) < 100_000


@pytest.mark.django_db
def test_generate_refuses_a_largest_company_too_small_to_be_the_largest():
    with pytest.raises(CommandError):
        call_command("generate", complaints=1000, companies=2, largest=10)
