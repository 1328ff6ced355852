"""The parts of a company's listing that show the company itself, rendered once per change and
kept in each process's memory.

Every page of the listing shows the company's header (name, badge, counters, contacts), and
the first one its numbers (`insights.numbers`) too. The header depends on the company's row
alone, and everything that changes what a company's pages show moves its `page_generation`
(`page_cache.company_changed`): it is stored under the generation the page's stamp read with
the counters. The numbers change only when they are computed again, so they are stored under
the time they were computed (and the company's name, which they show), also read by the
stamp: a vote or a comment, which moves the generation, does not render them again. Like the
cards, a stored part can be missing, never stale. Both expire after PAGE_SECONDS, so that
numbers grown old are still asked for again (`company_numbers` does it when it reads them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from redressal.companies.models import Company
from redressal.companies.page_cache import PAGE_SECONDS, Stamp, company_key, shown_digest
from redressal.insights.numbers import company_numbers


@dataclass(frozen=True)
class CompanyParts:
    name: str
    description: str  # the page's meta description
    header: SafeString
    numbers: SafeString | None  # on the first page only


@dataclass(frozen=True)
class _Header:
    description: str
    html: SafeString


def company_parts(stamp: Stamp, *, with_numbers: bool) -> CompanyParts | None:
    """The company's parts as of `stamp`; None if the company is gone since."""
    store = caches["parts"]

    @cache
    def company() -> Company | None:  # read once, and only if a part is missing
        return Company.objects.select_related("numbers").filter(pk=stamp.pk).first()

    def stored(key: str, render):
        """The part kept under `key`, rendered and kept if missing; None if the company is
        gone."""
        return store.get_or_set(key, lambda: company() and render(company()), PAGE_SECONDS)

    header = stored(company_key(stamp.pk, stamp.page_generation, "header"), _render_header)
    if header is None:
        return None
    numbers = None
    if with_numbers:
        digest = shown_digest(stamp.numbers_at, stamp.name)
        numbers = stored(company_key(stamp.pk, "numbers", digest), _render_numbers)
        if numbers is None:
            return None
    return CompanyParts(
        name=stamp.name, description=header.description, header=header.html, numbers=numbers
    )


def _render_header(company: Company) -> _Header:
    return _Header(
        description=(
            f"{intcomma(company.posts_count)} complaints and reviews about {company.name}:"
            f" {intcomma(company.resolved_count)} resolved,"
            f" {intcomma(company.unresolved_count)} unresolved."
        ),
        html=render_to_string("companies/header.html", {"company": company}),
    )


def _render_numbers(company: Company) -> SafeString:
    context = {"company": company, "numbers": company_numbers(company)}
    return render_to_string("insights/numbers.html", context)
