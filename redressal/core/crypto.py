"""Encryption at rest for private text, with keys from the environment and rotation.

ENCRYPTION_KEYS is a comma-separated list of Fernet keys; the first encrypts, all decrypt,
so a new key goes first and `manage.py rotate_encryption` re-encrypts old rows with it.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured(
            "Set ENCRYPTION_KEYS (a Fernet key: python -c 'from cryptography.fernet import "
            "Fernet; print(Fernet.generate_key().decode())'). Private details are never "
            "stored unencrypted."
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            f"ENCRYPTION_KEYS holds a key that is not valid: {error}"
        ) from None


def reset_keys() -> None:
    """Forget the loaded keys (tests that change ENCRYPTION_KEYS call this)."""
    _fernet.cache_clear()


def encrypt(text: str) -> str:
    return PREFIX + _fernet().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("This value was not encrypted by Redressal.")
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A private value cannot be decrypted with any key in ENCRYPTION_KEYS."
        ) from None


def rotate(stored: str) -> str:
    return PREFIX + _fernet().rotate(stored[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database; the empty string stays empty (nothing to hide)."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)
