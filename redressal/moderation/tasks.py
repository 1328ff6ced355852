"""E-mails telling people what a moderator decided, sent after the decision commits.

The author hears what happened to their post or account and the moderator's reason; a
reporter hears only the outcome. Neither learns anything about the other.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string


def _send(*, to, template: str, context: dict) -> None:
    context = {**context, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
    subject = render_to_string(f"moderation/email/{template}_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"moderation/email/{template}.txt", context),
        to=[to.email],
    )
    message.attach_alternative(
        render_to_string(f"moderation/email/{template}.html", context), "text/html"
    )
    message.send()


def _reachable(user) -> bool:
    return user is not None and user.is_active and bool(user.email)


def _post_of(entry):
    """The complaint or comment an action was about, with what the e-mail shows of it."""
    if entry.comment_id:
        comment = entry.comment
        return {
            "author": comment.author,
            "kind": "comment",
            "title": comment.complaint.title,
            "visibility": comment.visibility,
            "link": f"{settings.SITE_URL}{comment.complaint.get_absolute_url()}"
            f"#comment-{comment.pk}",
        }
    if entry.complaint_id:
        complaint = entry.complaint
        return {
            "author": complaint.author,
            "kind": complaint.get_kind_display().lower(),
            "title": complaint.title,
            "visibility": complaint.visibility,
            "link": settings.SITE_URL + complaint.get_absolute_url(),
        }
    return None


def _action(action_id: int):
    from redressal.moderation.models import ModerationAction

    return (
        ModerationAction.objects.select_related(
            "user", "complaint__author", "comment__author", "comment__complaint"
        )
        .filter(pk=action_id)
        .first()
    )


def _author_outcome(entry, post) -> str:
    Action = type(entry).Action
    if entry.action == Action.PUBLISH:
        return "published" if post["visibility"] == "published" else "approved"
    return {
        Action.SUSPEND_USER: "suspended",
        Action.UNSUSPEND_USER: "unsuspended",
        Action.HIDE: "hidden",
        Action.RESTORE: "restored" if post and post["visibility"] == "published" else "approved",
        Action.EDIT_REDACTION: "edited",
        Action.WARN_USER: "warned",
    }[entry.action]


def _report_outcome(entry) -> str:
    Action = type(entry).Action
    if entry.action == Action.SUSPEND_USER:
        return "suspended"
    return {
        Action.HIDE: "hidden",
        Action.EDIT_REDACTION: "edited",
        Action.WARN_USER: "warned",
    }.get(entry.action, "nothing")


@task
def send_author_outcome(action_id: int) -> bool:
    """Tell the author what a moderator did to their post or account, and why."""
    entry = _action(action_id)
    if entry is None:
        return False
    post = _post_of(entry) if not entry.user_id else None
    person = entry.user if entry.user_id else (post and post["author"])
    if not _reachable(person):
        return False
    _send(
        to=person,
        template="author_outcome",
        context={
            "user": person,
            "entry": entry,
            "post": post,
            "outcome": _author_outcome(entry, post),
        },
    )
    return True


@task
def send_report_outcome(report_id: int, action_id: int) -> bool:
    """Tell a reporter what came of their report (the outcome only, not the reason)."""
    from redressal.moderation.models import Report

    entry = _action(action_id)
    report = (
        Report.objects.select_related(
            "reporter", "complaint", "comment__complaint", "photo__complaint"
        )
        .filter(pk=report_id)
        .first()
    )
    if entry is None or report is None or not _reachable(report.reporter):
        return False
    target = report.target
    complaint = target if report.complaint_id else target.complaint
    _send(
        to=report.reporter,
        template="report_outcome",
        context={
            "user": report.reporter,
            "outcome": _report_outcome(entry),
            "report": report,
            "title": complaint.title,
            "kind": "comment"
            if report.comment_id
            else ("photo" if report.photo_id else complaint.get_kind_display().lower()),
        },
    )
    return True
