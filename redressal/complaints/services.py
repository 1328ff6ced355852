"""What people do with complaints and reviews. Each function is one transaction."""

from __future__ import annotations

import re
import uuid
from contextlib import nullcontext
from dataclasses import asdict
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from redressal.accounts.models import User
from redressal.accounts.rules import ensure_can_post
from redressal.companies.models import Company
from redressal.companies.page_cache import company_changed
from redressal.complaints import cards, counters, images, views_counter
from redressal.complaints.duplicates import refuse_duplicate
from redressal.complaints.models import (
    Complaint,
    HelpfulVote,
    HoldReason,
    Photo,
    PrivateAccess,
    Revision,
    Update,
    Visibility,
    make_slug,
    new_card_revision,
)
from redressal.complaints.resolution import mark_resolved  # noqa: F401 - callers use services
from redressal.core import stored_sql
from redressal.core.errors import DomainError
from redressal.core.tasks import enqueue_on_commit
from redressal.insights.models import Category
from redressal.moderation.spam import spam_signals, text_fingerprint
from redressal.moderation.text import (
    PHRASE_MAX,
    PHRASES_MAX,
    PROTECTED,
    choices_behind,
    occurrences,
    protect,
)
from redressal.notifications import events
from redressal.search.index import index_complaint, index_later

TITLE_MAX = 160
BODY_MAX = 20_000
PRODUCT_MAX = 120
PRIVATE_MAX = 5_000
PHOTOS_MAX = 10
CAPTION_MAX = 200
# How long after publishing an author may still change what the post says.
EDIT_WINDOW = timedelta(hours=48)


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


def _hold_reason(*, author: User, company: Company) -> str:
    """Why a post by `author` about `company` cannot go public yet ("" when it can)."""
    if not company.is_listed:
        if company.proposed_by_id is None:
            raise DomainError("This company is not accepting complaints.", field="company")
        # A proposed company: the post waits for a moderator to list it.
        return HoldReason.MODERATION
    if not author.is_email_verified:
        return HoldReason.EMAIL_UNVERIFIED
    return HoldReason.NONE


def clean_phrases(phrases, *, field: str) -> list[str]:
    """The phrases an author marks private or public, checked as any input from a person."""
    if phrases is None:
        return []
    if isinstance(phrases, str):
        phrases = phrases.splitlines()
    phrases = [phrase.strip() for phrase in phrases if phrase and phrase.strip()]
    if len(phrases) > PHRASES_MAX:
        raise DomainError(f"Mark at most {PHRASES_MAX} phrases.", field=field)
    if any(len(phrase) > PHRASE_MAX for phrase in phrases):
        raise DomainError(f"A phrase can be at most {PHRASE_MAX} characters.", field=field)
    return phrases


def _protect_post(
    *, title: str, body: str, mark_private: list[str], mark_public: list[str]
) -> dict:
    """Public title and body, with their encrypted originals when personal data was hidden."""
    for phrase in mark_private:
        if not occurrences(f"{title}\n{body}", [phrase]):
            raise DomainError(f"“{phrase}” does not appear in your text.", field="mark_private")
    protected_title = protect(title, private=mark_private, public=mark_public)
    protected_body = protect(body, private=mark_private, public=mark_public)
    if not protected_body.public.replace(PROTECTED, "").strip(" \n\t.,;:-"):
        raise DomainError(
            "The text cannot be only personal data: say what happened; "
            "put order numbers and contact details under Private details.",
            field="body",
        )
    return {
        "title": protected_title.public,
        "original_title": protected_title.original,
        "body": protected_body.public,
        "original_body": protected_body.original,
        "protected_spans": {
            name: data
            for name, data in (
                ("title", protected_title.spans_data()),
                ("body", protected_body.spans_data()),
            )
            if data
        },
    }


