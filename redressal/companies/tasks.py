"""E-mails about claiming a company and its team, sent after the transaction that asked commits.

Each task takes an id and reads the row afresh: a link that was used, replaced or withdrawn
in the meantime is not sent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse


def _send(*, to: str, template: str, context: dict) -> None:
    context = {**context, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
    subject = render_to_string(f"companies/claims/email/{template}_subject.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string(f"companies/claims/email/{template}.txt", context),
        to=[to],
    ).send()


@task
def send_claim_link(claim_id: int) -> bool:
    from redressal.companies.claims import claim_token
    from redressal.companies.models import ClaimRequest

    claim = (
        ClaimRequest.objects.select_related("company", "user")
        .filter(pk=claim_id, status=ClaimRequest.Status.PENDING)
        .exclude(nonce="")
        .first()
    )
    if claim is None:
        return False
    path = reverse("claims:verify", kwargs={"token": claim_token(claim)})
    context = {"claim": claim, "company": claim.company, "link": settings.SITE_URL + path}
    _send(to=claim.email, template="claim_link", context=context)
    return True


@task
def send_claim_decision(claim_id: int) -> bool:
    from redressal.companies.models import ClaimRequest

    claim = (
        ClaimRequest.objects.select_related("company", "user")
        .filter(
            pk=claim_id,
            status__in=[ClaimRequest.Status.APPROVED, ClaimRequest.Status.REJECTED],
            user__is_active=True,
        )
        .exclude(user__email="")
        .first()
    )
    if claim is None:
        return False
    approved = claim.status == ClaimRequest.Status.APPROVED
    path = reverse("claims:team" if approved else "claims:claim", args=[claim.company.slug])
    context = {
        "claim": claim,
        "company": claim.company,
        "approved": approved,
        "link": settings.SITE_URL + path,
    }
    _send(to=claim.user.email, template="claim_decision", context=context)
    return True


@task
def send_invitation(invitation_id: int) -> bool:
    from redressal.companies.claims import invitation_token
    from redressal.companies.models import Invitation

    invitation = (
        Invitation.objects.select_related("company", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .exclude(nonce="")
        .first()
    )
    if invitation is None:
        return False
    path = reverse("claims:accept_invitation", kwargs={"token": invitation_token(invitation)})
    context = {
        "invitation": invitation,
        "company": invitation.company,
        "link": settings.SITE_URL + path,
    }
    _send(to=invitation.email, template="invitation", context=context)
    return True
