"""Reports people file about posts, comments and photos, and what moderators do about them."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from redressal.accounts.models import User
from redressal.accounts.rules import ensure_can_post
from redressal.companies.page_cache import company_changed
from redressal.complaints import cards, counters
from redressal.complaints import services as complaint_services
from redressal.complaints.models import Complaint, HoldReason, Photo, Visibility
from redressal.core.errors import DomainError
from redressal.core.roles import is_moderator
from redressal.core.tasks import enqueue_on_commit
from redressal.discussion import services as discussion
from redressal.discussion.models import Comment
from redressal.moderation import tasks
from redressal.moderation.models import ModerationAction, Report
from redressal.moderation.spam import text_fingerprint
from redressal.notifications import events
from redressal.search.index import index_later

DETAILS_MAX = 2_000


@transaction.atomic
def file_report(
    *,
    reporter: User,
    target: Complaint | Comment | Photo,
    reason: str,
    details: str = "",
) -> Report:
    """Put a report in the moderation queue; one open report per person and item."""
    ensure_can_post(reporter)
    if reason not in Report.Reason.values:
        raise DomainError("Choose why you are reporting this.", field="reason")
    details = (details or "").strip()
    if len(details) > DETAILS_MAX:
        raise DomainError(f"Details can be at most {DETAILS_MAX:,} characters.", field="details")
    if reason == Report.Reason.OTHER and not details:
        raise DomainError("Tell the moderators what is wrong.", field="details")
    target_field = {Complaint: "complaint", Comment: "comment", Photo: "photo"}[type(target)]
    already = Report.objects.filter(
        reporter=reporter, status=Report.Status.OPEN, **{target_field: target}
    )
    if already.exists():
        raise DomainError(
            "You have already reported this; a moderator will look at it.", code="duplicate"
        )
    return Report.objects.create(
        reporter=reporter, reason=reason, details=details, **{target_field: target}
    )


# --- What moderators do -------------------------------------------------------------------
#
# Each action runs in one transaction, refuses a change that makes no sense for the item as
# it is now (read under a row lock), writes exactly one ModerationAction with what it changed,
# closes the item's open reports, and tells the author and the reporters after commit.

REASON_MAX = 2_000
SUSPENSION_DAYS_MAX = 365

Post = Complaint | Comment


def _require_moderator(moderator: User) -> None:
    if not is_moderator(moderator):
        raise DomainError("Only moderators can do this.", code="forbidden")


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Give a reason: it goes in the log and to the author.", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(f"A reason can be at most {REASON_MAX:,} characters.", field="reason")
    return reason


def _locked_post(post: Post) -> Post:
    return (
        type(post).objects.select_for_update(of=("self",)).select_related("author").get(pk=post.pk)
    )


def _open_reports_on(target: Complaint | Comment | Photo):
    """Open reports of an item, and of the photos shown with it."""
    if isinstance(target, Complaint):
        on = Q(complaint=target) | Q(photo__complaint=target, photo__comment__isnull=True)
    elif isinstance(target, Comment):
        on = Q(comment=target) | Q(photo__comment=target)
    else:
        on = Q(photo=target)
    return Report.objects.filter(on, status=Report.Status.OPEN).order_by("created_at", "pk")


def _close_reports(reports, *, moderator: User, status: str) -> list[int]:
    ids = list(reports.select_for_update(of=("self",)).values_list("pk", flat=True))
    if ids:
        Report.objects.filter(pk__in=ids).update(
            status=status, resolved_at=timezone.now(), resolved_by=moderator
        )
    return ids


def _report_for(report: Report | None, closed: list[int]) -> Report | None:
    """The report the action answers: the one it was taken from, if about this item."""
    if report is not None and report.pk in closed:
        return report
    return Report.objects.get(pk=closed[0]) if closed else None


def _record(
    *,
    moderator: User,
    action: str,
    reason: str,
    before: dict,
    after: dict,
    closed: list[int] = (),
    notify_author: bool = True,
    **targets,
) -> ModerationAction:
    entry = ModerationAction.objects.create(
        moderator=moderator, action=action, reason=reason, before=before, after=after, **targets
    )
    pk = entry.pk
    if notify_author:
        enqueue_on_commit(tasks.send_author_outcome, pk)
    for report_id in closed:
        enqueue_on_commit(tasks.send_report_outcome, report_id, pk)
    return entry


def _post_state(post: Post) -> dict:
    return {"visibility": post.visibility, "held_reason": post.held_reason}


def _target_fields(post: Post) -> dict:
    return {"complaint": post} if isinstance(post, Complaint) else {"comment": post}


def _kind(post: Post) -> str:
    return "post" if isinstance(post, Complaint) else "comment"


def _public_state(post: Post) -> tuple[str, str]:
    """Where a post goes when a moderator lets it out: public, or waiting for the e-mail."""
    if isinstance(post, Complaint) and not post.company.is_listed:
        raise DomainError(
            f"{post.company.name} is not listed yet: list the company first.",
            code="company_unlisted",
        )
    if not post.author.is_email_verified:
        # The moderator's word does not skip the check every first post goes through.
        return Visibility.HELD, HoldReason.EMAIL_UNVERIFIED
    return Visibility.PUBLISHED, HoldReason.NONE


def _set_visibility(post: Post, visibility: str, held_reason: str) -> None:
    """Move a locked post; company, category and comment counters follow."""
    if isinstance(post, Complaint):
        before = counters.snapshot(post)
        post.visibility, post.held_reason = visibility, held_reason
        post.save(update_fields=["visibility", "held_reason"])
        counters.move(post, before, touch=False)
        index_later(post)
        return
    was_counted = post.visibility == Visibility.PUBLISHED
    post.visibility, post.held_reason = visibility, held_reason
    post.save(update_fields=["visibility", "held_reason"])
    change = int(post.visibility == Visibility.PUBLISHED) - int(was_counted)
    if change:
        discussion.count_comments(post, change)


def _visibility_action(
    *,
    moderator: User,
    post: Post,
    reason: str,
    report: Report | None,
    action: str,
    allowed_from: tuple[str, ...],
    refusal: str,
) -> ModerationAction:
    _require_moderator(moderator)
    reason = _clean_reason(reason)
    post = _locked_post(post)
    if post.visibility not in allowed_from:
        raise DomainError(
            refusal.format(kind=_kind(post), state=post.get_visibility_display().lower()),
            code="invalid_transition",
        )
    if (
        action == ModerationAction.Action.PUBLISH
        and post.held_reason == HoldReason.EMAIL_UNVERIFIED
    ):
        raise DomainError(
            "This post waits for its author to verify their e-mail address, not for a moderator.",
            code="invalid_transition",
        )
    before = _post_state(post)
    if action == ModerationAction.Action.HIDE:
        _set_visibility(post, Visibility.HIDDEN, HoldReason.NONE)
    else:
        _set_visibility(post, *_public_state(post))
    if action == ModerationAction.Action.PUBLISH and post.visibility == Visibility.PUBLISHED:
        if isinstance(post, Complaint):
            complaint_services.announce_later(post)
        else:
            events.comment_posted(post)
    closed = _close_reports(
        _open_reports_on(post), moderator=moderator, status=Report.Status.ACTIONED
    )
    return _record(
        moderator=moderator,
        action=action,
        reason=reason,
        before=before,
        after={**_post_state(post), "reports_closed": closed},
        closed=closed,
        report=_report_for(report, closed),
        **_target_fields(post),
    )


@transaction.atomic
def publish_post(
    *, moderator: User, post: Post, reason: str, report: Report | None = None
) -> ModerationAction:
    """Let out a complaint or comment held for a moderator."""
    return _visibility_action(
        moderator=moderator,
        post=post,
        reason=reason,
        report=report,
        action=ModerationAction.Action.PUBLISH,
        allowed_from=(Visibility.HELD,),
        refusal="Only a held {kind} can be published; this one is {state}.",
    )


@transaction.atomic
def hide_post(
    *, moderator: User, post: Post, reason: str, report: Report | None = None
) -> ModerationAction:
    """Take a published or held complaint or comment off every public page."""
    return _visibility_action(
        moderator=moderator,
        post=post,
        reason=reason,
        report=report,
        action=ModerationAction.Action.HIDE,
        allowed_from=(Visibility.PUBLISHED, Visibility.HELD),
        refusal="Only a published or held {kind} can be hidden; this one is {state}.",
    )


@transaction.atomic
def restore_post(
    *, moderator: User, post: Post, reason: str, report: Report | None = None
) -> ModerationAction:
    """Put back a complaint or comment a moderator hid."""
    return _visibility_action(
        moderator=moderator,
        post=post,
        reason=reason,
        report=report,
        action=ModerationAction.Action.RESTORE,
        allowed_from=(Visibility.HIDDEN,),
        refusal="Only a hidden {kind} can be restored; this one is {state}.",
    )


@transaction.atomic
def edit_redaction(
    *, moderator: User, complaint: Complaint, body: str, reason: str, report: Report | None = None
) -> ModerationAction:
    """Replace a complaint's public text with the moderator's corrected one.

    The private original stays as it is; the log keeps the public text before and after.
    """
    from redressal.complaints.services import BODY_MAX

    _require_moderator(moderator)
    reason = _clean_reason(reason)
    body = (body or "").strip()
    if not body:
        raise DomainError("The text cannot be empty.", field="body")
    if len(body) > BODY_MAX:
        raise DomainError(f"The text can be at most {BODY_MAX:,} characters.", field="body")
    complaint = _locked_post(complaint)
    if complaint.visibility in (Visibility.DELETED, Visibility.DRAFT):
        raise DomainError(
            f"This post is {complaint.get_visibility_display().lower()}: there is nothing to edit.",
            code="invalid_transition",
        )
    if body == complaint.body:
        raise DomainError("The text is unchanged.", field="body", code="unchanged")
    before = {"body": complaint.body}
    complaint.body = body
    complaint.text_fingerprint = text_fingerprint(body)
    complaint.save(update_fields=["body", "text_fingerprint"])
    cards.post_changed(complaint.pk)
    company_changed(complaint.company_id)
    index_later(complaint)
    closed = _close_reports(
        _open_reports_on(complaint), moderator=moderator, status=Report.Status.ACTIONED
    )
    return _record(
        moderator=moderator,
        action=ModerationAction.Action.EDIT_REDACTION,
        reason=reason,
        before=before,
        after={"body": body, "reports_closed": closed},
        closed=closed,
        report=_report_for(report, closed),
        complaint=complaint,
    )


def _locked_member(moderator: User, user: User) -> User:
    _require_moderator(moderator)
    if user.pk == moderator.pk:
        raise DomainError("You cannot act on your own account.", code="forbidden")
    return User.objects.select_for_update().get(pk=user.pk)


def _close_report_of(report: Report | None, moderator: User) -> list[int]:
    """Warning or suspending an author from a report settles the reported item's reports."""
    if report is None:
        return []
    return _close_reports(
        _open_reports_on(report.target), moderator=moderator, status=Report.Status.ACTIONED
    )


