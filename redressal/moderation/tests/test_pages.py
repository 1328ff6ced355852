"""The moderators' pages: actions posted from the queue, the redaction form, people, the log."""

from __future__ import annotations

import pytest
from django.core import mail

from redressal.accounts.tests.factories import UserFactory
from redressal.complaints.counters import recount
from redressal.complaints.models import Visibility
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.tests.factories import CommentFactory
from redressal.moderation import services
from redressal.moderation.models import ModerationAction, Report
from redressal.moderation.tests.helpers import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    user = UserFactory(is_staff=True, username="mod")
    client.force_login(user)
    return user


def act(client, post, action, reason="Against the rules.", **extra):
    data = {
        "action": action,
        "target_kind": "comment" if hasattr(post, "parent_id") else "complaint",
        "target_id": post.pk,
        "reason": reason,
        "next": "/moderation/?kind=reports",
        **extra,
    }
    return client.post("/moderation/act/", data, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_moderator_hides_a_reported_comment_from_the_queue(
    client, moderator, django_capture_on_commit_callbacks
):
    comment = CommentFactory()
    made = report(comment)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, comment, "hide", report=made.pk)
    assert response.redirect_chain[-1][0] == "/moderation/?kind=reports"
    assert "Hidden from the public." in messages_of(response)
    comment.refresh_from_db()
    assert comment.visibility == Visibility.HIDDEN
    assert ModerationAction.objects.get().report == made
    assert len(mail.outbox) == 2
    assert recount(dry_run=True).total == 0


def test_a_refused_action_is_a_message_not_an_error(client, moderator):
    complaint = ComplaintFactory()
    services.hide_post(moderator=moderator, post=complaint, reason="Spam.")
    response = act(client, complaint, "hide")
    assert response.status_code == 200
    assert any("can be hidden" in text for text in messages_of(response))
    assert ModerationAction.objects.count() == 1


def test_a_missing_reason_is_a_message(client, moderator):
    complaint = ComplaintFactory()
    response = act(client, complaint, "hide", reason="")
    assert any("Reason" in text for text in messages_of(response))
    assert not ModerationAction.objects.exists()


def test_dismissing_from_the_queue(client, moderator):
    complaint = ComplaintFactory()
    made = report(complaint)
    response = act(client, complaint, "dismiss", report=made.pk)
    assert any("dismissed" in text for text in messages_of(response))
    made.refresh_from_db()
    assert made.status == Report.Status.DISMISSED
    assert any("no report" in text for text in messages_of(act(client, complaint, "dismiss")))


def test_actions_need_a_post_and_csrf(moderator):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(moderator)
    complaint = ComplaintFactory()
    response = strict.post(
        "/moderation/act/",
        {"action": "hide", "target_kind": "complaint", "target_id": complaint.pk, "reason": "x"},
    )
    assert response.status_code == 403
    assert strict.get("/moderation/act/").status_code == 405


def test_the_redaction_form_is_prefilled_and_saves(client, moderator):
    complaint = ComplaintFactory(body="My Aadhaar is 1234 5678 9012, please help.")
    url = f"/moderation/complaints/{complaint.pk}/redaction/"
    page = client.get(url)
    assert "My Aadhaar is 1234 5678 9012" in page.content.decode()
    response = client.post(url, {"body": "My Aadhaar is [protected], please help.", "reason": "ID"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.body == "My Aadhaar is [protected], please help."
    unchanged = client.post(url, {"body": complaint.body, "reason": "Again"})
    assert "The text is unchanged." in unchanged.content.decode()


def test_the_member_page_warns_and_suspends(client, moderator):
    person = UserFactory()
    url = f"/moderation/users/{person.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "suspend", "reason": "Spam run."})
    assert "For how many days?" in response.content.decode()
    response = client.post(url, {"action": "suspend", "days": "3", "reason": "Spam run."})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_suspended
    page = client.get(url).content.decode()
    assert "Suspended until" in page and "Spam run." in page
    client.post(url, {"action": "warn", "reason": "Be kind."})
    assert ModerationAction.objects.filter(user=person).count() == 2


def test_the_log_lists_actions_newest_first_and_filters(client, moderator):
    other = UserFactory(is_staff=True, username="othermod")
    complaint = ComplaintFactory()
    services.hide_post(moderator=moderator, post=complaint, reason="First reason.")
    services.restore_post(moderator=other, post=complaint, reason="Second reason.")
    response = client.get("/moderation/log/")
    entries = list(response.context["entries"])
    assert [e.reason for e in entries] == ["Second reason.", "First reason."]
    page = response.content.decode()
    assert "othermod" in page and "&#x27;visibility&#x27;: &#x27;hidden&#x27;" in page
    by_other = client.get("/moderation/log/", {"moderator": other.pk}).context["entries"]
    assert [e.reason for e in by_other] == ["Second reason."]
    hides = client.get("/moderation/log/", {"action": "hide"}).context["entries"]
    assert [e.reason for e in hides] == ["First reason."]


def test_the_log_cannot_be_changed_from_the_site(client, moderator):
    services.warn_user(moderator=moderator, user=UserFactory(), reason="Be kind.")
    assert client.post("/moderation/log/", {"reason": "x"}).status_code == 405
    assert ModerationAction.objects.get().reason == "Be kind."
