"""Per-account and per-IP rate limits kept in the cache, so every worker shares the counts.

    @rate_limited("vote")            # on a view: unsafe methods count, others pass
    check_rate(request, "post")      # in a view, raises RateLimited
    check_rate_for("login", user=username.lower(), ip=client_ip(request))

Rules are fixed windows aligned on multiples of `seconds`; each check counts one attempt
against every window of the action, for the account and for the address.
"""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass
from functools import wraps
from weakref import WeakKeyDictionary

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from redressal.core.errors import DomainError


@dataclass(frozen=True)
class Rate:
    """At most `per_user` attempts per account and `per_ip` per address in `seconds`."""

    seconds: int
    per_user: int | None = None
    per_ip: int | None = None


# Overridden per action by settings.RATE_LIMITS, whose values may be Rates or dicts of
# Rate's arguments (settings cannot import this module); an empty list turns an action off.
RATE_LIMITS: dict[str, list[Rate]] = {
    "post": [Rate(seconds=600, per_user=5, per_ip=20), Rate(seconds=86400, per_user=20, per_ip=60)],
    "comment": [Rate(seconds=300, per_user=10, per_ip=30), Rate(seconds=86400, per_user=100)],
    "vote": [Rate(seconds=600, per_user=60, per_ip=200)],
    "report": [Rate(seconds=3600, per_user=10, per_ip=30)],
    "login": [Rate(seconds=900, per_user=10, per_ip=30)],
    "signup": [Rate(seconds=3600, per_ip=5)],
    "password_reset": [Rate(seconds=3600, per_user=3, per_ip=10)],
    "preview": [Rate(seconds=600, per_user=60, per_ip=200)],
    "claim_email": [Rate(seconds=3600, per_user=3, per_ip=10)],
}

MESSAGES = {
    "post": "You're posting too fast.",
    "comment": "You're commenting too fast.",
    "vote": "You're voting too fast.",
    "report": "You're sending reports too fast.",
    "login": "Too many sign-in attempts.",
    "signup": "Too many new accounts from your network.",
    "password_reset": "Too many password reset requests.",
    "preview": "You're asking for previews too fast.",
    "claim_email": "Too many claim e-mails asked for.",
}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class RateLimited(DomainError):
    def __init__(self, action: str, retry_after: int):
        opening = MESSAGES.get(action, "You're doing that too often.")
        super().__init__(f"{opening} Try again in {_humanize(retry_after)}.", code="rate_limited")
        self.action = action
        self.retry_after = retry_after


def rules_for(action: str) -> list[Rate]:
    rules = {**RATE_LIMITS, **getattr(settings, "RATE_LIMITS", {})}
    if action not in rules:
        raise KeyError(f"No rate limit rule named {action!r}")
    return [rule if isinstance(rule, Rate) else Rate(**rule) for rule in rules[action]]


def check_rate(request: HttpRequest, action: str) -> None:
    """Count one attempt at `action` by this request's account and address."""
    check_rate_for(action, user=getattr(request, "user", None), ip=client_ip(request))


