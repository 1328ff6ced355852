from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def _exactly_one_of(*fields: str) -> Q:
    condition = Q()
    for chosen in fields:
        branch = Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                branch &= Q(**{f"{other}__isnull": True})
        condition |= branch
    return condition


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam or advertising"
    ABUSE = "abuse", "Abusive or hateful"
    PERSONAL_DATA = "personal_data", "Shows personal data"
    FAKE = "fake", "Fake or misleading"
    OTHER = "other", "Something else"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTIONED = "actioned", "Actioned"
    DISMISSED = "dismissed", "Dismissed"


class Report(models.Model):
    """A person's report of a complaint, comment or photo, waiting in the moderation queue."""

    Reason = ReportReason

    Status = ReportStatus

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    comment = models.ForeignKey(
        "discussion.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    photo = models.ForeignKey(
        "complaints.Photo",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    details = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_resolved",
    )

    class Meta:
        indexes = [
            # The moderation queue: open reports, oldest first.
            models.Index(
                fields=["created_at"], name="report_queue_idx", condition=Q(status="open")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_of("complaint", "comment", "photo"),
                name="report_has_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=ReportReason.values), name="report_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.get_reason_display()})"

    @property
    def target(self):
        return self.complaint or self.comment or self.photo


class ModerationAction(models.Model):
    """Append-only audit log of what moderators did: who, what, when, why, before and after."""

    class Action(models.TextChoices):
        PUBLISH = "publish", "Publish"
        HIDE = "hide", "Hide"
        RESTORE = "restore", "Restore"
        EDIT_REDACTION = "edit_redaction", "Edit redaction"
        WARN_USER = "warn_user", "Warn user"
        SUSPEND_USER = "suspend_user", "Suspend user"
        UNSUSPEND_USER = "unsuspend_user", "Lift a suspension"
        DISMISS_REPORT = "dismiss_report", "Dismiss report"
        LIST_COMPANY = "list_company", "List a proposed company"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="moderation_actions"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.SET_NULL, null=True, blank=True
    )
    comment = models.ForeignKey(
        "discussion.Comment", on_delete=models.SET_NULL, null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_history",
    )
    reason = models.TextField()
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at"], name="moderationaction_recent_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.moderator} at {self.created_at:%Y-%m-%d}"