def clean_post_fields(
    *,
    kind: str,
    title: str,
    body: str,
    product: str,
    rating: int | None,
    private_details: str,
    mark_private=None,
    mark_public=None,
) -> dict:
    if kind not in Complaint.Kind.values:
        raise DomainError("Choose complaint or review.", field="kind")
    if rating is not None and not 1 <= rating <= 5:
        raise DomainError("A rating is from 1 to 5 stars.", field="rating")
    if kind == Complaint.Kind.REVIEW and rating is None:
        raise DomainError("A review needs a rating from 1 to 5 stars.", field="rating")
    product = (product or "").strip()
    if len(product) > PRODUCT_MAX:
        raise DomainError(f"The product can be at most {PRODUCT_MAX} characters.", field="product")
    private_details = (private_details or "").strip()
    if len(private_details) > PRIVATE_MAX:
        raise DomainError(
            f"Private details can be at most {PRIVATE_MAX:,} characters.", field="private_details"
        )
    return {
        "kind": kind,
        **_protect_post(
            title=_clean_text(title, field="title", label="The title", max_length=TITLE_MAX),
            body=_clean_text(body, field="body", label="The text", max_length=BODY_MAX),
            mark_private=clean_phrases(mark_private, field="mark_private"),
            mark_public=clean_phrases(mark_public, field="mark_public"),
        ),
        "product": protect(product).public,
        "rating": rating,
        "private_details": private_details,
    }


def _signals(author: User, title: str, body: str) -> list:
    """The reasons to hold a post with this text for review."""
    return spam_signals(author=author, text=f"{title}\n{body}", body=body)


def _go_public(complaint: Complaint, *, author: User) -> None:
    """Publish a locked draft, or hold it with its reason; counters follow."""
    refuse_duplicate(
        author=author,
        company=complaint.company,
        title=complaint.title,
        body=complaint.body,
        exclude_pk=complaint.pk,
    )
    signals = _signals(author, complaint.title, complaint.body)
    before = counters.snapshot(complaint)
    going = _going_public(author, complaint.company, signals)
    for name, value in going.items():
        setattr(complaint, name, value)
    complaint.save(update_fields=list(going))
    _went_public(complaint, before)


def _going_public(author: User, company: Company, signals: list) -> dict:
    """The fields of a post going public now: published, or held with its reason."""
    reason = _hold_reason(author=author, company=company)
    if signals and reason != HoldReason.MODERATION:
        reason = HoldReason.REVIEW
    now = timezone.now()
    return {
        "visibility": Visibility.HELD if reason else Visibility.PUBLISHED,
        "held_reason": reason,
        "spam_signals": [asdict(signal) for signal in signals],
        "created_at": now,
        "last_activity_at": now,
    }


def _went_public(complaint: Complaint, before) -> None:
    if not complaint.held_reason:
        announce_later(complaint)
    # Last before the commit: on PostgreSQL the company's row stays locked from this update
    # to the end of the transaction, and every other post about the company waits for it.
    counters.move(complaint, before)


def announce_later(complaint: Complaint) -> None:
    """A post has just gone public: its author follows it now, and search, the company's
    numbers and its people catch up in one task after commit (`announce`)."""
    from redressal.complaints.tasks import announce_post

    events.follow(complaint.author_id, complaint)
    enqueue_on_commit(announce_post, complaint.pk)


