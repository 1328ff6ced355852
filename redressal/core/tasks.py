"""Enqueue tasks that run only if the transaction asking for them commits, and always then.

With the database task backend the task's row is written inside that transaction: it commits
with the change that asked for it or is rolled back with it, so a process killed between
the commit and the enqueue cannot lose the task (a complaint left out of search, an e-mail
never sent). Other backends, such as the immediate one the tests use, enqueue once the
transaction has committed.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django_tasks_db import DatabaseBackend

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    _enqueue_with_transaction(task, args)


def enqueue_later(task, *args, run_after: datetime) -> bool:
    """Run `task` at `run_after`. A backend that cannot wait (the immediate one) skips it."""
    if not task.get_backend().supports_defer:
        logger.info("Not scheduling %s: the task backend cannot run tasks later.", task.name)
        return False
    _enqueue_with_transaction(task.using(run_after=run_after), args)
    return True


def _enqueue_with_transaction(task, args: tuple) -> None:
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))
