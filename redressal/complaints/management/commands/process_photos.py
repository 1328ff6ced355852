"""Hand photos still waiting for their task to the worker again."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from redressal.complaints.models import Photo
from redressal.complaints.tasks import process_photo


class Command(BaseCommand):
    help = (
        "Enqueue processing again for photos still processing after a while (a worker stopped "
        "mid-task, say). Processing twice does no harm."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=15,
            metavar="MINUTES",
            help="Only photos uploaded at least this many minutes ago (default 15).",
        )

    def handle(self, *args, older_than: int, **options):
        before = timezone.now() - timedelta(minutes=older_than)
        waiting = Photo.objects.filter(state=Photo.State.PROCESSING, created_at__lte=before)
        count = 0
        for pk in waiting.values_list("pk", flat=True).iterator():
            process_photo.enqueue(pk)
            count += 1
        self.stdout.write(f"Enqueued {count} photo{'' if count == 1 else 's'} for processing.")
