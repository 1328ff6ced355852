"""Comments under a complaint: threads with their replies, and official company responses."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Query, Router, Schema, Status
from pydantic import Field

from redressal.api.auth import ANYONE, OPTIONAL_AUTH, SIGNED_IN
from redressal.api.errors import responses
from redressal.api.schemas import (
    AuthorOut,
    CompanyRefOut,
    Id,
    PhotoOut,
    Text,
    author_out,
    photos_out,
)
from redressal.complaints.access import get_complaint_for
from redressal.complaints.models import Visibility
from redressal.complaints.selectors import THREADS_PER_PAGE, discussion_for
from redressal.core.errors import DomainError
from redressal.core.ratelimit import check_rate
from redressal.discussion import services
from redressal.discussion.models import Comment

router = Router(tags=["comments"])


class ReplyOut(Schema):
    id: int
    kind: Comment.Kind
    body: str
    author: AuthorOut
    official: bool = Field(description="An official response, speaking for `company`.")
    company: CompanyRefOut | None
    created_at: datetime
    edited_at: datetime | None
    photos: list[PhotoOut]


class ThreadOut(ReplyOut):
    replies: list[ReplyOut]


class CommentsPage(Schema):
    page: Annotated[int, Field(ge=1, le=1_000_000, description="1 for the first page.")] = 1


class CommentsOut(Schema):
    complaint_id: int
    comments_count: int
    official: list[ThreadOut] = Field(description="Official responses first, with replies.")
    threads: list[ThreadOut]
    page: int
    per_page: int = Field(description="Top-level comments per page; replies come with them.")
    has_next: bool


def _comment(request, comment: Comment) -> dict:
    company = comment.official_company
    return {
        "id": comment.pk,
        "kind": comment.kind,
        "body": comment.body,
        "author": author_out(comment.author),
        "official": comment.is_official,
        "company": {"slug": company.slug, "name": company.name} if company else None,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "photos": photos_out(request, comment.photos.all(), author_id=comment.author_id),
    }


def _thread(request, thread) -> dict:
    return {
        **_comment(request, thread.comment),
        "replies": [_comment(request, reply) for reply in thread.replies],
    }


@router.get(
    "/complaints/{complaint_id}/comments",
    response={200: CommentsOut, **responses(404, 422)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_AUTH,
    summary="List a complaint's comments",
)
def list_comments(request, complaint_id: Id, page: Query[CommentsPage]):
    """Published comments, oldest first, a page of top-level comments at a time, each with
    its replies; the official responses come with every page. Past the last page, `threads`
    is empty."""
    complaint = get_complaint_for(request, complaint_id)
    discussion = discussion_for(complaint, page=page.page)
    return {
        "complaint_id": complaint.pk,
        "comments_count": complaint.comments_count,
        "official": [_thread(request, t) for t in discussion.official],
        "threads": [_thread(request, t) for t in discussion.threads],
        "page": discussion.page,
        "per_page": THREADS_PER_PAGE,
        "has_next": discussion.has_next,
    }


class CommentIn(Schema):
    kind: Comment.Kind = Comment.Kind.NEUTRAL
    body: Text(services.COMMENT_MAX)
    parent: Id | None = Field(None, description="The id of the comment this replies to.")


class CommentCreatedOut(Schema):
    id: int
    complaint_id: int
    parent_id: int | None
    kind: Comment.Kind
    body: str
    author: AuthorOut
    held: bool = Field(description="Waiting for the author to verify their e-mail address.")
    created_at: datetime


@router.post(
    "/complaints/{complaint_id}/comments",
    response={201: CommentCreatedOut, **responses(400, 401, 403, 404, 422, 429)},
    auth=SIGNED_IN,
    summary="Comment or reply",
)
def post_comment(request, complaint_id: Id, payload: CommentIn):
    """A comment of one of three kinds, or a reply (answering a reply answers its thread)."""
    complaint = get_complaint_for(request, complaint_id)
    check_rate(request, "comment")
    parent = None
    if payload.parent is not None:
        parent = Comment.objects.filter(pk=payload.parent, complaint=complaint).first()
        if parent is None:
            raise DomainError("The comment you replied to is gone.", field="parent")
    comment = services.post_comment(
        complaint=complaint,
        author=request.user,
        body=payload.body,
        kind=payload.kind.value,
        parent=parent,
    )
    return Status(
        201,
        {
            "id": comment.pk,
            "complaint_id": complaint.pk,
            "parent_id": comment.parent_id,
            "kind": comment.kind,
            "body": comment.body,
            "author": author_out(comment.author),
            "held": comment.visibility == Visibility.HELD,
            "created_at": comment.created_at,
        },
    )