def check_rate_for(action: str, *, user=None, ip: str | None = None) -> None:
    """Count one attempt; `user` is a User (anonymous ones count by address only) or a string
    naming the account attempted, e.g. the lower-cased username on the log-in form."""
    if not getattr(settings, "RATE_LIMITS_ENABLED", True):
        return
    subjects = []
    account = _account_key(user)
    if account is not None:
        subjects.append(("user", account))
    if ip:
        subjects.append(("ip", _ip_group(ip)))

    now = time.time()
    counted = []  # (cache key, seconds, limit, window) for every window and subject
    for rule in rules_for(action):
        window = int(now // rule.seconds)
        for scope, value in subjects:
            limit = rule.per_user if scope == "user" else rule.per_ip
            if limit is not None:
                key = _cache_key(action, rule.seconds, scope, value, window)
                counted.append((key, rule.seconds, limit, window))
    hits = _hits([(key, seconds) for key, seconds, _limit, _window in counted])
    retry_after = 0
    for (_key, seconds, limit, window), hit in zip(counted, hits, strict=True):
        if hit > limit:
            wait = math.ceil((window + 1) * seconds - now)
            retry_after = max(retry_after, wait, 1)
    if retry_after:
        raise RateLimited(action, retry_after)


def rate_limited(action: str):
    """Count unsafe requests (POST and friends) against `action`; answer 429 past the limit."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in SAFE_METHODS:
                try:
                    check_rate(request, action)
                except RateLimited as exc:
                    return too_many_requests(request, exc)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def form_refused(response: HttpResponse, exc: RateLimited | None) -> HttpResponse:
    """A form page shown again because of a limit (its message on the form): answer 429 and
    say when to try again. With no limit passed, the response is left as it is."""
    if exc is not None:
        response.status_code = 429
        response["Retry-After"] = str(exc.retry_after)
    return response


def too_many_requests(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    if wants_json(request):
        response = JsonResponse({"detail": exc.message, "retry_after": exc.retry_after}, status=429)
    else:
        context = {"message": exc.message, "retry_after": exc.retry_after}
        response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def wants_json(request: HttpRequest) -> bool:
    if request.path.startswith("/api/"):
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front, the address the outermost
    one saw. Entries further left in X-Forwarded-For are written by the client: never trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
            try:
                ipaddress.ip_address(candidate)
            except ValueError:
                return remote
            return candidate
    return remote


def _ip_group(ip: str) -> str:
    # One IPv6 host usually holds a whole /64, so counting single addresses would be useless.
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _account_key(user) -> str | None:
    if user is None:
        return None
    if isinstance(user, str):
        return f"name:{user}" if user else None
    if not getattr(user, "is_authenticated", False):
        return None
    return f"pk:{user.pk}"


def _cache_key(action: str, seconds: int, scope: str, value: str, window: int) -> str:
    # Keyed with SECRET_KEY so the cache never holds an address that could be read back.
    digest = salted_hmac("redressal.ratelimit", f"{scope}:{value}", algorithm="sha256")
    return f"rl:{action}:{seconds}:{scope}:{digest.hexdigest()[:32]}:{window}"


def _hits(keys: list[tuple[str, int]]) -> list[int]:
    """Count one attempt under each (key, seconds); the counts so far, in order.

    The window is in the key, and a key lives a little longer than its window. On Redis all
    of them are counted in one round trip; Django's cache API would take up to three a key
    (add, then exists and incr), so its client is used for that.
    """
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        pipeline = _redis(backend).pipeline(transaction=False)
        for key, seconds in keys:
            made = backend.make_and_validate_key(key)
            pipeline.set(made, 0, ex=_lifetime(seconds), nx=True)
            pipeline.incr(made)
        return pipeline.execute()[1::2]
    return [_hit(key, seconds) for key, seconds in keys]


# Per cache backend (each thread has its own), a client of its connection pool: the cache API
# builds a new one, with its table of 170 reply parsers, for every call.
_clients: WeakKeyDictionary = WeakKeyDictionary()


def _redis(backend: RedisCache):
    client = _clients.get(backend)
    if client is None:
        client = _clients[backend] = backend._cache.get_client(write=True)
    return client


def _lifetime(seconds: int) -> int:
    # A window's count outlives the window by a minute: clocks of workers differ a little.
    return seconds + 60


def _hit(key: str, seconds: int) -> int:
    # A key only vanishes between add and incr under eviction; the next add starts it again.
    for _ in range(3):
        if cache.add(key, 1, timeout=_lifetime(seconds)):
            return 1
        try:
            return cache.incr(key)
        except ValueError:
            continue
    return 1


def _humanize(seconds: int) -> str:
    # Rounded up, so whoever waits as long as told is let through.
    amount, unit = seconds, "second"
    if amount >= 60:
        amount, unit = math.ceil(seconds / 60), "minute"
    if amount >= 60:
        amount, unit = math.ceil(seconds / 3600), "hour"
    return f"{amount} {unit}{'' if amount == 1 else 's'}"
