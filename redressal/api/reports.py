"""Reports of a complaint, comment or photo to the moderators."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import Http404
from ninja import Router, Schema, Status

from redressal.api.auth import SIGNED_IN
from redressal.api.errors import responses
from redressal.api.schemas import Id, Text
from redressal.complaints.access import get_complaint_for
from redressal.complaints.models import Photo, Visibility
from redressal.core.ratelimit import check_rate
from redressal.discussion.models import Comment
from redressal.moderation import services
from redressal.moderation.models import Report

router = Router(tags=["reports"])

Target = Literal["complaint", "comment", "photo"]


def _target(request, kind: str, pk: int):
    """What to report, if the caller can see it (as on the site's report page)."""
    if kind == "complaint":
        return get_complaint_for(request, pk)
    if kind == "comment":
        comment = Comment.objects.filter(pk=pk, visibility=Visibility.PUBLISHED).first()
        if comment:
            get_complaint_for(request, comment.complaint_id)
            return comment
    if kind == "photo":
        photo = Photo.objects.filter(pk=pk).first()
        if photo:
            get_complaint_for(request, photo.complaint_id)
            return photo
    raise Http404(f"No such {kind}.")


class ReportIn(Schema):
    target: Target
    id: Id
    reason: Report.Reason
    details: Text(services.DETAILS_MAX) = ""


class ReportCreatedOut(Schema):
    id: int
    target: Target
    target_id: int
    reason: Report.Reason
    status: Report.Status
    created_at: datetime


@router.post(
    "/reports",
    response={201: ReportCreatedOut, **responses(400, 401, 403, 404, 422, 429)},
    auth=SIGNED_IN,
    summary="Report something to the moderators",
)
def file_report(request, payload: ReportIn):
    """One open report per person and item; `details` is required when the reason is other."""
    target = _target(request, payload.target, payload.id)
    check_rate(request, "report")
    report = services.file_report(
        reporter=request.user,
        target=target,
        reason=payload.reason.value,
        details=payload.details,
    )
    return Status(
        201,
        {
            "id": report.pk,
            "target": payload.target,
            "target_id": payload.id,
            "reason": report.reason,
            "status": report.status,
            "created_at": report.created_at,
        },
    )
