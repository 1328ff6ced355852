from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from redressal.complaints import selectors, services
from redressal.complaints.models import Complaint

VIEW_DEDUPE_SECONDS = 30 * 60


def _get_published(pk: int) -> Complaint:
    try:
        return selectors.published_complaint(pk)
    except Complaint.DoesNotExist:
        raise Http404("No such complaint.") from None


def _count_view(request, complaint: Complaint) -> None:
    """Count a visitor once per half hour, and never the author reading their own post."""
    if request.user.is_authenticated and request.user.pk == complaint.author_id:
        return
    visitor = f"{request.META.get('REMOTE_ADDR', '')}|{request.headers.get('user-agent', '')}"
    digest = hashlib.blake2b(visitor.encode(), digest_size=12).hexdigest()
    if cache.add(f"viewed:{complaint.pk}:{digest}", 1, VIEW_DEDUPE_SECONDS):
        services.record_view(complaint=complaint)


@require_safe
def permalink(request, pk: int):
    complaint = _get_published(pk)
    return redirect(complaint, permanent=True)


@require_safe
def detail(request, pk: int, slug: str):
    complaint = _get_published(pk)
    if slug != complaint.slug:
        return redirect(complaint, permanent=True)
    _count_view(request, complaint)
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "company": complaint.company,
            "photos": list(complaint.photos.order_by("position", "id")),
            "updates": list(complaint.updates.all()),
            "timeline": list(complaint.status_changes.select_related("actor")),
            "discussion": selectors.discussion_for(complaint),
        },
    )
