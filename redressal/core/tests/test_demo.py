from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count

from redressal.accounts.models import User
from redressal.companies.models import Company, Representative
from redressal.complaints.counters import recount
from redressal.complaints.models import Complaint, Photo, StatusChange, Update
from redressal.core.demo import builder
from redressal.discussion.models import Comment

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
SIX_INDUSTRIES = {
    "phones-electronics",
    "telecom",
    "banks-payments",
    "ecommerce-delivery",
    "airlines",
    "insurance",
}


@pytest.mark.django_db
def test_full_demo_builds_a_believable_site_with_right_counters():
    builder.build()

    companies = Company.objects.all()
    assert companies.count() >= 40
    assert set(companies.values_list("industry", flat=True)) >= SIX_INDUSTRIES
    posts = Complaint.objects.published()
    assert posts.count() >= 5000
    flagship = Company.objects.get(name=builder.FLAGSHIP)
    assert flagship.posts_count > 6000
    assert flagship.posts_count > 74 * 20  # page 75 of 20 a page exists
    assert flagship.resolved_count < flagship.complaints_count / 10

    assert any(DEVANAGARI.search(title) for title in posts.values_list("title", flat=True))
    assert posts.filter(body__contains="[protected]").exclude(private_details="").exists()
    assert posts.filter(body__contains="[censored]").exists()
    assert posts.filter(kind=Complaint.Kind.REVIEW, rating__isnull=False).exists()
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Complaint.Status.values)
    assert (
        not StatusChange.objects.filter(complaint__status="resolved")
        .filter(complaint__resolved_at__isnull=True)
        .exists()
    )
    assert Update.objects.filter(body__startswith="Not resolve").exists()

    kinds = set(Comment.objects.values_list("kind", flat=True))
    assert kinds == set(Comment.Kind.values)
    assert Comment.objects.filter(parent__isnull=False).exists()
    official = Comment.objects.filter(official_company__isnull=False).first()
    assert Representative.objects.filter(
        company=official.official_company, user=official.author
    ).exists()

    claimed = Company.objects.filter(claimed_at__isnull=False)
    assert claimed.count() >= 5
    assert flagship in claimed
    assert not claimed.annotate(n=Count("representatives")).filter(n=0).exists()

    photo = Photo.objects.select_related("complaint").first()
    assert default_storage.exists(photo.image.name)
    assert default_storage.exists(photo.thumbnail.name)
    assert photo.caption.startswith(photo.complaint.title)
    assert 0.08 < posts.filter(photos_count__gt=0).count() / posts.count() < 0.2

    same_twice = (
        Complaint.objects.values("author", "title", "body").annotate(n=Count("id")).filter(n=2)
    )
    assert same_twice.exists()
    assert User.objects.get(username="admin").is_superuser
    assert recount().total == 0


@pytest.mark.django_db
def test_demo_is_the_same_on_every_build():
    first = builder.build(scale=0.05).titles
    builder.wipe()
    second = builder.build(scale=0.05).titles

    assert len(first) == 50
    assert first == second


@pytest.mark.django_db
def test_demo_command_runs_once_and_then_says_it_is_already_there(capsys):
    call_command("demo", scale=0.05)
    posts = Complaint.objects.count()

    call_command("demo", scale=0.05)

    assert "already loaded" in capsys.readouterr().out
    assert Complaint.objects.count() == posts
    assert recount().total == 0


@pytest.mark.django_db
def test_demo_reset_rebuilds_the_same_site():
    call_command("demo", scale=0.05)
    titles = list(Complaint.objects.order_by("pk").values_list("title", flat=True)[:20])

    call_command("demo", scale=0.05, reset=True)

    assert list(Complaint.objects.order_by("pk").values_list("title", flat=True)[:20]) == titles
    assert recount().total == 0