@transaction.atomic
def announce(complaint_id: int) -> bool:
    """Bring search, the company's numbers and its people up to date with a post that went
    public. The index follows the post whatever it has become since; the rest only when it is
    still public (False otherwise). Running it again sends nobody a second e-mail."""
    index_complaint(complaint_id)
    complaint = Complaint.objects.filter(pk=complaint_id, visibility=Visibility.PUBLISHED).first()
    if complaint is None:
        return False
    events.complaint_published(complaint)
    return True


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
    mark_private: list[str] | None = None,
    mark_public: list[str] | None = None,
    draft: bool = False,
    submission_key: str = "",
) -> Complaint:
    """File a complaint or review; with `draft`, keep it for the author to preview first.

    It is published at once unless the author has not verified their e-mail yet or the
    company still waits for a moderator: then it is held, and published when that is done.
    With a `submission_key`, filing again with the same key returns the complaint the first
    filing made (its `replayed` is True) instead of filing another.
    """
    ensure_can_post(author)
    if submission_key:
        if not SUBMISSION_KEY.fullmatch(submission_key):
            raise DomainError(
                "A submission key is 8 to 64 letters, digits, dots, dashes or underscores.",
                field="submission_key",
            )
        if earlier := _filed_with(author, submission_key):
            return earlier
    _hold_reason(author=author, company=company)
    # The text pipeline and the checks only read, and are most of a filing's time: they run
    # before the transaction, which on SQLite holds the one write lock from its start.
    fields = clean_post_fields(
        kind=kind,
        title=title,
        body=body,
        product=product,
        rating=rating,
        private_details=private_details,
        mark_private=mark_private,
        mark_public=mark_public,
    )
    refuse_duplicate(author=author, company=company, title=fields["title"], body=fields["body"])
    return _store_filing(
        author=author,
        company=company,
        category=category,
        fields=fields,
        signals=None if draft else _signals(author, fields["title"], fields["body"]),
        submission_key=submission_key,
    )


@transaction.atomic
def _store_filing(
    *,
    author: User,
    company: Company,
    category: Category | None,
    fields: dict,
    signals: list | None,
    submission_key: str,
) -> Complaint:
    """Store a checked filing: a draft when `signals` is None, else published or held."""
    going = (
        {"visibility": Visibility.DRAFT}
        if signals is None
        else _going_public(author, company, signals)
    )
    # Only a submission key can collide, and then the savepoint lets this transaction go on
    # to read the complaint the other request filed.
    savepoint = transaction.atomic() if submission_key else nullcontext()
    try:
        with savepoint:
            complaint = Complaint(
                company=company,
                author=author,
                slug=make_slug(fields["title"]),
                category=category,
                author_city=author.city,
                author_state=author.state,
                submission_key=submission_key,
                text_fingerprint=text_fingerprint(fields["body"]),
                **going,
                **fields,
            )
            stored_sql.insert(complaint)
    except IntegrityError:
        # The same submission, sent twice at once: the other request filed it.
        if submission_key and (earlier := _filed_with(author, submission_key)):
            return earlier
        raise
    complaint.replayed = False
    if signals is not None:
        _went_public(complaint, counters.NEW_POST)
    return complaint


SUBMISSION_KEY = re.compile(r"[A-Za-z0-9._-]{8,64}")


def _filed_with(author: User, submission_key: str) -> Complaint | None:
    earlier = Complaint.objects.filter(author=author, submission_key=submission_key).first()
    if earlier is not None:
        earlier.replayed = True
    return earlier


@transaction.atomic
def publish_draft(*, complaint: Complaint, author: User) -> Complaint:
    ensure_can_post(author)
    complaint = _locked(complaint)
    _require_author(complaint, author)
    if complaint.visibility != Visibility.DRAFT:
        raise DomainError("This complaint has already been published.", code="not_a_draft")
    _go_public(complaint, author=author)
    return complaint


