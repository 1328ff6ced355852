"""Signed links in e-mails that work without logging in, each for one thing only."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from redressal.notifications.models import FollowUp, Kind

_UNSUBSCRIBE_SALT = "redressal.notifications.unsubscribe"
_FOLLOW_UP_SALT = "redressal.notifications.follow-up"
FOLLOW_UP_LINK_MAX_AGE = timedelta(days=30)


class BadLink(Exception):
    """The link was forged, changed, or has expired; the message says which for the page."""


def unsubscribe_url(user_id: int, kind: str) -> str:
    token = signing.dumps({"u": user_id, "k": kind}, salt=_UNSUBSCRIBE_SALT, compress=True)
    return settings.SITE_URL + reverse("notifications:unsubscribe", kwargs={"token": token})


def read_unsubscribe(token: str) -> tuple[int, str]:
    """(user id, kind) from an unsubscribe link; these never expire."""
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
        user_id, kind = int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadLink("This unsubscribe link is not valid.") from None
    if kind not in Kind.values:
        raise BadLink("This unsubscribe link is not valid.")
    return user_id, kind


def follow_up_url(follow_up: FollowUp, answer: str) -> str:
    token = signing.dumps({"f": follow_up.pk, "a": answer}, salt=_FOLLOW_UP_SALT)
    return settings.SITE_URL + reverse("notifications:follow_up", kwargs={"token": token})


def read_follow_up(token: str) -> tuple[int, str]:
    """(follow-up id, "yes" or "no") from an answer link, if it is genuine and fresh."""
    try:
        data = signing.loads(
            token, salt=_FOLLOW_UP_SALT, max_age=FOLLOW_UP_LINK_MAX_AGE.total_seconds()
        )
        follow_up_id, answer = int(data["f"]), str(data["a"])
    except signing.SignatureExpired:
        raise BadLink(
            "This link has expired. Open your complaint to say whether it is resolved."
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadLink("This link is not valid.") from None
    if answer not in FollowUp.Answer.values:
        raise BadLink("This link is not valid.")
    return follow_up_id, answer
