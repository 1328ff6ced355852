"""Comments, replies and official responses under a complaint."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from redressal.accounts.models import User
from redressal.complaints.models import Complaint, HoldReason, Visibility
from redressal.core.errors import DomainError
from redressal.discussion.models import Comment

COMMENT_MAX = 10_000


@transaction.atomic
def post_comment(
    *,
    complaint: Complaint,
    author: User,
    body: str,
    kind: str = Comment.Kind.NEUTRAL,
    parent: Comment | None = None,
) -> Comment:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.visibility != Visibility.PUBLISHED:
        raise DomainError("This complaint is no longer published.", code="not_published")
    if kind not in Comment.Kind.values:
        raise DomainError("Choose Complaint, Positive Review or Neutral Comment.", field="kind")
    body = (body or "").strip()
    if not body:
        raise DomainError("The comment cannot be empty.", field="body", code="required")
    if len(body) > COMMENT_MAX:
        raise DomainError(
            f"A comment can be at most {COMMENT_MAX:,} characters.", field="body", code="too_long"
        )
    if parent is not None:
        if parent.complaint_id != complaint.pk:
            raise DomainError("You can only reply to a comment on this complaint.", field="parent")
        if parent.parent_id is not None:
            # Replies are one level deep: answering a reply answers its thread.
            parent = parent.parent
        if parent.visibility != Visibility.PUBLISHED:
            raise DomainError("That comment is no longer published.", field="parent")
    now = timezone.now()
    comment = Comment.objects.create(
        complaint=complaint, author=author, body=body, kind=kind, parent=parent, created_at=now
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        comments_count=F("comments_count") + 1, last_activity_at=now
    )
    return comment


@transaction.atomic
def delete_comment(*, comment: Comment, author: User) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != author.pk:
        raise DomainError("Only the author can delete this comment.", code="forbidden")
    if comment.visibility != Visibility.PUBLISHED:
        raise DomainError("This comment is already deleted.", code="already_deleted")
    comment.visibility = Visibility.DELETED
    comment.save(update_fields=["visibility"])
    Complaint.objects.filter(pk=comment.complaint_id).update(comments_count=F("comments_count") - 1)
    return comment


@transaction.atomic
def publish_held_for_verification(*, author: User) -> list[Comment]:
    """Publish the comments that waited for their author to verify an e-mail address."""
    held = list(
        Comment.objects.select_for_update().filter(
            author=author,
            visibility=Visibility.HELD,
            held_reason=HoldReason.EMAIL_UNVERIFIED,
        )
    )
    for comment in held:
        comment.visibility = Visibility.PUBLISHED
        comment.held_reason = HoldReason.NONE
        comment.save(update_fields=["visibility", "held_reason"])
        Complaint.objects.filter(pk=comment.complaint_id).update(
            comments_count=F("comments_count") + 1
        )
    return held
