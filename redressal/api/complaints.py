"""Complaints and reviews: a company's list, one post, and what its author does with it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from redressal.api.auth import ANYONE, OPTIONAL_AUTH, SIGNED_IN
from redressal.api.companies import company_or_404
from redressal.api.errors import responses
from redressal.api.schemas import (
    AuthorOut,
    CategoryOut,
    CompanyRefOut,
    Id,
    PageNumber,
    PhotoOut,
    Text,
    UpdateOut,
    absolute,
    author_out,
    category_out,
    photos_out,
    update_out,
)
from redressal.companies import selectors as company_selectors
from redressal.complaints import selectors, services
from redressal.complaints.access import AUTHOR, get_complaint_for, has_private_text, private_role
from redressal.complaints.models import Complaint
from redressal.core.errors import DomainError
from redressal.core.ratelimit import check_rate
from redressal.insights.models import Category
from redressal.moderation.text import KIND_LABELS, PHRASE_MAX, PHRASES_MAX

router = Router(tags=["complaints"])

Sort = Literal[*company_selectors.SORTS]
Filter = Literal[*company_selectors.FILTERS]
Rating = Annotated[int, Field(ge=1, le=5)]
CompanySlug = Text(140, min_length=1)
CategorySlug = Text(90, min_length=1)
Phrases = Annotated[
    list[Text(PHRASE_MAX)],
    Field(
        max_length=PHRASES_MAX,
        description=f"Up to {PHRASES_MAX} phrases of up to {PHRASE_MAX} characters.",
    ),
]
MARK_PRIVATE = (
    "Phrases to hide although nothing flagged them (a name, an address…); each must appear "
    "in the title or text, and shows as [protected] wherever it does."
)
MARK_PUBLIC = "Phrases that were hidden as personal data by mistake: they are shown."


# --- What a post looks like -------------------------------------------------------------


class ComplaintItemOut(Schema):
    id: int
    url: str
    kind: Complaint.Kind
    title: str
    body: str
    product: str
    rating: int | None
    category: CategoryOut | None
    status: Complaint.Status
    author: AuthorOut
    helpful_count: int
    comments_count: int
    photos_count: int
    views_count: int
    created_at: datetime
    edited_at: datetime | None
    resolved_at: datetime | None
    photos: list[PhotoOut]
    updates: list[UpdateOut]
    voted: bool = Field(description="Whether the caller found this helpful.")


class StatusChangeOut(Schema):
    from_status: Complaint.Status
    to_status: Complaint.Status
    note: str
    actor: str | None = Field(description="Username of who changed it.")
    created_at: datetime


class ComplaintDetailBase(ComplaintItemOut):
    company: CompanyRefOut
    visibility: str = Field(description="draft, published, held, hidden or deleted.")
    held_reason: str = Field(description="Why a held post waits: email_unverified or moderation.")
    private_details: str | None = Field(
        description="Only for the author, the company's representatives and moderators; "
        "null for everyone else."
    )
    original_title: str | None = Field(
        description='The title as the author wrote it, "" when nothing in it was hidden. Only '
        "for the author, the company's representatives and moderators (their reading is "
        "logged for the author); null for everyone else."
    )
    original_body: str | None = Field(
        description='The text as the author wrote it, "" when nothing in it was hidden; '
        "shown as original_title is."
    )
    protected_spans: dict[str, list[tuple[int, int, str]]] | None = Field(
        description='What the public text hides: {"title": [[start, end, kind], …], "body": …}, '
        "offsets into the originals; shown as original_title is."
    )
    timeline: list[StatusChangeOut]


def _post_fields(request, c: Complaint, *, photos, updates) -> dict:
    return {
        "id": c.pk,
        "url": absolute(request, c),
        "kind": c.kind,
        "title": c.title,
        "body": c.body,
        "product": c.product,
        "rating": c.rating,
        "category": category_out(c.category),
        "status": c.status,
        # Where the author lived when posting, as the post shows it.
        "author": author_out(c.author, city=c.author_city, state=c.author_state),
        "helpful_count": c.helpful_count,
        "comments_count": c.comments_count,
        "photos_count": c.photos_count,
        "views_count": c.views_count,
        "created_at": c.created_at,
        "edited_at": c.edited_at,
        "resolved_at": c.resolved_at,
        "photos": photos_out(
            request, [p for p in photos if p.comment_id is None], author_id=c.author_id
        ),
        "updates": [update_out(u) for u in updates],
        "voted": getattr(c, "voted", False),
    }


def complaint_detail(request, complaint: Complaint) -> dict:
    """One post as the caller may see it: private text only for those allowed, and logged."""
    complaint = Complaint.objects.with_listing_relations().get(pk=complaint.pk)
    selectors.mark_voted([complaint], request.user)
    return _detail(
        request,
        complaint,
        photos=complaint.photos.filter(comment__isnull=True),
        updates=complaint.updates.all(),
        timeline=complaint.status_changes.select_related("actor"),
    )


def _just_filed_detail(request, complaint: Complaint) -> dict:
    """What `complaint_detail` answers for a post its author has just filed, from the post
    `file_complaint` returned: it has no photos, updates, votes or status changes yet, so
    reading it back would only cost five queries."""
    complaint.voted = False
    return _detail(request, complaint, photos=[], updates=[], timeline=[])


def _detail(request, complaint: Complaint, *, photos, updates, timeline) -> dict:
    role = private_role(request.user, complaint)
    if role not in (None, AUTHOR) and has_private_text(complaint):
        services.record_private_access(
            complaint=complaint, viewer=request.user, role=role, where="api"
        )
    allowed = role is not None
    return {
        **_post_fields(request, complaint, photos=photos, updates=updates),
        "company": {"slug": complaint.company.slug, "name": complaint.company.name},
        "visibility": complaint.visibility,
        "held_reason": complaint.held_reason,
        "private_details": complaint.private_details if allowed else None,
        "original_title": complaint.original_title if allowed else None,
        "original_body": complaint.original_body if allowed else None,
        "protected_spans": complaint.protected_spans if allowed else None,
        "timeline": [
            {
                "from_status": s.from_status,
                "to_status": s.to_status,
                "note": s.note,
                "actor": s.actor.username if s.actor else None,
                "created_at": s.created_at,
            }
            for s in timeline
        ],
    }


# --- A company's posts --------------------------------------------------------------------


class CompanyComplaintsIn(Schema):
    sort: Sort = company_selectors.DEFAULT_SORT
    filter: Filter | None = None
    page: PageNumber = 1


class CompanyComplaintsOut(Schema):
    items: list[ComplaintItemOut]
    sort: Sort
    filter: Filter | None
    page: int
    per_page: int
    total: int
    pages: int


@router.get(
    "/companies/{slug}/complaints",
    response={200: CompanyComplaintsOut, **responses(404, 422)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_AUTH,
    summary="List a company's complaints and reviews",
)
def company_complaints(request, slug: str, params: Query[CompanyComplaintsIn]):
    """Published posts, in the company page's order and pages (20 a page).

    `total` and `pages` come from the company's counters. A page past the last answers 200
    with no items, and the real total and page count.
    """
    company = company_or_404(slug)
    listing = company_selectors.company_posts(company, sort=params.sort, filter=params.filter or "")
    paginator = Paginator(listing.pages(), settings.COMPLAINTS_PER_PAGE)
    posts = []
    if params.page <= paginator.num_pages:
        posts = list(paginator.page(params.page).object_list)
    selectors.mark_voted(posts, request.user)
    return {
        "items": [
            _post_fields(request, c, photos=c.photos.all(), updates=c.updates.all()) for c in posts
        ],
        "sort": params.sort,
        "filter": params.filter,
        "page": params.page,
        "per_page": settings.COMPLAINTS_PER_PAGE,
        "total": listing.total,
        "pages": paginator.num_pages,
    }


# --- Preview ------------------------------------------------------------------------------
# Before "One post": /complaints/{complaint_id} would otherwise take /complaints/preview.


class ComplaintPreviewIn(Schema):
    title: Text(services.TITLE_MAX)
    body: Text(services.BODY_MAX)
    mark_private: Phrases | None = Field(None, description=MARK_PRIVATE)
    mark_public: Phrases | None = Field(None, description=MARK_PUBLIC)


class PreviewSpanOut(Schema):
    field: Literal["title", "body"]
    start: int = Field(description="Offset into the submitted text.")
    end: int
    kind: str = Field(
        description='What it looks like: "phone", "email", "reference"…, '
        'or "marked" for a phrase in mark_private.'
    )
    label: str = Field(description="The kind in words.")
    text: str = Field(description="The submitted text from start to end.")


class ComplaintPreviewOut(Schema):
    title: str = Field(description="The title as the public would see it.")
    body: str = Field(description="The text as the public would see it.")
    spans: list[PreviewSpanOut] = Field(description="What the public would not see.")


PREVIEW_RATE = "preview"


@router.post(
    "/complaints/preview",
    response={200: ComplaintPreviewOut, **responses(400, 401, 403, 422, 429)},
    auth=SIGNED_IN,
    summary="Preview what the public would see of a title and text",
)
def preview_complaint(request, payload: ComplaintPreviewIn):
    """The title and text as filing them would publish them, and what would be hidden.

    Nothing is stored. Errors are the ones filing would answer (a phrase to hide that does
    not appear, a text that is only personal data…).
    """
    check_rate(request, PREVIEW_RATE)
    # Exactly the checks and pipeline filing runs, so the preview refuses what filing would.
    protected = services.clean_post_fields(
        kind=Complaint.Kind.COMPLAINT,
        title=payload.title,
        body=payload.body,
        product="",
        rating=None,
        private_details="",
        mark_private=payload.mark_private,
        mark_public=payload.mark_public,
    )
    spans = []
    for name, submitted in (("title", payload.title), ("body", payload.body)):
        # The service strips the text; offsets are given back in what was sent.
        shift = len(submitted) - len(submitted.lstrip())
        for start, end, kind in protected["protected_spans"].get(name, []):
            spans.append(
                {
                    "field": name,
                    "start": start + shift,
                    "end": end + shift,
                    "kind": kind,
                    "label": KIND_LABELS.get(kind, "personal data"),
                    "text": submitted[start + shift : end + shift],
                }
            )
    return {"title": protected["title"], "body": protected["body"], "spans": spans}


# --- One post -----------------------------------------------------------------------------


class ComplaintOut(ComplaintDetailBase):
    pass


@router.get(
    "/complaints/{complaint_id}",
    response={200: ComplaintOut, **responses(404, 422)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_AUTH,
    summary="Get a complaint or review",
)
def get_complaint(request, complaint_id: Id):
    """A published post, or one the caller may see (their own draft or held post)."""
    return complaint_detail(request, get_complaint_for(request, complaint_id))


# --- Filing -------------------------------------------------------------------------------


class ComplaintCreateIn(Schema):
    company: CompanySlug = Field(description="The company's slug.")
    kind: Complaint.Kind = Complaint.Kind.COMPLAINT
    title: Text(services.TITLE_MAX)
    body: Text(services.BODY_MAX)
    product: Text(services.PRODUCT_MAX) = ""
    category: CategorySlug | None = Field(None, description="A category's slug.")
    rating: Rating | None = Field(None, description="1 to 5 stars; required for a review.")
    private_details: Text(services.PRIVATE_MAX) = ""
    mark_private: Phrases | None = Field(None, description=MARK_PRIVATE)
    mark_public: Phrases | None = Field(None, description=MARK_PUBLIC)
    draft: bool = Field(False, description="Keep it as a draft to publish later.")


class ComplaintCreatedOut(ComplaintDetailBase):
    pass


def _category(slug: str | None) -> Category | None:
    if slug is None:
        return None
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise DomainError("There is no category with this slug.", field="category")
    return category


@router.post(
    "/complaints",
    response={201: ComplaintCreatedOut, **responses(400, 401, 403, 422, 429)},
    auth=SIGNED_IN,
    summary="File a complaint or review",
)
def create_complaint(request, payload: ComplaintCreateIn, response: HttpResponse):
    """Published at once unless `draft`; held (visibility `held`) while the author's e-mail
    is unverified or the company waits for a moderator.

    Send an `Idempotency-Key` header (8 to 64 letters, digits, `.`, `-`, `_`, new for each
    complaint) and a retry of the same request, after a timeout or a lost connection, answers
    with the complaint the first one filed (header `Idempotent-Replayed: true`) instead of
    filing it twice."""
    check_rate(request, "post")
    company = company_selectors.company_by_slug(payload.company)
    if company is None:
        raise DomainError("There is no company with this slug.", field="company")
    complaint = services.file_complaint(
        submission_key=request.headers.get("Idempotency-Key", ""),
        author=request.user,
        company=company,
        kind=payload.kind.value,
        title=payload.title,
        body=payload.body,
        product=payload.product,
        category=_category(payload.category),
        rating=payload.rating,
        private_details=payload.private_details,
        mark_private=payload.mark_private,
        mark_public=payload.mark_public,
        draft=payload.draft,
    )
    if complaint.replayed:
        response["Idempotent-Replayed"] = "true"
        return Status(201, complaint_detail(request, complaint))
    return Status(201, _just_filed_detail(request, complaint))


# --- The author's changes -----------------------------------------------------------------


class ComplaintEditIn(Schema):
    """Only the fields sent change; `category`, `rating` and `product` may be null to clear."""

    title: Text(services.TITLE_MAX) | None = None
    body: Text(services.BODY_MAX) | None = None
    product: Text(services.PRODUCT_MAX) | None = None
    category: CategorySlug | None = None
    rating: Rating | None = None
    private_details: Text(services.PRIVATE_MAX) | None = None
    mark_private: Phrases | None = Field(
        None, description=MARK_PRIVATE + " Not sent: the phrases marked before stay hidden."
    )
    mark_public: Phrases | None = Field(
        None, description=MARK_PUBLIC + " Not sent: the phrases shown before stay shown."
    )


class ComplaintEditedOut(ComplaintDetailBase):
    pass


@router.patch(
    "/complaints/{complaint_id}",
    response={200: ComplaintEditedOut, **responses(400, 401, 403, 404, 422, 429)},
    auth=SIGNED_IN,
    summary="Edit a complaint or review",
)
def edit_complaint(request, complaint_id: Id, payload: ComplaintEditIn):
    """The author's changes: drafts freely, published posts within 48 hours of publishing."""
    complaint = get_complaint_for(request, complaint_id)
    check_rate(request, "post")
    sent = payload.model_fields_set
    category = complaint.category
    if "category" in sent:
        category = _category(payload.category)
    # The author's own text, not the public one, stands for what they did not send.
    written = services.author_text(complaint)
    complaint = services.edit_complaint(
        complaint=complaint,
        author=request.user,
        title=written["title"] if payload.title is None else payload.title,
        body=written["body"] if payload.body is None else payload.body,
        product=(payload.product or "") if "product" in sent else complaint.product,
        category=category,
        rating=payload.rating if "rating" in sent else complaint.rating,
        private_details=(
            (payload.private_details or "")
            if "private_details" in sent
            else complaint.private_details
        ),
        mark_private=payload.mark_private,
        mark_public=payload.mark_public,
    )
    return complaint_detail(request, complaint)


@router.delete(
    "/complaints/{complaint_id}",
    response={204: None, **responses(400, 401, 403, 404, 422)},
    auth=SIGNED_IN,
    summary="Delete a complaint or review",
)
def delete_complaint(request, complaint_id: Id):
    """The author's soft delete: the post leaves every page and list."""
    complaint = get_complaint_for(request, complaint_id)
    services.delete_complaint(complaint=complaint, author=request.user)
    return Status(204, None)


class ComplaintPublishedOut(ComplaintDetailBase):
    pass


@router.post(
    "/complaints/{complaint_id}/publish",
    response={200: ComplaintPublishedOut, **responses(400, 401, 403, 404, 422)},
    auth=SIGNED_IN,
    summary="Publish a draft",
)
def publish_complaint(request, complaint_id: Id):
    """A draft goes public, or is held (see `held_reason`) until it can."""
    complaint = get_complaint_for(request, complaint_id)
    complaint = services.publish_draft(complaint=complaint, author=request.user)
    return complaint_detail(request, complaint)
