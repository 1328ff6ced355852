from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.duplicates import DUPLICATE_THRESHOLD, find_duplicate, similarity
from redressal.complaints.models import Complaint, HoldReason, Visibility
from redressal.complaints.tests.factories import ComplaintFactory

TITLE = "Refund not received for returned phone"
BODY = (
    "I ordered a Redmi Note 12 on 3 March and it arrived with a cracked screen. I raised a "
    "return request the same day and the courier picked the phone up on 6 March. The app says "
    "the refund was processed on 10 March but the money has still not reached my bank account. "
    "I have called customer care four times and every time they ask me to wait another 48 "
    "hours. Please refund my money."
)
REWORDED = (
    BODY.replace("cracked", "broken")
    .replace("four times", "five times")
    .replace("another 48 hours", "two more days")
)
OTHER_TITLE = "Wrong product delivered instead of earphones"
OTHER_BODY = (
    "I ordered boAt earphones and received an empty box. I raised a return request and "
    "customer care said the refund will be processed in 7 days. It has been 15 days and the "
    "money has still not reached my bank account. Please refund my money."
)


# Similarity.


def test_identical_texts_are_fully_similar_whatever_the_case_and_spacing():
    assert similarity(BODY, BODY) == 1.0
    assert similarity(BODY, "  " + BODY.upper().replace(" ", "\n  ")) == 1.0


def test_a_few_words_changed_stay_above_the_threshold():
    assert similarity(BODY, REWORDED) >= DUPLICATE_THRESHOLD


def test_different_complaints_sharing_stock_phrases_stay_well_below_the_threshold():
    assert similarity(BODY, OTHER_BODY) < DUPLICATE_THRESHOLD / 2


def test_similarity_of_empty_and_one_word_texts():
    assert similarity("", "") == 1.0
    assert similarity("", BODY) == 0.0
    assert similarity("Refund", "refund!") == 1.0


def test_long_bodies_are_compared_quickly():
    words = [f"word{i % 3000}" for i in range(3500)]
    long_body = " ".join(words)[:20_000]
    edited = long_body.replace("word10 ", "changed ")

    started = time.perf_counter()
    score = similarity(long_body, edited)

    assert time.perf_counter() - started < 0.5
    assert score > 0.99


# Finding the duplicate.


@pytest.fixture
def author():
    return UserFactory()


@pytest.fixture
def company():
    return CompanyFactory()


@pytest.fixture
def earlier(author, company):
    return ComplaintFactory(author=author, company=company, title=TITLE, body=BODY)


def find(author, company, *, title=TITLE, body=BODY, **kwargs):
    return find_duplicate(author=author, company=company, title=title, body=body, **kwargs)


def set_visibility(complaint, visibility, held_reason=HoldReason.NONE):
    Complaint.objects.filter(pk=complaint.pk).update(visibility=visibility, held_reason=held_reason)


@pytest.mark.django_db
def test_the_same_complaint_again_is_a_duplicate(author, company, earlier):
    assert find(author, company) == earlier


@pytest.mark.django_db
def test_the_same_complaint_with_a_few_words_changed_is_a_duplicate(author, company, earlier):
    assert find(author, company, title=TITLE.lower(), body=REWORDED) == earlier


@pytest.mark.django_db
def test_a_different_complaint_about_the_same_company_is_not_a_duplicate(author, company, earlier):
    assert find(author, company, title=OTHER_TITLE, body=OTHER_BODY) is None


@pytest.mark.django_db
def test_the_same_complaint_about_another_company_is_not_a_duplicate(author, earlier):
    assert find(author, CompanyFactory()) is None


@pytest.mark.django_db
def test_the_same_complaint_by_another_person_is_not_a_duplicate(company, earlier):
    assert find(UserFactory(), company) is None


@pytest.mark.django_db
def test_a_complaint_older_than_ninety_days_is_not_a_duplicate(author, company, earlier):
    Complaint.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - timedelta(days=91))

    assert find(author, company) is None


@pytest.mark.django_db
def test_the_window_counts_back_from_now(author, company, earlier):
    assert find(author, company, now=timezone.now() + timedelta(days=89)) == earlier
    assert find(author, company, now=timezone.now() + timedelta(days=91)) is None


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", [Visibility.DELETED, Visibility.HIDDEN, Visibility.DRAFT])
def test_a_deleted_hidden_or_draft_complaint_is_not_a_duplicate(
    author, company, earlier, visibility
):
    set_visibility(earlier, visibility)

    assert find(author, company) is None


@pytest.mark.django_db
def test_a_held_complaint_is_a_duplicate(author, company, earlier):
    set_visibility(earlier, Visibility.HELD, HoldReason.MODERATION)

    assert find(author, company) == earlier


@pytest.mark.django_db
def test_the_complaint_being_edited_is_not_its_own_duplicate(author, company, earlier):
    assert find(author, company, exclude_pk=earlier.pk) is None


@pytest.mark.django_db
def test_the_most_recent_duplicate_is_returned(author, company, earlier):
    Complaint.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - timedelta(days=10))
    # Filing a duplicate is refused, so the second one becomes one after it is filed.
    latest = ComplaintFactory(author=author, company=company)
    Complaint.objects.filter(pk=latest.pk).update(title=TITLE, body=REWORDED)

    assert find(author, company) == latest
    assert find(author, company, exclude_pk=latest.pk) == earlier
