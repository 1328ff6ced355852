"""Companies: the directory, one company, and the name look-up the filing form uses."""

from __future__ import annotations

import re
from dataclasses import asdict

from django.core.paginator import Paginator
from django.http import Http404
from ninja import Field, Query, Router, Schema

from redressal.api.auth import ANYONE, OPTIONAL_AUTH
from redressal.api.errors import responses
from redressal.api.schemas import PageNumber, Text, absolute
from redressal.companies import selectors
from redressal.companies.models import Company
from redressal.insights.numbers import company_numbers

router = Router(tags=["companies"])

COMPANIES_PER_PAGE = 60
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,140}")


def company_or_404(slug: str) -> Company:
    """The company at /companies/<slug>/ on the site, listed or not, as the page shows it."""
    company = selectors.company_by_slug(slug) if _SLUG.fullmatch(slug) else None
    if company is None:
        raise Http404("No company has this slug.")
    return company


class CompanyListIn(Schema):
    industry: Company.Industry | None = None
    page: PageNumber = 1


class CompanyListItemOut(Schema):
    slug: str
    name: str
    industry: str
    complaints_count: int
    resolved_count: int
    reviews_count: int
    rating: float | None
    url: str


class CompanyListOut(Schema):
    items: list[CompanyListItemOut]
    page: int
    per_page: int
    total: int
    pages: int


@router.get(
    "/companies",
    response={200: CompanyListOut, **responses(422)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_AUTH,
    summary="List companies",
)
def list_companies(request, filters: Query[CompanyListIn]):
    """Listed companies A to Z, 60 a page, optionally of one industry.

    A page past the last answers 200 with no items, and the real total and page count.
    """
    companies = selectors.companies_by_letter(letter="", industry=filters.industry or "")
    paginator = Paginator(companies, COMPANIES_PER_PAGE)
    items = []
    if filters.page <= paginator.num_pages:
        items = [
            {
                "slug": c.slug,
                "name": c.name,
                "industry": c.industry,
                "complaints_count": c.complaints_count,
                "resolved_count": c.resolved_count,
                "reviews_count": c.reviews_count,
                "rating": c.rating,
                "url": absolute(request, c),
            }
            for c in paginator.page(filters.page).object_list
        ]
    return {
        "items": items,
        "page": filters.page,
        "per_page": COMPANIES_PER_PAGE,
        "total": paginator.count,
        "pages": paginator.num_pages,
    }


class CompanyLookupIn(Schema):
    q: Text(200) = ""


class CompanyMatchOut(Schema):
    slug: str
    name: str
    aliases: list[str]
    complaints_count: int


class CompanyLookupOut(Schema):
    items: list[CompanyMatchOut]


@router.get(
    "/companies/lookup",
    response={200: CompanyLookupOut, **responses(422)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_AUTH,
    summary="Look up companies by name",
)
def lookup_companies(request, filters: Query[CompanyLookupIn]):
    """Listed companies whose name or an alias contains `q` (2 characters or more), as the
    site's type-ahead suggests them: most complained-about first, at most 8."""
    return {
        "items": [
            {
                "slug": c.slug,
                "name": c.name,
                "aliases": [str(alias) for alias in c.aliases or []],
                "complaints_count": c.complaints_count,
            }
            for c in selectors.lookup_companies(filters.q)
        ]
    }


class CompanyOut(Schema):
    slug: str
    name: str
    aliases: list[str]
    industry: str
    industry_label: str
    description: str
    website: str
    phone: str
    email: str
    address: str
    logo_url: str | None
    is_claimed: bool
    complaints_count: int
    resolved_count: int
    unresolved_count: int
    reviews_count: int
    with_photos_count: int
    rating: float | None
    rating_count: int
    url: str


@router.get(
    "/companies/{slug}",
    response={200: CompanyOut, **responses(404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_AUTH,
    summary="Get a company",
)
def get_company(request, slug: str):
    """One company with its public contacts and counters (`email` is its customer care)."""
    c = company_or_404(slug)
    return {
        "slug": c.slug,
        "name": c.name,
        "aliases": [str(alias) for alias in c.aliases or []],
        "industry": c.industry,
        "industry_label": c.get_industry_display(),
        "description": c.description,
        "website": c.website,
        "phone": c.phone,
        "email": c.email,
        "address": c.address,
        "logo_url": request.build_absolute_uri(c.logo.url) if c.logo else None,
        "is_claimed": c.is_claimed,
        "complaints_count": c.complaints_count,
        "resolved_count": c.resolved_count,
        "unresolved_count": c.unresolved_count,
        "reviews_count": c.reviews_count,
        "with_photos_count": c.with_photos_count,
        "rating": c.rating,
        "rating_count": c.rating_count,
        "url": absolute(request, c),
    }


class WeekOut(Schema):
    week: str = Field(description="The Monday the week starts on (ISO date).")
    complaints: int


class CategoryCountOut(Schema):
    category: str
    complaints: int


class CompanyNumbersOut(Schema):
    ready: bool = Field(description="False while the figures are first being computed.")
    complaints: int = 0
    answered: int = 0
    answered_share: float | None = Field(None, description="0 to 1; null with no complaints.")
    answered_within_15_days_share: float | None = None
    median_hours_to_first_answer: float | None = Field(
        None, description="Over answered complaints; null when none is answered."
    )
    resolved: int = Field(0, description="Resolved as their authors confirmed.")
    resolution_rate: float | None = None
    proposals: int = Field(0, description="Complaints that had a resolution proposed.")
    disputed: int = Field(0, description="Of those, how many their author disputed.")
    disputed_share: float | None = None
    weekly: list[WeekOut] = Field([], description="Complaints filed per week, last 52 weeks.")
    categories: list[CategoryCountOut] = Field([], description="Last year, by category.")
    computed_at: str | None = None


@router.get(
    "/companies/{slug}/numbers",
    response={200: CompanyNumbersOut, **responses(404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_AUTH,
    summary="A company's record of answering and resolving",
)
def get_company_numbers(request, slug: str):
    """The figures the company page shows: answers, response times, resolutions, volume."""
    company = company_or_404(slug)
    numbers = company_numbers(Company.objects.select_related("numbers").get(pk=company.pk))
    if numbers is None:
        return {"ready": False}
    return {
        **asdict(numbers),
        "ready": True,
        "weekly": [{"week": week, "complaints": n} for week, n in numbers.weekly],
        "categories": [{"category": c, "complaints": n} for c, n in numbers.categories],
    }
