"""Each moderator action: its effect, one audit row, the e-mails; refusals change nothing."""

from __future__ import annotations

import pytest
from django.core import mail

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Company
from redressal.complaints.counters import recount
from redressal.complaints.models import Complaint, Visibility
from redressal.complaints.tests.factories import ComplaintFactory, ReviewFactory
from redressal.complaints.tests.stored import refused
from redressal.discussion.tests.factories import CommentFactory
from redressal.moderation import services
from redressal.moderation.models import ModerationAction, Report
from redressal.moderation.tests.helpers import hold_for_moderation, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(is_staff=True, username="mod")


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def counters_are_right() -> bool:
    return recount(dry_run=True).total == 0


def only_action() -> ModerationAction:
    [entry] = ModerationAction.objects.all()
    return entry


def mail_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_hiding_a_complaint_takes_it_off_public_pages_and_tells_everyone(
    client, moderator, oncommit
):
    complaint = ReviewFactory(title="Rude staff at the store")
    reporter = UserFactory(username="carefulreader", email="reader@example.com")
    first = report(complaint, reporter=reporter, details="My own phone number is in it")
    second = report(complaint)
    assert Company.objects.get(pk=complaint.company_id).reviews_count == 1
    mail.outbox.clear()

    with oncommit():
        services.hide_post(moderator=moderator, post=complaint, reason="Insults staff by name.")

    complaint.refresh_from_db()
    assert complaint.visibility == Visibility.HIDDEN
    assert Company.objects.get(pk=complaint.company_id).reviews_count == 0
    assert counters_are_right()
    entry = only_action()
    assert entry.action == ModerationAction.Action.HIDE
    assert entry.moderator == moderator and entry.complaint == complaint
    assert entry.report == first
    assert entry.before["visibility"] == "published"
    assert entry.after["visibility"] == "hidden"
    for made in (first, second):
        made.refresh_from_db()
        assert made.status == Report.Status.ACTIONED
        assert made.resolved_by == moderator and made.resolved_at

    [to_author] = mail_to(complaint.author)
    assert "hid your review" in to_author.subject
    assert "Insults staff by name." in to_author.body
    html = to_author.alternatives[0][0]
    assert "Insults staff by name." in html
    for secret in ("carefulreader", "reader@example.com", "My own phone number"):
        assert secret not in to_author.body and secret not in html
    [to_reporter] = mail_to(reporter)
    assert "we hid it" in to_reporter.body
    assert "Insults staff" not in to_reporter.body
    assert len(mail.outbox) == 3

    # The public no longer sees it; the author sees it with a notice.
    assert client.get(complaint.get_absolute_url()).status_code == 404
    client.force_login(complaint.author)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "A moderator has hidden this post" in page


def test_restoring_a_hidden_complaint_puts_it_back(moderator, oncommit):
    complaint = ComplaintFactory()
    services.hide_post(moderator=moderator, post=complaint, reason="Looked like spam.")
    mail.outbox.clear()
    with oncommit():
        entry = services.restore_post(moderator=moderator, post=complaint, reason="It was not.")
    complaint.refresh_from_db()
    assert complaint.visibility == Visibility.PUBLISHED
    assert Company.objects.get(pk=complaint.company_id).complaints_count == 1
    assert counters_are_right()
    assert ModerationAction.objects.count() == 2
    assert entry.before == {"visibility": "hidden", "held_reason": ""}
    assert entry.after["visibility"] == "published"
    [to_author] = mail.outbox
    assert "visible again" in to_author.subject


def test_publishing_a_held_complaint_moves_the_counters(moderator, oncommit):
    complaint = hold_for_moderation(ComplaintFactory())
    Company.objects.filter(pk=complaint.company_id).update(complaints_count=0)
    assert counters_are_right()
    with oncommit():
        entry = services.publish_post(moderator=moderator, post=complaint, reason="Looks fine.")
    complaint.refresh_from_db()
    assert complaint.visibility == Visibility.PUBLISHED and complaint.held_reason == ""
    assert counters_are_right()
    assert entry.before == {"visibility": "held", "held_reason": "moderation"}
    assert entry.after["visibility"] == "published"
    assert only_action() == entry
    [to_author] = mail.outbox
    assert "is published" in to_author.subject
    assert complaint.get_absolute_url() in to_author.body


