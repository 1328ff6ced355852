"""Asking the author whether their complaint is resolved, on the database task backend."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from redressal.companies.tests.factories import RepresentativeFactory
from redressal.complaints import resolution
from redressal.complaints.models import Complaint
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.services import post_official_response
from redressal.notifications.models import FollowUp

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("database_tasks"),
]
Status = Complaint.Status
SUBJECT = "Has {} resolved your complaint?"


@pytest.fixture
def database_tasks():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


@pytest.fixture
def later(django_capture_on_commit_callbacks):
    """Commit what was done, then run the worker as if `days` had passed."""

    def run(days: float = 0):
        moved = timezone.now() + timedelta(days=days)
        # The worker closes connections outside autocommit: that would end the test's
        # transaction on PostgreSQL.
        keep_connection = mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections"
        )
        with mock.patch("django.utils.timezone.now", lambda: moved), keep_connection:
            # Tasks enqueue others after commit (the e-mails): run until nothing is left.
            for _ in range(3):
                with django_capture_on_commit_callbacks(execute=True) as callbacks:
                    call_command("db_worker", batch=True, reload=False, startup_delay=False)
                if not callbacks:
                    break

    return run


@pytest.fixture
def proposed(django_capture_on_commit_callbacks):
    rep = RepresentativeFactory()
    complaint = ComplaintFactory(company=rep.company)
    with django_capture_on_commit_callbacks(execute=True):
        post_official_response(complaint=complaint, representative=rep.user, body="On it.")
        resolution.propose_resolution(complaint=complaint, representative=rep.user, note="Done.")
    return complaint, rep.user


def questions_to(user):
    return [m for m in mail.outbox if m.to == [user.email] and m.subject.startswith("Has ")]


def answer_link(message, answer: str) -> str:
    label = "Yes, it is resolved:" if answer == "yes" else "No, not yet:"
    url = re.search(re.escape(label) + r"\s+(\S+)", message.body).group(1)
    return url.removeprefix("http://127.0.0.1:8000")


def test_the_author_is_asked_14_days_after_a_proposal(proposed, later):
    complaint, _rep = proposed
    later(days=13)
    assert questions_to(complaint.author) == []
    later(days=14.01)
    [question] = questions_to(complaint.author)
    assert question.subject == SUBJECT.format(complaint.company.name)
    assert FollowUp.objects.get().stage == FollowUp.Stage.PROPOSAL
    later(days=20)
    assert len(questions_to(complaint.author)) == 1, "asked once"


def test_the_author_is_asked_30_days_after_an_answer_with_no_resolution(
    later, django_capture_on_commit_callbacks
):
    rep = RepresentativeFactory()
    complaint = ComplaintFactory(company=rep.company)
    with django_capture_on_commit_callbacks(execute=True):
        post_official_response(complaint=complaint, representative=rep.user, body="On it.")
    later(days=29)
    assert questions_to(complaint.author) == []
    later(days=30.01)
    assert len(questions_to(complaint.author)) == 1
    assert FollowUp.objects.get().stage == FollowUp.Stage.ANSWER


def test_nobody_is_asked_once_the_complaint_moved_on(proposed, later):
    complaint, _rep = proposed
    resolution.confirm_resolution(complaint=complaint, author=complaint.author)
    later(days=31)
    assert questions_to(complaint.author) == []
    assert not FollowUp.objects.exists()


def test_no_from_the_email_disputes_and_yes_later_confirms(
    proposed, later, client, django_capture_on_commit_callbacks
):
    complaint, rep = proposed
    later(days=15)
    [question] = questions_to(complaint.author)
    no = answer_link(question, "no")
    page = client.get(no)
    assert page.status_code == 200 and b"not resolved yet" in page.content
    assert Complaint.objects.get(pk=complaint.pk).status == Status.RESOLUTION_PROPOSED
    done = client.post(no, {"reason": "The refund never came."})
    assert done.status_code == 200 and b"Thank you for your answer" in done.content
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    assert complaint.status_changes.last().note == "The refund never came."
    replay = client.post(no)
    assert replay.status_code == 409
    assert client.post(answer_link(question, "yes")).status_code == 409, "one answer per question"
    with django_capture_on_commit_callbacks(execute=True):
        resolution.propose_resolution(complaint=complaint, representative=rep, note="Refunded.")
    later(days=30)
    first, second = questions_to(complaint.author)
    assert first == question
    assert client.post(answer_link(second, "yes")).status_code == 200
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED
    assert complaint.status_changes.last().actor == complaint.author


def test_tampered_and_expired_links_change_nothing(proposed, later, client):
    complaint, _rep = proposed
    later(days=15)
    [question] = questions_to(complaint.author)
    yes = answer_link(question, "yes")
    assert client.post(yes[:-4] + "xyz/").status_code == 400
    forged = signing.dumps({"f": FollowUp.objects.get().pk, "a": "yes"}, salt="guessed")
    assert client.post(f"/notifications/resolved/{forged}/").status_code == 400
    with mock.patch("django.core.signing.time.time", return_value=9_999_999_999):
        assert client.post(yes).status_code == 400
    assert Complaint.objects.get(pk=complaint.pk).status == Status.RESOLUTION_PROPOSED
    assert FollowUp.objects.get().answered_at is None


def test_an_answer_after_the_complaint_moved_on_is_refused(proposed, later, client):
    complaint, _rep = proposed
    later(days=15)
    [question] = questions_to(complaint.author)
    resolution.dispute_resolution(complaint=complaint, author=complaint.author, reason="No.")
    assert client.post(answer_link(question, "yes")).status_code == 409
    assert Complaint.objects.get(pk=complaint.pk).status == Status.ANSWERED
