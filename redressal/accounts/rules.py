"""Checks every posting service makes about the person posting."""

from __future__ import annotations

from django.utils import formats, timezone

from redressal.core.errors import DomainError


def ensure_can_post(user) -> None:
    """Refuse a suspended account; the message says until when."""
    if user is not None and getattr(user, "is_suspended", False):
        until = formats.date_format(timezone.localtime(user.suspended_until), "DATETIME_FORMAT")
        raise DomainError(
            f"Your account is suspended until {until}; you cannot post.", code="suspended"
        )
