"""Filing a complaint or review: form, preview, publish; and the author's edits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from redressal.companies import selectors as company_selectors
from redressal.companies import services as company_services
from redressal.complaints import images, selectors, services
from redressal.complaints.access import get_complaint_for
from redressal.complaints.duplicates import DuplicateComplaint
from redressal.complaints.forms import CaptionsForm, ComplaintForm, EditForm, ProtectionForm
from redressal.complaints.models import HoldReason, Visibility
from redressal.core.errors import DomainError
from redressal.core.ratelimit import rate_limited

DRAFT_SESSION_KEY = "complaint_draft"


def _apply_domain_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _company_for(form, user):
    data = form.cleaned_data
    company = company_selectors.find_company(data["company"])
    if company:
        return company
    if data.get("propose_company"):
        return company_services.propose_company(
            name=data["company"], website=data.get("company_website", ""), proposed_by=user
        )
    raise DomainError(
        "We don't know this company. Pick one from the suggestions, or tick the box to propose it.",
        field="company",
    )


@require_http_methods(["GET", "POST"])
@rate_limited("post")
def new(request):
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES)
        if not request.user.is_authenticated:
            # Keep what they typed while they log in or sign up, then bring them back.
            request.session[DRAFT_SESSION_KEY] = {
                key: request.POST.get(key, "") for key in ComplaintForm.DRAFT_FIELDS
            }
            return redirect_to_login(reverse("complaints:new"))
        if form.is_valid():
            try:
                complaint = _file_draft(request, form)
            except DuplicateComplaint as duplicate:
                return _offer_update(request, duplicate.earlier, form.cleaned_data["body"])
            if complaint:
                return redirect("complaints:preview", pk=complaint.pk)
    else:
        initial = request.session.pop(DRAFT_SESSION_KEY, None) or {}
        if not initial and (slug := request.GET.get("company")):
            company = company_selectors.find_company(slug)
            initial = {"company": company.name} if company else {}
        form = ComplaintForm(initial=initial)
        if initial.get("title"):
            messages.info(request, "We kept what you typed. Add your photos again, then continue.")
    return render(request, "complaints/new.html", {"form": form})


def _file_draft(request, form):
    data = form.cleaned_data
    try:
        # Only the cheap checks here; the photos are decoded by a task after commit.
        checked = [images.check_upload(upload) for upload in data["photos"]]
        with transaction.atomic():
            company = _company_for(form, request.user)
            complaint = services.file_complaint(
                author=request.user,
                company=company,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                product=data["product"],
                category=data["category"],
                rating=data["rating"],
                private_details=data["private_details"],
                draft=True,
                submission_key=data["submission_key"],
            )
            if complaint.replayed:
                # Sent twice: the first one made the draft (and attached the photos).
                return complaint
            for upload in checked:
                services.attach_photo(complaint=complaint, author=request.user, image=upload)
    except DuplicateComplaint:
        raise
    except DomainError as error:
        _apply_domain_error(form, error)
        return None
    return complaint


def _offer_update(request, earlier, body: str):
    """The author posted nearly this before: offer to add it to that post as an update."""
    return render(
        request, "complaints/duplicate.html", {"earlier": earlier, "body": body}, status=409
    )


# The preview page holds two forms: this field tells the "Update the preview" one apart.
UPDATE_PREVIEW = "update_preview"


@login_required
@require_http_methods(["GET", "POST"])
def preview(request, pk: int):
    """Exactly what the public will see, with the author's captions, before publishing.

    The author also sees what is hidden from the public, and may show a phrase hidden by
    mistake or hide one the detector missed before publishing.
    """
    complaint = get_complaint_for(request, pk, author_only=True)
    if complaint.visibility != Visibility.DRAFT:
        return redirect(complaint)
    gallery = selectors.gallery(complaint, request.user)
    # A photo that failed has nothing to caption: the author is told why instead.
    photos = [photo for photo in gallery if not photo.is_failed]
    posted = request.POST if request.method == "POST" else None
    updating = posted is not None and UPDATE_PREVIEW in posted
    protection = ProtectionForm(posted if updating else None, complaint=complaint)
    form = CaptionsForm(None if updating else posted, photos=photos)
    if updating:
        if protection.is_valid() and _update_protection(request, complaint, protection):
            messages.success(request, "The preview shows your changes.")
            return redirect("complaints:preview", pk=complaint.pk)
    elif posted is not None and form.is_valid():
        try:
            with transaction.atomic():
                for photo in photos:
                    services.caption_photo(
                        photo=photo,
                        author=request.user,
                        caption=form.cleaned_data[f"caption-{photo.pk}"],
                    )
                complaint = services.publish_draft(complaint=complaint, author=request.user)
        except DuplicateComplaint as duplicate:
            return _offer_update(
                request, duplicate.earlier, services.author_text(complaint)["body"]
            )
        except DomainError as error:
            _apply_domain_error(form, error)
        else:
            messages.success(request, _published_message(complaint))
            return redirect(complaint)
    return render(
        request,
        "complaints/preview.html",
        {
            "complaint": complaint,
            "post": complaint,
            "photos": photos,
            "failed_photos": [photo for photo in gallery if photo.is_failed],
            "form": form,
            "protection": protection,
            "update_preview": UPDATE_PREVIEW,
        },
    )


def _update_protection(request, draft, protection: ProtectionForm) -> bool:
    """Re-run the draft's text through the pipeline with the author's choices."""
    try:
        services.edit_complaint(
            complaint=draft,
            author=request.user,
            **services.author_text(draft),
            product=draft.product,
            category=draft.category,
            rating=draft.rating,
            private_details=draft.private_details,
            **protection.choices(),
        )
    except DomainError as error:
        _apply_domain_error(protection, error)
        return False
    return True


def _published_message(complaint) -> str:
    if complaint.held_reason == HoldReason.EMAIL_UNVERIFIED:
        return (
            "Almost there: verify your e-mail address (we sent you a link) and your post "
            "will be published."
        )
    if complaint.held_reason == HoldReason.REVIEW:
        return (
            "Thank you. Your post is waiting for a moderator's review before it is published; "
            "we will e-mail you when it is."
        )
    if complaint.held_reason == HoldReason.MODERATION:
        return (
            "Thank you. A moderator will check the company you proposed; your post will be "
            "published with it."
        )
    return "Your post is published."


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    complaint = get_complaint_for(request, pk, author_only=True)
    initial = {
        **services.author_text(complaint),
        "product": complaint.product,
        "category": complaint.category,
        "rating": complaint.rating,
        "private_details": complaint.private_details,
    }
    form = EditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_complaint(complaint=complaint, author=request.user, **form.cleaned_data)
        except DomainError as error:
            _apply_domain_error(form, error)
        else:
            if complaint.visibility == Visibility.DRAFT:
                return redirect("complaints:preview", pk=complaint.pk)
            messages.success(request, "Your changes are saved.")
            return redirect(complaint)
    return render(request, "complaints/edit.html", {"complaint": complaint, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    complaint = get_complaint_for(request, pk, author_only=True)
    if request.method == "POST":
        try:
            services.delete_complaint(complaint=complaint, author=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(complaint)
        messages.success(request, "Your post is deleted. It no longer appears anywhere.")
        return redirect(complaint.company)
    return render(request, "complaints/delete.html", {"complaint": complaint})
