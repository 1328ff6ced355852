from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import RepresentativeFactory
from redressal.complaints import services
from redressal.complaints.models import Complaint
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.models import Comment
from redressal.discussion.tests.factories import CommentFactory
from redressal.tests_support import committed, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint():
    author = UserFactory(username="meera", city="Lucknow", state="Uttar Pradesh")
    return ComplaintFactory(
        author=author,
        title="Phone overheating after update",
        body="It gets hot while charging.\n\nMy IMEI is [protected].",
    )


def test_bare_id_redirects_to_the_permalink(client, complaint):
    response = client.get(f"/complaints/{complaint.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/complaints/{complaint.pk}/phone-overheating-after-update/"


def test_wrong_slug_redirects_to_the_permalink(client, complaint):
    response = client.get(f"/complaints/{complaint.pk}/something-else/")
    assert response.status_code == 301
    assert response["Location"] == complaint.get_absolute_url()


@pytest.mark.parametrize(
    "url", ["/complaints/999999/", "/complaints/999999/x/", "/complaints/abc/"]
)
def test_unknown_complaint_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_deleted_complaint_is_a_404(client, complaint):
    services.delete_complaint(complaint=complaint, author=complaint.author)
    assert client.get(complaint.get_absolute_url()).status_code == 404


def test_page_shows_full_text_gallery_updates_and_timeline(client, complaint):
    with committed():
        services.attach_photo(
            complaint=complaint,
            author=complaint.author,
            image=SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
            caption="Burn mark near the port",
        )
    services.add_update(
        complaint=complaint, author=complaint.author, body="Service centre visit booked."
    )
    services.mark_resolved(complaint=complaint, author=complaint.author, note="Replaced the phone.")

    html = client.get(complaint.get_absolute_url()).content.decode()

    assert "<p>It gets hot while charging.</p>" in html
    assert 'class="hidden-span protected"' in html
    assert "meera" in html and "from Lucknow, Uttar Pradesh" in html
    assert "<figcaption>Burn mark near the port <a" in html
    assert 'alt="Burn mark near the port"' in html
    assert "Updated by meera" in html and "Service centre visit booked." in html
    assert "Filed by meera" in html
    assert "Resolved (meera): <q>Replaced the phone.</q>" in html
    assert "Resolved — confirmed by meera" in html


def test_comments_show_by_kind_with_replies_and_official_responses_apart(client, complaint):
    representative = RepresentativeFactory(company=complaint.company)
    official = CommentFactory(complaint=complaint, author=representative.user, body="We are sorry.")
    Comment.objects.filter(pk=official.pk).update(official_company=complaint.company)
    first = CommentFactory(
        complaint=complaint,
        author=UserFactory(username="arjun"),
        kind=Comment.Kind.COMPLAINT,
        body="Mine too.",
    )
    CommentFactory(
        complaint=complaint,
        author=UserFactory(username="sana"),
        kind=Comment.Kind.POSITIVE,
        body="Mine was fixed quickly.",
    )
    CommentFactory(
        complaint=complaint, author=UserFactory(username="dev"), parent=first, body="Same."
    )

    html = client.get(complaint.get_absolute_url()).content.decode()

    official_part, comments_part = html.split('id="comments"')
    assert f"Official response from {complaint.company.name}" in official_part
    assert "We are sorry." in official_part
    assert "We are sorry." not in comments_part
    assert "4 Comments" in comments_part
    assert "Complaint: 1 · Positive Review: 1 · Neutral Comment: 0" in comments_part
    assert "dev's reply" in comments_part
    assert (
        comments_part.index("Mine too.")
        < comments_part.index("Same.")
        < comments_part.index("Mine was fixed quickly.")
    )


def test_views_are_counted_once_per_visitor_and_never_for_the_author(client, complaint):
    client.get(complaint.get_absolute_url())
    client.get(complaint.get_absolute_url())
    client.get(complaint.get_absolute_url(), HTTP_USER_AGENT="Another browser")
    client.force_login(complaint.author)
    client.get(complaint.get_absolute_url(), HTTP_USER_AGENT="Author's browser")
    complaint.refresh_from_db()
    assert complaint.views_count == 2


def test_complaint_page_runs_a_constant_number_of_queries(client, complaint):
    def grow(n):
        for _ in range(n):
            comment = CommentFactory(complaint=complaint)
            CommentFactory(complaint=complaint, parent=comment)
            with committed():
                services.attach_photo(
                    complaint=complaint,
                    author=complaint.author,
                    image=SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
                )
            services.add_update(complaint=complaint, author=complaint.author, body="News.")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(complaint.get_absolute_url(), HTTP_USER_AGENT=str(n)).status_code == 200
            )
        return len(captured.captured_queries)

    grow(1)
    n = 1
    small = queries()
    grow(8)
    n = 2
    assert queries() == small
    services.mark_resolved(complaint=complaint, author=complaint.author)
    assert Complaint.objects.get(pk=complaint.pk).comments_count == 18


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("author", True),
        ("representative", True),
        ("moderator", True),
        ("stranger", False),
        ("other company's representative", False),
        ("anonymous", False),
    ],
)
def test_private_details_are_seen_only_by_author_company_and_moderators(client, who, sees):
    complaint = ComplaintFactory(private_details="Order OD-7781-22; phone 98200 11111")
    viewers = {
        "author": lambda: complaint.author,
        "representative": lambda: RepresentativeFactory(company=complaint.company).user,
        "moderator": lambda: UserFactory(is_staff=True),
        "stranger": UserFactory,
        "other company's representative": lambda: RepresentativeFactory().user,
        "anonymous": lambda: None,
    }
    viewer = viewers[who]()
    if viewer:
        client.force_login(viewer)
    html = client.get(complaint.get_absolute_url()).content.decode()
    assert ("Order OD-7781-22" in html) is sees
    assert ("Private details" in html) is sees
