"""The services keep the index in step: what a person or a moderator does is searchable at once."""

from __future__ import annotations

import pytest

from redressal.accounts.tests.factories import UserFactory
from redressal.complaints import services
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.moderation import services as moderation
from redressal.search.query import SearchQuery
from redressal.search.selectors import search

pytestmark = pytest.mark.django_db


def found(text: str) -> list[int]:
    return [hit.complaint.pk for hit in search(SearchQuery(text=text)).hits]


def test_filing_editing_hiding_restoring_and_deleting(django_capture_on_commit_callbacks):
    run = django_capture_on_commit_callbacks
    with run(execute=True):
        complaint = ComplaintFactory(
            title="Dishwasher flooded the kitchen", body="Water everywhere after one wash."
        )
    assert found("dishwasher") == [complaint.pk]
    with run(execute=True):
        services.edit_complaint(
            complaint=complaint,
            author=complaint.author,
            title="Washing machine flooded the kitchen",
            body="Water everywhere after one wash.",
        )
    assert found("dishwasher") == [] and found("washing machine") == [complaint.pk]
    with run(execute=True):
        services.add_update(complaint=complaint, author=complaint.author, body="Mould now.")
    assert found("mould") == [complaint.pk]
    moderator = UserFactory(is_staff=True)
    with run(execute=True):
        moderation.hide_post(moderator=moderator, post=complaint, reason="Checking.")
    assert found("washing machine") == []
    with run(execute=True):
        moderation.restore_post(moderator=moderator, post=complaint, reason="Fine.")
    assert found("washing machine") == [complaint.pk]
    with run(execute=True):
        services.delete_complaint(complaint=complaint, author=complaint.author)
    assert found("washing machine") == []


def test_private_text_is_never_found(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ComplaintFactory(
            body="Call me on 98200 12345 about the broken fridge.",
            private_details="Flat 9 Kumquat Residency",
        )
    assert found("fridge")
    assert found("98200") == [] and found("Kumquat") == []
