from __future__ import annotations

import hashlib

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from redressal.companies import page_cache
from redressal.companies.models import Representative
from redressal.complaints import selectors, services
from redressal.complaints.access import get_complaint_for, has_private_text, private_role
from redressal.complaints.models import Complaint, PrivateAccess, Visibility
from redressal.core.pagination import parse_page
from redressal.notifications.models import Follow

VIEW_DEDUPE_SECONDS = 30 * 60
PRIVATE_SEEN_BY_SHOWN = 20


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
    comments = parse_page(request.GET.get("comments"))
    if not comments.valid:
        return redirect(complaint)
    if request.htmx and "comments" in request.GET:
        # "More comments" swaps in the next page's threads (and its own link) only.
        return _more_comments(request, complaint, comments.number)
    _count_view(request, complaint)
    key = page_cache.company_key(
        complaint.company_id,
        complaint.company.page_generation,
        "complaint",
        complaint.pk,
        comments.number,
    )
    return page_cache.serve(
        request, key, lambda: render_detail(request, complaint, comments_page=comments.number)
    )


def _more_comments(request, complaint: Complaint, page: int):
    discussion = selectors.discussion_for(complaint, page=page)
    _show_private_comments(request, complaint, discussion)
    context = {"complaint": complaint, "discussion": discussion}
    return render(request, "complaints/detail.html#comment-page", context)


def _show_private_comments(request, complaint: Complaint, discussion) -> int:
    role = private_role(request.user, complaint)
    shown = show_originals(discussion, request.user, role)
    if role and shown:
        services.record_private_access(
            complaint=complaint, viewer=request.user, role=role, where="complaint page"
        )
    return shown


def render_detail(
    request, complaint: Complaint, *, comment_form=None, status: int = 200, comments_page: int = 1
):
    """The complaint page; views that take a form post render it again with their errors."""
    from redressal.discussion.forms import CommentForm

    user = request.user
    is_author = user.is_authenticated and user.pk == complaint.author_id
    selectors.mark_voted([complaint], user)
    role = private_role(user, complaint)
    updates = list(complaint.updates.all())
    discussion, signed_out_discussion, shown = None, None, 0
    if user.is_authenticated or comment_form is not None:
        discussion = selectors.discussion_for(complaint, page=comments_page)
        if comments_page > 1 and not discussion.threads:
            return redirect(f"{complaint.get_absolute_url()}#comments")
        shown = show_originals(discussion, user, role)
    else:
        signed_out_discussion = _signed_out_discussion(complaint, comments_page)
        if not signed_out_discussion:
            return redirect(f"{complaint.get_absolute_url()}#comments")
    if role and (shown or has_private_text(complaint) or any(u.original_body for u in updates)):
        services.record_private_access(
            complaint=complaint, viewer=user, role=role, where="complaint page"
        )
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "post": complaint,
            "company": complaint.company,
            "is_author": is_author,
            "can_see_private": role is not None,
            "is_representative": user.is_authenticated
            and Representative.objects.filter(user=user, company_id=complaint.company_id).exists(),
            "following": user.is_authenticated
            and Follow.objects.filter(user=user, complaint=complaint).exists(),
            "private_seen_by": _private_seen_by(complaint) if is_author else [],
            "photos": selectors.gallery(complaint, user),
            "updates": updates,
            "timeline": list(complaint.status_changes.select_related("actor")),
            "discussion": discussion,
            "signed_out_discussion": signed_out_discussion,
            "comment_form": comment_form or CommentForm(),
        },
        status=status,
    )


def _signed_out_discussion(complaint: Complaint, page: int) -> SafeString:
    """The official responses and a page of comments as everyone signed out sees them, kept
    in the process under the post's card revision, which every comment, reply, answer,
    hidden comment and processed photo moves, and the company's name, which its answers
    show; empty for a page past the last. Votes and comments on the company's other posts
    leave it be."""
    digest = page_cache.shown_digest(complaint.card_revision, complaint.company.name)
    key = f"discussion:{complaint.pk}:{page}:{digest}"

    def render_discussion() -> SafeString:
        discussion = selectors.discussion_for(complaint, page=page)
        if page > 1 and not discussion.threads:
            return SafeString("")
        context = {"complaint": complaint, "discussion": discussion, "user": AnonymousUser()}
        return render_to_string("complaints/detail.html#discussion", context)

    return caches["parts"].get_or_set(key, render_discussion, page_cache.PAGE_SECONDS)


def show_originals(discussion: selectors.Discussion, user, company_role: str | None) -> int:
    """Flag the comments whose original `user` may read: their own, or all for the company's
    representatives and moderators. Returns how many others' originals were flagged."""
    others = 0
    staff = company_role in PrivateAccess.Role.values
    for comment in discussion.comments():
        own = user.is_authenticated and comment.author_id == user.pk
        comment.show_original = bool(comment.original_body) and (own or staff)
        others += comment.show_original and not own
    return others


def _private_seen_by(complaint: Complaint) -> list[PrivateAccess]:
    """Who else read this post's private text lately, for its author."""
    return list(complaint.private_accesses.select_related("viewer")[:PRIVATE_SEEN_BY_SHOWN])