def test_a_held_post_by_an_unverified_author_waits_for_the_email(moderator):
    complaint = hold_for_moderation(ComplaintFactory(author=UserFactory(email_verified_at=None)))
    entry = services.publish_post(moderator=moderator, post=complaint, reason="Fine.")
    complaint.refresh_from_db()
    assert complaint.visibility == Visibility.HELD
    assert complaint.held_reason == "email_unverified"
    assert entry.after["held_reason"] == "email_unverified"
    assert counters_are_right()


def test_hiding_publishing_and_restoring_comments_keep_the_comment_count(moderator, oncommit):
    comment = CommentFactory()
    complaint = comment.complaint
    services.hide_post(moderator=moderator, post=comment, reason="Abusive.")
    assert Complaint.objects.get(pk=complaint.pk).comments_count == 0
    assert counters_are_right()
    services.restore_post(moderator=moderator, post=comment, reason="On second look, fine.")
    assert Complaint.objects.get(pk=complaint.pk).comments_count == 1
    held = hold_for_moderation(CommentFactory(complaint=complaint))
    Complaint.objects.filter(pk=complaint.pk).update(comments_count=1)
    mail.outbox.clear()
    with oncommit():
        entry = services.publish_post(moderator=moderator, post=held, reason="Fine.")
    assert Complaint.objects.get(pk=complaint.pk).comments_count == 2
    assert counters_are_right()
    assert entry.comment == held and entry.complaint is None
    assert ModerationAction.objects.count() == 3
    [to_author] = mail.outbox
    assert to_author.to == [held.author.email]


def test_editing_the_redaction_replaces_the_public_text_and_logs_both(moderator, oncommit):
    complaint = ComplaintFactory(body="Call Ravi Kumar at Flat 4B about it.")
    reporter = UserFactory()
    made = report(complaint, reporter=reporter, reason=Report.Reason.PERSONAL_DATA)
    mail.outbox.clear()
    with oncommit():
        entry = services.edit_redaction(
            moderator=moderator,
            complaint=complaint,
            body="Call [protected] about it.",
            reason="A name and a phone number.",
        )
    complaint.refresh_from_db()
    assert complaint.body == "Call [protected] about it."
    assert entry.before == {"body": "Call Ravi Kumar at Flat 4B about it."}
    assert entry.after["body"] == "Call [protected] about it."
    assert entry.report == made
    made.refresh_from_db()
    assert made.status == Report.Status.ACTIONED
    assert "edited" in mail_to(complaint.author)[0].subject
    assert "we edited it" in mail_to(reporter)[0].body
    assert only_action() == entry


def test_dismissing_a_report_tells_the_reporters_and_not_the_author(moderator, oncommit):
    complaint = ComplaintFactory()
    first, second = report(complaint), report(complaint)
    mail.outbox.clear()
    with oncommit():
        entry = services.dismiss_report(moderator=moderator, report=first, reason="Fair review.")
    for made in (first, second):
        made.refresh_from_db()
        assert made.status == Report.Status.DISMISSED and made.resolved_by == moderator
    assert entry.action == ModerationAction.Action.DISMISS_REPORT
    assert entry.report == first and entry.complaint == complaint
    assert entry.before["status"] == "open" and entry.after["status"] == "dismissed"
    assert only_action() == entry
    assert not mail_to(complaint.author)
    assert len(mail.outbox) == 2
    assert all("nothing against the rules" in message.body for message in mail.outbox)
    assert Complaint.objects.get(pk=complaint.pk).visibility == Visibility.PUBLISHED


