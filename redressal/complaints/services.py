"""What people do with complaints and reviews. Each function is one transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from redressal.accounts.models import User
from redressal.companies.models import Company
from redressal.complaints import counters
from redressal.complaints.models import (
    Complaint,
    HelpfulVote,
    HoldReason,
    Photo,
    StatusChange,
    Update,
    Visibility,
    make_slug,
)
from redressal.core.errors import DomainError
from redressal.insights.models import Category

TITLE_MAX = 160
BODY_MAX = 20_000


def _clean_text(value: str, *, field: str, label: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"{label} cannot be empty.", field=field, code="required")
    if len(value) > max_length:
        raise DomainError(
            f"{label} can be at most {max_length:,} characters.", field=field, code="too_long"
        )
    return value


def _locked(complaint: Complaint) -> Complaint:
    """Re-read the complaint under a row lock so concurrent changes queue behind each other."""
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _require_author(complaint: Complaint, user: User) -> None:
    if complaint.author_id != user.pk:
        raise DomainError("Only the author can do this.", code="forbidden")


def _require_published(complaint: Complaint) -> None:
    if complaint.visibility != Visibility.PUBLISHED:
        raise DomainError("This complaint is no longer published.", code="not_published")


@transaction.atomic
def file_complaint(
    *,
    author: User,
    company: Company,
    title: str,
    body: str,
    kind: str = Complaint.Kind.COMPLAINT,
    product: str = "",
    category: Category | None = None,
    rating: int | None = None,
    private_details: str = "",
) -> Complaint:
    if kind not in Complaint.Kind.values:
        raise DomainError("Choose complaint or review.", field="kind")
    if not company.is_listed:
        raise DomainError("This company is not accepting complaints yet.", field="company")
    if rating is not None and not 1 <= rating <= 5:
        raise DomainError("A rating is from 1 to 5 stars.", field="rating")
    if kind == Complaint.Kind.REVIEW and rating is None:
        raise DomainError("A review needs a rating from 1 to 5 stars.", field="rating")
    title = _clean_text(title, field="title", label="The title", max_length=TITLE_MAX)
    body = _clean_text(body, field="body", label="The text", max_length=BODY_MAX)
    now = timezone.now()
    complaint = Complaint.objects.create(
        company=company,
        author=author,
        kind=kind,
        title=title,
        slug=make_slug(title),
        body=body,
        private_details=(private_details or "").strip(),
        rating=rating,
        product=(product or "").strip()[:120],
        category=category,
        author_city=author.city,
        author_state=author.state,
        created_at=now,
        last_activity_at=now,
    )
    counters.move(complaint, counters.NEW_POST)
    return complaint


@transaction.atomic
def add_update(*, complaint: Complaint, author: User, body: str) -> Update:
    complaint = _locked(complaint)
    _require_author(complaint, author)
    _require_published(complaint)
    body = _clean_text(body, field="body", label="The update", max_length=BODY_MAX)
    update = Update.objects.create(complaint=complaint, author=author, body=body)
    Complaint.objects.filter(pk=complaint.pk).update(last_activity_at=update.created_at)
    Company.objects.filter(pk=complaint.company_id).update(last_activity_at=update.created_at)
    return update


def _change_status(complaint: Complaint, *, to: str, actor: User | None, note: str = "") -> None:
    """Move a locked complaint to `to`, write the timeline row and move the counters."""
    before = counters.snapshot(complaint)
    previous = complaint.status
    now = timezone.now()
    complaint.status = to
    complaint.resolved_at = now if to == Complaint.Status.RESOLVED else None
    complaint.last_activity_at = now
    complaint.save(update_fields=["status", "resolved_at", "last_activity_at"])
    StatusChange.objects.create(
        complaint=complaint, actor=actor, from_status=previous, to_status=to, note=note
    )
    counters.move(complaint, before)


@transaction.atomic
def mark_resolved(*, complaint: Complaint, author: User, note: str = "") -> Complaint:
    """The author says the problem is solved; only the author's word resolves a complaint."""
    complaint = _locked(complaint)
    _require_author(complaint, author)
    _require_published(complaint)
    if complaint.kind != Complaint.Kind.COMPLAINT:
        raise DomainError("Only complaints can be resolved.", code="not_a_complaint")
    if complaint.status == Complaint.Status.RESOLVED:
        raise DomainError("This complaint is already resolved.", code="already_resolved")
    _change_status(complaint, to=Complaint.Status.RESOLVED, actor=author, note=note.strip())
    return complaint


@transaction.atomic
def delete_complaint(*, complaint: Complaint, author: User) -> Complaint:
    """Soft delete: the post leaves every public page and the counters follow."""
    complaint = _locked(complaint)
    _require_author(complaint, author)
    if complaint.visibility == Visibility.DELETED:
        raise DomainError("This complaint is already deleted.", code="already_deleted")
    before = counters.snapshot(complaint)
    complaint.visibility = Visibility.DELETED
    complaint.save(update_fields=["visibility"])
    counters.move(complaint, before, touch=False)
    return complaint


@transaction.atomic
def vote_helpful(*, complaint: Complaint, user: User) -> Complaint:
    complaint = _locked(complaint)
    _require_published(complaint)
    if complaint.author_id == user.pk:
        raise DomainError("You cannot vote for your own post.", code="own_post")
    try:
        with transaction.atomic():
            HelpfulVote.objects.create(complaint=complaint, user=user)
    except IntegrityError:
        raise DomainError("You already found this helpful.", code="already_voted") from None
    Complaint.objects.filter(pk=complaint.pk).update(helpful_count=F("helpful_count") + 1)
    complaint.refresh_from_db(fields=["helpful_count"])
    return complaint


@transaction.atomic
def withdraw_helpful_vote(*, complaint: Complaint, user: User) -> Complaint:
    complaint = _locked(complaint)
    deleted, _ = HelpfulVote.objects.filter(complaint=complaint, user=user).delete()
    if not deleted:
        raise DomainError("You have not voted for this post.", code="not_voted")
    Complaint.objects.filter(pk=complaint.pk).update(helpful_count=F("helpful_count") - 1)
    complaint.refresh_from_db(fields=["helpful_count"])
    return complaint


@transaction.atomic
def attach_photo(*, complaint: Complaint, author: User, image, caption: str = "") -> Photo:
    """Attach an already-checked image file to the author's post."""
    complaint = _locked(complaint)
    _require_author(complaint, author)
    _require_published(complaint)
    before = counters.snapshot(complaint)
    photo = Photo.objects.create(
        complaint=complaint,
        image=image,
        caption=(caption or "").strip()[:200],
        position=complaint.photos_count,
    )
    complaint.photos_count += 1
    complaint.save(update_fields=["photos_count"])
    counters.move(complaint, before, touch=False)
    return photo


def record_view(*, complaint: Complaint) -> None:
    """Count one real view for "Most Popular" (callers de-duplicate repeat visits)."""
    Complaint.objects.filter(pk=complaint.pk).update(views_count=F("views_count") + 1)


@transaction.atomic
def publish_held_for_verification(*, author: User) -> list[Complaint]:
    """Publish the posts that waited for their author to verify an e-mail address."""
    held = list(
        Complaint.objects.select_for_update().filter(
            author=author,
            visibility=Visibility.HELD,
            held_reason=HoldReason.EMAIL_UNVERIFIED,
        )
    )
    for complaint in held:
        before = counters.snapshot(complaint)
        complaint.visibility = Visibility.PUBLISHED
        complaint.held_reason = HoldReason.NONE
        complaint.save(update_fields=["visibility", "held_reason"])
        counters.move(complaint, before)
    return held
