from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from redressal.complaints.access import get_complaint_for
from redressal.complaints.models import Photo, Visibility
from redressal.core.errors import DomainError
from redressal.core.ratelimit import rate_limited
from redressal.discussion.models import Comment
from redressal.moderation import services
from redressal.moderation.forms import ReportForm


def _target_for(request, kind: str, pk: int):
    """The item to report, if the person can see it; and the page to go back to."""
    if kind == "complaint":
        complaint = get_complaint_for(request, pk)
        return complaint, complaint, complaint.get_absolute_url()
    if kind == "comment":
        comment = Comment.objects.filter(pk=pk, visibility=Visibility.PUBLISHED).first()
        if comment:
            complaint = get_complaint_for(request, comment.complaint_id)
            return comment, complaint, f"{complaint.get_absolute_url()}#comment-{comment.pk}"
    if kind == "photo":
        photo = Photo.objects.filter(pk=pk).first()
        if photo:
            complaint = get_complaint_for(request, photo.complaint_id)
            return photo, complaint, f"{complaint.get_absolute_url()}#photo-{photo.pk}"
    raise Http404("Nothing to report here.")


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("report")
def report(request, kind: str, pk: int):
    target, complaint, back = _target_for(request, kind, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_report(reporter=request.user, target=target, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Thank you. A moderator will look at your report.")
            return redirect(back)
    return render(
        request,
        "moderation/report.html",
        {"form": form, "kind": kind, "target": target, "complaint": complaint, "back": back},
    )
