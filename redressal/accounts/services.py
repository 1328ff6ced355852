"""What people do with their account. Each action is one transaction; e-mail goes after commit."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from redressal.accounts import tasks
from redressal.accounts.models import User
from redressal.core.errors import DomainError
from redressal.core.tasks import enqueue_on_commit
from redressal.moderation.text import protect

USERNAME_RE = re.compile(r"[A-Za-z0-9_.-]{3,30}")
# Seven digits in a row in a public name is most likely a phone or account number.
LONG_NUMBER_RE = re.compile(r"\d{7}")
# Words that would be mistaken for the site speaking, or that name pages under /accounts/.
RESERVED_USERNAMES = frozenset(
    {
        "accounts", "admin", "administrator", "api", "business", "companies", "complaints",
        "login", "logout", "moderation", "moderator", "password", "redressal", "root",
        "search", "settings", "signup", "staff", "support", "system", "tokens", "verify",
    }
)  # fmt: skip
PLACE_MAX = 80
COUNTRY_RE = re.compile(r"[A-Za-z]{2}")
VERIFICATION_MAX_AGE = timedelta(days=3)
# One verification e-mail per account per this long, whoever asks for it.
RESEND_COOLDOWN = timedelta(minutes=1)
_VERIFY_SALT = "redressal.accounts.verify-email"


# --- Checks shared by the forms and the services ------------------------------------------


def clean_username(username: str) -> str:
    username = (username or "").strip()
    if not USERNAME_RE.fullmatch(username):
        raise DomainError(
            "Use 3 to 30 letters, digits, dots, hyphens or underscores.", field="username"
        )
    if username.lower() in RESERVED_USERNAMES:
        raise DomainError("That username is reserved. Please choose another.", field="username")
    if LONG_NUMBER_RE.search(username) or protect(username).public != username:
        raise DomainError(
            "Usernames are public: leave out phone numbers, e-mail addresses and rude words.",
            field="username",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("That username is taken. Please choose another.", field="username")
    return username


def clean_email(email: str) -> str:
    email = User.objects.normalize_email((email or "").strip())
    if not email:
        raise DomainError("Enter your e-mail address.", field="email")
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(
            "An account already uses this e-mail address. Log in, or reset your password.",
            field="email",
        )
    return email


def clean_place(*, city: str, state: str, country: str) -> dict[str, str]:
    place = {"city": (city or "").strip(), "state": (state or "").strip()}
    for name, label in (("city", "City"), ("state", "State")):
        if not place[name]:
            raise DomainError(f"Enter your {name}.", field=name)
        if len(place[name]) > PLACE_MAX:
            raise DomainError(f"{label} can be at most {PLACE_MAX} characters.", field=name)
        if protect(place[name]).public != place[name]:
            raise DomainError(
                f"{label} shows on your posts: give just the name of the place.", field=name
            )
    country = (country or "").strip().upper()
    if country and not COUNTRY_RE.fullmatch(country):
        raise DomainError("Use the two-letter country code, like IN or GB.", field="country")
    place["country"] = country
    return place


# --- Sign-up and profile ------------------------------------------------------------------


def sign_up(
    *, username: str, email: str, password: str, city: str, state: str, country: str = ""
) -> User:
    """Open an account and send the link that verifies its e-mail address."""
    with transaction.atomic():
        user = User(
            username=clean_username(username),
            email=clean_email(email),
            **clean_place(city=city, state=state, country=country),
        )
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages), field="password") from None
        user.set_password(password)
        try:
            # Two sign-ups racing for one name or address: the constraints pick the winner.
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise DomainError(
                "That username or e-mail address was just taken. Please choose another.",
                code="taken",
            ) from None
        _send_verification_after_commit(user)
    return user


def update_place(*, user: User, city: str, state: str, country: str = "") -> User:
    """Change where the person says they live. Posts keep the place they were filed from."""
    place = clean_place(city=city, state=state, country=country)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(**place)
        for name, value in place.items():
            setattr(user, name, value)
    return user


# --- E-mail verification ------------------------------------------------------------------


class LinkProblem(enum.Enum):
    INVALID = "invalid"  # tampered with, cut short, or for an account that is gone
    EXPIRED = "expired"
    USED = "used"  # already followed: the address is verified
    STALE = "stale"  # the account's address changed since the link was sent


@dataclass
class LinkCheck:
    user: User | None = None
    problem: LinkProblem | None = None


@dataclass
class Verification:
    user: User
    complaints: list = field(default_factory=list)
    comments: list = field(default_factory=list)


def _fingerprint(user: User) -> str:
    # Changes when the address changes or once it is verified, so a link works only once
    # and only for the address it was sent to.
    verified = user.email_verified_at.isoformat() if user.email_verified_at else ""
    state = f"{user.pk}|{user.email.lower()}|{verified}"
    return salted_hmac(_VERIFY_SALT, state, algorithm="sha256").hexdigest()[:32]


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=_VERIFY_SALT)


def check_verification_token(token: str) -> LinkCheck:
    """Who a verification link is for, or what is wrong with it."""
    try:
        payload = signing.loads(
            token, salt=_VERIFY_SALT, max_age=VERIFICATION_MAX_AGE.total_seconds()
        )
        problem = None
    except signing.SignatureExpired:
        # Still tell whose link it was, so a new one can be sent to that person.
        payload, problem = signing.loads(token, salt=_VERIFY_SALT), LinkProblem.EXPIRED
    except signing.BadSignature:
        return LinkCheck(problem=LinkProblem.INVALID)
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return LinkCheck(problem=LinkProblem.INVALID)
    user = User.objects.filter(pk=payload["u"], is_active=True).first()
    if user is None:
        return LinkCheck(problem=LinkProblem.INVALID)
    if problem is None and not constant_time_compare(str(payload.get("f")), _fingerprint(user)):
        problem = LinkProblem.USED if user.is_email_verified else LinkProblem.STALE
    return LinkCheck(user=user, problem=problem)


def verify_email(*, user: User) -> Verification:
    """Mark the person's address verified and publish what they posted while waiting."""
    from redressal.complaints import services as complaints
    from redressal.discussion import services as discussion

    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_email_verified:
            raise DomainError("This e-mail address is already verified.", code="already_verified")
        locked.email_verified_at = timezone.now()
        locked.save(update_fields=["email_verified_at"])
        user.email_verified_at = locked.email_verified_at
        verification = Verification(
            user=user,
            complaints=complaints.publish_held_for_verification(author=locked),
            comments=discussion.publish_held_for_verification(author=locked),
        )
    return verification


