"""Following complaints, opting out, and the author's answers to follow-up questions."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from redressal.accounts.models import User
from redressal.complaints import resolution
from redressal.complaints.models import Complaint, StatusChange, Visibility
from redressal.core.errors import DomainError
from redressal.notifications.events import STAGE_OF, notify
from redressal.notifications.models import Follow, FollowUp, Kind, OptOut

# --- Following and opting out ---------------------------------------------------------------


@transaction.atomic
def follow(*, user: User, complaint: Complaint) -> Follow:
    if complaint.visibility != Visibility.PUBLISHED and complaint.author_id != user.pk:
        raise DomainError("This complaint is not published.", code="not_published")
    followed, _ = Follow.objects.get_or_create(user=user, complaint=complaint)
    return followed


@transaction.atomic
def unfollow(*, user: User, complaint: Complaint) -> None:
    Follow.objects.filter(user=user, complaint=complaint).delete()


@transaction.atomic
def opt_out(*, user: User, kind: str) -> None:
    if kind not in Kind.values:
        raise DomainError("No such kind of e-mail.", field="kind")
    OptOut.objects.get_or_create(user=user, kind=kind)


@transaction.atomic
def opt_in(*, user: User, kind: str) -> None:
    OptOut.objects.filter(user=user, kind=kind).delete()


# --- Follow-up questions --------------------------------------------------------------------


@transaction.atomic
def ask_if_resolved(*, status_change: StatusChange) -> FollowUp | None:
    """Ask the author, if the complaint has not moved since `status_change`."""
    complaint = Complaint.objects.select_for_update().get(pk=status_change.complaint_id)
    latest = complaint.status_changes.order_by("-created_at", "-id").first()
    if (
        latest != status_change
        or complaint.status not in STAGE_OF
        or complaint.visibility != Visibility.PUBLISHED
    ):
        return None
    follow_up, made = FollowUp.objects.get_or_create(
        status_change=status_change,
        defaults={"complaint": complaint, "stage": STAGE_OF[complaint.status]},
    )
    if made:
        author = User.objects.filter(pk=complaint.author_id)
        notify(Kind.FOLLOW_UP, author, complaint=complaint, subject_id=follow_up.pk)
    return follow_up


@transaction.atomic
def answer_follow_up(*, follow_up: FollowUp, answer: str, reason: str = "") -> FollowUp:
    """The author's Yes or No from the e-mail: once, and only while the question still holds."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.answered_at is not None:
        raise DomainError("You have already answered this question.", code="already_answered")
    if answer not in FollowUp.Answer.values:
        raise DomainError("Answer yes or no.", field="answer")
    complaint = follow_up.complaint
    author = complaint.author
    latest = complaint.status_changes.order_by("-created_at", "-id").first()
    if latest and latest.pk != follow_up.status_change_id:
        raise DomainError(
            "Your complaint has moved on since we asked: see its page for where it stands.",
            code="stale",
        )
    proposed = complaint.status == Complaint.Status.RESOLUTION_PROPOSED
    if answer == FollowUp.Answer.YES:
        if proposed:
            resolution.confirm_resolution(complaint=complaint, author=author)
        else:
            resolution.mark_resolved(complaint=complaint, author=author)
    elif proposed:
        resolution.dispute_resolution(
            complaint=complaint,
            author=author,
            reason=reason.strip() or "Not resolved yet (answered from the follow-up e-mail).",
        )
    follow_up.answer = answer
    follow_up.answered_at = timezone.now()
    follow_up.save(update_fields=["answer", "answered_at"])
    return follow_up
