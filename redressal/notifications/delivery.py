"""Turning an outbox row into an e-mail: text and HTML from templates, tried again on failure."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from redressal.notifications import links
from redressal.notifications.models import FollowUp, Kind, Notification

logger = logging.getLogger(__name__)

# Tries before a notification is marked failed (it stays on record; `send_notifications
# --retry-failed` tries again), and the wait before each retry.
MAX_ATTEMPTS = 5
RETRY_AFTER = [timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1), timedelta(hours=6)]


def _context(notification: Notification) -> dict:
    from redressal.complaints.models import StatusChange, Update
    from redressal.discussion.models import Comment

    complaint = notification.complaint
    context = {
        "notification": notification,
        "recipient": notification.recipient,
        "complaint": complaint,
        "company": complaint.company,
        "link": settings.SITE_URL + complaint.get_absolute_url(),
        "site_name": settings.SITE_NAME,
        "unsubscribe_url": links.unsubscribe_url(notification.recipient_id, notification.kind),
        "kind_label": Kind(notification.kind).label,
    }
    subject_id = notification.subject_id
    if notification.kind in (Kind.COMMENT, Kind.OFFICIAL_ANSWER):
        context["comment"] = Comment.objects.select_related("author").get(pk=subject_id)
        context["link"] += f"#comment-{subject_id}"
    elif notification.kind == Kind.UPDATE:
        context["update"] = Update.objects.get(pk=subject_id)
    elif notification.kind == Kind.RESOLUTION_PROPOSED:
        context["change"] = StatusChange.objects.select_related("actor").get(pk=subject_id)
    elif notification.kind == Kind.FOLLOW_UP:
        follow_up = FollowUp.objects.get(pk=subject_id)
        context["yes_url"] = links.follow_up_url(follow_up, FollowUp.Answer.YES)
        context["no_url"] = links.follow_up_url(follow_up, FollowUp.Answer.NO)
    return context


def render(notification: Notification) -> EmailMultiAlternatives:
    context = _context(notification)
    kind = notification.kind
    subject = render_to_string(f"notifications/email/{kind}_subject.txt", context)
    # A plain str: rendered text is marked safe, and the HTML version must escape it.
    text = "".join(render_to_string(f"notifications/email/{kind}.txt", context))
    html = render_to_string("notifications/email/message.html", {**context, "text": text})
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text + render_to_string("notifications/email/footer.txt", context),
        to=[notification.recipient.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def deliver_event(kind: str, complaint_id: int, subject_id: int) -> int:
    """Send the e-mails of one event (`events.notify`) that nobody has tried to send yet;
    how many were sent. A failed one is tried again on its own (`deliver`)."""
    untried = Notification.objects.filter(
        kind=kind,
        complaint_id=complaint_id,
        subject_id=subject_id,
        status=Notification.Status.PENDING,
        attempts=0,
    ).values_list("pk", flat=True)
    sent = 0
    for notification_id in list(untried):
        sent += deliver(notification_id, first_try=True) == Notification.Status.SENT
    return sent


def deliver(notification_id: int, *, first_try: bool = False) -> str:
    """Send one pending notification (with `first_try`, only if never tried: another worker
    may have taken it); returns its status afterwards."""
    from redressal.core.tasks import enqueue_later
    from redressal.notifications import tasks

    # Claim the try first, so two workers never both send it.
    waiting = Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING)
    if first_try:
        waiting = waiting.filter(attempts=0)
    claimed = waiting.update(attempts=F("attempts") + 1)
    notification = (
        Notification.objects.select_related("recipient", "complaint__company")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or not claimed:
        return notification.status if notification else "missing"
    try:
        render(notification).send()
    except Exception as error:  # any failure of the mail server or a template: try later
        logger.warning("Notification %s not sent: %s", notification_id, error)
        failed = notification.attempts >= MAX_ATTEMPTS
        status = Notification.Status.FAILED if failed else Notification.Status.PENDING
        Notification.objects.filter(pk=notification_id).update(
            status=status, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        if not failed:
            wait = RETRY_AFTER[min(notification.attempts, len(RETRY_AFTER)) - 1]
            enqueue_later(
                tasks.deliver_notification, notification_id, run_after=timezone.now() + wait
            )
        return status
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return Notification.Status.SENT
