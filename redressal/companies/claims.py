"""Claiming a company and managing its team.

Someone asks to represent a company and proves it either by a link e-mailed to an address at
the company's own domain or by a moderator's decision. The first representative becomes its
owner; owners invite agents by e-mail and remove them. Each action is one transaction; the
e-mails go after commit (see `tasks.py`). Links are signed, expire, and work once: each
carries a random nonce that is stored on its row only while the link may still be used.
"""

from __future__ import annotations

import ipaddress
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from redressal.accounts.models import User
from redressal.companies import tasks
from redressal.companies.models import ClaimRequest, Company, Invitation, Representative
from redressal.companies.page_cache import company_changed
from redressal.core.errors import DomainError
from redressal.core.roles import is_moderator
from redressal.core.tasks import enqueue_on_commit

CLAIM_LINK_MAX_AGE = timedelta(days=3)
INVITATION_MAX_AGE = timedelta(days=7)
TITLE_MAX = 80
REASON_MAX = 2000
_CLAIM_SALT = "redressal.companies.claim-link"
_INVITATION_SALT = "redressal.companies.invitation"

# Anyone can have an address here, so it proves nothing about working for a company.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.in", "ymail.com", "rediffmail.com",
        "outlook.com", "hotmail.com", "live.com", "msn.com", "icloud.com", "me.com", "aol.com",
        "proton.me", "protonmail.com", "zoho.com", "zohomail.in", "gmx.com", "mail.com",
        "yandex.com", "fastmail.com", "tutanota.com",
    }
)  # fmt: skip

# Codes of the DomainErrors a link can fail with; the views turn them into 4xx pages.
LINK_INVALID = "invalid_link"  # forged, cut short, or for a request that is gone
LINK_EXPIRED = "expired_link"
LINK_USED = "used_link"  # followed already, replaced by a newer link, or withdrawn
LINK_WRONG_USER = "wrong_user"


# --- Who may do what ----------------------------------------------------------------------


def representation(user, company: Company) -> Representative | None:
    if not user.is_authenticated:
        return None
    return Representative.objects.filter(user=user, company=company).first()


def is_owner(user, company: Company) -> bool:
    rep = representation(user, company)
    return rep is not None and rep.role == Representative.Role.OWNER


# --- Domains ------------------------------------------------------------------------------


def company_domain(company: Company) -> str:
    """The host of the company's website without "www.", or "" when there is none to use."""
    try:
        host = (urlsplit(company.website or "").hostname or "").rstrip(".").lower()
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return ""
    return host if "." in host else ""


def email_domain(email: str) -> str:
    return (email or "").rpartition("@")[2].rstrip(".").lower()


def check_email_domain(*, company: Company, email: str) -> None:
    """Refuse an address that is not at the company's domain or one of its subdomains."""
    domain = company_domain(company)
    if not domain:
        raise DomainError(
            f"{company.name} has no website on file, so we cannot check an e-mail address: "
            "ask a moderator to review your request instead.",
            code="no_domain",
            field="method",
        )
    host = email_domain(email)
    if host == domain or host.endswith("." + domain):
        return
    if host in FREE_MAIL_DOMAINS:
        raise DomainError(
            f"{host} is a free e-mail service, so it cannot prove you work for {company.name}. "
            f"Use your work address at {domain}, or ask a moderator to review your request.",
            code="free_mail",
            field="email",
        )
    raise DomainError(
        f"The address must be at {company.name}'s domain, {domain} (or a subdomain of it). "
        "Otherwise, ask a moderator to review your request.",
        code="other_domain",
        field="email",
    )


# --- Asking to represent a company --------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise DomainError("Give your job title.", field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(f"A job title can be at most {TITLE_MAX} characters.", field="title")
    return title


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Give a reason: the person who asked reads it.", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(f"A reason can be at most {REASON_MAX} characters.", field="reason")
    return reason


def request_claim(
    *, company: Company, user: User, email: str, title: str, method: str
) -> ClaimRequest:
    """Ask to represent `company`. A new request replaces the person's pending one."""
    if not user.is_email_verified:
        raise DomainError("Verify your own e-mail address first: we sent you a link.")
    if method not in ClaimRequest.Method.values:
        raise DomainError("Choose how to verify your request.", field="method")
    email = User.objects.normalize_email((email or "").strip())
    if not email or "@" not in email:
        raise DomainError("Give your work e-mail address.", field="email")
    title = _clean_title(title)
    if method == ClaimRequest.Method.EMAIL:
        check_email_domain(company=company, email=email)
    with transaction.atomic():
        # Serialises requests and decisions for one company (see _add_representative).
        company = Company.objects.select_for_update().get(pk=company.pk)
        if Representative.objects.filter(company=company, user=user).exists():
            raise DomainError(f"You already represent {company.name}.", code="already")
        now = timezone.now()
        # The old link stops working: only the newest request counts.
        ClaimRequest.objects.filter(
            company=company, user=user, status=ClaimRequest.Status.PENDING
        ).update(status=ClaimRequest.Status.EXPIRED, nonce="", decided_at=now)
        claim = ClaimRequest.objects.create(
            company=company,
            user=user,
            email=email,
            title=title,
            method=method,
            nonce=secrets.token_hex(16) if method == ClaimRequest.Method.EMAIL else "",
            created_at=now,
        )
        if claim.method == ClaimRequest.Method.EMAIL:
            pk = claim.pk
            enqueue_on_commit(tasks.send_claim_link, pk)
    return claim


