from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.api import services
from redressal.api.models import ApiToken
from redressal.api.tests.conftest import ApiClient, assert_error
from redressal.companies.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_token_page_needs_login():
    response = Client().get(reverse("tokens:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_token_lifecycle_create_show_once_use_revoke_then_refused():
    user = UserFactory(username="asha")
    browser = Client()
    browser.force_login(user)

    response = browser.post(reverse("tokens:list"), {"name": "My tracker"})
    assert response.status_code == 302
    page = browser.get(reverse("tokens:list"))
    secret = page.context["new_secret"]
    assert secret.startswith("rdr_")
    assert secret in page.text
    assert "Cache-Control" in page and "no-store" in page["Cache-Control"]
    # Shown once: the next visit lists the token by its prefix only.
    again = browser.get(reverse("tokens:list"))
    assert secret not in again.text
    assert "My tracker" in again.text
    token = ApiToken.objects.get(user=user)
    assert token.prefix in again.text
    assert secret not in (token.hashed_key, token.prefix)

    api = ApiClient(secret)
    me = api.get("/me")
    assert me.status_code == 200
    assert me.json()["username"] == "asha"
    token.refresh_from_db()
    assert token.last_used_at is not None

    response = browser.post(reverse("tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in browser.get(reverse("tokens:list")).text

    body = assert_error(api.get("/me"), 401)
    assert "revoked" in body["detail"]


def test_token_uses_wait_for_a_batch_then_go_in_one_update(settings):
    settings.TOKEN_USE_BATCH = 3
    settings.TOKEN_USE_SECONDS = 3600
    services.flush_last_uses()
    first_token, first = services.create_token(user=UserFactory(), name="t")
    second_token, second = services.create_token(user=UserFactory(), name="t")
    assert ApiClient(first).get("/me").status_code == 200
    assert ApiClient(second).get("/me").status_code == 200
    assert set(ApiToken.objects.values_list("last_used_at", flat=True)) == {None}
    third_call = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        assert ApiClient(first).get("/me").status_code == 200
    assert sum(query["sql"].startswith("UPDATE") for query in queries) == 1
    first_token.refresh_from_db()
    second_token.refresh_from_db()
    # Both stamped with the batch's latest use (the page shows minutes; a batch is seconds).
    assert first_token.last_used_at == second_token.last_used_at
    assert first_token.last_used_at >= third_call


def test_a_token_used_within_the_minute_is_not_written_again():
    user = UserFactory()
    _, secret = services.create_token(user=user, name="t")
    api = ApiClient(secret)
    assert api.get("/me").status_code == 200
    used = ApiToken.objects.get(user=user).last_used_at
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/me").status_code == 200
    assert not any(query["sql"].startswith("UPDATE") for query in queries)
    assert ApiToken.objects.get(user=user).last_used_at == used


def test_a_token_needs_a_name():
    browser = Client()
    browser.force_login(UserFactory())
    response = browser.post(reverse("tokens:list"), {"name": "  "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_people_cannot_revoke_someone_elses_token():
    token, _ = services.create_token(user=UserFactory(), name="theirs")
    browser = Client()
    browser.force_login(UserFactory())
    assert browser.post(reverse("tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_unknown_or_malformed_tokens_are_refused_with_401():
    for header in ("Bearer rdr_nope", "Bearer " + "x" * 500, "Bearer "):
        client = Client()
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert_error(response, 401)


def test_a_bad_token_is_refused_even_with_a_session():
    browser = Client()
    browser.force_login(UserFactory())
    response = browser.get("/api/v1/me", headers={"Authorization": "Bearer rdr_revoked"})
    assert_error(response, 401)


def test_an_inactive_users_token_is_refused():
    user = UserFactory()
    _, secret = services.create_token(user=user, name="old")
    user.is_active = False
    user.save()
    assert_error(ApiClient(secret).get("/me"), 401)


def test_writes_without_credentials_are_401():
    response = ApiClient().post("/complaints", {"company": "x", "title": "t", "body": "b"})
    body = assert_error(response, 401)
    assert "Bearer" in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_session_writes_need_the_csrf_token():
    company = CompanyFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory())
    new = {"company": company.slug, "title": "Refund missing", "body": "Still waiting."}

    # Reads need no token.
    assert browser.get("/api/v1/me").status_code == 200
    response = browser.post("/api/v1/complaints", new, content_type="application/json")
    body = assert_error(response, 403)
    assert "CSRF" in body["detail"]

    browser.get(reverse("tokens:list"))  # any page with a form sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    response = browser.post(
        "/api/v1/complaints",
        new,
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201, response.content


def test_token_writes_need_no_csrf_token():
    company = CompanyFactory()
    _, secret = services.create_token(user=UserFactory(), name="t")
    api = ApiClient(secret, client=Client(enforce_csrf_checks=True))
    response = api.post("/complaints", {"company": company.slug, "title": "T", "body": "B"})
    assert response.status_code == 201


def test_at_most_twenty_live_tokens():
    user = UserFactory()
    for n in range(services.ACTIVE_TOKENS_MAX):
        services.create_token(user=user, name=f"t{n}")
    browser = Client()
    browser.force_login(user)
    response = browser.post(reverse("tokens:list"), {"name": "one more"})
    assert response.status_code == 400
    assert "revoke one" in response.text


def test_the_settings_page_links_to_the_tokens():
    browser = Client()
    browser.force_login(UserFactory())
    assert reverse("tokens:list") in browser.get(reverse("accounts:settings")).text
