"""Personal API tokens: made on the token page, revoked there, checked on every API call."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from redressal.accounts.models import User
from redressal.api.models import ApiToken
from redressal.core import stored_sql
from redressal.core.errors import DomainError
from redressal.core.write_behind import WriteBehind

TOKEN_PREFIX = "rdr_"  # noqa: S105 (a label, not a secret)
PREFIX_SHOWN = 10
NAME_MAX = 60
ACTIVE_TOKENS_MAX = 20
# Longer than any token we make; anything longer is refused before it is hashed.
TOKEN_MAX_LENGTH = 100
# last_used_at is a hint for the token page, not an audit log: a token's use is written once
# a minute at most, and in batches with other tokens' (TOKEN_USE_BATCH, TOKEN_USE_SECONDS).
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    # The secret has 256 random bits, so a fast hash is as good as a slow one here.
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it with the secret, which is never stored or shown again."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Name the token, e.g. after the program that will use it.", field="name")
    if len(name) > NAME_MAX:
        raise DomainError(f"A name can be at most {NAME_MAX} characters.", field="name")
    # Lock the user's row so two requests cannot both pass the count.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.active().filter(user=user).count() >= ACTIVE_TOKENS_MAX:
        raise DomainError(
            f"You can have at most {ACTIVE_TOKENS_MAX} tokens; revoke one you no longer use.",
            field="name",
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:PREFIX_SHOWN], hashed_key=hash_token(secret)
    )
    return token, secret


@transaction.atomic
def revoke_token(*, token: ApiToken, user: User) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != user.pk:
        raise DomainError("Only its owner can revoke this token.", code="forbidden")
    if token.revoked_at is not None:
        raise DomainError("This token is already revoked.", code="already_revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def user_for_token(secret: str) -> User | None:
    """The active user a live token belongs to, or None for a revoked or unknown one."""
    if not secret or len(secret) > TOKEN_MAX_LENGTH or not secret.startswith(TOKEN_PREFIX):
        return None
    token = stored_sql.first(
        ("api-token",),
        ApiToken,
        lambda hashed: ApiToken.objects.active().select_related("user").filter(hashed_key=hashed),
        hash_token(secret),
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        _last_uses.add(token.pk, now)
    return token.user


def _write_last_uses(batch: dict[int, datetime]) -> None:
    # One statement, every token of the batch stamped with its latest use: a batch spans
    # seconds (TOKEN_USE_SECONDS) and the token page shows minutes.
    ApiToken.objects.filter(pk__in=batch).update(last_used_at=max(batch.values()))


_last_uses = WriteBehind(
    _write_last_uses,
    combine=max,
    size_setting="TOKEN_USE_BATCH",
    seconds_setting="TOKEN_USE_SECONDS",
)
# Writes the uses not written yet (tests, and a process about to stop).
flush_last_uses = _last_uses.flush