def pending_claim(*, company: Company, user) -> ClaimRequest | None:
    if not user.is_authenticated:
        return None
    return ClaimRequest.objects.filter(
        company=company, user=user, status=ClaimRequest.Status.PENDING
    ).first()


def claim_token(claim: ClaimRequest) -> str:
    return signing.dumps({"c": claim.pk, "n": claim.nonce}, salt=_CLAIM_SALT)


def _load(token: str, *, salt: str, max_age: timedelta, key: str) -> tuple[int, str]:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age.total_seconds())
    except signing.SignatureExpired:
        raise DomainError(
            "This link has expired. Ask again to get a new one.", code=LINK_EXPIRED
        ) from None
    except signing.BadSignature:
        raise DomainError(
            "This link is not valid. It may have been cut short or changed when it was copied.",
            code=LINK_INVALID,
        ) from None
    if not (
        isinstance(payload, dict)
        and isinstance(payload.get(key), int)
        and isinstance(payload.get("n"), str)
    ):
        raise DomainError("This link is not valid.", code=LINK_INVALID)
    return payload[key], payload["n"]


def check_claim_link(*, token: str, user: User, lock: bool = False) -> ClaimRequest:
    """The pending request an e-mailed link confirms for `user`, or a DomainError saying why not."""
    pk, nonce = _load(token, salt=_CLAIM_SALT, max_age=CLAIM_LINK_MAX_AGE, key="c")
    claims = ClaimRequest.objects.select_related("company")
    if lock:
        claims = claims.select_for_update()
    claim = claims.filter(pk=pk).first()
    if claim is None:
        raise DomainError("This link is not valid.", code=LINK_INVALID)
    if claim.user_id != user.pk:
        raise DomainError(
            "This link was sent to someone else who asked to represent the company. Log in "
            "as the person who asked, or ask yourself from the company's claim page.",
            code=LINK_WRONG_USER,
        )
    if not claim.nonce or not constant_time_compare(claim.nonce, nonce):
        raise DomainError(
            "This link has already been used, or a newer request replaced it.", code=LINK_USED
        )
    return claim


def verify_claim(*, token: str, user: User) -> Representative:
    """Follow the e-mailed link: the person who asked becomes a representative."""
    with transaction.atomic():
        claim = check_claim_link(token=token, user=user, lock=True)
        representative = _add_representative(claim)
        claim.status = ClaimRequest.Status.VERIFIED
        claim.nonce = ""
        claim.decided_at = representative.verified_at
        claim.save(update_fields=["status", "nonce", "decided_at"])
    return representative


def _add_representative(claim: ClaimRequest) -> Representative:
    # The company row is locked so two claims decided at once cannot both become owner.
    company = Company.objects.select_for_update().get(pk=claim.company_id)
    if Representative.objects.filter(company=company, user_id=claim.user_id).exists():
        # Joined some other way meanwhile (an invitation, another request).
        raise DomainError(
            f"{claim.user.username} already represents {company.name}.", code="already"
        )
    now = timezone.now()
    has_owner = company.representatives.filter(role=Representative.Role.OWNER).exists()
    representative = Representative.objects.create(
        company=company,
        user_id=claim.user_id,
        role=Representative.Role.AGENT if has_owner else Representative.Role.OWNER,
        title=claim.title,
        verified_at=now,
    )
    if company.claimed_at is None:
        company.claimed_at = now
        company.save(update_fields=["claimed_at"])
        company_changed(company.pk)
    claim.company = company
    return representative


# --- Moderators' decisions ----------------------------------------------------------------


def claims_awaiting_moderator():
    """The moderators' queue, oldest first (served by claim_moderator_queue_idx)."""
    return (
        ClaimRequest.objects.filter(
            status=ClaimRequest.Status.PENDING, method=ClaimRequest.Method.MODERATOR
        )
        .select_related("company", "user")
        .order_by("created_at", "pk")
    )


def _pending_for_moderator(claim: ClaimRequest, moderator: User) -> ClaimRequest:
    if not is_moderator(moderator):
        raise DomainError("Only moderators decide claim requests.", code="forbidden")
    claim = ClaimRequest.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimRequest.Status.PENDING or claim.method != ClaimRequest.Method.MODERATOR:
        raise DomainError("This request has already been decided.", code="decided")
    return claim


def approve_claim(*, claim: ClaimRequest, moderator: User, reason: str) -> Representative:
    reason = _clean_reason(reason)
    with transaction.atomic():
        claim = _pending_for_moderator(claim, moderator)
        representative = _add_representative(claim)
        claim.status = ClaimRequest.Status.APPROVED
        claim.decided_at = representative.verified_at
        claim.decided_by = moderator
        claim.reason = reason
        claim.save(update_fields=["status", "decided_at", "decided_by", "reason"])
        pk = claim.pk
        enqueue_on_commit(tasks.send_claim_decision, pk)
    return representative