def _when(value) -> str | None:
    return value.isoformat() if value else None


@transaction.atomic
def warn_user(
    *, moderator: User, user: User, reason: str, report: Report | None = None
) -> ModerationAction:
    """Record a warning and e-mail it to the person."""
    reason = _clean_reason(reason)
    user = _locked_member(moderator, user)
    closed = _close_report_of(report, moderator)
    return _record(
        moderator=moderator,
        action=ModerationAction.Action.WARN_USER,
        reason=reason,
        before={},
        after={"warned": True, "reports_closed": closed},
        closed=closed,
        report=report,
        user=user,
    )


@transaction.atomic
def suspend_user(
    *, moderator: User, user: User, days: int, reason: str, report: Report | None = None
) -> ModerationAction:
    """Stop a person posting for `days` days; they can still log in and read."""
    if not isinstance(days, int) or not 1 <= days <= SUSPENSION_DAYS_MAX:
        raise DomainError(
            f"Suspend for 1 to {SUSPENSION_DAYS_MAX} days.", field="days", code="invalid_days"
        )
    reason = _clean_reason(reason)
    user = _locked_member(moderator, user)
    if is_moderator(user):
        raise DomainError(
            "Moderators cannot be suspended; remove their staff status first.", code="forbidden"
        )
    before = {"suspended_until": _when(user.suspended_until)}
    user.suspended_until = timezone.now() + timedelta(days=days)
    user.save(update_fields=["suspended_until"])
    closed = _close_report_of(report, moderator)
    return _record(
        moderator=moderator,
        action=ModerationAction.Action.SUSPEND_USER,
        reason=reason,
        before=before,
        after={
            "suspended_until": _when(user.suspended_until),
            "days": days,
            "reports_closed": closed,
        },
        closed=closed,
        report=report,
        user=user,
    )


