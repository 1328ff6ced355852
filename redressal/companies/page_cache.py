"""Anonymous visitors' copies of a company's pages, dropped the moment anything on them changes.

Every cached page's key carries the company's generation number. Services that change what a
company's pages show call `company_changed(company_id)` inside their transaction; after commit
the generation moves on, so every copy made before is never read again and expires on its own.
The generation lives in the cache, so with a shared cache (Redis) every process sees the bump.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

# Pages also show relative times ("3 days ago", "12 days left to answer"): a copy lives at most
# this long even if nothing changes.
PAGE_SECONDS = 300
GENERATION_SECONDS = 7 * 24 * 3600


def _generation_key(company_id: int) -> str:
    return f"company-gen:{company_id}"


def generation(company_id: int) -> int:
    key = _generation_key(company_id)
    value = cache.get(key)
    if value is None:
        # A fresh start that no copy made under an evicted generation can share.
        cache.add(key, time.time_ns(), GENERATION_SECONDS)
        value = cache.get(key)
    return value


def _bump(company_id: int) -> None:
    key = _generation_key(company_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, time.time_ns(), GENERATION_SECONDS)


def company_changed(company_id: int | None) -> None:
    """Call inside the transaction that changes what the company's pages show."""
    if company_id is not None:
        transaction.on_commit(lambda: _bump(company_id), robust=True)


def is_anonymous_visit(request: HttpRequest) -> bool:
    """A visitor with no account and no session: the page is the same for every one of them."""
    return not request.user.is_authenticated and not (
        request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, "messages"}
    )


def serve(
    request: HttpRequest, company_id: int, variant: str, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """The anonymous copy of one variant of a company page, rendered when missing."""
    if not (is_anonymous_visit(request) and settings.COMPANY_PAGE_CACHE):
        return render()
    key = f"company-page:{company_id}:{generation(company_id)}:{variant}"
    stored = cache.get(key)
    if stored is not None:
        content, content_type = stored
        response = HttpResponse(content, content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return response
    response = render()
    if _shareable(request, response):
        cache.set(key, (response.content, response["Content-Type"]), PAGE_SECONDS)
        response["X-Page-Cache"] = "miss"
    return response


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
