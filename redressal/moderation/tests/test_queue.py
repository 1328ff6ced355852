"""The queue: who may open it, what it shows, in which order, for how many queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import services as complaints
from redressal.complaints.models import Complaint
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.models import Comment
from redressal.discussion.tests.factories import CommentFactory
from redressal.moderation.models import Report
from redressal.moderation.tests.helpers import hold_for_moderation, report
from redressal.tests_support import png_bytes

pytestmark = pytest.mark.django_db

QUEUE = "/moderation/"


@pytest.fixture
def moderator():
    return UserFactory(is_staff=True)


def test_anonymous_visitors_are_asked_to_log_in(client):
    for url in (QUEUE, "/moderation/log/", "/moderation/users/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_people_who_are_not_moderators_get_a_404(client):
    client.force_login(UserFactory())
    for url in (QUEUE, "/moderation/log/", f"/moderation/users/{UserFactory().pk}/"):
        assert client.get(url).status_code == 404
    assert client.post("/moderation/act/", {}).status_code == 404


def test_an_inactive_staff_account_is_not_a_moderator(client):
    staff = UserFactory(is_staff=True, is_active=False)
    client.force_login(staff)
    assert client.get(QUEUE).status_code in (302, 404)


def test_moderators_see_reports_and_held_posts_oldest_first(client, moderator):
    complaint = ComplaintFactory(title="Phone caught fire while charging")
    comment = CommentFactory(body="Call me on my number, spammy offer")
    held = hold_for_moderation(ComplaintFactory(title="Held for a moderator"))
    Complaint.objects.filter(pk=held.pk).update(created_at=timezone.now() - timedelta(hours=2))
    late = report(complaint, ago_minutes=10, details="It names my neighbour")
    report(complaint, ago_minutes=5)
    early = report(comment, ago_minutes=60, reason=Report.Reason.ABUSE)

    client.force_login(moderator)
    response = client.get(QUEUE)
    assert response.status_code == 200
    items = response.context["items"]
    assert [(i.kind, i.report and i.report.pk) for i in items] == [
        ("complaint", None),
        ("report", early.pk),
        ("report", late.pk),
        ("report", late.pk + 1),
    ]
    assert items[0].complaint == held
    assert items[1].comment == comment and items[1].complaint == comment.complaint
    assert items[2].open_reports == 2
    assert items[1].open_reports == 1
    page = response.content.decode()
    assert "Phone caught fire while charging" in page
    assert complaint.company.name in page
    assert "It names my neighbour" in page
    assert "spammy offer" in page
    assert f'href="{complaint.get_absolute_url()}"' in page


def test_the_queue_filters_by_kind(client, moderator):
    held = hold_for_moderation(ComplaintFactory())
    held_comment = hold_for_moderation(CommentFactory())
    report(ComplaintFactory())
    client.force_login(moderator)
    reports = client.get(QUEUE, {"kind": "reports"}).context["items"]
    assert [i.kind for i in reports] == ["report"]
    held_items = client.get(QUEUE, {"kind": "held"}).context["items"]
    assert {(i.kind, i.post.pk) for i in held_items} == {
        ("complaint", held.pk),
        ("comment", held_comment.pk),
    }


def test_posts_held_for_an_unverified_email_are_not_in_the_queue(client, moderator):
    ComplaintFactory(author=UserFactory(email_verified_at=None))
    client.force_login(moderator)
    assert client.get(QUEUE).context["items"] == []


def test_closed_reports_leave_the_queue(client, moderator):
    made = report(ComplaintFactory())
    Report.objects.filter(pk=made.pk).update(status=Report.Status.DISMISSED)
    client.force_login(moderator)
    assert client.get(QUEUE).context["items"] == []


def test_a_reported_photo_shows_its_thumbnail(client, moderator):
    complaint = ComplaintFactory()
    photo = complaints.attach_photo(
        complaint=complaint,
        author=complaint.author,
        image=SimpleUploadedFile("p.png", png_bytes(), content_type="image/png"),
    )
    report(photo)
    client.force_login(moderator)
    response = client.get(QUEUE)
    [item] = response.context["items"]
    assert item.photo == photo and item.post == complaint
    assert photo.thumbnail_url in response.content.decode()


def test_the_queue_is_paginated(client, moderator):
    company = CompanyFactory()
    for n in range(30):
        report(ComplaintFactory(company=company), ago_minutes=100 - n)
    client.force_login(moderator)
    first = client.get(QUEUE)
    assert len(first.context["items"]) == 25
    second = client.get(QUEUE, {"page": 2})
    assert len(second.context["items"]) == 5
    assert client.get(QUEUE, {"page": "nonsense"}).status_code == 200


def _fill(n: int) -> None:
    company = CompanyFactory()
    for _ in range(n):
        complaint = ComplaintFactory(company=company)
        comment = CommentFactory(complaint=complaint)
        report(complaint)
        report(comment)
        complaint_photo = complaints.attach_photo(
            complaint=complaint,
            author=complaint.author,
            image=SimpleUploadedFile("p.png", png_bytes(), content_type="image/png"),
        )
        report(complaint_photo)
        hold_for_moderation(ComplaintFactory(company=company))
        hold_for_moderation(CommentFactory(complaint=complaint))


def test_the_queue_makes_the_same_number_of_queries_however_long_it_is(client, moderator):
    client.force_login(moderator)
    _fill(1)
    client.get(QUEUE)  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(QUEUE).context["items"]) == 5
    _fill(4)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(QUEUE).context["items"]) == 25
    assert len(many) == len(few)
    assert Comment.objects.count() > 0
