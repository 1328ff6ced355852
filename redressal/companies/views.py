from __future__ import annotations

import math
import string

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from redressal.companies import page_cache, page_parts, selectors
from redressal.companies.models import Company
from redressal.complaints import cards
from redressal.core.pagination import KeysetPage, page_window, parse_page

LETTERS = [*string.ascii_uppercase, "0-9"]
COMPANIES_PER_PAGE = 60


def _redirect_to(path: str, params: dict[str, object]) -> HttpResponseRedirect:
    """Redirect to the canonical listing URL: empty values and page 1 are left out."""
    query = urlencode(
        {key: value for key, value in params.items() if value and (key, value) != ("page", 1)}
    )
    return HttpResponseRedirect(f"{path}?{query}" if query else path)


@require_safe
def directory(request):
    letter = request.GET.get("letter", "").upper()
    industry = request.GET.get("industry", "")
    page = parse_page(request.GET.get("page"))
    clean = {
        "letter": letter if letter in LETTERS else "",
        "industry": industry if industry in Company.Industry.values else "",
    }
    if not page.valid or clean["letter"] != letter or clean["industry"] != industry:
        return _redirect_to(request.path, clean)
    companies = selectors.companies_by_letter(**clean)
    paginator = Paginator(companies, COMPANIES_PER_PAGE)
    if page.number > paginator.num_pages:
        return _redirect_to(request.path, {**clean, "page": paginator.num_pages})
    page_obj = paginator.page(page.number)
    return render(
        request,
        "companies/directory.html",
        {
            "page_obj": page_obj,
            "pages": page_window(page_obj.number, paginator.num_pages),
            "letters": LETTERS,
            "industries": Company.Industry.choices,
            "letter": clean["letter"],
            "industry": clean["industry"],
            "industry_label": Company.Industry(clean["industry"]).label if industry else "",
            "query": urlencode({k: v for k, v in clean.items() if v}),
        },
    )


@require_safe
def detail(request, slug: str):
    # Only the company's counters and page generation first: a stored copy needs no more.
    stamp = page_cache.stamp_for(request, slug)
    if stamp is None:
        raise Http404("No such company.")
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    filter_ = request.GET.get("filter", "")
    page = parse_page(request.GET.get("page"))
    clean = {
        "sort": sort if sort in selectors.SORTS else selectors.DEFAULT_SORT,
        "filter": filter_ if filter_ in selectors.FILTERS else "",
    }
    canonical = {
        "sort": "" if clean["sort"] == selectors.DEFAULT_SORT else clean["sort"],
        "filter": clean["filter"],
    }
    if not page.valid or clean["sort"] != sort or clean["filter"] != filter_:
        # Anything unknown or malformed in the query goes to the page it most likely meant.
        return _redirect_to(request.path, canonical)
    per_page = settings.COMPLAINTS_PER_PAGE
    last_page = max(1, math.ceil(selectors.listing_total(stamp, clean["filter"]) / per_page))
    if page.number > last_page:
        return _redirect_to(request.path, {**canonical, "page": last_page})
    after = parse_page(request.GET.get("after")) if "after" in request.GET else None
    if after is not None and (not after.valid or page.number == 1):
        return _redirect_to(request.path, {**canonical, "page": page.number})
    variant = f"{clean['sort']}:{clean['filter']}:{page.number}:{int(bool(request.htmx))}"
    if after is not None:
        variant += f":after{after.number}"

    def render_page():
        first_full_page = page.number == 1 and after is None and not request.htmx
        parts = page_parts.company_parts(stamp, with_numbers=first_full_page)
        if parts is None:
            raise Http404("No such company.")
        listing = selectors.company_cards(stamp, sort=clean["sort"], filter=clean["filter"])
        paginator = Paginator(listing.pages(), per_page)
        if after is None:
            page_obj = paginator.page(min(page.number, paginator.num_pages))
        else:
            page_obj = _page_after(paginator, page.number, after.number)
            if page_obj is None:
                return _redirect_to(request.path, {**canonical, "page": page.number})
        return _render_detail(request, parts, page_obj, clean, canonical)

    key = page_cache.company_key(stamp.pk, stamp.page_generation, "list", variant)
    return page_cache.serve(request, key, render_page)


def _page_after(paginator: Paginator, number: int, anchor_pk: int) -> KeysetPage | None:
    """Page `number`, read as the posts that follow the last one of the page before it."""
    size = paginator.per_page
    posts = paginator.object_list.after(anchor_pk, size + 1)
    if not posts:
        return None
    return KeysetPage(posts[:size], number, paginator, more=len(posts) > size)


def _render_detail(request, parts: page_parts.CompanyParts, page_obj, clean: dict, canonical: dict):
    menu = [
        {
            "label": label,
            "query": urlencode(
                {k: v for k, v in (("sort", "" if s == "newest" else s), ("filter", f)) if v}
            ),
            "current": (s, f) == (clean["sort"], clean["filter"]),
        }
        for label, s, f in selectors.MENU
    ]
    # htmx "Load more" swaps in the next page's posts (and its own next link) only.
    template = "companies/detail.html#page-of-posts" if request.htmx else "companies/detail.html"
    return render(
        request,
        template,
        {
            "parts": parts,
            "page_obj": page_obj,
            # One string: the template would otherwise pay a loop step for each card.
            "cards": mark_safe(  # noqa: S308 (cards.render gives escaped HTML)
                "".join(html for _post, html in cards.render(request, list(page_obj.object_list)))
            ),
            "pages": page_window(page_obj.number, page_obj.paginator.num_pages),
            "menu": menu,
            "sort": clean["sort"],
            "filter": clean["filter"],
            "query": urlencode({k: v for k, v in canonical.items() if v}),
            # "Next" and "Load more" continue from the last post shown (keyset paging).
            "next_after": page_obj.object_list[-1].pk if page_obj.has_next() else None,
        },
    )


@require_safe
def lookup(request):
    """Type-ahead for the filing form and the header: matching companies as options."""
    text = request.GET.get("q") or request.GET.get("company", "")
    companies = selectors.lookup_companies(text)
    return render(request, "companies/lookup.html", {"companies": companies})
