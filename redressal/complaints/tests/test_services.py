from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import services
from redressal.complaints.models import (
    Complaint,
    HelpfulVote,
    HoldReason,
    StatusChange,
    Visibility,
)
from redressal.complaints.tests.factories import ComplaintFactory, ReviewFactory
from redressal.complaints.tests.stored import refused
from redressal.insights.tests.factories import CategoryFactory
from redressal.tests_support import committed, png_bytes

pytestmark = pytest.mark.django_db


def png(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@pytest.fixture
def author():
    return UserFactory(city="Lucknow", state="Uttar Pradesh")


@pytest.fixture
def company():
    return CompanyFactory()


@pytest.fixture
def complaint(author, company):
    return ComplaintFactory(author=author, company=company)


@pytest.fixture
def stranger():
    return UserFactory()


def file(author, company, **kwargs) -> Complaint:
    values = {"title": "Refund not received", "body": "I returned the phone in May."}
    return services.file_complaint(author=author, company=company, **(values | kwargs))


# --- Filing ---------------------------------------------------------------------------------


def test_filing_a_complaint_stores_it_and_moves_the_counters(author, company):
    category = CategoryFactory()
    complaint = file(
        author,
        company,
        title="  Refund not received!  ",
        body="  I returned it.  ",
        category=category,
        private_details="  Order OD-1  ",
    )
    assert complaint.title == "Refund not received!"
    assert complaint.slug == "refund-not-received"
    assert complaint.body == "I returned it."
    assert complaint.private_details == "Order OD-1"
    assert complaint.place == "Lucknow, Uttar Pradesh"
    assert complaint.status == Complaint.Status.OPEN
    company.refresh_from_db()
    assert (company.complaints_count, company.reviews_count, company.rating_count) == (1, 0, 0)
    assert company.last_activity_at is not None
    category.refresh_from_db()
    assert category.complaints_count == 1


def test_filing_reads_and_protects_its_text_before_its_transaction_starts(author, company):
    """On SQLite a transaction holds the one write lock from its start: the slow, read-only
    part of a filing must not run inside it."""
    outside = len(connection.atomic_blocks)
    depths = {}

    def recorder(name, original):
        def wrapper(*args, **kwargs):
            depths[name] = len(connection.atomic_blocks)
            return original(*args, **kwargs)

        return wrapper

    with (
        mock.patch.object(services, "protect", recorder("protect", services.protect)),
        mock.patch.object(
            services, "refuse_duplicate", recorder("duplicates", services.refuse_duplicate)
        ),
        mock.patch.object(services, "spam_signals", recorder("spam", services.spam_signals)),
        mock.patch.object(services.counters, "move", recorder("counters", services.counters.move)),
    ):
        complaint = file(author, company)
    assert complaint.visibility == Visibility.PUBLISHED
    assert depths == {
        "protect": outside,
        "duplicates": outside,
        "spam": outside,
        "counters": outside + 1,
    }


def test_filing_a_review_counts_its_rating(author, company):
    file(author, company, kind=Complaint.Kind.REVIEW, rating=4, body="Quick and polite staff.")
    file(author, company, kind=Complaint.Kind.REVIEW, rating=1, body="The repair broke again.")
    company.refresh_from_db()
    assert (company.reviews_count, company.complaints_count) == (2, 0)
    assert (company.rating_sum, company.rating_count, company.rating) == (5, 2, 2.5)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"title": ""}, "title", "required"),
        ({"title": "   \n "}, "title", "required"),
        ({"title": "x" * 161}, "title", "too_long"),
        ({"body": ""}, "body", "required"),
        ({"body": "x" * 20_001}, "body", "too_long"),
        ({"kind": Complaint.Kind.REVIEW}, "rating", None),
        ({"kind": Complaint.Kind.REVIEW, "rating": 0}, "rating", None),
        ({"kind": Complaint.Kind.REVIEW, "rating": 6}, "rating", None),
        ({"rating": 6}, "rating", None),
        ({"kind": "rant"}, "kind", None),
    ],
)
def test_filing_refuses_bad_input(author, company, changes, field, code):
    with refused(code, field=field):
        file(author, company, **changes)


def test_longest_title_and_text_are_accepted(author, company):
    complaint = file(author, company, title="x" * 160, body="y" * 20_000)
    assert len(complaint.title) == 160


def test_an_unlisted_company_takes_no_complaints(author):
    company = CompanyFactory(is_listed=False)
    with refused(field="company"):
        file(author, company)


# --- Updates --------------------------------------------------------------------------------


def test_author_adds_an_update(complaint, author):
    update = services.add_update(complaint=complaint, author=author, body=" Still waiting. ")
    assert update.body == "Still waiting."
    assert list(complaint.updates.all()) == [update]


def test_only_the_author_adds_an_update(complaint, stranger):
    with refused("forbidden"):
        services.add_update(complaint=complaint, author=stranger, body="Me too.")


def test_an_update_needs_text(complaint, author):
    with refused("required", field="body"):
        services.add_update(complaint=complaint, author=author, body="  ")


def test_no_updates_to_a_deleted_complaint(complaint, author):
    services.delete_complaint(complaint=complaint, author=author)
    with refused("not_published"):
        services.add_update(complaint=complaint, author=author, body="Still waiting.")


# --- Resolving ------------------------------------------------------------------------------


