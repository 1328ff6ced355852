"""Reports people file about posts, comments and photos."""

from __future__ import annotations

from django.db import transaction

from redressal.accounts.models import User
from redressal.accounts.rules import ensure_can_post
from redressal.complaints.models import Complaint, Photo
from redressal.core.errors import DomainError
from redressal.discussion.models import Comment
from redressal.moderation.models import Report

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
