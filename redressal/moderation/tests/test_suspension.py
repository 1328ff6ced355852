"""A suspended account can log in and read, but every posting service refuses it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import services as complaints
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.complaints.tests.stored import refused
from redressal.discussion import services as discussion
from redressal.discussion.models import Comment
from redressal.moderation import services as moderation
from redressal.moderation.models import Report
from redressal.tests_support import png_bytes

pytestmark = pytest.mark.django_db


def suspend(user, days=3):
    user.suspended_until = timezone.now() + timedelta(days=days)
    user.save(update_fields=["suspended_until"])
    return user


def png():
    return SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")


def test_a_suspension_runs_out_by_itself():
    user = UserFactory()
    assert not user.is_suspended
    suspend(user)
    assert user.is_suspended
    user.suspended_until = timezone.now() - timedelta(minutes=1)
    assert not user.is_suspended


def test_a_suspended_author_cannot_file_a_complaint():
    author, company = suspend(UserFactory()), CompanyFactory()
    with refused("suspended") as info:
        complaints.file_complaint(author=author, company=company, title="Refund", body="No.")
    assert "suspended until" in info.value.message
    assert "cannot post" in info.value.message


def test_a_suspended_author_cannot_publish_a_draft():
    draft = ComplaintFactory(draft=True)
    suspend(draft.author)
    with refused("suspended"):
        complaints.publish_draft(complaint=draft, author=draft.author)


def test_a_suspended_author_cannot_edit_update_or_add_photos():
    complaint = ComplaintFactory()
    author = suspend(complaint.author)
    with refused("suspended"):
        complaints.edit_complaint(complaint=complaint, author=author, title="New", body="New.")
    with refused("suspended"):
        complaints.add_update(complaint=complaint, author=author, body="Still waiting.")
    with refused("suspended"):
        complaints.attach_photo(complaint=complaint, author=author, image=png())


def test_a_suspended_person_cannot_vote_comment_or_report():
    complaint = ComplaintFactory()
    person = suspend(UserFactory())
    with refused("suspended"):
        complaints.vote_helpful(complaint=complaint, user=person)
    with refused("suspended"):
        discussion.post_comment(complaint=complaint, author=person, body="Me too.")
    with refused("suspended"):
        moderation.file_report(reporter=person, target=complaint, reason=Report.Reason.SPAM)
    assert not Report.objects.exists()
    assert not Comment.objects.exists()


def test_after_the_suspension_ends_the_person_posts_again():
    complaint = ComplaintFactory()
    person = UserFactory(suspended_until=timezone.now() - timedelta(seconds=1))
    assert discussion.post_comment(complaint=complaint, author=person, body="Me too.")


def test_the_comment_form_shows_why_a_suspended_person_cannot_post(client):
    complaint = ComplaintFactory()
    person = suspend(UserFactory())
    client.force_login(person)
    response = client.post(
        f"/complaints/{complaint.pk}/comments/", {"kind": "neutral", "body": "Me too."}, follow=True
    )
    assert "you cannot post" in response.content.decode()
    assert not Comment.objects.exists()
