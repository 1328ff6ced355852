"""Company actions: proposing a company the site does not list yet, and listing it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify

from redressal.accounts.models import User
from redressal.companies.models import Company
from redressal.companies.page_cache import company_changed
from redressal.complaints.services import publish_held_for_company
from redressal.core.errors import DomainError
from redressal.moderation.models import ModerationAction
from redressal.moderation.text import protect
from redressal.search.index import index_company_later

NAME_MAX = 120
WEBSITE_MAX = 200


def _free_slug(name: str) -> str:
    base = slugify(name)[:120].strip("-") or "company"
    slug, n = base, 2
    while Company.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_website(website: str) -> str:
    website = (website or "").strip()
    if not website:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(website)
    except ValidationError:
        raise DomainError(
            "Give the website as a full address, like https://example.com.",
            field="company_website",
        ) from None
    if len(website) > WEBSITE_MAX:
        raise DomainError(
            f"A website address can be at most {WEBSITE_MAX} characters.", field="company_website"
        )
    return website


@transaction.atomic
def propose_company(*, name: str, website: str = "", proposed_by: User) -> Company:
    """Add a company the site does not know yet; it stays unlisted until a moderator lists it.

    Posts about it can be filed at once: they wait, held, until the company is listed.
    """
    name = " ".join((name or "").split())
    if len(name) < 2:
        raise DomainError("Give the company's name.", field="company")
    if len(name) > NAME_MAX:
        raise DomainError(f"A name can be at most {NAME_MAX} characters.", field="company")
    if protect(name).public != name:
        raise DomainError(
            "Give just the company's name, without phone numbers, addresses or rude words.",
            field="company",
        )
    website = _clean_website(website)
    existing = Company.objects.filter(name__iexact=name).first()
    if existing and existing.is_listed:
        raise DomainError(
            f"{existing.name} is already listed: pick it from the suggestions.", field="company"
        )
    if existing and existing.proposed_by_id is None:
        raise DomainError(f"{existing.name} is not accepting complaints.", field="company")
    if existing:
        # Someone proposed it already: file with them, and wait for the same moderator.
        return existing
    return Company.objects.create(
        name=name,
        slug=_free_slug(name),
        website=website,
        is_listed=False,
        proposed_by=proposed_by,
    )


@transaction.atomic
def list_company(*, company: Company, moderator: User, reason: str = "") -> Company:
    """A moderator lists a proposed company; the posts that waited for it go public."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.is_listed:
        raise DomainError(f"{company.name} is already listed.", code="already_listed")
    company.is_listed = True
    company.save(update_fields=["is_listed"])
    company_changed(company.pk)  # its pages now offer to claim it
    published = publish_held_for_company(company=company)
    index_company_later(company)
    ModerationAction.objects.create(
        moderator=moderator,
        action=ModerationAction.Action.LIST_COMPANY,
        reason=reason or "Listed a proposed company.",
        before={"company": company.pk, "is_listed": False},
        after={"company": company.pk, "is_listed": True, "posts": [c.pk for c in published]},
    )
    return company
