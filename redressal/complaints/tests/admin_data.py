"""One of everything, made through the services, for the admin tests of every app."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from redressal.accounts.models import User
from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Company, Representative
from redressal.companies.tests.factories import RepresentativeFactory
from redressal.complaints import services
from redressal.complaints.models import (
    Complaint,
    HelpfulVote,
    Photo,
    Revision,
    StatusChange,
    Update,
)
from redressal.complaints.tests.factories import ComplaintFactory, ReviewFactory
from redressal.discussion import services as discussion
from redressal.discussion.models import Comment
from redressal.insights.models import Category
from redressal.insights.tests.factories import CategoryFactory
from redressal.moderation.models import ModerationAction, Report
from redressal.tests_support import committed, png_bytes


@dataclass
class AdminData:
    moderator: User
    author: User
    representative: Representative
    category: Category
    complaint: Complaint
    review: Complaint
    revision: Revision
    update: Update
    photo: Photo
    vote: HelpfulVote
    status_change: StatusChange
    comment: Comment
    report: Report
    action: ModerationAction

    @property
    def company(self) -> Company:
        return self.complaint.company

    def objects(self) -> dict[str, object]:
        """Every model the admin shows, by its admin URL name."""
        return {
            "accounts_user": self.author,
            "companies_company": self.company,
            "companies_representative": self.representative,
            "insights_category": self.category,
            "complaints_complaint": self.complaint,
            "complaints_revision": self.revision,
            "complaints_update": self.update,
            "complaints_photo": self.photo,
            "complaints_helpfulvote": self.vote,
            "complaints_statuschange": self.status_change,
            "discussion_comment": self.comment,
            "moderation_report": self.report,
            "moderation_moderationaction": self.action,
        }


def make_admin_data(moderator: User) -> AdminData:
    author = UserFactory(city="Lucknow", state="Uttar Pradesh")
    category = CategoryFactory()
    representative = RepresentativeFactory(title="Customer care lead")
    company = representative.company
    complaint = ComplaintFactory(
        author=author,
        company=company,
        category=category,
        title="Refund not received for the returned phone",
        private_details="Order number OD-55501234, phone 98765 43210",
    )
    review = ReviewFactory(
        company=company,
        rating=5,
        title="Quick doorstep repair",
        private_details="Booking BK-7781",
    )
    services.edit_complaint(
        complaint=review,
        author=review.author,
        title="Quick doorstep repair, twice",
        body=review.body,
        rating=5,
        private_details="Booking BK-7781",
    )
    update = services.add_update(
        complaint=complaint, author=author, body="Still waiting after a week."
    )
    with committed():
        photo = services.attach_photo(
            complaint=complaint,
            author=author,
            image=SimpleUploadedFile("box.png", png_bytes(), content_type="image/png"),
            caption="The returned box",
        )
    photo.refresh_from_db()
    voter = UserFactory()
    services.vote_helpful(complaint=complaint, user=voter)
    services.mark_resolved(complaint=complaint, author=author, note="Refund arrived.")
    comment = discussion.post_comment(
        complaint=complaint, author=voter, body="Same thing happened to me."
    )
    discussion.post_comment(
        complaint=complaint, author=author, body="Did it get sorted?", parent=comment
    )
    report = Report.objects.create(
        reporter=voter, complaint=review, reason=Report.Reason.FAKE, details="Looks paid for."
    )
    action = ModerationAction.objects.create(
        moderator=moderator,
        action=ModerationAction.Action.DISMISS_REPORT,
        report=report,
        complaint=review,
        reason="The review describes a real visit.",
    )
    return AdminData(
        moderator=moderator,
        author=author,
        representative=representative,
        category=category,
        complaint=complaint,
        review=review,
        revision=Revision.objects.get(complaint=review),
        update=update,
        photo=photo,
        vote=HelpfulVote.objects.get(complaint=complaint, user=voter),
        status_change=StatusChange.objects.get(complaint=complaint),
        comment=comment,
        report=report,
        action=action,
    )


def changelist_url(name: str) -> str:
    return reverse(f"admin:{name}_changelist")


def change_url(name: str, obj) -> str:
    return reverse(f"admin:{name}_change", args=[obj.pk])


def assert_list_page_queries_do_not_grow(client, name: str, moderator: User) -> None:
    """A list page costs the same queries with one row of everything as with three."""
    url = changelist_url(name)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make_admin_data(moderator)
    make_admin_data(moderator)
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more) == len(few), [q["sql"] for q in more.captured_queries]
