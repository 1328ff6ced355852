"""System tests: the site as it runs in production, real processes talking over HTTP.

Run by `make test-system` (CI runs it after the two test suites), not by `make test`. Each test
starts gunicorn app servers (and the task worker where it needs one) with DEBUG off against a
database of its own: a PostgreSQL database copied from a migrated template, or a SQLite file
copied from a migrated one, so migrations run once per session. Nothing here uses
pytest-django's test database; this process only starts servers and talks to them.

PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379) must be running, as
.ci/run makes sure; without them the tests that need them are skipped, or fail when $CI is
set. Databases are named systest_<pid>_…, Redis keys carry a prefix of the test's own; both
are removed afterwards (and databases a killed run left behind, at the next run).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from systemtests.harness import Command, server_environment

POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/0"
LOG_LINES = 60


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _clear_cache():
    """Replaces the project conftest's: this process keeps nothing in any cache."""
    yield


# --- Processes, and their logs when a test fails --------------------------------------------


@pytest.fixture
def processes():
    """Servers and workers a test starts; stopped after it, their logs shown if it failed."""
    started: list = []
    yield started
    # Side by side: each may take seconds to finish its requests and exit.
    stopping = [threading.Thread(target=process.stop) for process in started]
    for thread in stopping:
        thread.start()
    for thread in stopping:
        thread.join()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    started = item.funcargs.get("processes") if hasattr(item, "funcargs") else None
    if report.failed and started:
        for process in started:
            for log in process.logs:
                report.sections.append((f"{log} (last {LOG_LINES} lines)", _tail(log)))
    return report


def _tail(path: Path) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-LOG_LINES:])
    except OSError as error:
        return f"({error})"


# --- What every test's servers need -------------------------------------------------------


class Postgres:
    """Databases of this run on the local server, made from one migrated template."""

    def __init__(self) -> None:
        self.prefix = f"systest_{os.getpid()}_"
        self.template = self.prefix + "template"
        self.made: list[str] = []

    def execute(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def url(self, name: str) -> str:
        return f"{POSTGRES}/{name}"

    def create(self, name: str, *, template: str | None = None) -> str:
        self.drop(name)
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.made.append(name)
        return name

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_abandoned(self) -> None:
        """Databases of earlier runs whose process is gone (killed before it could drop them)."""
        for (name,) in self.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'systest\\_%'"
        ):
            match = re.fullmatch(r"systest_(\d+)_\w+", name)
            if match and not _alive(int(match[1])):
                self.drop(name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class Prepared:
    static_root: Path
    sqlite: Path  # a migrated database file that tests copy
    postgres: Postgres | None  # None: no PostgreSQL server answers


@pytest.fixture(scope="session")
def prepared(tmp_path_factory):
    """Static files collected (with DEBUG off, pages need the manifest) and the databases
    migrated, once a session and side by side: each is seconds of CPU."""
    static = tmp_path_factory.mktemp("static")
    folder = tmp_path_factory.mktemp("prepare")
    sqlite = folder / "template.sqlite3"

    def environment(database_url: str) -> dict[str, str]:
        return server_environment(database_url=database_url, folder=folder, static_root=static)

    postgres = Postgres() if _reachable("127.0.0.1", 5432) else None
    commands = [
        Command(
            environment(f"sqlite:///{folder / 'unused.sqlite3'}"), "collectstatic", "--no-input"
        ),
        Command(environment(f"sqlite:///{sqlite}"), "migrate", "--no-input"),
    ]
    try:
        if postgres is not None:
            postgres.drop_abandoned()
            postgres.create(postgres.template)
            commands.append(
                Command(environment(postgres.url(postgres.template)), "migrate", "--no-input")
            )
        for command in commands:
            command.wait()
        # Checkpointed and back in rollback-journal mode, so one file holds it all.
        with contextlib.closing(sqlite3.connect(sqlite)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("PRAGMA journal_mode=DELETE")
        yield Prepared(static_root=static, sqlite=sqlite, postgres=postgres)
    finally:
        for command in commands:
            if command.process.poll() is None:
                command.process.kill()
                command.process.wait()
        for name in reversed(postgres.made if postgres else []):
            postgres.drop(name)


@pytest.fixture
def static_root(prepared) -> Path:
    return prepared.static_root


@pytest.fixture
def sqlite_database(tmp_path, prepared) -> str:
    """A fresh, migrated SQLite database for one test; its URL."""
    path = tmp_path / "db.sqlite3"
    shutil.copyfile(prepared.sqlite, path)
    return f"sqlite:///{path}"


@pytest.fixture
def postgres_database(prepared, request) -> str:
    """A fresh, migrated PostgreSQL database for one test; its URL."""
    postgres = prepared.postgres
    if postgres is None:
        _unavailable("System tests need PostgreSQL on 127.0.0.1:5432.")
    suffix = re.sub(r"\W", "_", request.node.name.removeprefix("test_"))[:30].lower()
    name = postgres.create(
        f"{postgres.prefix}{suffix}_{secrets.token_hex(2)}", template=postgres.template
    )
    yield postgres.url(name)
    postgres.drop(name)


@pytest.fixture
def redis_cache():
    """The local Redis: its URL and a key prefix for this test, whose keys go afterwards."""
    if not _reachable("127.0.0.1", 6379):
        _unavailable("System tests need Redis on 127.0.0.1:6379.")
    import redis

    prefix = f"systest-{os.getpid()}-{secrets.token_hex(4)}"
    yield REDIS, prefix
    client = redis.Redis.from_url(REDIS)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()
