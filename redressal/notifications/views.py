"""Pages e-mail links lead to, which work without logging in, and following a complaint."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from redressal.accounts.models import User
from redressal.complaints.access import get_complaint_for
from redressal.core.errors import DomainError
from redressal.core.redirects import safe_next_url
from redressal.notifications import links, services
from redressal.notifications.models import FollowUp, Kind, OptOut

NOTE_MAX = 2_000


def _bad_link(request, message: str):
    return render(request, "notifications/bad_link.html", {"message": message}, status=400)


# The token is the credential, and mail clients post one-click unsubscribes (RFC 8058)
# without a CSRF cookie.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        user_id, kind = links.read_unsubscribe(token)
    except links.BadLink as error:
        return _bad_link(request, str(error))
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return _bad_link(request, "This unsubscribe link is not valid.")
    done = request.method == "POST"
    if done:
        services.opt_out(user=user, kind=kind)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kind_label": Kind(kind).label, "done": done, "token": token},
    )


@require_http_methods(["GET", "POST"])
def follow_up(request, token: str):
    """The author's Yes or No: the link shows the question, the button sends the answer."""
    try:
        follow_up_id, answer = links.read_follow_up(token)
    except links.BadLink as error:
        return _bad_link(request, str(error))
    asked = (
        FollowUp.objects.select_related("complaint__company", "complaint__author")
        .filter(pk=follow_up_id)
        .first()
    )
    if asked is None:
        return _bad_link(request, "This link is not valid.")
    context = {"follow_up": asked, "complaint": asked.complaint, "answer": answer, "token": token}
    if asked.answered_at is not None:
        return render(request, "notifications/follow_up.html", context, status=409)
    if request.method == "POST":
        try:
            services.answer_follow_up(
                follow_up=asked, answer=answer, reason=request.POST.get("reason", "")[:NOTE_MAX]
            )
        except DomainError as error:
            context["error"] = error.message
            return render(request, "notifications/follow_up.html", context, status=409)
        asked.refresh_from_db()
    return render(request, "notifications/follow_up.html", context)


@login_required
@require_POST
def toggle_follow(request, pk: int):
    complaint = get_complaint_for(request, pk)
    try:
        if request.POST.get("follow") == "1":
            services.follow(user=request.user, complaint=complaint)
            messages.success(request, "You will get an e-mail about updates, comments and answers.")
        else:
            services.unfollow(user=request.user, complaint=complaint)
            messages.success(request, "You no longer follow this complaint.")
    except DomainError as error:
        messages.error(request, error.message)
    fallback = complaint.get_absolute_url()
    return redirect(safe_next_url(request, request.POST.get("next"), fallback=fallback))


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request):
    """Which kinds of e-mail a person gets."""
    if request.method == "POST":
        wanted = set(request.POST.getlist("kind"))
        for kind in Kind.values:
            if kind in wanted:
                services.opt_in(user=request.user, kind=kind)
            else:
                services.opt_out(user=request.user, kind=kind)
        messages.success(request, "Your e-mail settings are saved.")
        return redirect("notifications:settings")
    off = set(OptOut.objects.filter(user=request.user).values_list("kind", flat=True))
    kinds = [(kind, label, kind not in off) for kind, label in Kind.choices]
    return render(request, "notifications/settings.html", {"kinds": kinds})
