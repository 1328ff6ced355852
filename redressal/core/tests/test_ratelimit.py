from __future__ import annotations

import json
import os
import secrets
from unittest import mock

import pytest
import redis
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.http import HttpResponse

from redressal.accounts.models import User
from redressal.accounts.tests.factories import UserFactory
from redressal.core import ratelimit
from redressal.core.ratelimit import (
    Rate,
    RateLimited,
    check_rate,
    check_rate_for,
    client_ip,
    rate_limited,
)

# A multiple of 600 and of 60, so every window of the rules below starts here.
START = 1_000_200.0


@pytest.fixture(autouse=True)
def _default_limits(settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {}
    settings.TRUSTED_PROXY_COUNT = 0


@pytest.fixture
def clock(still_clock):
    still_clock.now = START
    return still_clock


@pytest.fixture
def vote_rule(settings):
    settings.RATE_LIMITS = {"vote": [Rate(seconds=60, per_user=3, per_ip=5)]}


uses_vote_rule = pytest.mark.usefixtures("clock", "vote_rule")


def _user(pk: int) -> User:
    return User(pk=pk, username=f"user{pk}")


@uses_vote_rule
def test_account_limit_trips_on_the_attempt_after_the_allowed_count():
    user = _user(1)
    for n in range(3):
        check_rate_for("vote", user=user, ip=f"198.51.100.{n}")
    with pytest.raises(RateLimited) as caught:
        check_rate_for("vote", user=user, ip="198.51.100.9")
    assert caught.value.retry_after == 60
    assert caught.value.code == "rate_limited"
    assert caught.value.message == "You're voting too fast. Try again in 1 minute."


@uses_vote_rule
def test_different_accounts_share_the_address_limit():
    for pk in range(5):
        check_rate_for("vote", user=_user(pk), ip="203.0.113.7")
    with pytest.raises(RateLimited):
        check_rate_for("vote", user=_user(99), ip="203.0.113.7")
    check_rate_for("vote", user=_user(99), ip="203.0.113.8")


@uses_vote_rule
def test_anonymous_visitors_are_counted_by_address():
    for _ in range(5):
        check_rate_for("vote", user=AnonymousUser(), ip="203.0.113.7")
    with pytest.raises(RateLimited):
        check_rate_for("vote", user=AnonymousUser(), ip="203.0.113.7")


@uses_vote_rule
def test_a_named_account_is_limited_from_any_address():
    for n in range(3):
        check_rate_for("vote", user="asha", ip=f"198.51.100.{n}")
    with pytest.raises(RateLimited):
        check_rate_for("vote", user="asha", ip="198.51.100.50")


@pytest.mark.usefixtures("vote_rule")
def test_the_window_resets_and_retry_after_counts_down(clock):
    user = _user(1)
    for _ in range(3):
        check_rate_for("vote", user=user, ip="203.0.113.7")
    clock.now += 15
    with pytest.raises(RateLimited) as caught:
        check_rate_for("vote", user=user, ip="203.0.113.7")
    assert caught.value.retry_after == 45
    clock.now = START + 60
    for _ in range(3):
        check_rate_for("vote", user=user, ip="203.0.113.7")


@pytest.mark.django_db
@pytest.mark.usefixtures("clock")
def test_default_post_rule_allows_five_posts_per_ten_minutes(rf):
    author = UserFactory()
    request = rf.post("/complaints/new/", REMOTE_ADDR="203.0.113.7")
    request.user = author
    for _ in range(5):
        check_rate(request, "post")
    with pytest.raises(RateLimited) as caught:
        check_rate(request, "post")
    assert caught.value.message == "You're posting too fast. Try again in 10 minutes."


@pytest.mark.usefixtures("clock")
def test_a_tripped_rule_keeps_counting_attempts(settings):
    settings.RATE_LIMITS = {"report": [Rate(seconds=60, per_ip=1), Rate(seconds=600, per_ip=3)]}
    check_rate_for("report", ip="203.0.113.7")
    for _ in range(2):
        with pytest.raises(RateLimited):
            check_rate_for("report", ip="203.0.113.7")
    with pytest.raises(RateLimited) as caught:
        check_rate_for("report", ip="203.0.113.7")
    # Both windows are now past their limit; the longer wait wins.
    assert caught.value.retry_after == 600


@pytest.mark.parametrize(
    ("seconds", "wait"),
    [
        (1, "1 second"),
        (59, "59 seconds"),
        (60, "1 minute"),
        (61, "2 minutes"),
        (3540, "59 minutes"),
        (3541, "1 hour"),
        (3601, "2 hours"),
    ],
)
def test_the_wait_is_rounded_up_into_words(seconds, wait):
    assert RateLimited("post", seconds).message.endswith(f"Try again in {wait}.")


@pytest.mark.usefixtures("clock")
def test_settings_rules_may_be_plain_dicts_and_an_empty_list_turns_an_action_off(settings):
    settings.RATE_LIMITS = {"comment": [{"seconds": 60, "per_ip": 1}], "vote": []}
    check_rate_for("comment", ip="203.0.113.7")
    with pytest.raises(RateLimited):
        check_rate_for("comment", ip="203.0.113.7")
    for _ in range(500):
        check_rate_for("vote", ip="203.0.113.7")


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(KeyError):
        check_rate_for("dance", ip="203.0.113.7")


@pytest.mark.usefixtures("clock", "vote_rule")
def test_limits_can_be_switched_off(settings):
    settings.RATE_LIMITS_ENABLED = False
    for _ in range(10):
        check_rate_for("vote", ip="203.0.113.7")


@uses_vote_rule
def test_ipv6_addresses_are_counted_per_64_block():
    for n in range(5):
        check_rate_for("vote", ip=f"2001:db8:1:2::{n + 1}")
    with pytest.raises(RateLimited):
        check_rate_for("vote", ip="2001:db8:1:2:ffff::1")
    check_rate_for("vote", ip="2001:db8:1:3::1")


@uses_vote_rule
def test_cache_keys_never_hold_the_address():
    check_rate_for("vote", user=_user(1), ip="203.0.113.7")
    keys = list(cache._cache)
    assert keys
    assert not any("203.0.113.7" in key for key in keys)


@uses_vote_rule
def test_a_key_that_expires_between_add_and_incr_starts_again(monkeypatch):
    real_add = cache.add
    calls = []

    def add_losing_the_first_race(key, value, timeout):
        calls.append(key)
        if len(calls) == 1:
            return False  # another worker made the key, and it expired before our incr
        return real_add(key, value, timeout)

    monkeypatch.setattr(ratelimit.cache, "add", add_losing_the_first_race)
    check_rate_for("vote", ip="203.0.113.7")
    assert len(calls) == 2


# --- client addresses -----------------------------------------------------------------------


def test_forwarded_for_is_ignored_without_trusted_proxies(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == "10.0.0.2"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_forwarded_for_is_read_that_many_hops_from_the_right(
    rf, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# --- the decorator --------------------------------------------------------------------------


@rate_limited("vote")
def vote_view(request):
    return HttpResponse("voted")


def _post(rf, path="/complaints/1/vote/", **extra):
    request = rf.post(path, REMOTE_ADDR="203.0.113.7", **extra)
    request.user = AnonymousUser()
    return request


@uses_vote_rule
def test_the_decorator_answers_429_in_html_with_retry_after(rf):
    for _ in range(5):
        assert vote_view(_post(rf)).status_code == 200
    response = vote_view(_post(rf, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "You&#x27;re voting too fast. Try again in 1 minute." in content
    assert "Traceback" not in content


@uses_vote_rule
@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/complaints/1/vote/", "application/json"),
        ("/api/v1/complaints/1/vote", "*/*"),
        ("/api/v1/complaints/1/vote", "text/html"),
    ],
)
def test_the_decorator_answers_json_to_the_api_and_json_clients(rf, path, accept):
    for _ in range(5):
        vote_view(_post(rf, path, HTTP_ACCEPT=accept))
    response = vote_view(_post(rf, path, HTTP_ACCEPT=accept))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert json.loads(response.content) == {
        "detail": "You're voting too fast. Try again in 1 minute.",
        "retry_after": 60,
    }


@uses_vote_rule
def test_the_decorator_does_not_count_get_requests(rf):
    for _ in range(20):
        request = rf.get("/complaints/1/vote/", REMOTE_ADDR="203.0.113.7")
        request.user = AnonymousUser()
        assert vote_view(request).status_code == 200
    assert vote_view(_post(rf)).status_code == 200


@pytest.fixture
def redis_cache(settings):
    """The default cache on the Redis server the site uses, under a prefix of this test's own."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis server at {url}")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-ratelimit-{secrets.token_hex(4)}",
        },
    }
    yield caches["default"]
    caches["default"].clear()


@uses_vote_rule
def test_on_redis_every_window_is_counted_in_one_round_trip(redis_cache, clock, settings):
    settings.RATE_LIMITS = {
        "vote": [Rate(seconds=60, per_user=3, per_ip=5), Rate(seconds=600, per_user=4)]
    }
    pipelines = []
    real_pipeline = redis.client.Redis.pipeline

    def counting_pipeline(client, *args, **kwargs):
        pipelines.append(args)
        return real_pipeline(client, *args, **kwargs)

    user = _user(1)
    with mock.patch.object(redis.client.Redis, "pipeline", counting_pipeline):
        for _ in range(3):
            check_rate_for("vote", user=user, ip="203.0.113.7")
        with pytest.raises(RateLimited) as refused:
            check_rate_for("vote", user=user, ip="203.0.113.7")
    assert len(pipelines) == 4
    assert refused.value.retry_after == 60
    # The counts are the cache's own: Django reads them back as numbers.
    minute = int(START // 60)
    key = ratelimit._cache_key("vote", 60, "user", "pk:1", minute)
    assert redis_cache.get(key) == 4
    # A new minute starts the minute's count again; the ten minutes' count goes on.
    clock.now += 60
    with pytest.raises(RateLimited) as refused:
        check_rate_for("vote", user=user, ip="203.0.113.7")
    assert refused.value.retry_after == 600 - 60
