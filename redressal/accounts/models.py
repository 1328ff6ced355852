from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person on the site. City and state are public; nothing more precise ever is."""

    city = models.CharField(max_length=80, blank=True)
    state = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code")

    class Meta:
        db_table = "accounts_user"

    @property
    def initial(self) -> str:
        return (self.username[:1] or "?").upper()

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.city, self.state) if part)
