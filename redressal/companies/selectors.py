from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from redressal.companies.models import Company
from redressal.companies.page_cache import Stamp
from redressal.complaints import cards
from redressal.complaints.models import Complaint
from redressal.core import stored_sql
from redressal.core.pagination import CheapSlices

SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-created_at", "-id"),
    "helpful": ("-helpful_count", "-created_at", "-id"),
    "popular": ("-views_count", "-created_at", "-id"),
    "oldest": ("created_at", "id"),
}
DEFAULT_SORT = "newest"

FILTERS: dict[str, Q] = {
    "resolved": Q(kind=Complaint.Kind.COMPLAINT, status=Complaint.Status.RESOLVED),
    "photos": Q(photos_count__gt=0),
}

# The company page's six-way menu: label, sort, filter.
MENU: tuple[tuple[str, str, str], ...] = (
    ("Newest", "newest", ""),
    ("Most Helpful", "helpful", ""),
    ("Most Popular", "popular", ""),
    ("Resolved", "newest", "resolved"),
    ("Contains Photos or Videos", "newest", "photos"),
    ("Oldest", "oldest", ""),
)

LISTED_PHOTOS = 3


@dataclass(frozen=True)
class Listing:
    posts: QuerySet | Callable[[], QuerySet]  # or what makes it, only when a page needs it
    total: int
    rows: Callable[[QuerySet], QuerySet] | None = None  # what a page reads of each post
    key: tuple | None = None  # names the list, for CheapSlices to keep its SQL

    def pages(self) -> CheapSlices:
        return CheapSlices(
            self.posts, total=self.total, rows=self.rows, key=self.key, model=Complaint
        )


def company_posts(company: Company, *, sort: str, filter: str) -> Listing:
    """Published complaints and reviews of one company, in the order the visitor chose, with
    what their cards show.

    The total comes from the company's stored counters, so paginating never counts rows.
    """
    posts = _ordered(company, sort, filter).as_cards()
    return Listing(posts=posts, total=listing_total(company, filter))


def company_cards(stamp: Stamp, *, sort: str, filter: str) -> Listing:
    """The same list as `company_posts`, for the company of a page's `stamp`, each post read
    only as far as finding its stored card takes (`complaints.cards.render` shows them)."""
    return Listing(
        posts=lambda: _ordered(stamp.pk, sort, filter),
        total=listing_total(stamp, filter),
        rows=cards.keyed,
        key=("company cards", stamp.pk, sort, filter),
    )


def _ordered(company: Company | int, sort: str, filter: str) -> QuerySet:
    return _LISTS[sort, filter].filter(company=company)


def _list(sort: str, filter: str) -> QuerySet:
    posts = Complaint.objects.published().order_by(*SORTS[sort])
    return posts.filter(FILTERS[filter]) if filter else posts


# Every company's lists, composed once: a page only adds its company. Never evaluated
# themselves (each use is a new queryset), so they hold no rows.
_LISTS: dict[tuple[str, str], QuerySet] = {
    (sort, filter): _list(sort, filter) for sort in SORTS for filter in ("", *FILTERS)
}


def listing_total(company, filter: str) -> int:
    """How many posts the listing holds, from the stored counters of `company` (a Company, or
    anything with the same counters)."""
    if filter == "resolved":
        return company.resolved_count
    if filter == "photos":
        return company.with_photos_count
    return company.posts_count


def company_by_slug(slug: str) -> Company | None:
    """The company at /companies/<slug>/, listed or not (its SQL kept: every filing asks)."""
    return stored_sql.first(
        ("company-by-slug",), Company, lambda value: Company.objects.filter(slug=value), slug
    )


def companies_by_letter(*, letter: str, industry: str) -> QuerySet:
    companies = Company.objects.listed().order_by("name")
    if industry:
        companies = companies.filter(industry=industry)
    if letter == "0-9":
        companies = companies.filter(name__regex=r"^[0-9]")
    elif letter:
        companies = companies.filter(name__istartswith=letter)
    return companies


def find_company(text: str) -> Company | None:
    """The listed company a person meant by its slug, name or one of its aliases."""
    text = (text or "").strip()
    if not text:
        return None
    listed = Company.objects.listed()
    exact = listed.filter(Q(slug=text) | Q(name__iexact=text)).first()
    if exact:
        return exact
    for company in listed.filter(aliases__icontains=text)[:20]:
        if any(alias.casefold() == text.casefold() for alias in company.aliases):
            return company
    return None


def lookup_companies(text: str, *, limit: int = 8) -> list[Company]:
    """Type-ahead: listed companies the text probably means, forgiving typos, knowing aliases."""
    from redressal.search.companies import lookup

    text = (text or "").strip()[:80]
    if len(text) < 2:
        return []
    return lookup(text, limit=limit)
