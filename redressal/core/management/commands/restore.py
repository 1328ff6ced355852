"""Restore a backup made by `manage.py backup`: `manage.py restore FILE [--into URL]`."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from redressal.core import backups
from redressal.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Restore a backup into a database, replacing what it holds. Stop the app servers and "
        "workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the file `manage.py backup` wrote")
        parser.add_argument(
            "--into",
            default="",
            help="database URL to restore into (default: DATABASE_URL, the site's own)",
        )
        parser.add_argument(
            "--no-input", action="store_true", help="do not ask before replacing the data"
        )

    def handle(self, *args, backup: Path, into: str, no_input: bool, **options):
        into = into or settings.DATABASE_URL
        if not no_input:
            answer = input(f"Replace everything in {into} with {backup}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            backups.restore(backup, into=into)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {backup} into {into}."))
