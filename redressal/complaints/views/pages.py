from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from redressal.complaints import selectors, services
from redressal.complaints.access import can_see_private, get_complaint_for
from redressal.complaints.models import Complaint, Visibility

VIEW_DEDUPE_SECONDS = 30 * 60


def _count_view(request, complaint: Complaint) -> None:
    """Count a visitor once per half hour, and never the author reading their own post."""
    if complaint.visibility != Visibility.PUBLISHED:
        return
    if request.user.is_authenticated and request.user.pk == complaint.author_id:
        return
    visitor = f"{request.META.get('REMOTE_ADDR', '')}|{request.headers.get('user-agent', '')}"
    digest = hashlib.blake2b(visitor.encode(), digest_size=12).hexdigest()
    if cache.add(f"viewed:{complaint.pk}:{digest}", 1, VIEW_DEDUPE_SECONDS):
        services.record_view(complaint=complaint)


@require_safe
def permalink(request, pk: int):
    complaint = get_complaint_for(request, pk)
    return redirect(complaint, permanent=True)


@require_safe
def detail(request, pk: int, slug: str):
    complaint = get_complaint_for(request, pk)
    if slug != complaint.slug:
        return redirect(complaint, permanent=True)
    _count_view(request, complaint)
    return render_detail(request, complaint)


def render_detail(request, complaint: Complaint, *, comment_form=None, status: int = 200):
    """The complaint page; views that take a form post render it again with their errors."""
    from redressal.discussion.forms import CommentForm

    user = request.user
    is_author = user.is_authenticated and user.pk == complaint.author_id
    selectors.mark_voted([complaint], user)
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "post": complaint,
            "company": complaint.company,
            "is_author": is_author,
            "can_see_private": can_see_private(user, complaint),
            "photos": list(complaint.photos.filter(comment__isnull=True)),
            "updates": list(complaint.updates.all()),
            "timeline": list(complaint.status_changes.select_related("actor")),
            "discussion": selectors.discussion_for(complaint),
            "comment_form": comment_form or CommentForm(),
        },
        status=status,
    )
