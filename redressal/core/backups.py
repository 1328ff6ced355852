"""Whole-database backups that can be taken while the site runs, and their restore.

SQLite: the online backup API copies a consistent snapshot page by page while writers go
on. PostgreSQL: `pg_dump` in its custom format (one consistent snapshot, compressed), and
`pg_restore`. Photos live in the media storage and are backed up with it (docs/operations.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.db import connections

from redressal.core.errors import DomainError

SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"
# The engine a setting names, as far as backups are concerned.
ENGINES = {SQLITE: SQLITE, "redressal.core.queued_sqlite": SQLITE, POSTGRES: POSTGRES}


@dataclass(frozen=True)
class Backup:
    path: Path
    engine: str
    size: int


def _engine(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine not in ENGINES:
        raise DomainError(f"Backups support SQLite and PostgreSQL, not {engine}.")
    return ENGINES[engine]


def backup(path: Path, *, alias: str = "default") -> Backup:
    """Write a backup of the database `alias` to `path` (its parent folder is created)."""
    connection = connections[alias]
    engine = _engine(connection.settings_dict)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    if engine == SQLITE:
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
            _check_sqlite(target)
        finally:
            target.close()
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}"], connection)
    # Only a finished backup gets the real name.
    partial.replace(path)
    return Backup(path=path, engine=engine, size=path.stat().st_size)


def restore(path: Path, *, into: str) -> None:
    """Restore the backup at `path` into the database at URL `into`, replacing what it holds.

    Stop the app servers and workers that use that database first.
    """
    if not path.is_file():
        raise DomainError(f"There is no backup at {path}.")
    settings_dict = dj_database_url.parse(into)
    engine = _engine(settings_dict)
    if engine == SQLITE:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            _check_sqlite(source)
            target = sqlite3.connect(settings_dict["NAME"])
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        return
    with path.open("rb") as backup_file:
        if backup_file.read(5) != b"PGDMP":
            raise DomainError(f"{path} is not a PostgreSQL backup (pg_dump custom format).")
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", str(path)],
        settings_dict,
    )


def _check_sqlite(conn: sqlite3.Connection) -> None:
    try:
        (result,) = conn.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise DomainError(f"This is not a readable SQLite database: {error}.") from error
    if result != "ok":
        raise DomainError(f"The SQLite database fails its integrity check: {result}.")


def _run(command: list[str], database) -> None:
    """Run a PostgreSQL client program against a database (a connection or settings dict)."""
    settings_dict = getattr(database, "settings_dict", database)
    program = shutil.which(command[0])
    if program is None:
        raise DomainError(f"{command[0]} is not installed (PostgreSQL's client programs).")
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    done = subprocess.run(  # noqa: S603 (fixed program, arguments from settings)
        [program, *command[1:], f"--dbname={settings_dict['NAME']}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise DomainError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")
