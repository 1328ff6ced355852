"""The moderators' pages: the queue, the decisions taken from it, and the audit log.

Moderators only: anyone logged in who is not one gets a 404, so the pages do not say they
exist; someone not logged in is asked to log in first.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from redressal.accounts.models import User
from redressal.complaints.models import Complaint
from redressal.core.errors import DomainError
from redressal.core.pagination import page_window
from redressal.core.redirects import safe_next_url
from redressal.core.roles import is_moderator
from redressal.discussion.models import Comment
from redressal.moderation import selectors, services
from redressal.moderation.forms import (
    LogFilterForm,
    PostActionForm,
    RedactionForm,
    UserActionForm,
)
from redressal.moderation.models import ModerationAction, Report

QUEUE_PAGE_SIZE = 25
LOG_PAGE_SIZE = 50


def moderator_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_moderator(request.user):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped


def _back(request) -> str:
    return safe_next_url(request, request.POST.get("next"), reverse("queue:queue"))


def _first_error(form) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}: {errors[0]}" if label else errors[0]
    return "Check the form."


def _report(raw) -> Report | None:
    """The report an action was taken from, if the form named one."""
    raw = str(raw or "")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 12):
        return None
    return Report.objects.filter(pk=raw).select_related("complaint", "comment", "photo").first()


@moderator_required
@require_safe
def queue(request):
    kind = request.GET.get("kind", "all")
    if kind not in selectors.QUEUE_KINDS:
        kind = "all"
    paginator = Paginator(selectors.queue_rows(kind), QUEUE_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/queue.html",
        {
            "items": selectors.queue_items(page_obj.object_list),
            "page_obj": page_obj,
            "pages": page_window(page_obj.number, paginator.num_pages),
            "kind": kind,
            "kinds": selectors.QUEUE_KINDS,
            "query": urlencode({"kind": kind}) if kind != "all" else "",
        },
    )


_POST_ACTIONS = {
    "publish": (services.publish_post, "Published."),
    "hide": (services.hide_post, "Hidden from the public."),
    "restore": (services.restore_post, "Restored."),
}


@moderator_required
@require_POST
def act(request):
    """Publish, hide or restore a post or comment, or dismiss a report."""
    form = PostActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(_back(request))
    data = form.cleaned_data
    model = Complaint if data["target_kind"] == "complaint" else Comment
    post = get_object_or_404(model, pk=data["target_id"])
    report = _report(data["report"])
    try:
        if data["action"] == "dismiss":
            if report is None:
                raise DomainError("There is no report to dismiss.")
            services.dismiss_report(moderator=request.user, report=report, reason=data["reason"])
            done = "Report dismissed; the reporters are told nothing was against the rules."
        else:
            service, done = _POST_ACTIONS[data["action"]]
            service(moderator=request.user, post=post, reason=data["reason"], report=report)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(_back(request))


@moderator_required
@require_http_methods(["GET", "POST"])
def member(request, pk: int):
    """A person's standing: suspension, warnings and what was done about them; warn or suspend."""
    person = get_object_or_404(User, pk=pk)
    report = _report(request.GET.get("report") or request.POST.get("report"))
    form = UserActionForm(request.POST or None, initial={"report": report and report.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {"moderator": request.user, "user": person, "reason": data["reason"]}
        try:
            if data["action"] == "warn":
                services.warn_user(**common, report=report)
                done = f"{person.username} is warned by e-mail."
            elif data["action"] == "suspend":
                services.suspend_user(**common, days=data["days"], report=report)
                done = f"{person.username} is suspended for {data['days']} days."
            else:
                services.unsuspend_user(**common)
                done = f"{person.username} can post again."
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, done)
            return redirect("queue:member", pk=person.pk)
    history = selectors.audit_log().filter(user=person)[:50]
    return render(
        request,
        "moderation/member.html",
        {"person": person, "form": form, "history": history, "report": report},
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def redaction(request, pk: int):
    """Correct a complaint's public text; the log keeps both versions."""
    complaint = get_object_or_404(Complaint.objects.select_related("company", "author"), pk=pk)
    report = _report(request.GET.get("report") or request.POST.get("report"))
    form = RedactionForm(
        request.POST or None, initial={"body": complaint.body, "report": report and report.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_redaction(
                moderator=request.user,
                complaint=complaint,
                body=form.cleaned_data["body"],
                reason=form.cleaned_data["reason"],
                report=report,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The public text is corrected.")
            return redirect("queue:queue")
    return render(
        request,
        "moderation/redaction.html",
        {"complaint": complaint, "form": form, "report": report},
    )


@moderator_required
@require_safe
def log(request):
    """The audit log, newest first. Read only: nothing here or anywhere edits a row."""
    form = LogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    moderator = filters.get("moderator")
    entries = selectors.audit_log(
        moderator_id=moderator.pk if moderator else None, action=filters.get("action", "")
    )
    paginator = Paginator(entries, LOG_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = {"moderator": moderator.pk if moderator else "", "action": filters.get("action")}
    return render(
        request,
        "moderation/log.html",
        {
            "form": form,
            "page_obj": page_obj,
            "entries": page_obj.object_list,
            "pages": page_window(page_obj.number, paginator.num_pages),
            "query": urlencode({key: value for key, value in query.items() if value}),
            "actions": ModerationAction.Action,
        },
    )