def reject_claim(*, claim: ClaimRequest, moderator: User, reason: str) -> ClaimRequest:
    reason = _clean_reason(reason)
    with transaction.atomic():
        claim = _pending_for_moderator(claim, moderator)
        claim.status = ClaimRequest.Status.REJECTED
        claim.decided_at = timezone.now()
        claim.decided_by = moderator
        claim.reason = reason
        claim.save(update_fields=["status", "decided_at", "decided_by", "reason"])
        pk = claim.pk
        enqueue_on_commit(tasks.send_claim_decision, pk)
    return claim


# --- The team: owners invite and remove agents --------------------------------------------


def _owner_or_refuse(company: Company, user: User) -> Representative:
    rep = Representative.objects.filter(company=company, user=user).first()
    if rep is None or rep.role != Representative.Role.OWNER:
        raise DomainError(f"Only an owner of {company.name} can do that.", code="forbidden")
    return rep


def open_invitations(company: Company):
    return company.invitations.filter(~Q(nonce="")).order_by("-created_at")


def invite_agent(*, company: Company, invited_by: User, email: str) -> Invitation:
    """E-mail a link that makes whoever has an account at `email` an agent of `company`."""
    email = User.objects.normalize_email((email or "").strip())
    if not email or "@" not in email:
        raise DomainError("Give the e-mail address to invite.", field="email")
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=company.pk)
        _owner_or_refuse(company, invited_by)
        if company.representatives.filter(user__email__iexact=email).exists():
            raise DomainError(
                f"Someone with {email} already represents {company.name}.", field="email"
            )
        # Inviting the same address again replaces the earlier link.
        company.invitations.filter(~Q(nonce=""), email__iexact=email).update(nonce="")
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    company=company, email=email, invited_by=invited_by, nonce=secrets.token_hex(16)
                )
        except IntegrityError:
            raise DomainError("That address was just invited.", field="email") from None
        pk = invitation.pk
        enqueue_on_commit(tasks.send_invitation, pk)
    return invitation


def withdraw_invitation(*, invitation: Invitation, by: User) -> None:
    with transaction.atomic():
        _owner_or_refuse(invitation.company, by)
        Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(nonce="")


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=_INVITATION_SALT)


def check_invitation_link(*, token: str, user: User, lock: bool = False) -> Invitation:
    """The open invitation a link stands for, if `user` may accept it; else a DomainError."""
    pk, nonce = _load(token, salt=_INVITATION_SALT, max_age=INVITATION_MAX_AGE, key="i")
    invitations = Invitation.objects.select_related("company")
    if lock:
        invitations = invitations.select_for_update()
    invitation = invitations.filter(pk=pk).first()
    if invitation is None:
        raise DomainError("This link is not valid.", code=LINK_INVALID)
    if not invitation.nonce or not constant_time_compare(invitation.nonce, nonce):
        raise DomainError(
            "This invitation has already been used or was withdrawn. Ask the company for a "
            "new one.",
            code=LINK_USED,
        )
    if not user.is_email_verified or user.email.lower() != invitation.email.lower():
        raise DomainError(
            f"This invitation is for {invitation.email}. Log in with the account that has that "
            "address, verified, to accept it.",
            code=LINK_WRONG_USER,
        )
    return invitation


def accept_invitation(*, token: str, user: User, title: str = "") -> Representative:
    title = _clean_title(title) if (title or "").strip() else ""
    with transaction.atomic():
        invitation = check_invitation_link(token=token, user=user, lock=True)
        company = Company.objects.select_for_update().get(pk=invitation.company_id)
        if Representative.objects.filter(company=company, user=user).exists():
            raise DomainError(f"You already represent {company.name}.", code="already")
        now = timezone.now()
        representative = Representative.objects.create(
            company=company, user=user, role=Representative.Role.AGENT, title=title, verified_at=now
        )
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.nonce = ""
        invitation.save(update_fields=["accepted_at", "accepted_by", "nonce"])
    return representative


def remove_representative(*, representative: Representative, by: User) -> None:
    """An owner removes an agent, or leaves; the last owner cannot leave."""
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=representative.company_id)
        _owner_or_refuse(company, by)
        representative = Representative.objects.filter(
            pk=representative.pk, company=company
        ).first()
        if representative is None:
            raise DomainError("That person no longer represents the company.", code="gone")
        if representative.role == Representative.Role.OWNER:
            if representative.user_id != by.pk:
                raise DomainError(
                    "Owners can remove agents; another owner can only leave by themselves.",
                    code="forbidden",
                )
            owners = company.representatives.filter(role=Representative.Role.OWNER).count()
            if owners <= 1:
                raise DomainError(
                    f"You are the last owner of {company.name}, so you cannot leave.",
                    code="last_owner",
                )
        representative.delete()
