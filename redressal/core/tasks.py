"""Enqueue tasks only once the transaction that asked for them has committed."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


def enqueue_later(task, *args, run_after: datetime) -> bool:
    """Run `task` at `run_after`. A backend that cannot wait (the immediate one) skips it."""
    if not task.get_backend().supports_defer:
        logger.info("Not scheduling %s: the task backend cannot run tasks later.", task.name)
        return False
    transaction.on_commit(lambda: task.using(run_after=run_after).enqueue(*args))
    return True