def request_verification_email(*, user: User) -> bool:
    """Send a new verification link; False when one went out moments ago."""
    if user.is_email_verified:
        raise DomainError("Your e-mail address is already verified.", code="already_verified")
    if not user.email:
        raise DomainError("Your account has no e-mail address to verify.", code="no_email")
    if not cache.add(f"verify-email-sent:{user.pk}", 1, RESEND_COOLDOWN.total_seconds()):
        return False
    _send_verification_after_commit(user)
    return True


def request_verification_email_for(*, email: str) -> None:
    """Resend for someone not logged in. Says nothing about whether the address has an account."""
    user = User.objects.filter(
        email__iexact=(email or "").strip(), is_active=True, email_verified_at__isnull=True
    ).first()
    if user is not None:
        request_verification_email(user=user)


def _send_verification_after_commit(user: User) -> None:
    cache.add(f"verify-email-sent:{user.pk}", 1, RESEND_COOLDOWN.total_seconds())
    pk = user.pk
    enqueue_on_commit(tasks.send_verification_email, pk)


# --- Password reset -----------------------------------------------------------------------


def request_password_reset(*, email: str) -> None:
    """E-mail a reset link to the account with this address, if there is one that can log in."""
    for user in PasswordResetForm().get_users(email):
        pk = user.pk
        enqueue_on_commit(tasks.send_password_reset_email, pk)
