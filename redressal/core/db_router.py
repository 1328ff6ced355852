"""Reads from a replica, when one is configured, except where they must see the latest write.

Writes and everything inside a transaction go to the primary. A request that writes (any
method but GET, HEAD, OPTIONS) reads from the primary too, and so do the requests of the same
browser for a few seconds after it (a cookie says so): people see what they just did even if
the replica is a moment behind.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "primary"
PIN_SECONDS = 10
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_read_primary: ContextVar[bool] = ContextVar("read_primary", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not settings.READ_REPLICA or _read_primary.get():
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PrimaryAfterWriteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in SAFE_METHODS
        token = _read_primary.set(writes or PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _read_primary.reset(token)
        if writes and settings.READ_REPLICA:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
