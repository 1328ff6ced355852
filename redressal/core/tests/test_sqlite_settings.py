"""SQLite keeps what it acknowledged: a synced log at every commit, writers that wait."""

from __future__ import annotations

import pytest
from django.db import connection

from redressal.core.demo.synthetic import fast_sqlite

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings"),
]


def _pragma(name: str):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_every_commit_is_synced_and_writers_wait_for_the_lock():
    assert _pragma("synchronous") == 2  # FULL
    assert _pragma("busy_timeout") == 20_000


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_puts_the_durable_setting_back():
    with fast_sqlite():
        assert _pragma("synchronous") == 0  # OFF while loading
    assert _pragma("synchronous") == 2