@transaction.atomic
def edit_complaint(
    *,
    complaint: Complaint,
    author: User,
    title: str,
    body: str,
    product: str = "",
    category: Category | None = None,
    rating: int | None = None,
    private_details: str = "",
    mark_private: list[str] | None = None,
    mark_public: list[str] | None = None,
) -> Complaint:
    """Change what a post says: drafts freely, published posts within the edit window.

    What a published post said before is kept as a Revision and the post shows "edited".
    `title` and `body` are the author's own text (the originals); the phrases they marked
    private or public before stay so unless new lists are given.
    """
    ensure_can_post(author)
    complaint = _locked(complaint)
    _require_author(complaint, author)
    if complaint.visibility in (Visibility.DELETED, Visibility.HIDDEN):
        raise DomainError("This complaint can no longer be edited.", code="not_editable")
    is_draft = complaint.visibility == Visibility.DRAFT
    if not is_draft and timezone.now() - complaint.created_at > EDIT_WINDOW:
        raise DomainError(
            "Posts can be edited for 48 hours after publishing; add an update instead.",
            code="edit_window_closed",
        )
    kept_private, kept_public = author_choices(complaint)
    if mark_private is None:
        # A phrase the edit removed is no longer there to hide.
        mark_private = [p for p in kept_private if occurrences(f"{title}\n{body}", [p])]
    if mark_public is None:
        mark_public = kept_public
    fields = clean_post_fields(
        kind=complaint.kind,
        title=title,
        body=body,
        product=product,
        rating=rating,
        private_details=private_details,
        mark_private=mark_private,
        mark_public=mark_public,
    )
    del fields["kind"]
    if all(getattr(complaint, name) == value for name, value in fields.items()) and (
        complaint.category_id == (category.pk if category else None)
    ):
        return complaint
    before = counters.snapshot(complaint)
    if not is_draft:
        Revision.objects.create(
            complaint=complaint,
            title=complaint.title,
            body=complaint.body,
            original_title=complaint.original_title,
            original_body=complaint.original_body,
            protected_spans=complaint.protected_spans,
            product=complaint.product,
            rating=complaint.rating,
            private_details=complaint.private_details,
        )
        complaint.edited_at = timezone.now()
    for name, value in fields.items():
        setattr(complaint, name, value)
    complaint.category = category
    complaint.slug = make_slug(complaint.title)
    complaint.text_fingerprint = text_fingerprint(complaint.body)
    complaint.save()
    counters.move(complaint, before, touch=False)
    index_later(complaint)
    return complaint


def author_choices(complaint: Complaint) -> tuple[list[str], list[str]]:
    """The phrases the author marked private and public on this post, recovered."""
    private: set[str] = set()
    public: set[str] = set()
    for name in ("title", "body"):
        original = getattr(complaint, f"original_{name}")
        if original:
            kept_private, kept_public = choices_behind(
                original, complaint.protected_spans.get(name, [])
            )
            private.update(kept_private)
            public.update(kept_public)
    return sorted(private), sorted(public)


def author_text(complaint: Complaint) -> dict[str, str]:
    """The title and body as the author wrote them, for their edit form."""
    return {
        "title": complaint.original_title or complaint.title,
        "body": complaint.original_body or complaint.body,
    }


@transaction.atomic
def add_update(*, complaint: Complaint, author: User, body: str) -> Update:
    ensure_can_post(author)
    complaint = _locked(complaint)
    _require_author(complaint, author)
    _require_published(complaint)
    protected = protect(_clean_text(body, field="body", label="The update", max_length=BODY_MAX))
    update = Update.objects.create(
        complaint=complaint,
        author=author,
        body=protected.public,
        original_body=protected.original,
        protected_spans=protected.spans_data(),
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        last_activity_at=update.created_at, card_revision=new_card_revision()
    )
    Company.objects.filter(pk=complaint.company_id).update(last_activity_at=update.created_at)
    company_changed(complaint.company_id)
    events.update_added(update)
    index_later(complaint)
    return update


@transaction.atomic
def delete_complaint(*, complaint: Complaint, author: User) -> Complaint:
    """Soft delete: the post leaves every public page and the counters follow."""
    complaint = _locked(complaint)
    _require_author(complaint, author)
    if complaint.visibility == Visibility.DELETED:
        raise DomainError("This complaint is already deleted.", code="already_deleted")
    before = counters.snapshot(complaint)
    complaint.visibility = Visibility.DELETED
    # A held post no longer waits for anything once deleted (and only held posts have a reason).
    complaint.held_reason = HoldReason.NONE
    complaint.save(update_fields=["visibility", "held_reason"])
    counters.move(complaint, before, touch=False)
    index_later(complaint)
    return complaint


