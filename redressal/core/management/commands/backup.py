"""Back up the database while the site runs: `manage.py backup [--output PATH]`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from redressal.core import backups
from redressal.core.errors import DomainError


class Command(BaseCommand):
    help = "Write a consistent backup of the database (SQLite backup API, or pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="file to write (default: backups/redressal-<time>.sqlite3 or .dump)",
        )

    def handle(self, *args, output: Path | None = None, **options):
        if output is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = Path("backups") / f"redressal-{stamp}.backup"
        try:
            made = backups.backup(output)
        except DomainError as error:
            raise CommandError(error.message) from error
        kind = "SQLite" if made.engine == backups.SQLITE else "PostgreSQL custom-format"
        self.stdout.write(
            self.style.SUCCESS(f"{kind} backup written to {made.path} ({made.size:,} bytes).")
        )
