"""Tasks asked for by a change are stored with it: a crash right after the commit loses none."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


def _file():
    return services.file_complaint(
        author=UserFactory(),
        company=CompanyFactory(),
        title="Refund not received for my order",
        body="I returned the phone a month ago and the refund has still not come.",
    )


def _waiting(task_name: str) -> int:
    return DBTaskResult.objects.filter(task_path__endswith=task_name).count()


@pytest.mark.usefixtures("database_tasks")
def test_the_task_row_is_written_in_the_transaction_of_the_change(
    django_capture_on_commit_callbacks,
):
    # No commit callback runs: as if the process died the moment the filing committed.
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        _file()
        # Not yet visible to a worker (another connection), but part of the change.
        assert _waiting("announce_post") == 1

    assert _waiting("announce_post") == 1
    # Search, the company's numbers and its people: one task, not one each.
    assert DBTaskResult.objects.count() == 1


@pytest.mark.usefixtures("database_tasks")
def test_a_change_rolled_back_takes_its_tasks_with_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        _file()
        raise RuntimeError("the request failed after filing")

    assert _waiting("announce_post") == 0


def test_other_backends_enqueue_once_the_change_has_committed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        complaint = _file()
    assert complaint.title not in client.get("/search/?q=refund").content.decode()

    for callback in callbacks:
        callback()

    assert complaint.title in client.get("/search/?q=refund").content.decode()
    assert DBTaskResult.objects.count() == 0