@transaction.atomic
def vote_helpful(*, complaint: Complaint, user: User) -> Complaint:
    ensure_can_post(user)
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
    company_changed(complaint.company_id)
    complaint.refresh_from_db(fields=["helpful_count"])
    return complaint


@transaction.atomic
def withdraw_helpful_vote(*, complaint: Complaint, user: User) -> Complaint:
    complaint = _locked(complaint)
    deleted, _ = HelpfulVote.objects.filter(complaint=complaint, user=user).delete()
    if not deleted:
        raise DomainError("You have not voted for this post.", code="not_voted")
    Complaint.objects.filter(pk=complaint.pk).update(helpful_count=F("helpful_count") - 1)
    company_changed(complaint.company_id)
    complaint.refresh_from_db(fields=["helpful_count"])
    return complaint


@transaction.atomic
def attach_photo(*, complaint: Complaint, author: User, image, caption: str = "") -> Photo:
    """Add a photo to the author's post, to be processed after commit.

    `image` is the upload as it came: an `images.CheckedUpload`, or a file checked here. The
    photo is public, and counted in `photos_count`, once its task has made it ready.
    """
    ensure_can_post(author)
    complaint = _locked(complaint)
    _require_author(complaint, author)
    if complaint.visibility not in (Visibility.DRAFT, Visibility.PUBLISHED, Visibility.HELD):
        raise DomainError("This complaint is no longer published.", code="not_published")
    gallery = complaint.photos.filter(comment__isnull=True)
    if gallery.exclude(state=Photo.State.FAILED).count() >= PHOTOS_MAX:
        raise DomainError(f"A post can have at most {PHOTOS_MAX} photos.", field="photos")
    photo = Photo(
        complaint=complaint,
        caption=_clean_caption(caption),
        position=gallery.count(),
    )
    return process_later(photo, image)


def process_later(photo: Photo, upload) -> Photo:
    """Save a new photo in the processing state, its upload kept as it came where no URL
    reaches it, and process it once the caller's transaction commits.

    For services attaching photos (`attach_photo`, `discussion.services.attach_comment_photo`),
    inside their transaction.
    """
    from redressal.complaints.tasks import process_photo

    checked = upload if isinstance(upload, images.CheckedUpload) else images.check_upload(upload)
    photo.state = Photo.State.PROCESSING
    photo.upload.save(f"{uuid.uuid4().hex}.{checked.extension}", checked.content(), save=False)
    photo.save()
    enqueue_on_commit(process_photo, photo.pk)
    return photo


def finish_photo(*, photo: Photo, processed: images.ProcessedImage) -> Photo | None:
    """Put the re-encoded image in place of the upload: the photo is ready, public and counted.

    The files are written first, outside the transaction: with object storage each is a
    network round trip, which must not hold the post's row locked. A run that arrives when
    the photo is no longer processing (another run finished it first) removes what it wrote
    and changes nothing. Returns the photo as it now is, or None if it is gone.
    """
    written = {
        name: _store_photo_file(photo, name, content)
        for name, content in (("image", processed.image), ("thumbnail", processed.thumbnail))
    }
    finished = _finish_photo(photo, written, processed.width, processed.height)
    if finished is None or finished.image.name != written["image"]:
        for name, stored in written.items():
            Photo._meta.get_field(name).storage.delete(stored)
    return finished


def _store_photo_file(photo: Photo, name: str, content) -> str:
    field = Photo._meta.get_field(name)
    return field.storage.save(field.generate_filename(photo, content.name), content)


