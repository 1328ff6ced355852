"""What people do on a complaint's page: follow-ups, resolving, helpful votes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from redressal.complaints import resolution, services
from redressal.complaints.access import get_complaint_for
from redressal.complaints.models import HelpfulVote
from redressal.core.errors import DomainError
from redressal.core.ratelimit import rate_limited
from redressal.core.redirects import safe_next_url
from redressal.discussion.services import post_official_response


def _back(request, complaint, anchor: str = ""):
    fallback = complaint.get_absolute_url() + anchor
    return redirect(safe_next_url(request, request.POST.get("next"), fallback=fallback))


@login_required
@require_POST
@rate_limited("post")
def add_update(request, pk: int):
    complaint = get_complaint_for(request, pk, author_only=True)
    try:
        services.add_update(complaint=complaint, author=request.user, body=request.POST.get("body"))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your update is posted.")
    return _back(request, complaint, "#updates")


@login_required
@require_POST
def resolve(request, pk: int):
    complaint = get_complaint_for(request, pk, author_only=True)
    try:
        services.mark_resolved(
            complaint=complaint, author=request.user, note=request.POST.get("note", "")[:1000]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Marked as resolved. Thank you for letting everyone know.")
    return _back(request, complaint, "#status")


@login_required
@require_POST
@rate_limited("vote")
def toggle_helpful(request, pk: int):
    """Found this helpful, or take it back; htmx swaps the button, others come back."""
    complaint = get_complaint_for(request, pk)
    voted = HelpfulVote.objects.filter(complaint=complaint, user=request.user).exists()
    error = None
    try:
        if voted:
            complaint = services.withdraw_helpful_vote(complaint=complaint, user=request.user)
        else:
            complaint = services.vote_helpful(complaint=complaint, user=request.user)
        voted = not voted
    except DomainError as exc:
        error = exc.message
    if request.htmx:
        complaint.voted = voted
        return render(
            request,
            "complaints/partials.html#helpful",
            {"post": complaint, "vote_error": error},
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    return _back(request, complaint)


def _act(request, complaint, action, *, done: str, anchor: str = "#status"):
    """Run one resolution step from a form; its refusal, if any, shows as a message."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return _back(request, complaint, anchor)


def _note(request, name: str = "note") -> str:
    return request.POST.get(name, "")[: resolution.NOTE_MAX + 1]


@login_required
@require_POST
@rate_limited("comment")
def answer(request, pk: int):
    """The company's official response, posted by one of its representatives."""
    complaint = get_complaint_for(request, pk)
    return _act(
        request,
        complaint,
        lambda: post_official_response(
            complaint=complaint, representative=request.user, body=request.POST.get("body", "")
        ),
        done="Your official response is posted.",
        anchor="#official-heading",
    )


@login_required
@require_POST
def propose(request, pk: int):
    complaint = get_complaint_for(request, pk)
    return _act(
        request,
        complaint,
        lambda: resolution.propose_resolution(
            complaint=complaint, representative=request.user, note=_note(request)
        ),
        done="Resolution proposed. It counts once the author confirms it.",
    )


@login_required
@require_POST
def confirm(request, pk: int):
    complaint = get_complaint_for(request, pk, author_only=True)
    return _act(
        request,
        complaint,
        lambda: resolution.confirm_resolution(
            complaint=complaint, author=request.user, note=_note(request)
        ),
        done="Thank you: your complaint shows as resolved.",
    )


@login_required
@require_POST
def dispute(request, pk: int):
    complaint = get_complaint_for(request, pk, author_only=True)
    return _act(
        request,
        complaint,
        lambda: resolution.dispute_resolution(
            complaint=complaint, author=request.user, reason=_note(request, "reason")
        ),
        done="Noted: the company sees that your problem is not resolved.",
    )
