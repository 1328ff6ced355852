"""The company's side: its inbox of complaints, assignment to agents, and the CSV export."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from redressal.accounts.models import User
from redressal.companies import inbox as selectors
from redressal.companies.models import Company
from redressal.complaints.models import Complaint, PrivateAccess
from redressal.complaints.resolution import assign_complaint
from redressal.core.errors import DomainError
from redressal.core.pagination import parse_page
from redressal.insights.models import Category
from redressal.insights.numbers import company_numbers

CSV_HEADER = [
    "id", "url", "filed", "kind", "title", "status", "category", "product", "author",
    "author city", "first answered", "days to first answer", "assigned to", "private details",
]  # fmt: skip


def _company_for(request, slug: str) -> Company:
    """The company, for its own representatives only; everyone else gets a 404."""
    company = get_object_or_404(
        Company.objects.select_related("numbers"), slug=slug, is_listed=True
    )
    if selectors.representation(request.user, company) is None:
        raise Http404("No such inbox.")
    return company


def _log_private_reads(user, complaints: list[Complaint], where: str) -> None:
    """The inbox shows private details: each complaint's author can see who read them."""
    PrivateAccess.objects.bulk_create(
        PrivateAccess(complaint=c, viewer=user, role=PrivateAccess.Role.REPRESENTATIVE, where=where)
        for c in complaints
        if c.private_details
    )


@login_required
@require_safe
def inbox(request, slug: str):
    company = _company_for(request, slug)
    filters = selectors.Filters.from_query(request.GET)
    page = parse_page(request.GET.get("page"))
    if not page.valid:
        return redirect(f"{request.path}?{_query(filters)}")
    complaints, has_next = selectors.page_of(
        selectors.inbox(company, filters, user=request.user), page.number
    )
    now = timezone.now()
    for complaint in complaints:
        complaint.clock = selectors.clock(complaint, now=now)
    _log_private_reads(request.user, complaints, "business inbox")
    return render(
        request,
        "companies/business/inbox.html",
        {
            "company": company,
            "complaints": complaints,
            "filters": filters,
            "query": _query(filters),
            "page": page.number,
            "has_next": has_next,
            "statuses": [("unanswered", "Unanswered"), *Complaint.Status.choices],
            "categories": Category.objects.order_by("name"),
            "products": selectors.product_names(company),
            "team": selectors.team(company),
            "numbers": company_numbers(company) if page.number == 1 else None,
        },
    )


def _query(filters: selectors.Filters) -> str:
    return urlencode(filters.as_query())


@login_required
@require_POST
def assign(request, slug: str, pk: int):
    company = _company_for(request, slug)
    complaint = get_object_or_404(Complaint, pk=pk, company=company)
    agent_id = request.POST.get("agent", "")
    agent = User.objects.filter(pk=agent_id).first() if agent_id.isdigit() else None
    if agent_id and agent is None:
        messages.error(request, "Choose someone from your team.")
    else:
        try:
            assign_complaint(complaint=complaint, representative=request.user, agent=agent)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            who = agent.username if agent else "nobody"
            messages.success(request, f"#{complaint.pk} is assigned to {who}.")
    # Back to the same view of the inbox: only its own filters travel.
    back = _query(selectors.Filters.from_query(QueryDict(request.POST.get("back", ""))))
    return redirect(f"{reverse('business:inbox', args=[slug])}?{back}#complaint-{pk}")


class _Echo:
    def write(self, value):
        return value


@login_required
@require_safe
def export(request, slug: str):
    """The filtered inbox as CSV, streamed so a large company's export stays small in memory."""
    company = _company_for(request, slug)
    filters = selectors.Filters.from_query(request.GET)
    complaints = selectors.inbox(company, filters, user=request.user)
    writer = csv.writer(_Echo())
    site = request.build_absolute_uri("/").rstrip("/")

    def rows():
        yield writer.writerow(CSV_HEADER)
        batch: list[Complaint] = []
        for complaint in complaints.iterator(chunk_size=500):
            batch.append(complaint)
            if len(batch) == 500:
                _log_private_reads(request.user, batch, "csv export")
                batch = []
            yield writer.writerow(_csv_row(site, complaint))
        _log_private_reads(request.user, batch, "csv export")

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{company.slug}-{stamp}.csv"'
    return response


def _csv_row(site: str, c: Complaint) -> list:
    took = (c.first_answered_at - c.created_at).days if c.first_answered_at else ""
    return [
        c.pk,
        site + c.get_absolute_url(),
        c.created_at.isoformat(timespec="seconds"),
        c.kind,
        _cell(c.title),
        c.status,
        c.category.name if c.category else "",
        _cell(c.product),
        c.author.username,
        c.author_city,
        c.first_answered_at.isoformat(timespec="seconds") if c.first_answered_at else "",
        took,
        c.assigned_to.username if c.assigned_to else "",
        _cell(c.private_details),
    ]


def _cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
