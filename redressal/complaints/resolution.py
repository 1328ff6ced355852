"""A complaint's way to resolution, and who may move it.

open → answered (the company's first official response) → resolution proposed (the company)
→ resolved (the author confirms) or back to answered (the author disputes, saying why).
The author may mark it resolved at any time; nobody else can resolve it. Every move is a
StatusChange row on the public timeline.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from redressal.accounts.models import User
from redressal.companies.models import Representative
from redressal.complaints import counters
from redressal.complaints.models import Complaint, StatusChange, Visibility
from redressal.core.errors import DomainError
from redressal.moderation.text import protect
from redressal.notifications import events

Status = Complaint.Status
NOTE_MAX = 2_000

# Who may make each move, from which states.
ALLOWED = {
    "answer": {Status.OPEN: Status.ANSWERED},
    "propose": {Status.ANSWERED: Status.RESOLUTION_PROPOSED},
    "confirm": {Status.RESOLUTION_PROPOSED: Status.RESOLVED},
    "dispute": {Status.RESOLUTION_PROPOSED: Status.ANSWERED},
    "resolve": {
        Status.OPEN: Status.RESOLVED,
        Status.ANSWERED: Status.RESOLVED,
        Status.RESOLUTION_PROPOSED: Status.RESOLVED,
    },
}
REFUSALS = {
    "propose": {
        Status.OPEN: "Answer the complaint before proposing a resolution.",
        Status.RESOLUTION_PROPOSED: "A resolution is already proposed: wait for the author.",
        Status.RESOLVED: "This complaint is already resolved.",
    },
    "confirm": "There is no proposed resolution to confirm.",
    "dispute": "There is no proposed resolution to dispute.",
    "resolve": "This complaint is already resolved.",
}


def _locked_complaint(complaint: Complaint) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.visibility != Visibility.PUBLISHED:
        raise DomainError("This complaint is no longer published.", code="not_published")
    if complaint.kind != Complaint.Kind.COMPLAINT:
        raise DomainError("Only complaints have a resolution.", code="not_a_complaint")
    return complaint


def _clean_note(note: str, *, required: str = "") -> str:
    note = (note or "").strip()
    if required and not note:
        raise DomainError(required, field="note", code="required")
    if len(note) > NOTE_MAX:
        raise DomainError(f"A note can be at most {NOTE_MAX:,} characters.", field="note")
    # Notes show on the public timeline.
    return protect(note).public


def require_representative(user: User, complaint: Complaint) -> Representative:
    representative = (
        Representative.objects.filter(user=user, company_id=complaint.company_id).first()
        if user.is_authenticated
        else None
    )
    if representative is None:
        raise DomainError(
            "Only the company's verified representatives can do this.", code="forbidden"
        )
    return representative


def _require_author(user: User, complaint: Complaint) -> None:
    if complaint.author_id != user.pk:
        raise DomainError("Only the author can do this.", code="forbidden")


def _move(complaint: Complaint, move: str, *, actor: User, note: str = "") -> StatusChange:
    """Move a locked complaint along `move`, or refuse with the reason the state gives."""
    target = ALLOWED[move].get(complaint.status)
    if target is None:
        refusal = REFUSALS[move]
        if isinstance(refusal, dict):
            refusal = refusal.get(complaint.status, "This complaint cannot move that way now.")
        raise DomainError(refusal, code="invalid_transition")
    before = counters.snapshot(complaint)
    previous = complaint.status
    now = timezone.now()
    complaint.status = target
    complaint.resolved_at = now if target == Status.RESOLVED else None
    complaint.last_activity_at = now
    complaint.save(update_fields=["status", "resolved_at", "last_activity_at"])
    change = StatusChange.objects.create(
        complaint=complaint, actor=actor, from_status=previous, to_status=target, note=note
    )
    counters.move(complaint, before)
    events.status_changed(change)
    return change


def record_official_answer(*, complaint: Complaint, actor: User) -> None:
    """An official response was posted (the caller's transaction): the first one answers."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.first_answered_at is None:
        complaint.first_answered_at = timezone.now()
        complaint.save(update_fields=["first_answered_at"])
    if complaint.kind == Complaint.Kind.COMPLAINT and complaint.status == Status.OPEN:
        _move(complaint, "answer", actor=actor)


@transaction.atomic
def propose_resolution(*, complaint: Complaint, representative: User, note: str) -> Complaint:
    """The company says the problem is solved; it counts only when the author agrees."""
    complaint = _locked_complaint(complaint)
    require_representative(representative, complaint)
    note = _clean_note(note, required="Say what the company did to resolve it.")
    _move(complaint, "propose", actor=representative, note=note)
    return complaint


@transaction.atomic
def confirm_resolution(*, complaint: Complaint, author: User, note: str = "") -> Complaint:
    complaint = _locked_complaint(complaint)
    _require_author(author, complaint)
    _move(complaint, "confirm", actor=author, note=_clean_note(note))
    return complaint


@transaction.atomic
def dispute_resolution(*, complaint: Complaint, author: User, reason: str) -> Complaint:
    """The author says the proposed resolution did not solve it: back to answered."""
    complaint = _locked_complaint(complaint)
    _require_author(author, complaint)
    reason = _clean_note(reason, required="Say why the problem is not resolved.")
    _move(complaint, "dispute", actor=author, note=reason)
    return complaint


@transaction.atomic
def mark_resolved(*, complaint: Complaint, author: User, note: str = "") -> Complaint:
    """The author says the problem is solved, at any time; only their word resolves it."""
    complaint = _locked_complaint(complaint)
    _require_author(author, complaint)
    if complaint.status == Status.RESOLVED:
        raise DomainError("This complaint is already resolved.", code="already_resolved")
    _move(complaint, "resolve", actor=author, note=_clean_note(note))
    return complaint


@transaction.atomic
def assign_complaint(
    *, complaint: Complaint, representative: User, agent: User | None
) -> Complaint:
    """Give a complaint to one of the company's representatives to look after (or to nobody)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    require_representative(representative, complaint)
    if agent is not None:
        try:
            require_representative(agent, complaint)
        except DomainError:
            raise DomainError(
                f"{agent.username} does not represent this company.", field="agent"
            ) from None
    complaint.assigned_to = agent
    complaint.save(update_fields=["assigned_to"])
    return complaint
