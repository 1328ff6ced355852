from __future__ import annotations

import pytest

from redressal.accounts.tests.factories import UserFactory
from redressal.api.tests.conftest import ApiClient, assert_error, client_for
from redressal.companies.tests.factories import RepresentativeFactory
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.models import Comment
from redressal.discussion.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_comments_come_in_threads_with_official_responses_apart(author):
    complaint = ComplaintFactory(author=author)
    first = CommentFactory(complaint=complaint, body="Same here.")
    CommentFactory(complaint=complaint, parent=first, body="Did they refund you?")
    rep = RepresentativeFactory(company=complaint.company)
    official = CommentFactory(complaint=complaint, author=rep.user, body="We are on it.")
    Comment.objects.filter(pk=official.pk).update(official_company=complaint.company)

    body = ApiClient().get(f"/complaints/{complaint.pk}/comments").json()
    assert body["comments_count"] == 3
    assert [t["body"] for t in body["official"]] == ["We are on it."]
    assert body["official"][0]["official"] is True
    assert body["official"][0]["company"]["slug"] == complaint.company.slug
    [thread] = body["threads"]
    assert thread["body"] == "Same here." and thread["official"] is False
    assert [r["body"] for r in thread["replies"]] == ["Did they refund you?"]
    assert "@example.com" not in str(body)


def test_posting_a_comment_and_a_reply(author, as_stranger):
    complaint = ComplaintFactory(author=author)
    response = as_stranger.post(
        f"/complaints/{complaint.pk}/comments", {"kind": "complaint", "body": "Me too."}
    )
    assert response.status_code == 201, response.content
    comment = response.json()
    assert comment["kind"] == "complaint" and comment["held"] is False
    reply = as_stranger.post(
        f"/complaints/{complaint.pk}/comments", {"body": "Update?", "parent": comment["id"]}
    ).json()
    # Replying to a reply answers its thread.
    nested = as_stranger.post(
        f"/complaints/{complaint.pk}/comments", {"body": "Nothing.", "parent": reply["id"]}
    ).json()
    assert reply["parent_id"] == comment["id"] == nested["parent_id"]


def test_an_unverified_persons_comment_waits(author):
    complaint = ComplaintFactory(author=author)
    api = client_for(UserFactory(email_verified_at=None))
    body = api.post(f"/complaints/{complaint.pk}/comments", {"body": "Hello"}).json()
    assert body["held"] is True
    assert ApiClient().get(f"/complaints/{complaint.pk}/comments").json()["threads"] == []


def test_comment_refusals(author, as_author, as_stranger):
    complaint = ComplaintFactory(author=author)
    other = CommentFactory()
    url = f"/complaints/{complaint.pk}/comments"
    assert_error(as_stranger.post(url, {"body": "  "}), 400, "body")
    assert_error(as_stranger.post(url, {"body": "x", "parent": other.pk}), 400, "parent")
    assert_error(as_stranger.post(url, {"body": "x", "kind": "angry"}), 422, "kind")
    assert_error(as_stranger.post(url, {"body": "x" * 10_001}), 422, "body")
    assert_error(ApiClient().post(url, {"body": "x"}), 401)
    as_author.delete(f"/complaints/{complaint.pk}")
    assert_error(as_stranger.post(url, {"body": "Too late"}), 404)
    assert_error(ApiClient().get(url), 404)
