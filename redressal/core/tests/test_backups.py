"""Backups restore into a fresh database with every complaint, photo reference and counter."""

from __future__ import annotations

import secrets
import sqlite3
from contextlib import closing, contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from redressal.accounts.tests.factories import UserFactory
from redressal.complaints import services
from redressal.complaints.models import Complaint, Photo
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.tests.factories import CommentFactory

# pg_dump reads from its own session: the rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = {
    "complaints": "SELECT id, title, body, private_details, helpful_count, comments_count "
    "FROM complaints_complaint ORDER BY id",
    "photos": "SELECT complaint_id, image FROM complaints_photo ORDER BY id",
    "companies": "SELECT id, complaints_count, resolved_count, with_photos_count "
    "FROM companies_company ORDER BY id",
    "comments": "SELECT id, complaint_id, body FROM discussion_comment ORDER BY id",
}


def _site_data() -> None:
    posts = [ComplaintFactory(private_details="Order 408-1234567") for _ in range(3)]
    services.vote_helpful(complaint=posts[0], user=UserFactory())
    CommentFactory(complaint=posts[1])
    services.mark_resolved(complaint=posts[2], author=posts[2].author)
    Photo.objects.create(complaint=posts[0], image="photos/2026/11/box.jpg", width=4, height=3)


def _read(cursor) -> dict[str, list[tuple]]:
    found = {}
    for name, sql in CHECKS.items():
        cursor.execute(sql)
        found[name] = [tuple(row) for row in cursor.fetchall()]
    return found


def _live() -> dict[str, list[tuple]]:
    with connection.cursor() as cursor:
        return _read(cursor)


@contextmanager
def _fresh_database():
    """A URL for an empty database of the kind the suite runs on."""
    if connection.vendor == "sqlite":
        yield "sqlite"
        return
    import psycopg

    settings = connection.settings_dict
    name = f"restore_{secrets.token_hex(4)}"
    server = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restored(url: str) -> dict[str, list[tuple]]:
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as conn:
            return _read(conn.cursor())
    import psycopg

    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        return _read(cursor)


def test_a_backup_restores_into_a_fresh_database_with_everything(tmp_path):
    _site_data()
    before = _live()
    assert len(before["complaints"]) == 3 and before["photos"] and before["comments"]
    backup = tmp_path / "site.backup"
    call_command("backup", output=backup)
    assert backup.stat().st_size > 0
    assert not list(tmp_path.glob("*.partial"))
    # Whatever happens after the backup is not in it.
    ComplaintFactory(title="Filed after the backup")

    with _fresh_database() as url:
        if url == "sqlite":
            url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        call_command("restore", backup, into=url, no_input=True)
        after = _restored(url)
    assert after == before
    # The private details stay encrypted in the backup, as at rest.
    stored = [row[3] for row in after["complaints"]]
    assert all(stored) and not any("408-1234567" in value for value in stored)
    assert Complaint.objects.count() == 4


def test_restore_refuses_a_missing_or_foreign_file(tmp_path):
    with pytest.raises(CommandError, match="There is no backup"):
        call_command("restore", tmp_path / "nothing.backup", into="sqlite:///x", no_input=True)
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a database at all" * 100)
    target = tmp_path / "target.sqlite3"
    kept = b"SQLite format 3\x00"
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("CREATE TABLE kept (x)")
        conn.commit()
    for url in (f"sqlite:///{target}", "postgres://postgres@127.0.0.1:5432/nowhere"):
        with pytest.raises(CommandError, match="not a"):
            call_command("restore", junk, into=url, no_input=True)
    # Nothing already stored is lost by a refused restore.
    assert target.read_bytes().startswith(kept)
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("kept",)]


def test_restore_asks_before_replacing(tmp_path, monkeypatch):
    backup = tmp_path / "site.backup"
    call_command("backup", output=backup)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", backup, into=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert not (tmp_path / "x.sqlite3").exists()
