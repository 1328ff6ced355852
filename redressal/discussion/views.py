from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from redressal.complaints import images
from redressal.complaints.access import get_complaint_for, private_role
from redressal.complaints.models import HoldReason, Visibility
from redressal.complaints.selectors import discussion_for, page_of_comment
from redressal.complaints.services import record_private_access
from redressal.complaints.views.pages import render_detail, show_originals
from redressal.core.errors import DomainError
from redressal.core.ratelimit import rate_limited
from redressal.discussion import services
from redressal.discussion.forms import CommentForm
from redressal.discussion.models import Comment


@login_required
@require_POST
@rate_limited("comment")
def post(request, pk: int):
    """A comment of one of the three kinds, or a reply to one, with optional photos."""
    complaint = get_complaint_for(request, pk)
    form = CommentForm(request.POST, request.FILES)
    comment = None
    if form.is_valid():
        data = form.cleaned_data
        parent = None
        if data["parent"]:
            parent = Comment.objects.filter(pk=data["parent"], complaint=complaint).first()
            if parent is None:
                form.add_error(None, "The comment you replied to is gone.")
        if form.is_valid():
            try:
                checked = [images.check_upload(upload) for upload in data["photos"]]
                with transaction.atomic():
                    comment = services.post_comment(
                        complaint=complaint,
                        author=request.user,
                        body=data["body"],
                        kind=data["kind"],
                        parent=parent,
                    )
                    for upload in checked:
                        services.attach_comment_photo(
                            comment=comment, author=request.user, image=upload
                        )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                comment = None
    if request.htmx:
        complaint.refresh_from_db(fields=["comments_count"])
        # The comment just posted shows, even when its thread is on a later page.
        discussion = discussion_for(complaint, including=comment)
        role = private_role(request.user, complaint)
        if show_originals(discussion, request.user, role):
            record_private_access(
                complaint=complaint, viewer=request.user, role=role, where="complaint page"
            )
        return render(
            request,
            "complaints/detail.html#comments",
            {
                "complaint": complaint,
                "discussion": discussion,
                "comment_form": CommentForm() if comment else form,
                "just_posted": comment,
            },
            status=200 if comment else 400,
        )
    if comment is None:
        return render_detail(request, complaint, comment_form=form, status=400)
    if comment.visibility == Visibility.HELD:
        messages.info(
            request,
            "Your comment is waiting for a moderator's review."
            if comment.held_reason == HoldReason.REVIEW
            else "Verify your e-mail address and your comment will be published.",
        )
    page = page_of_comment(comment) if comment.visibility == Visibility.PUBLISHED else 1
    query = f"?comments={page}" if page > 1 else ""
    return redirect(f"{complaint.get_absolute_url()}{query}#comment-{comment.pk}")
