from __future__ import annotations

import time

from redressal.core.object_cache import ObjectCache


def _cache(**options) -> ObjectCache:
    return ObjectCache(f"test-{time.monotonic_ns()}", {"OPTIONS": options})


def test_it_returns_the_stored_object_itself():
    cache = _cache()
    value = ("<p>card</p>", b"bytes")
    cache.set("k", value)
    assert cache.get("k") is value
    assert cache.get_many(["k", "missing"]) == {"k": value}
    assert cache.get("missing", "default") == "default"


def test_add_keeps_what_is_there_and_incr_counts():
    cache = _cache()
    assert cache.add("k", 1)
    assert not cache.add("k", 5)
    assert cache.incr("k", 2) == 3
    assert cache.get("k") == 3


def test_entries_expire_and_the_oldest_go_when_full():
    cache = _cache(MAX_ENTRIES=4, CULL_FREQUENCY=2)
    cache.set("short", "x", timeout=0.01)
    time.sleep(0.02)
    assert cache.get("short") is None
    for n in range(6):
        cache.set(f"k{n}", n)
    assert len([n for n in range(6) if cache.get(f"k{n}") is not None]) <= 4
    assert cache.get("k5") == 5
