"""Send what is still waiting in the outbox: after an outage, or with --retry-failed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from redressal.notifications.delivery import deliver
from redressal.notifications.models import Notification


class Command(BaseCommand):
    help = "Send pending notifications now (and, with --retry-failed, the ones given up on)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed", action="store_true", help="Also try the failed ones again."
        )

    def handle(self, *args, retry_failed: bool, **options):
        if retry_failed:
            Notification.objects.filter(status=Notification.Status.FAILED).update(
                status=Notification.Status.PENDING, attempts=0
            )
        waiting = Notification.objects.filter(status=Notification.Status.PENDING).order_by(
            "created_at"
        )
        results: dict[str, int] = {}
        for notification_id in waiting.values_list("pk", flat=True).iterator():
            status = deliver(notification_id)
            results[status] = results.get(status, 0) + 1
        summary = ", ".join(f"{count} {status}" for status, count in sorted(results.items()))
        self.stdout.write(summary or "Nothing to send.")
