from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from redressal.core.crypto import EncryptedTextField


class Visibility(models.TextChoices):
    DRAFT = "draft", "Draft, seen only by its author"
    PUBLISHED = "published", "Published"
    HELD = "held", "Held for review"
    HIDDEN = "hidden", "Hidden by a moderator"
    DELETED = "deleted", "Deleted by its author"


class HoldReason(models.TextChoices):
    NONE = "", "Not held"
    EMAIL_UNVERIFIED = "email_unverified", "Waiting for the author to verify their e-mail"
    MODERATION = "moderation", "Waiting for a moderator"
    REVIEW = "review", "Waiting for a moderator's review"


PUBLISHED = Q(visibility=Visibility.PUBLISHED)
# A post is held for a reason, and only a held post has one.
HELD_HAS_REASON = Q(visibility=Visibility.HELD, held_reason__gt="") | (
    ~Q(visibility=Visibility.HELD) & Q(held_reason="")
)


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    REVIEW = "review", "Review"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    RESOLUTION_PROPOSED = "resolution_proposed", "Resolution proposed"
    RESOLVED = "resolved", "Resolved"


def new_card_revision() -> int:
    # Random, not a counter: two changes committed at once can never share one.
    return secrets.randbits(62)


class ComplaintQuerySet(models.QuerySet):
    def published(self):
        return self.filter(PUBLISHED)

    def with_listing_relations(self):
        return self.select_related("author", "company", "category")

    def public_text_only(self):
        """Leave the encrypted originals unread: lists and search results show public text."""
        return self.defer("original_title", "original_body", "private_details")

    def as_cards(self):
        """What a list's cards show: public text, author, category, photos in their order and
        updates."""
        return (
            self.public_text_only()
            .select_related("author", "category")
            .prefetch_related(
                models.Prefetch("photos", queryset=Photo.objects.order_by("position", "id")),
                models.Prefetch("updates", queryset=Update.objects.defer("original_body")),
            )
        )


class Complaint(models.Model):
    Kind = ComplaintKind
    Status = ComplaintStatus

    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, related_name="complaints"
    )
    # Looked up through complaint_author_idx, which starts with it: an index of its own would
    # only cost every insert.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMPLAINT)
    title = models.CharField(max_length=160)
    # Decoration of the URL, never searched by (posts are found by id): not indexed.
    slug = models.SlugField(max_length=80, allow_unicode=False, db_index=False)
    body = models.TextField(help_text="Public text: personal data shows as [protected].")
    # What the author typed, before personal data was protected; empty when nothing was.
    original_title = EncryptedTextField(blank=True)
    original_body = EncryptedTextField(blank=True)
    # Where the originals hold what the public text hides: {"title": [[start, end, kind]], ...}.
    protected_spans = models.JSONField(default=dict, blank=True)
    private_details = EncryptedTextField(
        blank=True, help_text="Seen only by the author, the company's representatives, moderators."
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    product = models.CharField(max_length=120, blank=True)
    category = models.ForeignKey(
        "insights.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.OPEN)
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    held_reason = models.CharField(
        max_length=20, choices=HoldReason.choices, default=HoldReason.NONE, blank=True
    )
    # Why a post was held for review: [{"code", "message"}] for moderators.
    spam_signals = models.JSONField(default=list, blank=True)
    # The key the client sent with the filing (Idempotency-Key, the form's hidden key): the
    # same submission sent twice, after a timeout or a crash, files one complaint.
    submission_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    # moderation.spam.text_fingerprint of the public text: copies by other accounts are found
    # by one look-up.
    text_fingerprint = models.CharField(max_length=32, blank=True, default="", editable=False)
    # Where the author lived when posting: city and state only, never an address.
    author_city = models.CharField(max_length=80, blank=True)
    author_state = models.CharField(max_length=80, blank=True)

    # Moved (to a new random number) by every change to what the post's card shows: part of
    # the key its rendered card is kept under (complaints.cards).
    card_revision = models.BigIntegerField(default=new_card_revision, editable=False)

    helpful_count = models.PositiveIntegerField(default=0)
    comments_count = models.PositiveIntegerField(default=0)
    photos_count = models.PositiveIntegerField(default=0)
    views_count = models.PositiveIntegerField(default=0)

    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # When the company first answered officially: the company's response-time figures.
    first_answered_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    # The company's agent looking after it (the business inbox).
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_complaints",
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        indexes = [
            # Company page, sort=newest/oldest (oldest walks the same index backwards).
            models.Index(
                fields=["company", "-created_at", "-id"],
                name="complaint_company_newest_idx",
                condition=PUBLISHED,
            ),
            # Company page, sort=helpful.
            models.Index(
                fields=["company", "-helpful_count", "-created_at", "-id"],
                name="complaint_company_helpful_idx",
                condition=PUBLISHED,
            ),
            # Company page, sort=popular ("Most Popular" counts real views).
            models.Index(
                fields=["company", "-views_count", "-created_at", "-id"],
                name="complaint_company_popular_idx",
                condition=PUBLISHED,
            ),
            # Company page, filter=resolved.
            models.Index(
                fields=["company", "-created_at", "-id"],
                name="complaint_company_resolved_idx",
                condition=PUBLISHED & Q(status="resolved"),
            ),
            # Company page, filter=photos.
            models.Index(
                fields=["company", "-created_at", "-id"],
                name="complaint_company_photos_idx",
                condition=PUBLISHED & Q(photos_count__gt=0),
            ),
            # Home page: what is new across the site.
            models.Index(
                fields=["-created_at", "-id"], name="complaint_newest_idx", condition=PUBLISHED
            ),
            # A person's own posts (profile page).
            models.Index(fields=["author", "-created_at"], name="complaint_author_idx"),
            # The same text posted lately by someone else (spam signal).
            models.Index(
                fields=["text_fingerprint", "created_at"],
                name="complaint_fingerprint_idx",
                condition=~Q(text_fingerprint=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(kind="review") | Q(rating__isnull=False),
                name="review_has_rating",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ComplaintStatus.values), name="complaint_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="complaint_visibility_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ComplaintKind.values), name="complaint_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(resolved_at__isnull=False),
                name="resolved_complaint_has_date",
            ),
            models.CheckConstraint(condition=HELD_HAS_REASON, name="complaint_held_has_reason"),
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=~Q(submission_key=""),
                name="complaint_filed_once_per_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.visibility == Visibility.PUBLISHED

    @property
    def is_resolved(self) -> bool:
        return self.status == self.Status.RESOLVED

    @property
    def is_review(self) -> bool:
        return self.kind == self.Kind.REVIEW

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.author_city, self.author_state) if part)