def test_resolving_writes_the_timeline_and_moves_the_counters(complaint, author):
    services.mark_resolved(complaint=complaint, author=author, note=" Refund arrived. ")
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RESOLVED
    assert complaint.resolved_at is not None
    change = StatusChange.objects.get(complaint=complaint)
    assert change.actor == author
    assert (change.from_status, change.to_status) == ("open", "resolved")
    assert change.note == "Refund arrived."
    complaint.company.refresh_from_db()
    assert complaint.company.resolved_count == 1


def test_only_the_author_resolves(complaint, stranger):
    with refused("forbidden"):
        services.mark_resolved(complaint=complaint, author=stranger)


def test_a_complaint_is_resolved_once(complaint, author):
    services.mark_resolved(complaint=complaint, author=author)
    with refused("already_resolved"):
        services.mark_resolved(complaint=complaint, author=author)


def test_a_review_cannot_be_resolved(author, company):
    review = ReviewFactory(author=author, company=company)
    with refused("not_a_complaint"):
        services.mark_resolved(complaint=review, author=author)


def test_a_deleted_complaint_cannot_be_resolved(complaint, author):
    services.delete_complaint(complaint=complaint, author=author)
    with refused("not_published"):
        services.mark_resolved(complaint=complaint, author=author)


# --- Deleting -------------------------------------------------------------------------------


def test_deleting_takes_the_post_out_of_every_counter(author, company):
    category = CategoryFactory()
    review = ReviewFactory(author=author, company=company, rating=5, category=category)
    with committed():
        services.attach_photo(complaint=review, author=author, image=png())
    services.delete_complaint(complaint=review, author=author)
    review.refresh_from_db()
    assert review.visibility == Visibility.DELETED
    company.refresh_from_db()
    assert company.reviews_count == 0
    assert (company.rating_sum, company.rating_count, company.with_photos_count) == (0, 0, 0)
    category.refresh_from_db()
    assert category.complaints_count == 0


def test_deleting_a_resolved_complaint_takes_it_out_of_resolved(complaint, author):
    services.mark_resolved(complaint=complaint, author=author)
    services.delete_complaint(complaint=complaint, author=author)
    complaint.company.refresh_from_db()
    assert (complaint.company.complaints_count, complaint.company.resolved_count) == (0, 0)


def test_only_the_author_deletes(complaint, stranger):
    with refused("forbidden"):
        services.delete_complaint(complaint=complaint, author=stranger)


def test_a_complaint_is_deleted_once(complaint, author):
    services.delete_complaint(complaint=complaint, author=author)
    with refused("already_deleted"):
        services.delete_complaint(complaint=complaint, author=author)


# --- Helpful votes --------------------------------------------------------------------------


def test_voting_and_withdrawing_move_the_helpful_count(complaint, stranger):
    assert services.vote_helpful(complaint=complaint, user=stranger).helpful_count == 1
    assert HelpfulVote.objects.filter(complaint=complaint, user=stranger).exists()
    assert services.withdraw_helpful_vote(complaint=complaint, user=stranger).helpful_count == 0
    assert not HelpfulVote.objects.exists()


def test_no_vote_for_your_own_post(complaint, author):
    with refused("own_post"):
        services.vote_helpful(complaint=complaint, user=author)


def test_one_vote_per_person(complaint, stranger):
    services.vote_helpful(complaint=complaint, user=stranger)
    with refused("already_voted"):
        services.vote_helpful(complaint=complaint, user=stranger)


def test_no_vote_on_a_deleted_post(complaint, author, stranger):
    services.delete_complaint(complaint=complaint, author=author)
    with refused("not_published"):
        services.vote_helpful(complaint=complaint, user=stranger)


def test_withdrawing_a_vote_never_given_is_refused(complaint, stranger):
    with refused("not_voted"):
        services.withdraw_helpful_vote(complaint=complaint, user=stranger)


# --- Photos ---------------------------------------------------------------------------------


def test_author_attaches_photos_in_order(complaint, author):
    with committed():
        first = services.attach_photo(
            complaint=complaint, author=author, image=png(), caption=" A "
        )
        second = services.attach_photo(complaint=complaint, author=author, image=png())
    first.refresh_from_db()
    assert (first.position, second.position) == (0, 1)
    assert first.caption == "A"
    assert (first.width, first.height) == (8, 6)
    complaint.refresh_from_db()
    assert complaint.photos_count == 2
    complaint.company.refresh_from_db()
    assert complaint.company.with_photos_count == 1


def test_only_the_author_attaches_photos(complaint, stranger):
    with refused("forbidden"):
        services.attach_photo(complaint=complaint, author=stranger, image=png())


def test_no_photos_on_a_deleted_post(complaint, author):
    services.delete_complaint(complaint=complaint, author=author)
    with refused("not_published"):
        services.attach_photo(complaint=complaint, author=author, image=png())


def test_a_held_post_can_be_deleted(company):
    waiting = UserFactory(email_verified_at=None)
    held = file(waiting, company)
    assert (held.visibility, held.held_reason) == (Visibility.HELD, HoldReason.EMAIL_UNVERIFIED)
    services.delete_complaint(complaint=held, author=waiting)
    held.refresh_from_db()
    assert (held.visibility, held.held_reason) == (Visibility.DELETED, HoldReason.NONE)
    company.refresh_from_db()
    assert company.complaints_count == 0
