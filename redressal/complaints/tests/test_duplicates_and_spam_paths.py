"""The duplicate offer and the hold-for-review path, as the author meets them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.complaints import services
from redressal.complaints.duplicates import DuplicateComplaint
from redressal.complaints.forms import ComplaintForm
from redressal.complaints.models import Complaint, HoldReason, Visibility
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.core.antispam import human_check_data
from redressal.discussion.services import post_comment
from redressal.moderation import services as moderation
from redressal.moderation.selectors import queue_rows

pytestmark = pytest.mark.django_db

STORY = (
    "I ordered a washing machine on the fifth of March and paid in full. The delivery was "
    "promised within a week but nobody came, and customer care closed my ticket twice "
    "without calling me back. I want the machine delivered or my money returned."
)


def test_the_same_complaint_again_is_refused_with_the_earlier_one():
    earlier = ComplaintFactory(title="Washing machine never delivered", body=STORY)
    with pytest.raises(DuplicateComplaint) as refused:
        ComplaintFactory(
            author=earlier.author,
            company=earlier.company,
            title="Washing machine still not delivered",
            body=STORY.replace("twice", "three times"),
        )
    assert refused.value.earlier == earlier
    assert Complaint.objects.count() == 1


def test_the_form_offers_to_add_it_as_an_update(client):
    earlier = ComplaintFactory(title="Washing machine never delivered", body=STORY)
    client.force_login(earlier.author)
    page = client.post(
        "/complaints/new/",
        {
            "kind": "complaint",
            "company": earlier.company.name,
            "title": "Washing machine not delivered",
            "body": STORY,
            "agree_terms": "on",
            **human_check_data(ComplaintForm),
        },
    )
    assert page.status_code == 409
    html = page.content.decode()
    assert "You posted nearly the same complaint before" in html
    assert f'action="/complaints/{earlier.pk}/updates/"' in html
    assert not Complaint.objects.exclude(pk=earlier.pk).exists()
    client.post(f"/complaints/{earlier.pk}/updates/", {"body": STORY})
    assert earlier.updates.get().body == STORY


def test_the_api_names_the_earlier_complaint(client):
    earlier = ComplaintFactory(title="Washing machine never delivered", body=STORY)
    client.force_login(earlier.author)
    response = client.post(
        "/api/v1/complaints",
        {
            "company": earlier.company.slug,
            "title": "Washing machine never came",
            "body": STORY,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"duplicate_of": [str(earlier.pk)]}


def test_an_old_or_different_complaint_is_not_a_duplicate():
    earlier = ComplaintFactory(title="Washing machine never delivered", body=STORY)
    Complaint.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - timedelta(days=91))
    again = ComplaintFactory(author=earlier.author, company=earlier.company, body=STORY)
    assert again.visibility == Visibility.PUBLISHED


def test_spam_signals_hold_a_complaint_for_review_and_tell_the_author(client):
    author = UserFactory(date_joined=timezone.now() - timedelta(hours=2))
    complaint = ComplaintFactory(
        author=author, body="Great offers at www.cheap-deals.example.com, click here to earn."
    )
    assert (complaint.visibility, complaint.held_reason) == (Visibility.HELD, HoldReason.REVIEW)
    assert {s["code"] for s in complaint.spam_signals} >= {"new_account_links", "spam_phrases"}
    assert ("complaint", complaint.pk) in {(k, i) for k, i, _at in queue_rows("held")}
    client.force_login(author)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "waiting for a moderator&#x27;s review" in page
    client.logout()
    assert client.get(complaint.get_absolute_url()).status_code == 404
    moderation.publish_post(
        moderator=UserFactory(is_staff=True), post=complaint, reason="A real complaint."
    )
    complaint.refresh_from_db()
    assert complaint.visibility == Visibility.PUBLISHED


def test_a_burst_of_comments_is_held_for_review():
    complaint = ComplaintFactory()
    author = UserFactory()
    comments = [
        post_comment(complaint=complaint, author=author, body=f"Me too, case {n} of many.")
        for n in range(7)
    ]
    # More than five earlier posts in ten minutes: the seventh waits.
    assert [c.visibility for c in comments[:6]] == [Visibility.PUBLISHED] * 6
    assert comments[6].held_reason == HoldReason.REVIEW
    assert comments[6].spam_signals[0]["code"] == "velocity"


def test_publishing_a_draft_checks_for_duplicates_again():
    earlier = ComplaintFactory(title="Washing machine never delivered", body=STORY)
    draft = services.file_complaint(
        author=earlier.author,
        company=earlier.company,
        title="Something else entirely",
        body="A different story about a fridge that hums loudly at night and wakes us up.",
        draft=True,
    )
    services.edit_complaint(
        complaint=draft, author=earlier.author, title="Washing machine again", body=STORY
    )
    with pytest.raises(DuplicateComplaint):
        services.publish_draft(complaint=draft, author=earlier.author)
    assert Complaint.objects.get(pk=draft.pk).visibility == Visibility.DRAFT
