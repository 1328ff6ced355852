"""Signed-out visitors read the official responses and a page of comments rendered once per
change of the company's pages; every change that shows there reaches them at once."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Company
from redressal.companies.tests.factories import RepresentativeFactory
from redressal.complaints import services as complaint_services
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion import services as discussion
from redressal.discussion.tests.factories import CommentFactory
from redressal.moderation import services as moderation

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint():
    complaint = ComplaintFactory(title="Refund not received after return")
    thread = CommentFactory(complaint=complaint, body="Same here, waiting since March.")
    CommentFactory(complaint=complaint, parent=thread, body="Did they ever answer you?")
    representative = RepresentativeFactory(company=complaint.company)
    discussion.post_official_response(
        complaint=complaint, representative=representative.user, body="We have refunded it."
    )
    return complaint


def _discussion_html(response) -> str:
    """The page from the official responses to the end of the comments."""
    html = response.content.decode()
    start = html.index('<section class="official"')
    return html[start : html.index("</section>", html.index('<section id="comments"'))]


def test_a_kept_discussion_is_what_a_fresh_one_shows_and_reads_no_comment(client, complaint):
    url = complaint.get_absolute_url()
    fresh = _discussion_html(client.get(url))
    with CaptureQueriesContext(connection) as captured:
        kept = _discussion_html(client.get(url))

    assert kept == fresh
    assert not [q for q in captured.captured_queries if "discussion_comment" in q["sql"]]
    for shown in ("Same here, waiting since March.", "Did they ever answer you?", "refunded"):
        assert shown in kept
    caches["parts"].clear()
    assert _discussion_html(client.get(url)) == fresh


def test_a_new_comment_reaches_signed_out_visitors_at_once(client, complaint):
    url = complaint.get_absolute_url()
    client.get(url)

    CommentFactory(complaint=complaint, body="Mine arrived broken as well.")

    html = client.get(url).content.decode()
    assert "Mine arrived broken as well." in html
    assert 'id="comments-heading">4 Comments</h2>' in html


def test_a_hidden_comment_leaves_the_kept_page(client, complaint):
    url = complaint.get_absolute_url()
    assert "Same here, waiting since March." in client.get(url).content.decode()
    thread = complaint.comments.get(body="Same here, waiting since March.")

    moderation.hide_post(moderator=UserFactory(is_staff=True), post=thread, reason="Spam")

    assert "Same here, waiting since March." not in client.get(url).content.decode()


def test_a_comment_its_author_deleted_leaves_the_kept_page(client, complaint):
    url = complaint.get_absolute_url()
    client.get(url)
    reply = complaint.comments.get(body="Did they ever answer you?")

    discussion.delete_comment(comment=reply, author=reply.author)

    assert "Did they ever answer you?" not in client.get(url).content.decode()


def test_votes_and_comments_on_the_company_s_other_posts_leave_it_kept(client, complaint):
    url = complaint.get_absolute_url()
    client.get(url)
    other = ComplaintFactory(company=complaint.company)
    complaint_services.vote_helpful(complaint=other, user=UserFactory())
    CommentFactory(complaint=other)

    with CaptureQueriesContext(connection) as captured:
        client.get(url)

    assert not [q for q in captured.captured_queries if "discussion_comment" in q["sql"]]


def test_a_renamed_company_answers_under_its_new_name(client, complaint):
    url = complaint.get_absolute_url()
    client.get(url)
    Company.objects.filter(pk=complaint.company_id).update(name="Renamed Retail")

    assert "Official response from Renamed Retail" in client.get(url).content.decode()


def test_a_page_past_the_last_sends_signed_out_visitors_back_every_time(client, complaint):
    url = complaint.get_absolute_url()
    for _ in range(2):
        response = client.get(f"{url}?comments=4")
        assert response.status_code == 302
        assert response["Location"] == f"{url}#comments"


def test_signed_in_visitors_get_the_discussion_with_their_reply_forms(client, complaint):
    url = complaint.get_absolute_url()
    assert 'class="reply-box"' not in client.get(url).content.decode()

    client.force_login(UserFactory())
    html = client.get(url).content.decode()

    assert 'class="reply-box"' in html
    assert "Same here, waiting since March." in html
