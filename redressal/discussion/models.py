from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from redressal.complaints.models import HELD_HAS_REASON, PUBLISHED, HoldReason, Visibility
from redressal.core.crypto import EncryptedTextField


class CommentKind(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    POSITIVE = "positive", "Positive Review"
    NEUTRAL = "neutral", "Neutral Comment"


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(PUBLISHED)


class Comment(models.Model):
    """A comment under a complaint, a reply to one (one level deep), or an official response."""

    Kind = CommentKind

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEUTRAL)
    body = models.TextField()
    # What the author typed, before personal data was protected; empty when nothing was.
    original_body = EncryptedTextField(blank=True)
    # [[start, end, kind], ...] on original_body.
    protected_spans = models.JSONField(default=list, blank=True)
    # An official response speaks for the company its author represents.
    official_company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="official_responses",
    )
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    held_reason = models.CharField(
        max_length=20, choices=HoldReason.choices, default=HoldReason.NONE, blank=True
    )
    # Why a comment was held for review: [{"code", "message"}] for moderators.
    spam_signals = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # moderation.spam.text_fingerprint of the public text (copies by other accounts).
    text_fingerprint = models.CharField(max_length=32, blank=True, default="", editable=False)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # Comments and replies of one complaint, oldest first.
            models.Index(
                fields=["complaint", "created_at", "id"],
                name="comment_complaint_idx",
                condition=PUBLISHED,
            ),
            # A person's own comments (profile page).
            models.Index(fields=["author", "-created_at"], name="comment_author_idx"),
            # The same text posted lately by someone else (spam signal).
            models.Index(
                fields=["text_fingerprint", "created_at"],
                name="comment_fingerprint_idx",
                condition=~Q(text_fingerprint=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CommentKind.values), name="comment_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="comment_not_its_own_parent"
            ),
            models.CheckConstraint(condition=HELD_HAS_REASON, name="comment_held_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on #{self.complaint_id}"

    @property
    def is_official(self) -> bool:
        return self.official_company_id is not None

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None
