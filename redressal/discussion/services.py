"""Comments, replies and official responses under a complaint."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from redressal.accounts.models import User
from redressal.accounts.rules import ensure_can_post
from redressal.companies.page_cache import company_changed
from redressal.complaints import resolution
from redressal.complaints.models import (
    Complaint,
    HoldReason,
    Photo,
    Visibility,
    new_card_revision,
)
from redressal.complaints.services import process_later
from redressal.core.errors import DomainError
from redressal.discussion.models import Comment
from redressal.moderation.spam import spam_signals, text_fingerprint
from redressal.moderation.text import protect
from redressal.notifications import events

COMMENT_MAX = 10_000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError("The comment cannot be empty.", field="body", code="required")
    if len(body) > COMMENT_MAX:
        raise DomainError(
            f"A comment can be at most {COMMENT_MAX:,} characters.", field="body", code="too_long"
        )
    return body


def _locked_published(complaint: Complaint) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.visibility != Visibility.PUBLISHED:
        raise DomainError("This complaint is no longer published.", code="not_published")
    return complaint


def count_comments(comment: Comment, change: int, **also) -> None:
    """`comment` started (+1) or stopped (-1) showing: its complaint's count, the discussion
    its page keeps (`card_revision`) and its company's pages follow. `also`: more fields of
    the complaint to set in the same statement."""
    Complaint.objects.filter(pk=comment.complaint_id).update(
        comments_count=F("comments_count") + change, card_revision=new_card_revision(), **also
    )
    company_changed(comment.complaint.company_id)


def _create(
    *,
    complaint: Complaint,
    author: User,
    body: str,
    held_reason: str,
    check_spam: bool = True,
    **fields,
) -> Comment:
    protected = protect(_clean_body(body))
    now = timezone.now()
    comment = Comment(
        complaint=complaint,
        author=author,
        body=protected.public,
        original_body=protected.original,
        protected_spans=protected.spans_data(),
        text_fingerprint=text_fingerprint(protected.public),
        created_at=now,
        **fields,
    )
    signals = spam_signals(author=author, text=comment.body) if check_spam else []
    if signals:
        held_reason = HoldReason.REVIEW
    held = bool(held_reason)
    comment.visibility = Visibility.HELD if held else Visibility.PUBLISHED
    comment.held_reason = held_reason
    comment.spam_signals = [asdict(signal) for signal in signals]
    comment.save()
    if not held:
        count_comments(comment, +1, last_activity_at=now)
        events.comment_posted(comment)
    return comment


@transaction.atomic
def post_comment(
    *,
    complaint: Complaint,
    author: User,
    body: str,
    kind: str = Comment.Kind.NEUTRAL,
    parent: Comment | None = None,
) -> Comment:
    ensure_can_post(author)
    complaint = _locked_published(complaint)
    if kind not in Comment.Kind.values:
        raise DomainError("Choose Complaint, Positive Review or Neutral Comment.", field="kind")
    if parent is not None:
        if parent.complaint_id != complaint.pk:
            raise DomainError("You can only reply to a comment on this complaint.", field="parent")
        # Replies are one level deep: answering a reply answers its thread. Re-read it: the
        # caller's copy (or the one cached on a reply) may predate its deletion.
        parent = Comment.objects.get(pk=parent.parent_id or parent.pk)
        if parent.visibility != Visibility.PUBLISHED:
            raise DomainError("That comment is no longer published.", field="parent")
    # A first post waits until its author has verified their e-mail address.
    return _create(
        complaint=complaint,
        author=author,
        body=body,
        held_reason=HoldReason.NONE if author.is_email_verified else HoldReason.EMAIL_UNVERIFIED,
        kind=kind,
        parent=parent,
    )


@transaction.atomic
def post_official_response(*, complaint: Complaint, representative: User, body: str) -> Comment:
    """The company answers in public; its first answer moves the complaint to "answered"."""
    ensure_can_post(representative)
    complaint = _locked_published(complaint)
    resolution.require_representative(representative, complaint)
    comment = _create(
        complaint=complaint,
        author=representative,
        body=body,
        held_reason=HoldReason.NONE,
        # A verified representative answering many complaints with links to the company's
        # help pages is the job, not spam.
        check_spam=False,
        official_company_id=complaint.company_id,
    )
    resolution.record_official_answer(complaint=complaint, actor=representative)
    return comment


@transaction.atomic
def delete_comment(*, comment: Comment, author: User) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != author.pk:
        raise DomainError("Only the author can delete this comment.", code="forbidden")
    if comment.visibility not in (Visibility.PUBLISHED, Visibility.HELD):
        raise DomainError("This comment is already deleted.", code="already_deleted")
    was_counted = comment.visibility == Visibility.PUBLISHED
    comment.visibility = Visibility.DELETED
    comment.held_reason = HoldReason.NONE
    comment.save(update_fields=["visibility", "held_reason"])
    if was_counted:
        count_comments(comment, -1)
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
        count_comments(comment, +1)
        events.comment_posted(comment)
    return held


COMMENT_PHOTOS_MAX = 5


@transaction.atomic
def attach_comment_photo(*, comment: Comment, author: User, image) -> Photo:
    """Add a photo to the author's comment, processed after commit as `attach_photo` does."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != author.pk:
        raise DomainError("Only the author can add photos to this comment.", code="forbidden")
    photos = comment.photos.all()
    if photos.exclude(state=Photo.State.FAILED).count() >= COMMENT_PHOTOS_MAX:
        raise DomainError(
            f"A comment can have at most {COMMENT_PHOTOS_MAX} photos.", field="photos"
        )
    photo = Photo(complaint_id=comment.complaint_id, comment=comment, position=photos.count())
    return process_later(photo, image)
