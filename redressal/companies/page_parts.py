"""The parts of a company's listing that show the company itself, rendered once per change and
kept in each process's memory.

Every page of the listing shows the company's header (name, badge, counters, contacts), and
the first one its numbers (`insights.numbers`) too. They depend on the company's row alone,
and everything that changes what a company's pages show moves its `page_generation`
(`page_cache.company_changed`). So they are stored under a key holding the generation that
the page's stamp read with the counters: like the cards, a stored part can be missing, never
stale. They also expire after PAGE_SECONDS, so that numbers grown old still get recomputed
(`company_numbers` asks for that when it reads them).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from redressal.companies.models import Company
from redressal.companies.page_cache import PAGE_SECONDS, Stamp, company_key
from redressal.insights.numbers import company_numbers


@dataclass(frozen=True)
class CompanyParts:
    name: str
    description: str  # the page's meta description
    header: SafeString
    numbers: SafeString | None  # on the first page only


def company_parts(stamp: Stamp, *, with_numbers: bool) -> CompanyParts | None:
    """The company's parts as of `stamp`; None if the company is gone since."""
    store = caches["parts"]
    key = company_key(stamp.pk, stamp.page_generation, "parts", int(with_numbers))
    parts = store.get(key)
    if parts is None:
        company = Company.objects.select_related("numbers").filter(pk=stamp.pk).first()
        if company is None:
            return None
        parts = _render(company, with_numbers=with_numbers)
        store.set(key, parts, PAGE_SECONDS)
    return parts


def _render(company: Company, *, with_numbers: bool) -> CompanyParts:
    context = {"company": company}
    numbers = None
    if with_numbers:
        context["numbers"] = company_numbers(company)
        numbers = render_to_string("insights/numbers.html", context)
    return CompanyParts(
        name=company.name,
        description=(
            f"{intcomma(company.posts_count)} complaints and reviews about {company.name}:"
            f" {intcomma(company.resolved_count)} resolved,"
            f" {intcomma(company.unresolved_count)} unresolved."
        ),
        header=render_to_string("companies/header.html", context),
        numbers=numbers,
    )