@transaction.atomic
def _finish_photo(photo: Photo, written: dict[str, str], width: int, height: int):
    complaint = Complaint.objects.select_for_update().filter(pk=photo.complaint_id).first()
    photo = Photo.objects.select_for_update().filter(pk=photo.pk).first()
    if complaint is None or photo is None or not photo.is_processing:
        return photo
    before = counters.snapshot(complaint)
    photo.image, photo.thumbnail = written["image"], written["thumbnail"]
    photo.width, photo.height = width, height
    _leave_processing(photo, Photo.State.READY)
    if photo.comment_id is None:
        complaint.photos_count += 1
        complaint.save(update_fields=["photos_count"])
        index_later(complaint)
    # The post's card, or the comment on its page, shows the photo now.
    counters.move(complaint, before, touch=False)
    return photo


@transaction.atomic
def fail_photo(*, photo: Photo, reason: str) -> Photo | None:
    """The upload could not be made into a photo: its author sees why, and nothing else about
    the post changes. Does nothing to a photo no longer processing."""
    complaint = Complaint.objects.select_for_update().filter(pk=photo.complaint_id).first()
    photo = Photo.objects.select_for_update().filter(pk=photo.pk).first()
    if complaint is None or photo is None or not photo.is_processing:
        return photo
    before = counters.snapshot(complaint)
    photo.failure_reason = reason[: Photo._meta.get_field("failure_reason").max_length]
    _leave_processing(photo, Photo.State.FAILED)
    # Only ready photos count, so this moves nothing today; it keeps the counters honest
    # should a failed photo ever have been counted.
    counters.move(complaint, before, touch=False)
    return photo


def _leave_processing(photo: Photo, state: str) -> None:
    upload, photo.upload = photo.upload.name, ""
    photo.state = state
    photo.save()
    storage = photo.upload.storage
    # Kept until the change commits: a run that fails before then may try again.
    transaction.on_commit(lambda: storage.delete(upload), robust=True)


def _clean_caption(caption: str) -> str:
    caption = " ".join((caption or "").split())
    if len(caption) > CAPTION_MAX:
        raise DomainError(f"A caption can be at most {CAPTION_MAX} characters.", field="caption")
    return protect(caption).public


@transaction.atomic
def caption_photo(*, photo: Photo, author: User, caption: str) -> Photo:
    photo = Photo.objects.select_related("complaint").select_for_update().get(pk=photo.pk)
    _require_author(photo.complaint, author)
    photo.caption = _clean_caption(caption)
    photo.save(update_fields=["caption"])
    cards.post_changed(photo.complaint_id)
    company_changed(photo.complaint.company_id)
    return photo


def record_view(*, complaint: Complaint) -> None:
    """Count one real view for "Most Popular" (callers de-duplicate repeat visits).

    Views are written in batches, not one UPDATE per page view (`views_counter`).
    """
    views_counter.count_view(complaint.pk)


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
        announce_later(complaint)
    return held


@transaction.atomic
def publish_held_for_company(*, company: Company) -> list[Complaint]:
    """A proposed company was listed: publish what waited for it (or wait for the e-mail)."""
    held = list(
        Complaint.objects.select_for_update()
        .select_related("author")
        .filter(company=company, visibility=Visibility.HELD, held_reason=HoldReason.MODERATION)
    )
    for complaint in held:
        if not complaint.author.is_email_verified:
            complaint.held_reason = HoldReason.EMAIL_UNVERIFIED
            complaint.save(update_fields=["held_reason"])
            continue
        before = counters.snapshot(complaint)
        complaint.visibility = Visibility.PUBLISHED
        complaint.held_reason = HoldReason.NONE
        complaint.save(update_fields=["visibility", "held_reason"])
        counters.move(complaint, before)
        announce_later(complaint)
    return held


def record_private_access(*, complaint: Complaint, viewer: User, role: str, where: str) -> None:
    """Log that someone other than the author was shown a post's private text."""
    if role in PrivateAccess.Role.values:
        PrivateAccess.objects.create(complaint=complaint, viewer=viewer, role=role, where=where)
