from __future__ import annotations

import pytest
from django.urls import reverse

from redressal.accounts.tests.factories import UserFactory
from redressal.accounts.tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")


def logged_in_as(client):
    return client.get(reverse("core:home")).context["user"]


@pytest.mark.parametrize(
    "identifier", ["Meera.J@example.com", "meera.j@EXAMPLE.com", "Meera_J", "meera_j"]
)
def test_log_in_by_email_or_username_in_any_case(client, identifier):
    meera = UserFactory(username="Meera_J", email="Meera.J@example.com")
    response = client.post(LOGIN, {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert logged_in_as(client) == meera


def test_a_wrong_password_is_refused_with_a_message(client):
    UserFactory(username="meera", email="meera@example.com")
    for identifier in ("meera", "meera@example.com", "nobody@example.com"):
        response = client.post(LOGIN, {"username": identifier, "password": "wrong"})
        assert response.status_code == 200
        assert "do not match an account" in response.content.decode()
    assert not logged_in_as(client).is_authenticated


def test_log_in_goes_back_to_the_page_the_visitor_came_from(client):
    UserFactory(username="meera")
    page = client.get(LOGIN, {"next": "/companies/acme/?page=2"})
    assert 'name="next" value="/companies/acme/?page=2"' in page.content.decode()
    response = client.post(
        LOGIN, {"username": "meera", "password": PASSWORD, "next": "/companies/acme/?page=2"}
    )
    assert response.url == "/companies/acme/?page=2"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "http:evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "/ok\r\nSet-Cookie: x=1",
    ],
)
def test_log_in_never_sends_anyone_off_site(client, next_url):
    UserFactory(username="meera")
    page = client.get(LOGIN, {"next": next_url})
    assert "evil.example" not in page.content.decode()
    response = client.post(LOGIN, {"username": "meera", "password": PASSWORD, "next": next_url})
    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_logout_needs_a_post(client):
    client.force_login(UserFactory())
    assert client.get(LOGOUT).status_code == 405
    assert logged_in_as(client).is_authenticated
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert not logged_in_as(client).is_authenticated


def test_logout_ignores_an_off_site_next(client):
    client.force_login(UserFactory())
    response = client.post(LOGOUT, {"next": "https://evil.example/"})
    assert response.url == reverse("core:home")


def test_guessing_passwords_is_slowed_down(client):
    UserFactory(username="meera")
    for _ in range(10):
        client.post(LOGIN, {"username": "meera", "password": "guess"})
    response = client.post(LOGIN, {"username": "MEERA", "password": PASSWORD})
    assert "Too many sign-in attempts" in response.content.decode()
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert not logged_in_as(client).is_authenticated


def test_a_person_already_logged_in_is_sent_on(client):
    client.force_login(UserFactory())
    assert client.get(LOGIN, {"next": "/companies/"}).url == "/companies/"


def test_header_offers_log_in_to_visitors_and_log_out_to_members(client):
    home = client.get("/companies/?letter=A").content.decode()
    assert f'href="{LOGIN}?next=/companies/%3Fletter%3DA"' in home
    assert f'href="{reverse("accounts:signup")}?next=/companies/%3Fletter%3DA"' in home
    assert "Log out" not in home

    member = UserFactory(username="meera")
    client.force_login(member)
    home = client.get("/companies/").content.decode()
    assert f'href="{reverse("accounts:profile", args=["meera"])}"' in home
    assert f'action="{LOGOUT}"' in home
    assert 'method="post"' in home
    assert f'href="{LOGIN}' not in home


def test_login_page_links_to_sign_up_keeping_next(client):
    html = client.get(LOGIN, {"next": "/complaints/new/"}).content.decode()
    assert f'href="{reverse("accounts:signup")}?next=/complaints/new/"' in html
    assert 'for="id_username"' in html
    assert 'autocomplete="current-password"' in html
