"""What people do on a complaint: the author's updates, resolving and photos; helpful votes."""

from __future__ import annotations

from datetime import datetime

from ninja import File, Form, Router, Schema, Status, UploadedFile

from redressal.api.auth import SIGNED_IN
from redressal.api.errors import responses
from redressal.api.schemas import Id, PhotoOut, Text, photo_out
from redressal.complaints import images, services
from redressal.complaints.access import get_complaint_for
from redressal.complaints.models import Complaint
from redressal.core.errors import DomainError
from redressal.core.ratelimit import check_rate

router = Router(tags=["complaints"])

NOTE_MAX = 1000
# A form field's default, declared once (ninja reads the parameter kind from it).
NO_CAPTION = Form("")


class UpdateIn(Schema):
    body: Text(services.BODY_MAX)


class UpdateCreatedOut(Schema):
    id: int
    complaint_id: int
    body: str
    created_at: datetime


@router.post(
    "/complaints/{complaint_id}/updates",
    response={201: UpdateCreatedOut, **responses(400, 401, 403, 404, 422, 429)},
    auth=SIGNED_IN,
    summary="Add an update",
)
def add_update(request, complaint_id: Id, payload: UpdateIn):
    """The author's dated follow-up on a published post."""
    complaint = get_complaint_for(request, complaint_id)
    check_rate(request, "post")
    update = services.add_update(complaint=complaint, author=request.user, body=payload.body)
    return Status(
        201,
        {
            "id": update.pk,
            "complaint_id": complaint.pk,
            "body": update.body,
            "created_at": update.created_at,
        },
    )


class ResolveIn(Schema):
    note: Text(NOTE_MAX) = ""


class ResolvedOut(Schema):
    id: int
    status: Complaint.Status
    resolved_at: datetime | None


@router.post(
    "/complaints/{complaint_id}/resolve",
    response={200: ResolvedOut, **responses(400, 401, 403, 404, 422)},
    auth=SIGNED_IN,
    summary="Mark a complaint resolved",
)
def resolve(request, complaint_id: Id, payload: ResolveIn):
    """Only the author's word resolves a complaint; reviews are never resolved."""
    complaint = get_complaint_for(request, complaint_id)
    complaint = services.mark_resolved(complaint=complaint, author=request.user, note=payload.note)
    return {"id": complaint.pk, "status": complaint.status, "resolved_at": complaint.resolved_at}


class VotedOut(Schema):
    complaint_id: int
    helpful_count: int
    voted: bool


class UnvotedOut(Schema):
    complaint_id: int
    helpful_count: int
    voted: bool


@router.put(
    "/complaints/{complaint_id}/helpful",
    response={200: VotedOut, **responses(400, 401, 403, 404, 422, 429)},
    auth=SIGNED_IN,
    summary="Vote a post helpful",
)
def vote_helpful(request, complaint_id: Id):
    """One vote per person; not for one's own post (both answer 400)."""
    complaint = get_complaint_for(request, complaint_id)
    check_rate(request, "vote")
    complaint = services.vote_helpful(complaint=complaint, user=request.user)
    return {"complaint_id": complaint.pk, "helpful_count": complaint.helpful_count, "voted": True}


@router.delete(
    "/complaints/{complaint_id}/helpful",
    response={200: UnvotedOut, **responses(400, 401, 403, 404, 422, 429)},
    auth=SIGNED_IN,
    summary="Withdraw a helpful vote",
)
def withdraw_helpful(request, complaint_id: Id):
    complaint = get_complaint_for(request, complaint_id)
    check_rate(request, "vote")
    complaint = services.withdraw_helpful_vote(complaint=complaint, user=request.user)
    return {
        "complaint_id": complaint.pk,
        "helpful_count": complaint.helpful_count,
        "voted": False,
    }


class PhotoCreatedOut(PhotoOut):
    complaint_id: int


@router.post(
    "/complaints/{complaint_id}/photos",
    response={202: PhotoCreatedOut, **responses(400, 401, 403, 404, 413, 422, 429)},
    auth=SIGNED_IN,
    summary="Add a photo",
)
def add_photo(
    request,
    complaint_id: Id,
    file: File[UploadedFile],
    caption: Text(images.CAPTION_MAX_CHARS) = NO_CAPTION,
):
    """A JPEG, PNG, WebP or HEIC photo of up to 12 MB and 40 megapixels, sent as
    multipart/form-data.

    Answers 202 with the photo in state `processing`: what can be checked at once (size, kind
    of file, pixel count) is, and a file that fails answers 400 with the reason. The photo is
    then re-encoded in the background from its pixels alone (no metadata, GPS included,
    survives) and becomes `ready`: shown to everyone, with its `url`, and counted in the post's
    `photos_count`. A file that cannot be decoded after all becomes `failed`, with
    `failure_reason`. Until it is ready, only you see it, in the post's `photos`."""
    complaint = get_complaint_for(request, complaint_id)
    # Refuse strangers before reading their file.
    if complaint.author_id != request.user.pk:
        raise DomainError("Only the author can do this.", code="forbidden")
    check_rate(request, "post")
    checked = images.check_upload(file)
    photo = services.attach_photo(
        complaint=complaint, author=request.user, image=checked, caption=caption
    )
    return Status(202, {**photo_out(request, photo), "complaint_id": complaint.pk})
