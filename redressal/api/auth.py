"""Who is calling: a personal token (Authorization: Bearer …) or the site's session cookie.

A token that is sent must be good: a revoked or unknown one is refused with 401 rather than
falling back to the session. Session callers pass Django's CSRF check on unsafe methods, as
forms on the site do; token callers need none, since a browser never adds the header itself.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from redressal.api import services
from redressal.api.errors import responses
from redressal.core.roles import is_moderator


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = services.user_for_token(token.strip())
        if user is None:
            raise AuthenticationError(message="This API token is revoked or unknown.")
        # Services, access checks and rate limits all read request.user.
        request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """Django's session, with the CSRF check only for a caller who is logged in by it."""

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest):
        try:
            return APIKeyCookie._get_key(self, request)
        except HttpError:
            raise HttpError(
                403,
                "CSRF check failed: send the csrftoken cookie's value in an X-CSRFToken header, "
                "or use an API token.",
            ) from None


def anyone(request: HttpRequest):
    """Lets anonymous callers through to public reads (AnonymousUser is truthy)."""
    return AnonymousUser()


token_auth = TokenAuth()
session_auth = SessionAuth()
# Writes need someone; reads take whoever calls, so authors see their drafts.
SIGNED_IN = [token_auth, session_auth]
ANYONE = [token_auth, session_auth, anyone]
# OpenAPI: an empty requirement marks authentication as optional on public reads.
OPTIONAL_AUTH = {"security": [{"TokenAuth": []}, {"SessionAuth": []}, {}]}


router = Router(tags=["account"])


class MeOut(Schema):
    username: str
    initial: str
    city: str
    state: str
    email_verified: bool
    is_moderator: bool


@router.get("/me", response={200: MeOut, **responses(401)}, auth=SIGNED_IN, summary="Who I am")
def me(request):
    """The account the token or session belongs to (what others see, plus your own flags)."""
    user = request.user
    return {
        "username": user.username,
        "initial": user.initial,
        "city": user.city,
        "state": user.state,
        "email_verified": user.is_email_verified,
        "is_moderator": is_moderator(user),
    }
