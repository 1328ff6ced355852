"""Who may do what beyond their own posts."""

from __future__ import annotations


def is_moderator(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)
