from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone


class User(AbstractUser):
    """A person on the site. City and state are public; nothing more precise ever is."""

    city = models.CharField(max_length=80, blank=True)
    state = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code")
    # Set once the person follows the link sent to `email`; until then their posts are held.
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # Set by a moderator: until then the person can log in and read, but not post.
    suspended_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_user"
        constraints = [
            # Log-in by e-mail and password reset need one account per address, whatever
            # its case. Accounts made by staff without an address are left out.
            models.UniqueConstraint(
                Lower("email"), name="user_email_ci_unique", condition=~Q(email="")
            ),
            # "Asha" and "asha" would be the same person to a reader; log-in ignores case.
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
        ]

    @property
    def initial(self) -> str:
        return (self.username[:1] or "?").upper()

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.city, self.state) if part)

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()
