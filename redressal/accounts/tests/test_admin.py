from __future__ import annotations

import pytest

from redressal.accounts.tests.factories import UserFactory
from redressal.complaints.models import Visibility
from redressal.complaints.tests.admin_data import (
    assert_list_page_queries_do_not_grow,
    change_url,
    changelist_url,
    make_admin_data,
)
from redressal.complaints.tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(admin_user):
    return make_admin_data(admin_user)


def test_moderator_opens_people_and_sees_where_they_live(admin_client, data):
    listing = admin_client.get(changelist_url("accounts_user"))
    assert listing.status_code == 200
    assert "Lucknow" in listing.content.decode()
    page = admin_client.get(change_url("accounts_user", data.author))
    assert page.status_code == 200
    assert 'name="city" value="Lucknow"' in page.content.decode()


def test_people_are_found_by_username_and_email(admin_client, data):
    url = changelist_url("accounts_user")
    for term in (data.author.username, data.author.email):
        response = admin_client.get(url, {"q": term})
        assert list(response.context["cl"].result_list) == [data.author]


def test_moderator_sets_a_persons_city(admin_client, data):
    author = data.author
    response = admin_client.post(
        change_url("accounts_user", author),
        {
            "username": author.username,
            "email": author.email,
            "city": "Kanpur",
            "state": author.state,
            "country": "IN",
            "is_active": "on",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.city == "Kanpur"


def test_people_are_deactivated_not_deleted(admin_client, data):
    url = change_url("accounts_user", data.author).replace("/change/", "/delete/")
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert type(data.author).objects.filter(pk=data.author.pk).exists()


def test_people_list_makes_no_query_per_row(admin_client, data):
    assert_list_page_queries_do_not_grow(admin_client, "accounts_user", data.moderator)


def test_moderator_verifies_an_address_and_held_posts_go_public(admin_client, data):
    waiting = UserFactory(email_verified_at=None)
    held = ComplaintFactory(author=waiting, company=data.company)
    assert held.visibility == Visibility.HELD
    response = admin_client.post(
        changelist_url("accounts_user"),
        {"action": "verify_email", "_selected_action": [waiting.pk, data.author.pk]},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Verified 1 e-mail address(es)." in page
    assert "already verified" in page
    held.refresh_from_db()
    assert held.visibility == Visibility.PUBLISHED
    data.company.refresh_from_db()
    assert data.company.complaints_count == 2
