"""Who hears about what: follows, the e-mail outbox, opt-outs, and follow-up questions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Kind(models.TextChoices):
    NEW_COMPLAINT = "new_complaint", "New complaints about my company"
    OFFICIAL_ANSWER = "official_answer", "Official answers to complaints I follow"
    RESOLUTION_PROPOSED = "resolution_proposed", "Resolutions proposed on my complaints"
    UPDATE = "update", "Updates to complaints I follow"
    COMMENT = "comment", "Comments on complaints I follow"
    FOLLOW_UP = "follow_up", "Questions whether my complaint was resolved"


class Follow(models.Model):
    """Someone wants to hear about a complaint's updates, comments and answers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "user"], name="one_follow_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows #{self.complaint_id}"


class OptOut(models.Model):
    """A person asked for no more e-mails of one kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opt_outs"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: no {self.kind}"


class Notification(models.Model):
    """One e-mail to one person, kept until it is sent: a failed send is tried again."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="notifications"
    )
    # What it is about beyond the complaint, by kind: a comment, an update, a status change;
    # 0 for the complaint itself.
    subject_id = models.BigIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The retry sweep: what is still waiting, oldest first.
            models.Index(
                fields=["created_at"],
                name="notification_pending_idx",
                condition=Q(status="pending"),
            ),
        ]
        constraints = [
            # One e-mail per person per event, however often the event is reported.
            models.UniqueConstraint(
                fields=["recipient", "kind", "complaint", "subject_id"],
                name="one_notification_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} about #{self.complaint_id}"


class FollowUp(models.Model):
    """ "Has <Company> resolved your complaint?", asked after a quiet stretch, answered once."""

    class Stage(models.TextChoices):
        PROPOSAL = "proposal", "After a proposed resolution"
        ANSWER = "answer", "After an official answer"

    class Answer(models.TextChoices):
        YES = "yes", "Yes, resolved"
        NO = "no", "No, not resolved"

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="follow_ups"
    )
    # The status change it asks about: once the complaint moves on, the question is stale.
    status_change = models.OneToOneField(
        "complaints.StatusChange", on_delete=models.CASCADE, related_name="follow_up"
    )
    stage = models.CharField(max_length=8, choices=Stage.choices)
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(max_length=3, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="", answered_at__isnull=True)
                | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="follow_up_answered_with_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up on #{self.complaint_id} ({self.stage})"
