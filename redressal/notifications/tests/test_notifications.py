"""E-mails about complaints: who gets them, opting out, and sends that fail."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import RepresentativeFactory
from redressal.complaints import resolution, services
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.services import post_comment, post_official_response
from redressal.notifications import delivery
from redressal.notifications import services as notifications
from redressal.notifications.models import Follow, Kind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the block, then the tasks it enqueued; returns the e-mails by recipient."""

    class Sent:
        def __enter__(self):
            mail.outbox.clear()
            self.capture = django_capture_on_commit_callbacks(execute=True)
            self.capture.__enter__()
            return self

        def __exit__(self, *exc):
            self.capture.__exit__(*exc)

        def to(self, user):
            return [m for m in mail.outbox if m.to == [user.email]]

    return Sent


@pytest.fixture
def company_case():
    rep = RepresentativeFactory()
    return rep.company, rep.user


def test_representatives_hear_of_a_new_complaint_and_the_author_follows_it(sent, company_case):
    company, rep = company_case
    with sent() as box:
        complaint = ComplaintFactory(company=company, title="Refund <b>not</b> received")
    [message] = box.to(rep)
    assert message.subject == f"New complaint about {company.name}: Refund <b>not</b> received"
    assert complaint.get_absolute_url() in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Refund &lt;b&gt;not&lt;/b&gt; received" in html and "<b>not</b>" not in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Follow.objects.filter(user=complaint.author, complaint=complaint).exists()
    assert Notification.objects.get(recipient=rep).status == Notification.Status.SENT


def test_a_post_gone_by_the_time_its_task_runs_tells_nobody(
    sent, company_case, django_capture_on_commit_callbacks
):
    company, rep = company_case
    with sent() as box:
        with django_capture_on_commit_callbacks() as announced:
            complaint = ComplaintFactory(company=company)
        services.delete_complaint(complaint=complaint, author=complaint.author)
        for announce in announced:
            announce()
    assert box.to(rep) == []
    assert Follow.objects.filter(user=complaint.author, complaint=complaint).exists()


def test_a_held_complaint_tells_nobody_until_it_is_published(sent, company_case):
    company, rep = company_case
    with sent() as box:
        ComplaintFactory(company=company, author=UserFactory(email_verified_at=None))
    assert box.to(rep) == []


def test_official_answers_and_proposals_reach_the_author_and_followers(sent, company_case):
    company, rep = company_case
    complaint = ComplaintFactory(company=company)
    follower = UserFactory()
    notifications.follow(user=follower, complaint=complaint)
    with sent() as box:
        post_official_response(complaint=complaint, representative=rep, body="Refund issued.")
    assert len(box.to(complaint.author)) == 1 and len(box.to(follower)) == 1
    assert box.to(rep) == []
    assert "Refund issued." in box.to(complaint.author)[0].body
    with sent() as box:
        resolution.propose_resolution(complaint=complaint, representative=rep, note="Paid back.")
    [message] = box.to(complaint.author)
    assert "Is it?" in message.subject and "Paid back." in message.body
    assert box.to(follower) == []


def test_updates_and_comments_reach_followers_but_not_their_writer(sent):
    complaint = ComplaintFactory()
    commenter, other = UserFactory(), UserFactory()
    notifications.follow(user=other, complaint=complaint)
    with sent() as box:
        post_comment(complaint=complaint, author=commenter, body="Same here.")
    assert box.to(commenter) == []
    assert len(box.to(other)) == 1 and len(box.to(complaint.author)) == 1
    with sent() as box:
        services.add_update(complaint=complaint, author=complaint.author, body="Still waiting.")
    assert box.to(complaint.author) == []
    assert len(box.to(commenter)) == 1, "commenting follows the complaint"
    assert "Still waiting." in box.to(other)[0].body


def test_unfollowing_and_opting_out_stop_the_emails(sent):
    complaint = ComplaintFactory()
    follower = UserFactory()
    notifications.follow(user=follower, complaint=complaint)
    notifications.opt_out(user=complaint.author, kind=Kind.COMMENT)
    notifications.unfollow(user=follower, complaint=complaint)
    with sent() as box:
        post_comment(complaint=complaint, author=UserFactory(), body="Hello.")
    assert box.to(follower) == [] and box.to(complaint.author) == []