@transaction.atomic
def unsuspend_user(*, moderator: User, user: User, reason: str) -> ModerationAction:
    """Lift a suspension before it runs out."""
    reason = _clean_reason(reason)
    user = _locked_member(moderator, user)
    if not user.is_suspended:
        raise DomainError(f"{user.username} is not suspended.", code="invalid_transition")
    before = {"suspended_until": _when(user.suspended_until)}
    user.suspended_until = None
    user.save(update_fields=["suspended_until"])
    return _record(
        moderator=moderator,
        action=ModerationAction.Action.UNSUSPEND_USER,
        reason=reason,
        before=before,
        after={"suspended_until": None},
        user=user,
    )


@transaction.atomic
def dismiss_report(*, moderator: User, report: Report, reason: str) -> ModerationAction:
    """Nothing against the rules: close the report, and the other open ones on the same item."""
    _require_moderator(moderator)
    reason = _clean_reason(reason)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.OPEN:
        raise DomainError(
            f"This report is already {report.get_status_display().lower()}.",
            code="invalid_transition",
        )
    closed = _close_reports(
        _open_reports_on(report.target), moderator=moderator, status=Report.Status.DISMISSED
    )
    post = report.photo.comment or report.photo.complaint if report.photo_id else report.target
    return _record(
        moderator=moderator,
        action=ModerationAction.Action.DISMISS_REPORT,
        reason=reason,
        before={"status": Report.Status.OPEN, "reports": closed},
        after={"status": Report.Status.DISMISSED, "reports": closed},
        closed=closed,
        notify_author=False,
        report=report,
        **_target_fields(post),
    )
