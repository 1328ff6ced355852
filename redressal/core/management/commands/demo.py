"""Load the demo site: fictional companies, people and some 9,600 posts, the same every time."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from redressal.companies.models import Company
from redressal.complaints.models import Complaint
from redressal.core.demo import builder
from redressal.core.demo.synthetic import update_statistics
from redressal.search.index import reindex_all


class Command(BaseCommand):
    help = "Load the demo data (once; --reset rebuilds it)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete all posts, companies and users first."
        )
        parser.add_argument("--scale", type=float, default=1.0, help="Fraction of the full demo.")

    def handle(self, *args, reset: bool, scale: float, **options):
        if builder.is_present() and not reset:
            self.stdout.write(
                f"Demo data already loaded ({Company.objects.count()} companies, "
                f"{Complaint.objects.count()} posts). Use --reset to rebuild it."
            )
            return
        started = time.monotonic()
        if reset:
            self.stdout.write("Removing the existing data…")
            builder.wipe()

        def progress(done: int, total: int) -> None:
            if done == total or done % 4000 < 2000:
                self.stdout.write(f"  {done:,} / {total:,} posts", ending="\r")

        result = builder.build(scale=scale, progress=progress)
        # The loader writes rows in bulk, past the services that keep the index in step.
        reindex_all()
        update_statistics()
        elapsed = time.monotonic() - started
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {result.companies} companies, {result.posts:,} posts "
                f"in {elapsed:.1f} s."
            )
        )
        self.stdout.write("Log in at /admin/ as admin / admin (demo users' password: demo).")
