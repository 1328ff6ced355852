"""E-mails about a person's account, sent after the transaction that asked for them commits.

Each task takes an id and reads the account afresh, so what it sends matches the account
as it is when the e-mail goes out (a link for an address already verified is not sent).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def _send(*, user, template: str, link: str) -> None:
    context = {
        "user": user,
        "link": link,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"accounts/email/{template}.txt", context),
        to=[user.email],
    )
    html = render_to_string(f"accounts/email/{template}.html", context)
    message.attach_alternative(html, "text/html")
    message.send()


def _active_user(user_id: int):
    from redressal.accounts.models import User

    return User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()


@task
def send_verification_email(user_id: int) -> bool:
    from redressal.accounts.services import verification_token

    user = _active_user(user_id)
    if user is None or user.is_email_verified:
        return False
    path = reverse("accounts:verify_email", kwargs={"token": verification_token(user)})
    _send(user=user, template="verify_email", link=settings.SITE_URL + path)
    return True


@task
def send_password_reset_email(user_id: int) -> bool:
    user = _active_user(user_id)
    if user is None or not user.has_usable_password():
        return False
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    _send(user=user, template="password_reset", link=settings.SITE_URL + path)
    return True
