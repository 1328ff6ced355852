"""The resolution workflow: every move, allowed and refused, and who may make it."""

from __future__ import annotations

import pytest

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Company, Representative
from redressal.companies.tests.factories import RepresentativeFactory
from redressal.complaints import resolution
from redressal.complaints.models import Complaint, StatusChange
from redressal.complaints.tests.factories import ComplaintFactory, ReviewFactory
from redressal.core.errors import DomainError
from redressal.discussion.services import post_official_response

pytestmark = pytest.mark.django_db
Status = Complaint.Status


@pytest.fixture
def case():
    complaint = ComplaintFactory()
    agent = RepresentativeFactory(company=complaint.company, role=Representative.Role.AGENT)
    return complaint, agent.user


def bring_to(status: str, complaint: Complaint, rep) -> Complaint:
    """Walk a new complaint to `status` through the real moves."""
    if status in (Status.ANSWERED, Status.RESOLUTION_PROPOSED):
        post_official_response(complaint=complaint, representative=rep, body="We are on it.")
    if status == Status.RESOLUTION_PROPOSED:
        resolution.propose_resolution(complaint=complaint, representative=rep, note="Refunded.")
    if status == Status.RESOLVED:
        resolution.mark_resolved(complaint=complaint, author=complaint.author)
    complaint.refresh_from_db()
    assert complaint.status == status
    return complaint


def move(name: str, complaint: Complaint, rep):
    author = complaint.author
    return {
        "answer": lambda: post_official_response(
            complaint=complaint, representative=rep, body="Official answer."
        ),
        "propose": lambda: resolution.propose_resolution(
            complaint=complaint, representative=rep, note="Replaced the phone."
        ),
        "confirm": lambda: resolution.confirm_resolution(complaint=complaint, author=author),
        "dispute": lambda: resolution.dispute_resolution(
            complaint=complaint, author=author, reason="Still broken."
        ),
        "resolve": lambda: resolution.mark_resolved(complaint=complaint, author=author),
    }[name]()


ALL_STATES = [Status.OPEN, Status.ANSWERED, Status.RESOLUTION_PROPOSED, Status.RESOLVED]
EXPECTED = {
    ("answer", Status.OPEN): Status.ANSWERED,
    ("propose", Status.ANSWERED): Status.RESOLUTION_PROPOSED,
    ("confirm", Status.RESOLUTION_PROPOSED): Status.RESOLVED,
    ("dispute", Status.RESOLUTION_PROPOSED): Status.ANSWERED,
    ("resolve", Status.OPEN): Status.RESOLVED,
    ("resolve", Status.ANSWERED): Status.RESOLVED,
    ("resolve", Status.RESOLUTION_PROPOSED): Status.RESOLVED,
}


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("name", ["propose", "confirm", "dispute", "resolve"])
def test_every_move_from_every_state(case, name, state):
    complaint, rep = case
    bring_to(state, complaint, rep)
    changes_before = StatusChange.objects.count()
    expected = EXPECTED.get((name, state))
    if expected is None:
        with pytest.raises(DomainError) as error:
            move(name, complaint, rep)
        assert error.value.code in ("invalid_transition", "already_resolved")
        complaint.refresh_from_db()
        assert complaint.status == state
        assert StatusChange.objects.count() == changes_before
    else:
        move(name, complaint, rep)
        complaint.refresh_from_db()
        assert complaint.status == expected
        change = StatusChange.objects.latest("id")
        assert (change.from_status, change.to_status) == (state, expected)


@pytest.mark.parametrize("state", [Status.ANSWERED, Status.RESOLUTION_PROPOSED, Status.RESOLVED])
def test_an_official_answer_after_the_first_moves_nothing(case, state):
    complaint, rep = case
    bring_to(state, complaint, rep)
    first_answered_at = Complaint.objects.get(pk=complaint.pk).first_answered_at
    move("answer", complaint, rep)
    complaint.refresh_from_db()
    assert complaint.status == state
    if state != Status.RESOLVED:
        assert complaint.first_answered_at == first_answered_at


def test_the_first_official_answer_is_timed(case):
    complaint, rep = case
    assert complaint.first_answered_at is None
    comment = move("answer", complaint, rep)
    complaint.refresh_from_db()
    assert complaint.first_answered_at is not None
    assert comment.official_company == complaint.company and comment.is_official


