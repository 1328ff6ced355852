"""Anonymous visitors' copies of a company's pages (its listing and its complaints' pages),
dropped the moment anything on them changes.

Every copy's key carries the company's `page_generation`. Services that change what a
company's pages show call `company_changed(company_id)` inside their transaction: the
generation moves on with the change, so from its commit every app server reads the new
number with the company row it loads anyway, and never again a copy made before. The copies
themselves live in the "pages" cache (each process's memory by default): a copy can only be
missing, never stale, so nothing about them needs sharing. A process may reuse the number it
read for an anonymous visit for PAGE_STAMP_SECONDS (one by default): anonymous visitors see a
change that much later, and a popular page costs no database query at all.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS
from django.db.models import F
from django.http import HttpRequest, HttpResponse

from redressal.companies.models import Company
from redressal.core import stored_sql

# Pages also show relative times ("3 days ago", "12 days left to answer"): a copy lives at most
# this long even if nothing changes.
PAGE_SECONDS = 300


@dataclass(frozen=True)
class Stamp:
    """What serving a stored copy needs to know about a company: no more than one row's few
    numbers, read without building the whole Company."""

    pk: int
    page_generation: int
    posts_count: int
    resolved_count: int
    with_photos_count: int
    name: str
    numbers_at: object  # when its numbers were computed (None until they are), as stored


# Raw SQL on purpose: on a stored copy's path this is nearly all the work, and composing
# the same query through the ORM would cost more than running it.
_STAMP_SQL = (
    "SELECT c.id, c.page_generation, c.complaints_count + c.reviews_count, c.resolved_count, "
    "c.with_photos_count, c.name, n.computed_at FROM companies_company c "
    "LEFT JOIN insights_companynumbers n ON n.company_id = c.id WHERE c.slug = %s"
)


def stamp(slug: str) -> Stamp | None:
    found = stored_sql.fetch(DEFAULT_DB_ALIAS, _STAMP_SQL, [slug])
    return Stamp(*found[0]) if found else None


# Stamps read for anonymous visits in this process, by slug: (when, stamp). Cleared whole
# when full, which costs one read per company afterwards.
_recent: dict[str, tuple[float, Stamp | None]] = {}
_RECENT_MAX = 10_000


def stamp_for(request: HttpRequest, slug: str) -> Stamp | None:
    """The company's stamp. An anonymous visit may be served one this process read less than
    PAGE_STAMP_SECONDS ago: on a popular page that saves a database round trip per visit, and
    anonymous visitors see a change at most that much later (whoever made it has a session,
    so always reads afresh)."""
    seconds = settings.PAGE_STAMP_SECONDS
    if not (seconds > 0 and settings.COMPANY_PAGE_CACHE and is_anonymous_visit(request)):
        return stamp(slug)
    now = time.monotonic()
    held = _recent.get(slug)
    if held is not None and now - held[0] < seconds:
        return held[1]
    fresh = stamp(slug)
    if len(_recent) >= _RECENT_MAX:
        _recent.clear()
    _recent[slug] = (now, fresh)
    return fresh


def company_changed(company_id: int | None) -> None:
    """Call inside the transaction that changes what the company's pages show."""
    if company_id is not None:
        Company.objects.filter(pk=company_id).update(page_generation=F("page_generation") + 1)


def is_anonymous_visit(request: HttpRequest) -> bool:
    """A visitor with no session (so no account) and no message waiting: the page is the same
    for every one of them. Decided from the cookies alone, without loading a user."""
    return not (request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, "messages"})


def serve(request: HttpRequest, key: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The anonymous copy stored under `key`, rendered when missing.

    `key` must hold the page's company's `page_generation` (see `company_key`).
    """
    if not (settings.COMPANY_PAGE_CACHE and is_anonymous_visit(request)):
        return render()
    pages = caches["pages"]
    stored = pages.get(key)
    if stored is not None:
        content, content_type = stored
        response = HttpResponse(content, content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return response
    response = render()
    if _shareable(request, response):
        pages.set(key, (response.content, response["Content-Type"]), PAGE_SECONDS)
        response["X-Page-Cache"] = "miss"
    return response


def company_key(company_id: int, generation: int, *parts: object) -> str:
    """A key for a page of (or about) a company: a new generation means a new key."""
    return ":".join(map(str, ("company", company_id, generation, *parts)))


def shown_digest(*shown: object) -> str:
    """A short part of a kept part's key for what it shows besides its own row (names, the
    time its numbers were computed): when any of them changes, so does the key."""
    return hashlib.blake2b("\0".join(map(str, shown)).encode(), digest_size=8).hexdigest()


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Only a plain 200 that set no cookie and holds no CSRF token may be shown to others."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and (session is None or (not session.modified and session.is_empty()))
    )
