"""Pages for claiming a company, the moderators' queue of claims, and a company's team.

Links from e-mails open a confirmation page (GET changes nothing, so mail scanners that
fetch links cannot use them up); the button on it does the work (POST).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from redressal.companies import claims
from redressal.companies.forms import (
    AcceptInvitationForm,
    ClaimForm,
    DecisionForm,
    InvitationForm,
)
from redressal.companies.models import ClaimRequest, Company, Invitation, Representative
from redressal.core.errors import DomainError
from redressal.core.ratelimit import RateLimited, check_rate_for, client_ip, form_refused
from redressal.core.roles import is_moderator

# Each claim link is an e-mail to an address of the claimant's choosing.
CLAIM_EMAIL_RATE = "claim_email"

_LINK_STATUS = {
    claims.LINK_INVALID: 400,
    claims.LINK_EXPIRED: 410,
    claims.LINK_USED: 410,
    claims.LINK_WRONG_USER: 403,
}


def _link_problem(request: HttpRequest, error: DomainError, *, kind: str) -> HttpResponse:
    context = {"error": error, "code": error.code, "kind": kind}
    status = _LINK_STATUS.get(error.code, 409)
    return render(request, "companies/claims/link_problem.html", context, status=status)


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def get_company_for_team(request: HttpRequest, slug: str, *, owner: bool = False):
    """The company and `request.user`'s place in it: 404 for anyone not on its team,
    403 when the page needs an owner and they are an agent."""
    company = get_object_or_404(Company, slug=slug)
    rep = claims.representation(request.user, company)
    if rep is None:
        raise Http404("No such page.")
    if owner and rep.role != Representative.Role.OWNER:
        raise PermissionDenied("Only an owner can do that.")
    return company, rep


# --- Asking to represent a company --------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company.objects.listed(), slug=slug)
    if claims.representation(request.user, company) is not None:
        return redirect("claims:team", company.slug)
    form = ClaimForm(request.POST or None, company=company)
    limited = None
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["method"] == ClaimRequest.Method.EMAIL:
                # Counted only once the address passed the domain check.
                claims.check_email_domain(company=company, email=form.cleaned_data["email"])
                check_rate_for(CLAIM_EMAIL_RATE, user=request.user, ip=client_ip(request))
            request_made = form.request_claim(request.user)
        except RateLimited as error:
            form.add_error(None, error.message)
            limited = error
        except DomainError as error:
            _form_error(form, error)
        else:
            if request_made.method == ClaimRequest.Method.EMAIL:
                messages.success(
                    request,
                    f"We sent a link to {request_made.email}. Open it while logged in as "
                    f"{request.user.username}, within three days, to confirm.",
                )
            else:
                messages.success(
                    request, "Thank you. A moderator will review your request and e-mail you."
                )
            return redirect("claims:claim", company.slug)
    context = {
        "company": company,
        "form": form,
        "pending": claims.pending_claim(company=company, user=request.user),
        "domain": claims.company_domain(company),
    }
    return form_refused(render(request, "companies/claims/claim.html", context), limited)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The link e-mailed to a work address: confirm, then the person becomes a representative."""
    try:
        if request.method != "POST":
            pending = claims.check_claim_link(token=token, user=request.user)
            return render(request, "companies/claims/verify.html", {"claim": pending})
        representative = claims.verify_claim(token=token, user=request.user)
    except DomainError as error:
        return _link_problem(request, error, kind="claim")
    company = representative.company
    messages.success(
        request,
        f"You now represent {company.name} as its {representative.get_role_display().lower()}.",
    )
    return redirect("claims:team", company.slug)


# --- Moderators' queue --------------------------------------------------------------------


def _moderator_only(request: HttpRequest) -> None:
    if not is_moderator(request.user):
        raise Http404("No such page.")


@login_required
@require_http_methods(["GET", "HEAD"])
def requests_queue(request: HttpRequest) -> HttpResponse:
    _moderator_only(request)
    pending = list(claims.claims_awaiting_moderator()[:100])
    return render(
        request,
        "companies/claims/requests.html",
        {"requests": pending, "form": DecisionForm()},
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    _moderator_only(request)
    claim_request = get_object_or_404(ClaimRequest, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        problem = "; ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, f"Request #{pk} not decided: {problem}")
        return redirect("claims:requests")
    decide_with = (
        claims.approve_claim if form.cleaned_data["decision"] == "approve" else claims.reject_claim
    )
    try:
        decide_with(claim=claim_request, moderator=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        verb = "approved" if decide_with is claims.approve_claim else "rejected"
        messages.success(
            request,
            f"Request #{pk} by {claim_request.user.username} for "
            f"{claim_request.company.name} {verb}.",
        )
    return redirect("claims:requests")


# --- The team -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def team(request: HttpRequest, slug: str) -> HttpResponse:
    company, me = get_company_for_team(request, slug)
    is_owner = me.role == Representative.Role.OWNER
    context = {
        "company": company,
        "me": me,
        "is_owner": is_owner,
        "representatives": company.representatives.select_related("user").order_by(
            "-role", "created_at"
        ),
        "invitations": claims.open_invitations(company) if is_owner else [],
        "form": InvitationForm(),
    }
    return render(request, "companies/claims/team.html", context)


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    company, _ = get_company_for_team(request, slug, owner=True)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = claims.invite_agent(
                company=company, invited_by=request.user, email=form.cleaned_data["email"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"Invitation sent to {invitation.email}. The link works for 7 days."
            )
    else:
        messages.error(request, "Give a valid e-mail address to invite.")
    return redirect("claims:team", company.slug)


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    company, _ = get_company_for_team(request, slug, owner=True)
    invitation = get_object_or_404(Invitation, pk=pk, company=company)
    claims.withdraw_invitation(invitation=invitation, by=request.user)
    messages.success(request, f"Invitation to {invitation.email} withdrawn.")
    return redirect("claims:team", company.slug)


@login_required
@require_POST
def remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    company, _ = get_company_for_team(request, slug, owner=True)
    representative = get_object_or_404(
        Representative.objects.select_related("user"), pk=pk, company=company
    )
    try:
        claims.remove_representative(representative=representative, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("claims:team", company.slug)
    if representative.user_id == request.user.pk:
        messages.success(request, f"You no longer represent {company.name}.")
        return redirect(company)
    messages.success(
        request, f"{representative.user.username} no longer represents {company.name}."
    )
    return redirect("claims:team", company.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    form = AcceptInvitationForm(request.POST or None)
    try:
        if request.method != "POST" or not form.is_valid():
            invitation = claims.check_invitation_link(token=token, user=request.user)
            context = {"invitation": invitation, "form": form}
            return render(request, "companies/claims/accept_invitation.html", context)
        representative = claims.accept_invitation(
            token=token, user=request.user, title=form.cleaned_data["title"]
        )
    except DomainError as error:
        return _link_problem(request, error, kind="invitation")
    company = representative.company
    messages.success(request, f"Welcome to {company.name}'s team: you now answer as an agent.")
    return redirect("claims:team", company.slug)