def test_only_the_companys_representatives_answer_and_propose(case):
    complaint, rep = case
    outsider = RepresentativeFactory().user  # represents another company
    for someone in (outsider, complaint.author, UserFactory()):
        with pytest.raises(DomainError) as error:
            move("answer", complaint, someone)
        assert error.value.code == "forbidden"
    bring_to(Status.ANSWERED, complaint, rep)
    with pytest.raises(DomainError):
        move("propose", complaint, outsider)
    assert Complaint.objects.get(pk=complaint.pk).status == Status.ANSWERED


def test_only_the_author_confirms_disputes_or_resolves(case):
    complaint, rep = case
    bring_to(Status.RESOLUTION_PROPOSED, complaint, rep)
    for someone in (rep, UserFactory()):
        for call in (
            lambda u: resolution.confirm_resolution(complaint=complaint, author=u),
            lambda u: resolution.dispute_resolution(complaint=complaint, author=u, reason="x"),
            lambda u: resolution.mark_resolved(complaint=complaint, author=u),
        ):
            with pytest.raises(DomainError):
                call(someone)
    assert Complaint.objects.get(pk=complaint.pk).status == Status.RESOLUTION_PROPOSED


def test_a_dispute_needs_a_reason_and_a_proposal_a_note(case):
    complaint, rep = case
    bring_to(Status.ANSWERED, complaint, rep)
    with pytest.raises(DomainError) as error:
        resolution.propose_resolution(complaint=complaint, representative=rep, note="  ")
    assert error.value.field == "note"
    resolution.propose_resolution(complaint=complaint, representative=rep, note="Refunded.")
    with pytest.raises(DomainError) as error:
        resolution.dispute_resolution(complaint=complaint, author=complaint.author, reason="")
    assert error.value.field == "note"


def test_only_author_confirmed_resolutions_count(case):
    complaint, rep = case
    bring_to(Status.RESOLUTION_PROPOSED, complaint, rep)
    assert Company.objects.get(pk=complaint.company_id).resolved_count == 0
    resolution.dispute_resolution(complaint=complaint, author=complaint.author, reason="No.")
    resolution.propose_resolution(complaint=complaint, representative=rep, note="Try again.")
    assert Company.objects.get(pk=complaint.company_id).resolved_count == 0
    resolution.confirm_resolution(complaint=complaint, author=complaint.author)
    assert Company.objects.get(pk=complaint.company_id).resolved_count == 1
    timeline = [
        (c.from_status, c.to_status, c.actor_id)
        for c in StatusChange.objects.filter(complaint=complaint)
    ]
    author, agent = complaint.author_id, rep.pk
    assert timeline == [
        (Status.OPEN, Status.ANSWERED, agent),
        (Status.ANSWERED, Status.RESOLUTION_PROPOSED, agent),
        (Status.RESOLUTION_PROPOSED, Status.ANSWERED, author),
        (Status.ANSWERED, Status.RESOLUTION_PROPOSED, agent),
        (Status.RESOLUTION_PROPOSED, Status.RESOLVED, author),
    ]


def test_reviews_have_no_resolution():
    review = ReviewFactory()
    rep = RepresentativeFactory(company=review.company).user
    post_official_response(complaint=review, representative=rep, body="Thank you!")
    review.refresh_from_db()
    assert review.status == Status.OPEN and review.first_answered_at is not None
    with pytest.raises(DomainError):
        resolution.propose_resolution(complaint=review, representative=rep, note="x")


def test_assigning_to_an_agent_of_the_same_company_only(case):
    complaint, rep = case
    colleague = RepresentativeFactory(company=complaint.company).user
    resolution.assign_complaint(complaint=complaint, representative=rep, agent=colleague)
    assert Complaint.objects.get(pk=complaint.pk).assigned_to == colleague
    with pytest.raises(DomainError) as error:
        resolution.assign_complaint(
            complaint=complaint, representative=rep, agent=RepresentativeFactory().user
        )
    assert error.value.field == "agent"
    with pytest.raises(DomainError):
        resolution.assign_complaint(complaint=complaint, representative=UserFactory(), agent=None)
    assert Complaint.objects.get(pk=complaint.pk).assigned_to == colleague


def test_official_responses_are_never_held_as_spam(case):
    _complaint, rep = case
    for _ in range(8):  # an inbox worked through quickly, with links to the help pages
        other = ComplaintFactory(company=_complaint.company)
        comment = post_official_response(
            complaint=other, representative=rep, body="See https://help.example.com/refunds."
        )
        assert comment.visibility == "published"
