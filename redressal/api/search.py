"""Full-text search over published complaints, as the site's /search/ page does it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from redressal.api.auth import ANYONE, OPTIONAL_AUTH
from redressal.api.errors import responses
from redressal.api.schemas import CategoryOut, CompanyRefOut, PageNumber, Text, absolute
from redressal.companies.models import Company
from redressal.complaints.models import Complaint
from redressal.insights.models import Category
from redressal.search.query import PER_PAGE, SearchQuery
from redressal.search.selectors import search as run_search

router = Router(tags=["search"])


class SearchIn(Schema):
    q: Text(5000) = Field("", description='Words; "a phrase"; -word leaves a word out.')
    company: Text(140) | None = Field(None, description="A company's slug.")
    category: Text(90) | None = Field(None, description="A category's slug.")
    status: Complaint.Status | None = None
    photos: bool = Field(False, description="Only posts with photos.")
    date_from: date | None = Field(None, alias="from", description="ISO date, inclusive.")
    date_to: date | None = Field(None, alias="to", description="ISO date, inclusive.")
    sort: Literal["relevance", "newest"] = "relevance"
    page: PageNumber = 1


class SearchHitOut(Schema):
    id: int
    title: str
    url: str
    company: CompanyRefOut
    category: CategoryOut | None
    status: str
    kind: str
    created_at: datetime
    snippet_html: str = Field(
        description="Public text around the hits: escaped HTML, hits inside <mark>."
    )


class SearchOut(Schema):
    query: str
    items: list[SearchHitOut]
    page: int
    per_page: int
    has_next: bool


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ("query", field), "msg": message, "type": "value_error"}])


@router.get(
    "/search",
    response={200: SearchOut, **responses(422)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_AUTH,
    summary="Search complaints",
)
def search_complaints(request, filters: Query[SearchIn]):
    """Published complaints and reviews matching `q`, 20 a page, best match first (or
    newest). An empty `q` gives no items; a page past the last gives no items and
    `has_next: false`. Long queries are cut to 200 characters and 20 terms."""
    company = category = None
    if filters.company:
        company = Company.objects.filter(slug=filters.company).first()
        if company is None:
            raise _invalid("company", "No company has this slug.")
    if filters.category:
        category = Category.objects.filter(slug=filters.category).first()
        if category is None:
            raise _invalid("category", "No category has this slug.")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise _invalid("to", "The end date is before the start date.")
    page = run_search(
        SearchQuery(
            text=filters.q,
            company_id=company.pk if company else None,
            category_id=category.pk if category else None,
            status=filters.status or "",
            has_photos=filters.photos,
            date_from=filters.date_from,
            date_to=filters.date_to,
            sort=filters.sort,
            page=filters.page,
        )
    )
    items = []
    for hit in page.hits:
        c = hit.complaint
        items.append(
            {
                "id": c.pk,
                "title": c.title,
                "url": absolute(request, c),
                "company": {"slug": c.company.slug, "name": c.company.name},
                "category": {"slug": c.category.slug, "name": c.category.name}
                if c.category
                else None,
                "status": c.status,
                "kind": c.kind,
                "created_at": c.created_at,
                "snippet_html": str(hit.snippet),
            }
        )
    return {
        "query": page.query.parsed.websearch(),
        "items": items,
        "page": page.page,
        "per_page": PER_PAGE,
        "has_next": page.has_next,
    }
