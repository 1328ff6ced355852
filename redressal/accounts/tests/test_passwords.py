from __future__ import annotations

import runpy
import warnings
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from redressal.accounts.models import User
from redressal.accounts.tests.factories import UserFactory
from redressal.accounts.tests.helpers import PASSWORD, link_in

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
NEW_PASSWORD = "seven green parrots sing"


def test_password_reset_by_email_sets_a_new_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="meera", email="meera@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET, {"email": "MEERA@example.com"})
    assert response.url == reverse("accounts:password_reset_done")
    (message,) = mailoutbox
    assert message.to == ["meera@example.com"]
    assert "new password" in message.subject
    assert "meera" in message.body
    assert message.alternatives[0].mimetype == "text/html"

    form_page = client.get(link_in(message), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("accounts:password_reset_complete")
    assert User.objects.get(username="meera").check_password(NEW_PASSWORD)

    # The link worked once.
    again = client.get(link_in(message), follow=True)
    assert not again.context["validlink"]
    assert "Ask for a new link" in again.content.decode()


def test_password_reset_for_an_unknown_address_looks_the_same(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET, {"email": "nobody@example.com"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_password_reset_requests_are_slowed_down(client):
    UserFactory(email="meera@example.com")
    for _ in range(3):
        client.post(RESET, {"email": "meera@example.com"})
    response = client.post(RESET, {"email": "meera@example.com"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Too many password reset requests" in response.content.decode()


def test_password_change_needs_the_old_password(client):
    meera = UserFactory(username="meera")
    change = reverse("accounts:password_change")
    assert client.get(change).url.startswith(reverse("accounts:login") + "?next=")
    client.force_login(meera)
    wrong = client.post(
        change,
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert "old_password" in wrong.context["form"].errors
    right = client.post(
        change,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert right.url == reverse("accounts:password_change_done")
    meera.refresh_from_db()
    assert meera.check_password(NEW_PASSWORD)
    assert client.get(right.url).status_code == 200


def test_argon2_hashes_new_passwords():
    project_settings = runpy.run_path(str(Path(settings.BASE_DIR) / "redressal" / "settings.py"))
    hashers = project_settings["PASSWORD_HASHERS"]
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def run_settings(monkeypatch, **env) -> dict:
    for name in ("EMAIL_HOST", "EMAIL_FILE_PATH", "EMAIL_PORT", "EMAIL_USE_TLS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(settings.BASE_DIR) / "redressal" / "settings.py"))


def test_email_goes_by_smtp_when_a_host_is_set(monkeypatch):
    configured = run_settings(
        monkeypatch,
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="mailer",
        EMAIL_HOST_PASSWORD="s3cret",
        EMAIL_USE_TLS="0",
    )
    mailer = configured["MAILERS"]["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] | {"timeout": None} == {
        "host": "smtp.example.org",
        "port": 2525,
        "username": "mailer",
        "password": "s3cret",
        "use_tls": False,
        "timeout": None,
    }
    # Django refuses its old EMAIL_* settings beside MAILERS.
    assert not {name for name in configured if name.startswith("EMAIL_")}


def test_email_is_printed_or_written_to_files_in_development(monkeypatch, tmp_path):
    console = run_settings(monkeypatch)["MAILERS"]["default"]
    assert console["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    files = run_settings(monkeypatch, EMAIL_FILE_PATH=str(tmp_path))["MAILERS"]["default"]
    assert files == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(tmp_path)},
    }


def test_sending_email_raises_no_deprecation_warning(mailoutbox):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mail.EmailMessage("Hello", "Body", to=["a@example.com"]).send()
    assert len(mailoutbox) == 1
