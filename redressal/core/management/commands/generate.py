"""Bulk-load synthetic complaints for scale work, streaming in batches."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from redressal.core.demo.synthetic import Plan, generate, update_statistics
from redressal.search.index import reindex_all


class Command(BaseCommand):
    help = "Add N synthetic posts across M new companies (the largest gets --largest of them)."

    def add_arguments(self, parser):
        parser.add_argument("--complaints", type=int, required=True, help="Posts to add.")
        parser.add_argument("--companies", type=int, required=True, help="Companies to add.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--largest", type=int, default=None, help="Posts of the largest company (10%%)."
        )

    def handle(self, *args, complaints: int, companies: int, seed: int, largest, **options):
        if complaints < 1 or companies < 1:
            raise CommandError("--complaints and --companies must be positive.")
        if largest is None:
            largest = max(complaints // 10, -(-(complaints + companies - 1) // companies))
        if not 0 < largest <= complaints:
            raise CommandError("--largest must be between 1 and --complaints.")
        started = time.monotonic()
        try:
            written, rows = generate(
                Plan(complaints=complaints, companies=companies, largest=largest),
                seed=seed,
                say=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Indexing for search…")
        # The generator writes rows in bulk, past the services that keep the index in step.
        reindex_all()
        update_statistics()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {written:,} posts across {companies:,} companies in {elapsed:.1f} s "
                f"({written / elapsed:,.0f} posts/s; {rows:,} rows, {rows / elapsed:,.0f} rows/s)."
            )
        )