def test_the_unsubscribe_link_works_without_logging_in(client, sent):
    complaint = ComplaintFactory()
    with sent() as box:
        post_comment(complaint=complaint, author=UserFactory(), body="Hello.")
    [message] = box.to(complaint.author)
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert page.status_code == 200 and b"Stop these e-mails?" in page.content
    assert not complaint.author.opt_outs.exists()
    csrf_client = client.__class__(enforce_csrf_checks=True)
    assert csrf_client.post(path).status_code == 200  # one-click, from the mail client
    assert list(complaint.author.opt_outs.values_list("kind", flat=True)) == [Kind.COMMENT]
    forged = client.get(path[:-6] + "abcdef/")
    assert forged.status_code == 400


def test_email_settings_turn_kinds_on_and_off(client):
    user = UserFactory()
    client.force_login(user)
    wanted = [k for k in Kind.values if k != Kind.UPDATE]
    client.post("/notifications/settings/", {"kind": wanted})
    assert list(user.opt_outs.values_list("kind", flat=True)) == [Kind.UPDATE]
    client.post("/notifications/settings/", {"kind": Kind.values})
    assert not user.opt_outs.exists()


def test_a_failed_send_is_kept_and_tried_again(sent):
    complaint = ComplaintFactory()
    down = mock.patch.object(delivery.EmailMultiAlternatives, "send", side_effect=OSError("down"))
    with down, sent() as box:
        post_comment(complaint=complaint, author=UserFactory(), body="Hello.")
    assert box.to(complaint.author) == []
    notification = Notification.objects.get(recipient=complaint.author)
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 1 and "down" in notification.last_error
    assert delivery.deliver(notification.pk) == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert delivery.deliver(notification.pk) == Notification.Status.SENT
    assert len(mail.outbox) == 1, "a sent notification is never sent twice"


def test_a_notification_that_keeps_failing_is_marked_failed_not_lost(sent):
    complaint = ComplaintFactory()
    with mock.patch.object(delivery.EmailMultiAlternatives, "send", side_effect=OSError("down")):
        with sent():
            post_comment(complaint=complaint, author=UserFactory(), body="Hello.")
        notification = Notification.objects.get(recipient=complaint.author)
        for _ in range(delivery.MAX_ATTEMPTS):
            delivery.deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == delivery.MAX_ATTEMPTS


def test_the_send_command_sends_what_waits_and_retries_failed_ones(sent):
    from django.core.management import call_command

    complaint = ComplaintFactory()
    down = mock.patch.object(delivery.EmailMultiAlternatives, "send", side_effect=OSError("down"))
    with down, sent():
        post_comment(complaint=complaint, author=UserFactory(), body="Hello.")
    Notification.objects.update(status=Notification.Status.FAILED)
    call_command("send_notifications")
    assert mail.outbox == []
    call_command("send_notifications", retry_failed=True)
    assert len(mail.outbox) == 1
    assert Notification.objects.get().status == Notification.Status.SENT


def _comment_queries(complaint) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        post_comment(complaint=complaint, author=UserFactory(), body="Me too, no refund.")
    return len(queries.captured_queries)


def test_a_comment_costs_the_same_however_many_follow_the_complaint(sent):
    few, many = ComplaintFactory(), ComplaintFactory()
    for follower in UserFactory.create_batch(2):
        notifications.follow(user=follower, complaint=few)
    for follower in UserFactory.create_batch(40):
        notifications.follow(user=follower, complaint=many)
    assert _comment_queries(few) == _comment_queries(many)
    writer = UserFactory()
    with sent():
        post_comment(complaint=many, author=writer, body="And again nothing.")
    # Every follower but the writer (the 40, the author, the earlier commenter), each once.
    followers = Follow.objects.filter(complaint=many).exclude(user=writer)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        followers.values_list("user__email", flat=True)
    )
    assert len(mail.outbox) == 42


def test_an_event_delivered_twice_sends_each_email_once(sent):
    complaint = ComplaintFactory()
    notifications.follow(user=UserFactory(), complaint=complaint)
    with sent() as box:
        comment = post_comment(complaint=complaint, author=UserFactory(), body="Same here.")
    assert len(box.to(complaint.author)) == 1
    mail.outbox.clear()
    assert delivery.deliver_event(Kind.COMMENT, complaint.pk, comment.pk) == 0
    assert mail.outbox == []
