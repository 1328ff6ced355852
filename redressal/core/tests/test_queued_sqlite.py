"""SQLite transactions queue for the write lock on a file beside the database from their first
statement, and leave the queue however they end."""

from __future__ import annotations

import fcntl
import os
import threading
import time

import pytest
from django.db.utils import ConnectionHandler

ENGINE = "redressal.core.queued_sqlite"


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """Connections to a SQLite file of this test's own, opened as the settings open them."""
    handlers = []

    def connect(*, timeout: float = 5.0, name: str | None = None):
        handler = ConnectionHandler(
            {
                "default": {
                    "ENGINE": ENGINE,
                    "NAME": name or str(tmp_path / "site.sqlite3"),
                    "OPTIONS": {
                        "transaction_mode": "IMMEDIATE",
                        "timeout": timeout,
                        "init_command": "PRAGMA journal_mode=WAL;",
                    },
                }
            }
        )
        handlers.append(handler)
        return handler["default"]

    with django_db_blocker.unblock():
        with connect().cursor() as cursor:
            cursor.execute("CREATE TABLE post (id INTEGER PRIMARY KEY, body TEXT)")
        yield connect
        for handler in handlers:
            handler.close_all()


def _begin(connection) -> None:
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(connection, how: str) -> None:
    getattr(connection, how)()
    connection.set_autocommit(True)


def _queue_is_free(tmp_path) -> bool:
    descriptor = os.open(tmp_path / "site.sqlite3-writers", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


@pytest.mark.parametrize("how", ["commit", "rollback", "close"])
def test_a_transaction_holds_its_place_until_it_ends(database, tmp_path, how):
    connection = database()
    _begin(connection)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO post (body) VALUES ('first')")
    assert not _queue_is_free(tmp_path)
    if how == "close":
        connection.close()
    else:
        _end(connection, how)
    assert _queue_is_free(tmp_path)


def test_a_transaction_queues_at_its_first_statement(database, tmp_path):
    connection = database()
    _begin(connection)
    assert _queue_is_free(tmp_path)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM post")
        assert not _queue_is_free(tmp_path)
        cursor.execute("INSERT INTO post (body) VALUES ('first')")
    _end(connection, "commit")
    assert _queue_is_free(tmp_path)


def test_a_transaction_without_statements_never_queues(database, tmp_path):
    connection = database()
    connection.ensure_connection()
    stuck = os.open(tmp_path / "site.sqlite3-writers", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(stuck, fcntl.LOCK_EX)
        began = time.monotonic()
        _begin(connection)
        _end(connection, "commit")
        assert time.monotonic() - began < 1  # the timeout is 5 s
    finally:
        os.close(stuck)


def test_the_next_writer_starts_when_the_one_before_commits(database):
    first, started, seen = database(), threading.Event(), []

    def second_writer():
        second = database()
        _begin(second)
        with second.cursor() as cursor:
            cursor.execute("SELECT body FROM post")
            started.set()
            seen.extend(row[0] for row in cursor.fetchall())
            cursor.execute("INSERT INTO post (body) VALUES ('second')")
        _end(second, "commit")
        second.close()

    _begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO post (body) VALUES ('first')")
    thread = threading.Thread(target=second_writer)
    thread.start()
    assert not started.wait(0.2), "a second transaction began beside the first"
    _end(first, "commit")
    thread.join(5)
    assert seen == ["first"]
    with first.cursor() as cursor:
        cursor.execute("SELECT body FROM post ORDER BY id")
        assert [row[0] for row in cursor.fetchall()] == ["first", "second"]


def test_past_its_timeout_a_writer_goes_on_and_sqlite_decides(database, tmp_path):
    connection = database(timeout=0.05)
    connection.ensure_connection()
    stuck = os.open(tmp_path / "site.sqlite3-writers", os.O_RDWR | os.O_CREAT)
    try:
        # Something holds the queue but not SQLite's lock (a process stopped in a debugger).
        fcntl.flock(stuck, fcntl.LOCK_EX)
        _begin(connection)
        began = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO post (body) VALUES ('after the wait')")
        waited = time.monotonic() - began
        _end(connection, "commit")
    finally:
        os.close(stuck)
    assert waited >= 0.05
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM post")
        assert cursor.fetchone()[0] == 1


def test_an_in_memory_database_has_no_queue_file(database, tmp_path, monkeypatch):
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    connection = database(name=":memory:")
    _begin(connection)
    _end(connection, "commit")
    assert list(folder.iterdir()) == []


def test_the_queue_file_has_the_database_s_permissions(database, tmp_path):
    (tmp_path / "site.sqlite3").chmod(0o640)
    connection = database()
    _begin(connection)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO post (body) VALUES ('first')")
    _end(connection, "commit")
    assert (tmp_path / "site.sqlite3-writers").stat().st_mode & 0o777 == 0o640


def test_a_queue_file_it_cannot_open_leaves_the_writers_to_sqlite(database, tmp_path):
    (tmp_path / "site.sqlite3-writers").mkdir()  # in the way: not a file it can lock
    connection = database()
    _begin(connection)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO post (body) VALUES ('written all the same')")
    _end(connection, "commit")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM post")
        assert cursor.fetchone()[0] == 1
