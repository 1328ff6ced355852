"""What a load balancer asks before sending traffic: can this server reach what it needs?"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

# Tasks waiting longer than this mean no worker is taking them.
TASK_BACKLOG_LIMIT = timedelta(minutes=15)


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key, value = f"health:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, 10)
    stored = cache.get(key)
    cache.delete(key)
    if stored != value:
        raise RuntimeError("the cache did not keep a value")
    return "ok"


def check_tasks() -> str:
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        return "ok"
    from django_tasks_db.models import DBTaskResult

    oldest = (
        DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True)
    ).first()
    if oldest is not None and timezone.now() - oldest > TASK_BACKLOG_LIMIT:
        minutes = int((timezone.now() - oldest).total_seconds() // 60)
        raise RuntimeError(f"a task has waited {minutes} minutes: is a worker running?")
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_tasks}


def run_checks() -> tuple[bool, dict[str, str]]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # any failure is the answer
            results[name] = f"failing: {error}"
    return all(value == "ok" for value in results.values()), results
