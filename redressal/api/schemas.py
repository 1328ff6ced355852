"""Pieces the operations' own schemas are built from, and the input types they share.

Every operation has its own input and output schema (see each router); these are only the
parts inside them: how a person, a photo or a category is shown, and checked text and ids.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

# Ids are 64-bit in the database; anything outside is unknown without asking it.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
PageNumber = Annotated[int, Field(ge=1, description="1 for the first page.")]


def _storable(value: str) -> str:
    # PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded at all.
    if "\x00" in value:
        raise ValueError("Text cannot contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("Text must be valid Unicode.") from None
    return value


def Text(max_length: int, *, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length),
        AfterValidator(_storable),
    ]


class AuthorOut(Schema):
    """A person as the public sees them: never an e-mail address or anything more precise."""

    username: str
    initial: str
    city: str
    state: str


class PhotoOut(Schema):
    """A photo. Everyone sees the ready ones; a photo's author also sees theirs while it is
    processing (`url` null until then) and those that failed, with the reason."""

    id: int
    state: Literal["processing", "ready", "failed"] = Field(
        description="processing: uploaded, being re-encoded (seen only by its author); ready: "
        "shown to everyone; failed: could not be used (seen only by its author, with "
        "failure_reason)."
    )
    failure_reason: str = Field(description='Why a failed photo could not be used; else "".')
    url: str | None = Field(description="The re-encoded image; null unless ready.")
    thumbnail_url: str | None = Field(description="Null unless ready.")
    width: int = Field(description="0 unless ready.")
    height: int = Field(description="0 unless ready.")
    caption: str
    position: int


class CategoryOut(Schema):
    slug: str
    name: str


class CompanyRefOut(Schema):
    slug: str
    name: str


class UpdateOut(Schema):
    id: int
    body: str
    created_at: datetime


def author_out(user, *, city: str | None = None, state: str | None = None) -> dict:
    """`city` and `state` override the account's: a post shows where it was filed from."""
    return {
        "username": user.username,
        "initial": user.initial,
        "city": user.city if city is None else city,
        "state": user.state if state is None else state,
    }


def photo_out(request: HttpRequest, photo) -> dict:
    ready = photo.is_ready
    return {
        "id": photo.pk,
        "state": photo.state,
        "failure_reason": photo.failure_reason,
        "url": request.build_absolute_uri(photo.image.url) if ready else None,
        "thumbnail_url": request.build_absolute_uri(photo.thumbnail_url) if ready else None,
        "width": photo.width if ready else 0,
        "height": photo.height if ready else 0,
        "caption": photo.caption,
        "position": photo.position,
    }


def photos_out(request: HttpRequest, photos, *, author_id: int) -> list[dict]:
    """The ready photos; for their author (`author_id`), also those processing or failed."""
    user = request.user
    mine = user.is_authenticated and user.pk == author_id
    return [photo_out(request, p) for p in photos if mine or p.is_ready]


def category_out(category) -> dict | None:
    return {"slug": category.slug, "name": category.name} if category else None


def update_out(update) -> dict:
    return {"id": update.pk, "body": update.body, "created_at": update.created_at}


def absolute(request: HttpRequest, obj) -> str:
    return request.build_absolute_uri(obj.get_absolute_url())
