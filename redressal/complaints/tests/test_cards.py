"""Stored complaint cards: rendered once, never shown stale, and the same for every visitor
but the signed-in one's own "helpful" part."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redressal.accounts.models import User
from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import resolution, services
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion import services as discussion
from redressal.insights.models import Category
from redressal.insights.tests.factories import CategoryFactory
from redressal.moderation import services as moderation
from redressal.tests_support import committed, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(name="Zenvo Mobiles", slug="zenvo-mobiles")


@pytest.fixture
def post(company):
    return ComplaintFactory(
        company=company,
        title="Refund not received for my Zenvo Note 8",
        body="I returned the phone on 3 March and the refund never came.",
        category=CategoryFactory(name="Refunds", slug="refunds"),
    )


def _page(client, company) -> str:
    response = client.get(f"/companies/{company.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def _card(html: str, post) -> str:
    found = re.search(rf'<article class="card post" id="post-{post.pk}".*?</article>', html, re.S)
    assert found, f"no card for post {post.pk}"
    return found.group(0)


def _fresh_card(client, company, post) -> str:
    """The card as it is rendered from the database right now, nothing stored."""
    caches["cards"].clear()
    return _card(_page(client, company), post)


def test_a_stored_card_is_shown_without_reading_its_text_photos_or_updates(client, company, post):
    first = _page(client, company)
    with CaptureQueriesContext(connection) as queries:
        second = _page(client, company)
    assert _card(second, post) == _card(first, post)
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "complaints_photo" not in read and "complaints_update" not in read
    assert '"complaints_complaint"."body"' not in read


def test_the_markers_of_the_viewers_part_never_reach_the_page(client, company, post):
    html = _page(client, company)
    assert "<!--helpful-->" not in html and "<!--/helpful-->" not in html
    assert "Found this helpful?" in _card(html, post)


def _edit(post):
    services.edit_complaint(
        complaint=post,
        author=post.author,
        title="Refund still not received for my Zenvo Note 8",
        body=post.body,
        category=post.category,
    )
    return "Refund still not received"


def _update(post):
    services.add_update(complaint=post, author=post.author, body="Still waiting today.")
    return "Still waiting today."


def _photo(post):
    with committed():
        services.attach_photo(
            complaint=post,
            author=post.author,
            image=SimpleUploadedFile("box.png", png_bytes(), content_type="image/png"),
            caption="The box it came in",
        )
    return "+1 photo"


def _resolve(post):
    resolution.mark_resolved(complaint=post, author=post.author)
    return "Resolved — confirmed by"


def _redact(post):
    moderation.edit_redaction(
        moderator=UserFactory(is_staff=True),
        complaint=post,
        body="I returned the phone and the refund never came.",
        reason="Date narrows down who wrote it",
    )
    return "I returned the phone and the refund never came."


def _vote(post):
    services.vote_helpful(complaint=post, user=UserFactory())
    return "1 person found this helpful"


def _comment(post):
    discussion.post_comment(complaint=post, author=UserFactory(), body="Same here, no refund.")
    return "1 Comment"


def _rename_category(post):
    # Categories are renamed in the admin, which writes the row directly.
    Category.objects.filter(pk=post.category_id).update(name="Refunds and returns")
    return "Refunds and returns"


def _rename_author(post):
    User.objects.filter(pk=post.author_id).update(username="ravi_renamed")
    return "ravi_renamed"


@pytest.mark.parametrize(
    "change",
    [_edit, _update, _photo, _resolve, _redact, _vote, _comment, _rename_category, _rename_author],
)
def test_every_change_to_what_a_card_shows_reaches_the_next_visitor(client, company, post, change):
    before = _card(_page(client, company), post)
    shown = change(post)
    after = _card(_page(client, company), post)
    assert shown not in before and shown in after
    assert after == _fresh_card(client, company, post)


def test_a_hidden_post_leaves_the_page_though_its_card_is_stored(client, company, post):
    other = ComplaintFactory(company=company, title="Screen cracked within a week")
    _page(client, company)
    moderation.hide_post(moderator=UserFactory(is_staff=True), post=post, reason="Abusive")
    html = _page(client, company)
    assert f'id="post-{post.pk}"' not in html and f'id="post-{other.pk}"' in html


def test_a_signed_in_visitor_gets_their_own_vote_and_form_and_nobody_else_does(
    client, company, post
):
    reader = UserFactory()
    services.vote_helpful(complaint=post, user=reader)
    client.force_login(reader)
    mine = _card(_page(client, company), post)
    assert "✓ You found this helpful" in mine and "csrfmiddlewaretoken" in mine

    client.logout()
    anonymous = _card(_page(client, company), post)
    assert "You found this helpful" not in anonymous and "csrfmiddlewaretoken" not in anonymous
    assert "/accounts/login/?next=" in anonymous

    client.force_login(post.author)
    own = _card(_page(client, company), post)
    assert "Found this helpful?" not in own and "1 person found this helpful" in own
    # Everything but the viewer's own part is the one stored card.
    assert own.split('<div class="helpful"')[0] == anonymous.split('<div class="helpful"')[0]
