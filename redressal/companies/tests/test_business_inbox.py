"""The business inbox: what a company's representatives see and do, and nobody else."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Representative
from redressal.companies.tests.factories import RepresentativeFactory
from redressal.complaints.models import Complaint, PrivateAccess
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.services import post_official_response
from redressal.insights.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    owner = RepresentativeFactory()
    company = owner.company
    agent = RepresentativeFactory(company=company, role=Representative.Role.AGENT)
    old = ComplaintFactory(company=company, title="Old unanswered", product="Phone X")
    fresh = ComplaintFactory(
        company=company, title="Fresh unanswered", private_details="Order OD-77 and IMEI 4901"
    )
    answered = ComplaintFactory(company=company, title="Answered one")
    post_official_response(complaint=answered, representative=owner.user, body="On it.")
    now = timezone.now()
    Complaint.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=20))
    Complaint.objects.filter(pk=fresh.pk).update(created_at=now - timedelta(days=3))
    Complaint.objects.filter(pk=answered.pk).update(created_at=now - timedelta(days=30))
    return {"company": company, "owner": owner.user, "agent": agent.user, "old": old,
            "fresh": fresh, "answered": answered}  # fmt: skip


def _inbox(client, desk, user, **query):
    client.force_login(user)
    return client.get(f"/business/{desk['company'].slug}/", query)


def test_unanswered_first_oldest_first_with_the_clock(client, desk):
    page = _inbox(client, desk, desk["agent"]).content.decode()
    positions = [page.index(t) for t in ("Old unanswered", "Fresh unanswered", "Answered one")]
    assert positions == sorted(positions)
    assert "Past the 15-day clock" in page
    assert "12 days left to answer" in page
    assert "answered in 30 days" in page or "answered in 29 days" in page


def test_private_details_are_shown_and_each_read_is_logged(client, desk):
    page = _inbox(client, desk, desk["agent"]).content.decode()
    assert "Order OD-77 and IMEI 4901" in page
    [read] = PrivateAccess.objects.all()
    assert (read.complaint, read.viewer, read.where) == (
        desk["fresh"],
        desk["agent"],
        "business inbox",
    )


@pytest.mark.parametrize("who", ["stranger", "other company", "moderator"])
def test_nobody_else_opens_the_inbox_or_its_export(client, desk, who):
    user = {
        "stranger": UserFactory,
        "other company": lambda: RepresentativeFactory().user,
        "moderator": lambda: UserFactory(is_staff=True),
    }[who]()
    assert _inbox(client, desk, user).status_code == 404
    assert client.get(f"/business/{desk['company'].slug}/export.csv").status_code == 404
    assert not PrivateAccess.objects.exists()


def test_anonymous_visitors_are_asked_to_log_in(client, desk):
    response = client.get(f"/business/{desk['company'].slug}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_filters(client, desk):
    category = CategoryFactory(name="Delivery")
    Complaint.objects.filter(pk=desk["fresh"].pk).update(category=category)

    def titles(**query):
        page = _inbox(client, desk, desk["owner"], **query).content.decode()
        return {t for t in ("Old unanswered", "Fresh unanswered", "Answered one") if t in page}

    assert titles(status="unanswered") == {"Old unanswered", "Fresh unanswered"}
    assert titles(status="answered") == {"Answered one"}
    assert titles(category=category.slug) == {"Fresh unanswered"}
    assert titles(product="Phone X") == {"Old unanswered"}
    assert titles(status="nonsense") == {"Old unanswered", "Fresh unanswered", "Answered one"}
    assert _inbox(client, desk, desk["owner"], page="x").status_code == 302


def test_assigning_to_a_team_member_and_filtering_by_it(client, desk):
    client.force_login(desk["owner"])
    url = f"/business/{desk['company'].slug}/assign/{desk['old'].pk}/"
    response = client.post(url, {"agent": desk["agent"].pk, "back": "status=unanswered"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?status=unanswered#complaint-{desk['old'].pk}")
    assert Complaint.objects.get(pk=desk["old"].pk).assigned_to == desk["agent"]
    page = _inbox(client, desk, desk["agent"], assigned="me").content.decode()
    assert "Old unanswered" in page and "Fresh unanswered" not in page
    outsider = UserFactory()
    client.post(url, {"agent": outsider.pk})
    assert Complaint.objects.get(pk=desk["old"].pk).assigned_to == desk["agent"]


def test_the_csv_export(client, desk):
    Complaint.objects.filter(pk=desk["old"].pk).update(title='=HYPERLINK("http://x")')
    client.force_login(desk["owner"])
    response = client.get(f"/business/{desk['company'].slug}/export.csv", {"status": "unanswered"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, *lines = rows
    assert header[:5] == ["id", "url", "filed", "kind", "title"]
    assert [int(line[0]) for line in lines] == [desk["old"].pk, desk["fresh"].pk]
    assert lines[0][4] == '\'=HYPERLINK("http://x")'
    assert lines[1][-1] == "Order OD-77 and IMEI 4901"
    assert PrivateAccess.objects.get().where == "csv export"


def test_a_representative_answers_and_proposes_from_the_complaint_page(client, desk):
    complaint = desk["fresh"]
    client.force_login(desk["agent"])
    client.post(f"/complaints/{complaint.pk}/answer/", {"body": "We are refunding you."})
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.ANSWERED
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "Official response" in page and "We are refunding you." in page
    client.post(f"/complaints/{complaint.pk}/propose/", {"note": "Refund sent on Monday."})
    assert Complaint.objects.get(pk=complaint.pk).status == Complaint.Status.RESOLUTION_PROPOSED
    # Only the author's word resolves it, and the company cannot touch the author's text.
    assert client.post(f"/complaints/{complaint.pk}/confirm/").status_code == 404
    assert client.post(f"/complaints/{complaint.pk}/edit/", {"title": "x"}).status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).status == Complaint.Status.RESOLUTION_PROPOSED


def test_the_author_confirms_or_disputes_on_the_page(client, desk):
    complaint = desk["answered"]
    client.force_login(desk["owner"])
    client.post(f"/complaints/{complaint.pk}/propose/", {"note": "Replaced."})
    client.force_login(complaint.author)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "says your problem is resolved. Is it?" in page
    client.post(f"/complaints/{complaint.pk}/dispute/", {"reason": "Still broken."})
    assert Complaint.objects.get(pk=complaint.pk).status == Complaint.Status.ANSWERED
    client.force_login(desk["owner"])
    client.post(f"/complaints/{complaint.pk}/propose/", {"note": "Replaced again."})
    client.force_login(complaint.author)
    client.post(f"/complaints/{complaint.pk}/confirm/")
    assert Complaint.objects.get(pk=complaint.pk).status == Complaint.Status.RESOLVED


def test_following_a_complaint_from_its_page(client, desk):
    user = UserFactory()
    client.force_login(user)
    complaint = desk["fresh"]
    client.post(f"/complaints/{complaint.pk}/follow/", {"follow": "1"})
    assert complaint.follows.filter(user=user).exists()
    assert "Unfollow" in client.get(complaint.get_absolute_url()).content.decode()
    client.post(f"/complaints/{complaint.pk}/follow/", {"follow": "0"})
    assert not complaint.follows.filter(user=user).exists()
