"""A long discussion comes a page of threads at a time, on the page and in the API."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redressal.companies.tests.factories import RepresentativeFactory
from redressal.complaints.selectors import THREADS_PER_PAGE, page_of_comment
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion import services
from redressal.discussion.models import Comment
from redressal.discussion.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint():
    return ComplaintFactory(title="Refund not received for my Zenvo Note 8")


def _discuss(complaint, n: int, *, kind=Comment.Kind.NEUTRAL) -> list[Comment]:
    return [
        CommentFactory(complaint=complaint, body=f"Comment number {i:03}.", kind=kind)
        for i in range(n)
    ]


def _shown(response) -> list[str]:
    return re.findall(r"Comment number (\d{3})\.", response.content.decode())


def test_threads_come_a_page_at_a_time_oldest_first_and_every_one_once(client, complaint):
    total = 2 * THREADS_PER_PAGE + 5
    _discuss(complaint, total)
    url = complaint.get_absolute_url()
    first = client.get(url)
    assert _shown(first) == [f"{i:03}" for i in range(THREADS_PER_PAGE)]
    html = first.content.decode()
    assert 'href="?comments=2#comments" rel="next"' in html
    assert "Earlier comments" not in html
    seen = []
    for page in (1, 2, 3):
        response = client.get(f"{url}?comments={page}")
        assert response.status_code == 200
        seen += _shown(response)
    assert seen == [f"{i:03}" for i in range(total)]
    last = client.get(f"{url}?comments=3").content.decode()
    assert "More comments" not in last
    assert 'href="?comments=2#comments" rel="prev"' in last
    # The counts by kind and the heading speak of the whole discussion, not the page.
    assert f"{total} Comments" in last
    assert f"Neutral Comment: {total}" in last


def test_replies_and_official_responses_come_with_their_page(client, complaint):
    _discuss(complaint, THREADS_PER_PAGE + 1)
    late = Comment.objects.filter(complaint=complaint).order_by("-id").first()
    CommentFactory(complaint=complaint, parent=late, body="A reply on the second page.")
    representative = RepresentativeFactory(company=complaint.company).user
    services.post_official_response(
        complaint=complaint, representative=representative, body="We are on it."
    )
    url = complaint.get_absolute_url()
    page_one = client.get(url).content.decode()
    page_two = client.get(f"{url}?comments=2").content.decode()
    assert "A reply on the second page." not in page_one
    assert "A reply on the second page." in page_two
    assert "We are on it." in page_one
    assert "We are on it." in page_two


def test_more_comments_over_htmx_sends_only_the_next_threads(client, complaint):
    _discuss(complaint, THREADS_PER_PAGE + 3)
    response = client.get(
        f"{complaint.get_absolute_url()}?comments=2", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert _shown(response) == [f"{i:03}" for i in range(THREADS_PER_PAGE, THREADS_PER_PAGE + 3)]


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999999999"])
def test_a_malformed_comments_page_goes_to_the_complaint(client, complaint, value):
    response = client.get(f"{complaint.get_absolute_url()}?comments={value}")
    assert response.status_code == 302
    assert response["Location"] == complaint.get_absolute_url()


def test_a_comments_page_past_the_end_goes_to_the_discussion(client, complaint):
    _discuss(complaint, 3)
    response = client.get(f"{complaint.get_absolute_url()}?comments=2")
    assert response.status_code == 302
    assert response["Location"] == f"{complaint.get_absolute_url()}#comments"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_with_one_or_many_comments(client):
    quiet = ComplaintFactory()
    (alone,) = _discuss(quiet, 1)
    CommentFactory(complaint=quiet, parent=alone)
    busy = ComplaintFactory()
    threads = _discuss(busy, 3 * THREADS_PER_PAGE)
    for thread in threads[::5]:
        CommentFactory(complaint=busy, parent=thread)
    urls = [
        quiet.get_absolute_url(),
        busy.get_absolute_url(),
        f"{busy.get_absolute_url()}?comments=3",
    ]
    for url in urls:
        client.get(url)  # the visit is counted once; the next ones are not
    assert len({_queries(client, url) for url in urls}) == 1


def test_a_comment_is_found_on_its_page(complaint):
    comments = _discuss(complaint, THREADS_PER_PAGE + 2)
    reply = CommentFactory(complaint=complaint, parent=comments[-1])
    assert page_of_comment(comments[0]) == 1
    assert page_of_comment(comments[THREADS_PER_PAGE - 1]) == 1
    assert page_of_comment(comments[THREADS_PER_PAGE]) == 2
    assert page_of_comment(reply) == 2


def test_the_api_pages_threads_too(client, complaint):
    _discuss(complaint, THREADS_PER_PAGE + 2)
    url = f"/api/v1/complaints/{complaint.pk}/comments"
    first = client.get(url).json()
    assert (first["page"], first["per_page"], first["has_next"]) == (1, THREADS_PER_PAGE, True)
    assert len(first["threads"]) == THREADS_PER_PAGE
    second = client.get(f"{url}?page=2").json()
    assert (len(second["threads"]), second["has_next"]) == (2, False)
    ids = [t["id"] for t in first["threads"] + second["threads"]]
    assert len(ids) == len(set(ids)) == THREADS_PER_PAGE + 2
    assert client.get(f"{url}?page=50").json()["threads"] == []
    for bad in ("0", "abc", "10000000"):
        response = client.get(f"{url}?page={bad}")
        assert response.status_code == 422
        assert "detail" in response.json()


def test_a_comment_posted_on_a_long_discussion_is_shown_where_it_landed(client, complaint):
    from redressal.accounts.tests.factories import UserFactory

    _discuss(complaint, THREADS_PER_PAGE + 1)
    client.force_login(UserFactory())
    url = f"/complaints/{complaint.pk}/comments/"
    response = client.post(url, {"kind": "neutral", "body": "Mine is the newest."})
    comment = Comment.objects.get(body="Mine is the newest.")
    assert response.status_code == 302
    assert response["Location"] == (
        f"{complaint.get_absolute_url()}?comments=2#comment-{comment.pk}"
    )
    assert "Mine is the newest." in client.get(response["Location"]).content.decode()
    # Over htmx the first page comes back with the new comment's thread added at its end.
    swapped = client.post(
        url, {"kind": "neutral", "body": "And one more."}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "And one more." in swapped
    assert "Comment number 000." in swapped