def make_slug(title: str) -> str:
    return slugify(title)[:80].strip("-") or "complaint"


class Update(models.Model):
    """A dated follow-up by the author ("Updated by <author>")."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField()
    original_body = EncryptedTextField(blank=True)
    # [[start, end, kind], ...] on original_body.
    protected_spans = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # Updates shown under each complaint, oldest first.
            models.Index(fields=["complaint", "created_at"], name="update_complaint_idx"),
        ]

    def __str__(self) -> str:
        return f"Update to #{self.complaint_id}"


def unserved_uploads():
    """Where photos wait, as they were sent, for their task: storage no URL reaches."""
    return storages["uploads"]


class PhotoQuerySet(models.QuerySet):
    def ready(self):
        """What the public may see: photos re-encoded by their task."""
        return self.filter(state=Photo.State.READY)


class Photo(models.Model):
    """A photo on a complaint, or on one of its comments when `comment` is set.

    A new photo is `processing`: the upload waits in `upload` (never served) until a task
    re-encodes it into `image` and `thumbnail` and marks it `ready`, or marks it `failed` with
    the reason. Only ready photos are public and counted in `Complaint.photos_count`.
    """

    class State(models.TextChoices):
        PROCESSING = "processing", "Processing"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    comment = models.ForeignKey(
        "discussion.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    # Width and height are set by the task that writes the image: an ImageField that kept
    # them itself would read the file back (a download, with object storage) on every save.
    image = models.ImageField(upload_to="photos/%Y/%m/", blank=True)
    thumbnail = models.ImageField(upload_to="photos/%Y/%m/thumbs/", blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # Rows written without it (bulk loaders) are photos made ready by whoever wrote them.
    state = models.CharField(
        max_length=10, choices=State, default=State.READY, db_default=State.READY
    )
    failure_reason = models.CharField(max_length=200, blank=True)
    upload = models.FileField(
        upload_to="photos/%Y/%m/", storage=unserved_uploads, blank=True, editable=False
    )

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            # The gallery of one complaint, in the order the author gave.
            models.Index(fields=["complaint", "position"], name="photo_complaint_idx"),
            # The photos of one comment.
            models.Index(
                fields=["comment", "position"],
                name="photo_comment_idx",
                condition=Q(comment__isnull=False),
            ),
            # Photos still waiting for their task (`manage.py process_photos`): a few at most.
            models.Index(
                fields=["created_at"],
                name="photo_processing_idx",
                condition=Q(state="processing"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["processing", "ready", "failed"]),
                name="photo_state_valid",
            ),
            # Pages show a ready photo's image without asking whether it has one.
            models.CheckConstraint(
                condition=~Q(state="ready") | ~Q(image=""), name="photo_ready_has_image"
            ),
        ]

    def __str__(self) -> str:
        return self.caption or f"Photo {self.pk}"

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY and bool(self.image)

    @property
    def is_processing(self) -> bool:
        return self.state == self.State.PROCESSING

    @property
    def is_failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def thumbnail_url(self) -> str:
        shown = self.thumbnail or self.image
        return shown.url if shown else ""

    @property
    def alt_text(self) -> str:
        return self.caption or f"{self.complaint.title} - Image #{self.position}"


class Revision(models.Model):
    """What a post said before its author edited it. Rows are never edited."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=160)
    body = models.TextField()
    original_title = EncryptedTextField(blank=True)
    original_body = EncryptedTextField(blank=True)
    protected_spans = models.JSONField(default=dict, blank=True)
    product = models.CharField(max_length=120, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    private_details = EncryptedTextField(blank=True)
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]
        indexes = [
            models.Index(fields=["complaint", "-replaced_at"], name="revision_complaint_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.complaint_id} before {self.replaced_at:%Y-%m-%d %H:%M}"


class HelpfulVote(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "user"], name="one_vote_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} found #{self.complaint_id} helpful"


class StatusChange(models.Model):
    """One step on a complaint's public resolution timeline. Rows are never edited."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="status_changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    from_status = models.CharField(max_length=24, choices=ComplaintStatus.choices)
    to_status = models.CharField(max_length=24, choices=ComplaintStatus.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["complaint", "created_at"], name="statuschange_complaint_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="statuschange_changes_status"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.complaint_id}: {self.from_status} → {self.to_status}"


class PrivateAccess(models.Model):
    """Someone other than the author saw a complaint's private text. Rows are never edited."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", "Company representative"
        MODERATOR = "moderator", "Moderator"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="private_accesses"
    )
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    role = models.CharField(max_length=16, choices=Role.choices)
    where = models.CharField(max_length=40, help_text='e.g. "complaint page", "api"')
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Who saw one complaint's private text, newest first (shown to the author).
            models.Index(fields=["complaint", "-created_at"], name="privateaccess_complaint_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.viewer} saw #{self.complaint_id} ({self.role})"
