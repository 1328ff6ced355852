from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.urls import reverse

from redressal.accounts import services
from redressal.accounts.models import User
from redressal.accounts.tests.factories import UserFactory
from redressal.accounts.tests.helpers import link_in, signup_data
from redressal.core.errors import DomainError

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")


def test_sign_up_opens_an_account_logs_in_and_emails_a_working_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, signup_data())

    user = User.objects.get(username="asha_k")
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile", args=["asha_k"])
    assert (user.email, user.city, user.state, user.country) == (
        "Asha.K@example.com",
        "Lucknow",
        "Uttar Pradesh",
        "IN",
    )
    assert not user.is_email_verified
    assert client.get(reverse("accounts:settings")).context["user"] == user
    (message,) = mailoutbox
    assert message.to == ["Asha.K@example.com"]
    assert "Verify" in message.subject
    assert message.alternatives[0].mimetype == "text/html"

    client.logout()
    page = client.get(link_in(message))
    assert page.status_code == 200
    assert "Your e-mail address is verified" in page.content.decode()
    user.refresh_from_db()
    assert user.is_email_verified


def test_the_verification_email_waits_for_the_account_to_be_saved(client, mailoutbox):
    # Without the commit (the test's transaction never commits), nothing is sent.
    client.post(SIGNUP, signup_data())
    assert User.objects.filter(username="asha_k").exists()
    assert mailoutbox == []


def test_sign_up_takes_the_visitor_back_where_they_were(client):
    page = client.get(SIGNUP, {"next": "/companies/acme/?sort=oldest"})
    assert 'name="next" value="/companies/acme/?sort=oldest"' in page.content.decode()
    response = client.post(SIGNUP, signup_data(next="/companies/acme/?sort=oldest"))
    assert response.status_code == 302
    assert response.url == "/companies/acme/?sort=oldest"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "http:evil.example", "/\\evil.example"]
)
def test_sign_up_never_sends_anyone_off_site(client, next_url):
    response = client.post(f"{SIGNUP}?next={next_url}", signup_data())
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile", args=["asha_k"])


def test_an_email_address_is_used_once_whatever_its_case(client):
    UserFactory(email="asha.k@example.com")
    response = client.post(SIGNUP, signup_data(email="ASHA.K@EXAMPLE.COM"))
    assert response.status_code == 200
    assert "already uses this e-mail" in str(response.context["form"].errors["email"])
    assert not User.objects.filter(username="asha_k").exists()


def test_a_username_is_taken_whatever_its_case(client):
    UserFactory(username="Asha_K")
    response = client.post(SIGNUP, signup_data(username="asha_k"))
    assert response.status_code == 200
    assert "taken" in str(response.context["form"].errors["username"])


def test_the_database_refuses_the_same_address_or_name_in_another_case():
    UserFactory(username="Ravi", email="ravi@example.com")
    with pytest.raises(IntegrityError):
        UserFactory(email="RAVI@example.com")


def test_the_database_refuses_the_same_name_in_another_case():
    UserFactory(username="Ravi")
    with pytest.raises(IntegrityError):
        UserFactory(username="ravi")


def test_accounts_without_an_address_do_not_collide():
    UserFactory(email="")
    UserFactory(email="")
    assert User.objects.filter(email="").count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": "as"}, "username"),
        ({"username": "a" * 31}, "username"),
        ({"username": "asha k"}, "username"),
        ({"username": "asha@home"}, "username"),
        ({"username": "Settings"}, "username"),
        ({"username": "login"}, "username"),
        ({"email": "not-an-address"}, "email"),
        ({"email": ""}, "email"),
        ({"password2": "something else entirely 9"}, "password2"),
        ({"password1": "password", "password2": "password"}, "password1"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1"),
        ({"password1": "asha_k_asha", "password2": "asha_k_asha"}, "password1"),
        ({"city": ""}, "city"),
        ({"state": "   "}, "state"),
        ({"city": "x" * 81}, "city"),
        ({"country": "IND"}, "country"),
        ({"country": "1n"}, "country"),
    ],
)
def test_bad_sign_up_input_is_shown_next_to_its_field(client, overrides, field):
    response = client.post(SIGNUP, signup_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    # The message is tied to its input for screen readers.
    assert f'id="id_{field}_error"' in html
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in html or (
        f'aria-describedby="id_{field}_error"' in html
    )
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(username=signup_data(**overrides)["username"]).exists()


def test_garbage_posted_to_sign_up_never_crashes(client):
    response = client.post(SIGNUP, {"username": ["a", "b"], "country": "\x00", "next": "\n"})
    assert response.status_code == 200
    assert User.objects.count() == 0


def test_a_filled_honeypot_is_turned_away(client):
    response = client.post(SIGNUP, signup_data(homepage="http://spam.example"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not User.objects.exists()


def test_many_sign_ups_from_one_address_are_slowed_down(client):
    for n in range(5):
        client.post(SIGNUP, signup_data(username=f"person{n}", email=f"p{n}@example.com"))
        client.logout()
    response = client.post(SIGNUP, signup_data(username="person9", email="p9@example.com"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Too many new accounts" in response.content.decode()
    assert User.objects.count() == 5


def test_a_logged_in_person_is_sent_on_from_sign_up(client):
    client.force_login(UserFactory())
    assert client.get(SIGNUP, {"next": "/companies/"}).url == "/companies/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "ravi9820012345"),
        ("username", "tokens"),
        ("city", "Mumbai 98200 12345"),
        ("state", "ravi@example.com"),
    ],
)
def test_public_profile_fields_refuse_personal_data(field, value):
    fields = {
        "username": "ravi_k",
        "email": "ravi@example.org",
        "password": "correct horse battery staple",
        "city": "Mumbai",
        "state": "Maharashtra",
        field: value,
    }
    with pytest.raises(DomainError) as error:
        services.sign_up(**fields)
    assert error.value.field == field
