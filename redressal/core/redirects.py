"""Where to send someone after log-in, sign-up or a form: only ever back to this site."""

from __future__ import annotations

import unicodedata

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, candidate: str | None, fallback: str = "/") -> str:
    """`candidate` when it points at this host (with https on a secure request), else `fallback`."""
    if not isinstance(candidate, str):
        return fallback
    candidate = candidate.strip()
    # Newlines would split the Location header; other control characters are never legitimate.
    if any(unicodedata.category(char).startswith("C") for char in candidate):
        return fallback
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
