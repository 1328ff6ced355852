"""Lists show public text only, so they never decrypt a post's originals or private details:
less work per page, and private text that is never read cannot leak from a list."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import services
from redressal.search.index import index_complaint

PHONE = "98200 12345"


@pytest.fixture
def post(db):
    author = UserFactory()
    complaint = services.file_complaint(
        author=author,
        company=CompanyFactory(name="Zenvo Mobiles", slug="zenvo-mobiles"),
        title=f"Refund stuck, call {PHONE}",
        body=f"The refund for my phone never came. Call me on {PHONE} about the refund.",
        private_details="Order 408-1234567-1234567",
    )
    services.add_update(
        complaint=complaint, author=author, body=f"Still no refund; my number is {PHONE}."
    )
    index_complaint(complaint.pk)
    complaint.refresh_from_db()
    assert complaint.original_body and complaint.private_details
    return complaint


@pytest.fixture
def decrypting():
    with mock.patch("redressal.core.crypto.decrypt", wraps=None) as decrypt:
        decrypt.side_effect = AssertionError("a list decrypted private text")
        yield decrypt


@pytest.mark.parametrize(
    "url",
    [
        lambda post: post.company.get_absolute_url(),
        lambda post: reverse("core:home"),
        lambda post: reverse("search:results") + "?q=refund",
        lambda post: reverse("accounts:profile", args=[post.author.username]),
        lambda post: f"/api/v1/companies/{post.company.slug}/complaints",
    ],
    ids=["company page", "home", "search", "profile", "api list"],
)
def test_list_shows_the_post_without_decrypting_private_text(client, post, decrypting, url):
    response = client.get(url(post))

    assert response.status_code == 200
    assert b"Refund stuck" in response.content
    assert PHONE.encode() not in response.content
    decrypting.assert_not_called()


def test_the_complaint_page_still_reads_originals_for_its_author(client, post):
    client.force_login(post.author)

    response = client.get(post.get_absolute_url())

    assert PHONE in response.content.decode()