def test_warning_a_user_records_it_and_emails_them(moderator, oncommit):
    person = UserFactory()
    with oncommit():
        entry = services.warn_user(moderator=moderator, user=person, reason="Keep it civil.")
    assert entry.action == ModerationAction.Action.WARN_USER and entry.user == person
    assert only_action() == entry
    [message] = mail.outbox
    assert message.to == [person.email] and "Keep it civil." in message.body


def test_suspending_and_unsuspending_a_user(moderator, oncommit):
    person = UserFactory()
    with oncommit():
        entry = services.suspend_user(moderator=moderator, user=person, days=7, reason="Spam.")
    person.refresh_from_db()
    assert person.is_suspended and person.is_active
    assert entry.before == {"suspended_until": None}
    assert entry.after["suspended_until"] == person.suspended_until.isoformat()
    assert "suspended" in mail.outbox[0].subject
    with oncommit():
        lifted = services.unsuspend_user(moderator=moderator, user=person, reason="Appealed.")
    person.refresh_from_db()
    assert not person.is_suspended
    assert lifted.after == {"suspended_until": None}
    assert lifted.action == ModerationAction.Action.UNSUSPEND_USER
    assert lifted.before["suspended_until"] == entry.after["suspended_until"]
    assert ModerationAction.objects.count() == 2
    assert "can post again" in mail.outbox[1].subject


def test_suspending_from_a_report_closes_it(moderator, oncommit):
    comment = CommentFactory()
    made = report(comment)
    services.suspend_user(
        moderator=moderator, user=comment.author, days=1, reason="Spam.", report=made
    )
    made.refresh_from_db()
    assert made.status == Report.Status.ACTIONED
    assert only_action().report == made


@pytest.mark.parametrize(
    "act",
    [
        lambda m, c: services.hide_post(moderator=m, post=c, reason="Again."),
        lambda m, c: services.publish_post(moderator=m, post=c, reason="Publish."),
    ],
)
def test_invalid_transitions_change_nothing(moderator, act):
    complaint = ComplaintFactory()
    services.hide_post(moderator=moderator, post=complaint, reason="Hidden.")
    with refused("invalid_transition"):
        act(moderator, complaint)
    assert ModerationAction.objects.count() == 1


def test_a_deleted_post_cannot_be_published_restored_or_edited(moderator):
    from redressal.complaints.services import delete_complaint

    complaint = ComplaintFactory()
    report(complaint)
    delete_complaint(complaint=complaint, author=complaint.author)
    for act in (services.publish_post, services.restore_post, services.hide_post):
        with refused("invalid_transition"):
            act(moderator=moderator, post=complaint, reason="Try.")
    with refused("invalid_transition"):
        services.edit_redaction(moderator=moderator, complaint=complaint, body="x", reason="y")
    assert not ModerationAction.objects.exists()
    assert Report.objects.get().status == Report.Status.OPEN


def test_other_refusals(moderator):
    complaint, person = ComplaintFactory(), UserFactory()
    with refused(field="reason"):
        services.hide_post(moderator=moderator, post=complaint, reason="  ")
    with refused("forbidden"):
        services.hide_post(moderator=person, post=complaint, reason="I say so.")
    with refused("unchanged"):
        services.edit_redaction(
            moderator=moderator, complaint=complaint, body=complaint.body, reason="x"
        )
    with refused("invalid_transition"):
        services.unsuspend_user(moderator=moderator, user=person, reason="Not suspended.")
    with refused("invalid_days"):
        services.suspend_user(moderator=moderator, user=person, days=0, reason="Zero.")
    with refused("forbidden"):
        services.suspend_user(
            moderator=moderator, user=UserFactory(is_staff=True), days=1, reason="A colleague."
        )
    with refused("forbidden"):
        services.warn_user(moderator=moderator, user=moderator, reason="Myself.")
    dismissed = report(complaint)
    services.dismiss_report(moderator=moderator, report=dismissed, reason="Fine.")
    with refused("invalid_transition"):
        services.dismiss_report(moderator=moderator, report=dismissed, reason="Again.")
    person.refresh_from_db()
    assert person.suspended_until is None
    assert ModerationAction.objects.count() == 1
