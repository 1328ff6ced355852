"""Recompute every stored counter from the rows and say which ones were wrong."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from redressal.complaints.counters import recount


class Command(BaseCommand):
    help = "Recompute the stored counters (complaints, companies, categories) and fix wrong ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report the wrong counters without fixing them.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        report = recount(dry_run=dry_run)
        if not report.total:
            self.stdout.write(self.style.SUCCESS("All counters were right."))
            return
        verb = "would fix" if dry_run else "fixed"
        for counter, count in sorted(report.fixed.items()):
            model, field = counter.split(".", 1)
            self.stdout.write(f"{counter}: {verb} {count}")
            for pk, stored, real in report.examples.get(counter, []):
                self.stdout.write(f"  {model} {pk} {field} {stored} → {real}")
        counters = f"{report.total} wrong counter{'s' if report.total != 1 else ''}"
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Found {counters} (dry run: nothing written)."))
        else:
            self.stdout.write(self.style.WARNING(f"Fixed {counters}."))
