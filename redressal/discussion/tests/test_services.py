from __future__ import annotations

import pytest

from redressal.accounts.tests.factories import UserFactory
from redressal.complaints import services as complaints
from redressal.complaints.models import Complaint, Visibility
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.complaints.tests.stored import refused
from redressal.discussion import services
from redressal.discussion.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint():
    return ComplaintFactory()


@pytest.fixture
def commenter():
    return UserFactory()


def comments_count(complaint: Complaint) -> int:
    complaint.refresh_from_db(fields=["comments_count"])
    return complaint.comments_count


def comment_on(complaint: Complaint, author=None, **kwargs) -> Comment:
    return services.post_comment(
        complaint=complaint,
        author=author or UserFactory(),
        body=kwargs.pop("body", "Same problem here."),
        **kwargs,
    )


def test_posting_a_comment_counts_it(complaint, commenter):
    comment = services.post_comment(
        complaint=complaint, author=commenter, body="  Same here.  ", kind=Comment.Kind.COMPLAINT
    )
    assert (comment.body, comment.kind, comment.parent) == ("Same here.", "complaint", None)
    assert comments_count(complaint) == 1


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"body": ""}, "body", "required"),
        ({"body": " \n\t "}, "body", "required"),
        ({"body": "x" * 10_001}, "body", "too_long"),
        ({"kind": "angry"}, "kind", None),
    ],
)
def test_a_bad_comment_is_refused(complaint, commenter, changes, field, code):
    with refused(code, field=field):
        comment_on(complaint, commenter, **changes)


def test_the_longest_comment_is_accepted(complaint):
    assert len(comment_on(complaint, body="x" * 10_000).body) == 10_000


def test_no_comments_on_a_deleted_complaint(complaint, commenter):
    complaints.delete_complaint(complaint=complaint, author=complaint.author)
    with refused("not_published"):
        comment_on(complaint, commenter)


def test_a_reply_joins_the_thread_and_counts(complaint):
    comment = comment_on(complaint)
    reply = comment_on(complaint, parent=comment)
    assert reply.parent == comment
    assert comments_count(complaint) == 2


def test_a_reply_to_a_reply_attaches_to_the_thread(complaint):
    comment = comment_on(complaint)
    reply = comment_on(complaint, parent=comment)
    answer = comment_on(complaint, parent=reply)
    assert answer.parent == comment
    assert list(comment.replies.order_by("pk")) == [reply, answer]
    assert comments_count(complaint) == 3


def test_no_reply_across_complaints(complaint):
    elsewhere = comment_on(ComplaintFactory())
    with refused(field="parent"):
        comment_on(complaint, parent=elsewhere)


def test_no_reply_to_a_deleted_comment(complaint):
    comment = comment_on(complaint)
    services.delete_comment(comment=comment, author=comment.author)
    # `comment` still says published in memory: the service must not trust the copy.
    with refused(field="parent"):
        comment_on(complaint, parent=comment)


def test_no_reply_under_a_deleted_thread(complaint):
    comment = comment_on(complaint)
    reply = comment_on(complaint, parent=comment)
    services.delete_comment(comment=comment, author=comment.author)
    with refused(field="parent"):
        comment_on(complaint, parent=reply)


def test_deleting_a_comment_hides_it_and_uncounts_it(complaint):
    comment = comment_on(complaint)
    reply = comment_on(complaint, parent=comment)
    services.delete_comment(comment=comment, author=comment.author)
    comment.refresh_from_db()
    assert comment.visibility == Visibility.DELETED
    assert list(Comment.objects.published()) == [reply]
    assert comments_count(complaint) == 1


def test_only_the_author_deletes_a_comment(complaint, commenter):
    comment = comment_on(complaint)
    with refused("forbidden"):
        services.delete_comment(comment=comment, author=commenter)


def test_a_comment_is_deleted_once(complaint):
    comment = comment_on(complaint)
    services.delete_comment(comment=comment, author=comment.author)
    with refused("already_deleted"):
        services.delete_comment(comment=comment, author=comment.author)


def test_author_deletes_a_comment_still_waiting_for_verification():
    complaint = ComplaintFactory()
    author = UserFactory(email_verified_at=None)
    held = services.post_comment(complaint=complaint, author=author, body="Waiting.")
    services.delete_comment(comment=held, author=author)
    held.refresh_from_db()
    complaint.refresh_from_db()
    assert (held.visibility, held.held_reason) == ("deleted", "")
    assert complaint.comments_count == 0
    assert Comment.objects.published().count() == 0
