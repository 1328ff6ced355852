"""The health endpoint says which dependency fails, without a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from redressal.core import health

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_healthy_server_answers_200_with_each_check(client):
    response = client.get("/-/health")
    assert response.status_code == 200
    assert response.json() == {
        "healthy": True,
        "checks": {"database": "ok", "cache": "ok", "tasks": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_cache_is_a_503_naming_it(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    response = client.get("/-/health")
    assert response.status_code == 503
    body = response.json()
    assert body["healthy"] is False
    assert body["checks"]["cache"].startswith("failing:")
    assert body["checks"]["database"] == "ok"


def test_a_failing_database_is_a_503_naming_it(client, monkeypatch):
    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("could not connect")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/-/health")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing: could not connect"


@override_settings(TASKS=DB_TASKS)
def test_tasks_left_waiting_mean_no_worker(client):
    from django_tasks_db.models import DBTaskResult

    from redressal.search.tasks import reindex_complaint

    result = reindex_complaint.using(backend="default").enqueue(1)
    assert client.get("/-/health").status_code == 200
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=20)
    )
    response = client.get("/-/health")
    assert response.status_code == 503
    assert "is a worker running?" in response.json()["checks"]["tasks"]
