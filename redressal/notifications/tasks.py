"""Thin tasks: they take ids, load rows and call one function."""

from __future__ import annotations

from django.tasks import task


@task
def deliver_notification(notification_id: int) -> str:
    from redressal.notifications.delivery import deliver

    return deliver(notification_id)


@task
def deliver_event(kind: str, complaint_id: int, subject_id: int) -> int:
    from redressal.notifications.delivery import deliver_event as deliver

    return deliver(kind, complaint_id, subject_id)


@task
def ask_if_resolved(status_change_id: int) -> bool:
    from redressal.complaints.models import StatusChange
    from redressal.notifications.services import ask_if_resolved as ask

    change = StatusChange.objects.filter(pk=status_change_id).first()
    return change is not None and ask(status_change=change) is not None
