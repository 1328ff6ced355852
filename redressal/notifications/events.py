"""What happened, and who hears of it by e-mail.

These run inside the transaction of the action that caused them: they write Notification
rows (the outbox) and enqueue delivery after commit, so a rolled-back action sends nothing
and a failed send stays on record to be tried again.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import F, QuerySet
from django.utils import timezone

from redressal.accounts.models import User
from redressal.companies.models import Representative
from redressal.complaints.models import Complaint, StatusChange, Update
from redressal.core import stored_sql
from redressal.core.tasks import enqueue_later, enqueue_on_commit
from redressal.insights.tasks import refresh_numbers_later
from redressal.notifications.models import Follow, FollowUp, Kind, Notification

# How long a complaint may sit in a state before the author is asked whether it is resolved.
FOLLOW_UP_AFTER = {
    Complaint.Status.RESOLUTION_PROPOSED: timedelta(days=14),
    Complaint.Status.ANSWERED: timedelta(days=30),
}
STAGE_OF = {
    Complaint.Status.RESOLUTION_PROPOSED: FollowUp.Stage.PROPOSAL,
    Complaint.Status.ANSWERED: FollowUp.Stage.ANSWER,
}


_OUTBOX_COLUMNS = (
    "recipient_id",
    "kind",
    "complaint_id",
    "subject_id",
    "status",
    "attempts",
    "last_error",
    "created_at",
)


def notify(kind: str, recipients: QuerySet, *, complaint: Complaint, subject_id: int = 0) -> int:
    """Put one e-mail per recipient (a queryset of users) in the outbox and ask for them to be
    sent; how many were added. Only active people with an address who did not opt out of
    `kind` get one, and nobody gets two for one event, however often it is reported.

    However many follow a complaint, this is one statement and one task (which sends them).
    """
    from redressal.notifications import tasks

    alias = router.db_for_write(Notification)
    wanted = (
        recipients.using(alias)
        .filter(is_active=True)
        .exclude(email="")
        .exclude(opt_outs__kind=kind)
        .values(recipient=F("pk"))
    )
    try:
        people, people_params = wanted.query.get_compiler(alias).as_sql()
    except EmptyResultSet:
        return 0
    connection = connections[alias]
    table = connection.ops.quote_name(Notification._meta.db_table)
    columns = ", ".join(_OUTBOX_COLUMNS)
    # INSERT … SELECT, which the ORM cannot say: the people are never loaded into Python.
    # "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT. Names are
    # constants and the people's query is the ORM's; values are parameters.
    sql = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608
        f"SELECT people.recipient, %s, %s, %s, %s, 0, '', %s FROM ({people}) people "
        "WHERE true ON CONFLICT DO NOTHING"
    )
    event = [kind, complaint.pk, subject_id, Notification.Status.PENDING]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [*event, now, *people_params])
        added = cursor.rowcount
    if added:
        enqueue_on_commit(tasks.deliver_event, kind, complaint.pk, subject_id)
    return added


def _followers(complaint: Complaint, *, besides: int | None) -> QuerySet:
    return User.objects.filter(follows__complaint=complaint).exclude(pk=besides)


def follow(user_id: int, complaint: Complaint) -> None:
    """`user_id` follows `complaint` (one statement, whether or not they did already)."""
    stored_sql.insert(Follow(user_id=user_id, complaint=complaint), ignore_conflicts=True)


def complaint_published(complaint: Complaint) -> None:
    """A post went public (its author follows it already): its company's people hear of it
    and its numbers are counted again. Called off the request, by complaints.services.announce."""
    refresh_numbers_later(complaint.company_id, again=True)
    representatives = User.objects.filter(
        pk__in=Representative.objects.filter(company_id=complaint.company_id).values("user")
    )
    notify(Kind.NEW_COMPLAINT, representatives, complaint=complaint)


def comment_posted(comment) -> None:
    """A published comment: its author follows the complaint, the other followers hear of it."""
    complaint = comment.complaint
    follow(comment.author_id, complaint)
    kind = Kind.OFFICIAL_ANSWER if comment.is_official else Kind.COMMENT
    recipients = _followers(complaint, besides=comment.author_id)
    if comment.is_official and complaint.author_id != comment.author_id:
        recipients = recipients | User.objects.filter(pk=complaint.author_id)
    notify(kind, recipients, complaint=complaint, subject_id=comment.pk)


def update_added(update: Update) -> None:
    notify(
        Kind.UPDATE,
        _followers(update.complaint, besides=update.author_id),
        complaint=update.complaint,
        subject_id=update.pk,
    )


def status_changed(change: StatusChange) -> None:
    """Tell the author of a proposal; ask them later whether it is resolved."""
    complaint = change.complaint
    refresh_numbers_later(complaint.company_id, again=True)
    if change.to_status == Complaint.Status.RESOLUTION_PROPOSED:
        notify(
            Kind.RESOLUTION_PROPOSED,
            User.objects.filter(pk=complaint.author_id),
            complaint=complaint,
            subject_id=change.pk,
        )
    wait = FOLLOW_UP_AFTER.get(change.to_status)
    if wait is not None:
        from redressal.notifications import tasks

        enqueue_later(tasks.ask_if_resolved, change.pk, run_after=change.created_at + wait)
