"""Comments, replies, helpful votes and reports from the complaint page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redressal.accounts.tests.factories import UserFactory
from redressal.complaints import services as complaint_services
from redressal.complaints.models import Photo
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.models import Comment
from redressal.discussion.tests.factories import CommentFactory
from redressal.moderation.models import Report
from redressal.tests_support import committed, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint():
    return ComplaintFactory(title="Wrong model delivered")


@pytest.fixture
def reader(client):
    user = UserFactory(username="sana")
    client.force_login(user)
    return user


def test_a_reader_posts_a_positive_review_comment(client, complaint, reader):
    response = client.post(
        f"/complaints/{complaint.pk}/comments/", {"kind": "positive", "body": "Mine was fine."}
    )
    comment = Comment.objects.get()
    assert response["Location"] == f"{complaint.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.kind, comment.author) == ("positive", reader)
    html = client.get(complaint.get_absolute_url()).content.decode()
    assert "Mine was fine." in html and "Positive Review" in html and "1 Comment" in html


def test_a_reply_shows_as_a_reply_and_a_reply_to_a_reply_joins_the_thread(
    client, complaint, reader
):
    first = CommentFactory(complaint=complaint, body="Same here.")
    client.post(
        f"/complaints/{complaint.pk}/comments/",
        {"kind": "neutral", "body": "Hi", "parent": first.pk},
    )
    reply = Comment.objects.get(parent=first)
    client.post(
        f"/complaints/{complaint.pk}/comments/",
        {"kind": "neutral", "body": "Again", "parent": reply.pk},
    )
    assert Comment.objects.filter(parent=first).count() == 2
    assert "sana's reply" in client.get(complaint.get_absolute_url()).content.decode()


def test_comment_photos_are_processed_and_shown(client, complaint, reader):
    photo = SimpleUploadedFile("p.png", png_bytes((80, 60)), content_type="image/png")
    with committed():
        client.post(
            f"/complaints/{complaint.pk}/comments/",
            {"kind": "complaint", "body": "See the box.", "photos": [photo]},
        )
    stored = Photo.objects.get()
    assert stored.comment is not None and stored.image.name.endswith(".jpg")
    assert stored.state == Photo.State.READY and not stored.upload
    complaint.refresh_from_db()
    assert complaint.photos_count == 0
    html = client.get(complaint.get_absolute_url()).content.decode()
    assert f"Wrong model delivered - Comment #{stored.comment_id} - Image #0" in html


def test_an_empty_comment_shows_the_page_again_with_the_error(client, complaint, reader):
    response = client.post(f"/complaints/{complaint.pk}/comments/", {"kind": "neutral", "body": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Comment.objects.exists()


def test_htmx_comment_returns_only_the_comments_section(client, complaint, reader):
    response = client.post(
        f"/complaints/{complaint.pk}/comments/",
        {"kind": "neutral", "body": "Quick one."},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="comments"')
    assert "Quick one." in html and "<html" not in html


def test_nobody_comments_on_a_deleted_complaint(client, complaint, reader):
    complaint_services.delete_complaint(complaint=complaint, author=complaint.author)
    response = client.post(
        f"/complaints/{complaint.pk}/comments/", {"kind": "neutral", "body": "x"}
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_anonymous_visitors_are_asked_to_log_in_to_comment_or_vote(client, complaint):
    for url in (f"/complaints/{complaint.pk}/comments/", f"/complaints/{complaint.pk}/helpful/"):
        response = client.post(url, {"kind": "neutral", "body": "x"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "Log in</a> or" in client.get(complaint.get_absolute_url()).content.decode()


def test_helpful_toggles_and_the_count_follows(client, complaint, reader):
    client.post(f"/complaints/{complaint.pk}/helpful/")
    complaint.refresh_from_db()
    assert complaint.helpful_count == 1
    html = client.get(complaint.get_absolute_url()).content.decode()
    assert "1 person found this helpful" in html and "✓ You found this helpful" in html
    client.post(f"/complaints/{complaint.pk}/helpful/")
    complaint.refresh_from_db()
    assert complaint.helpful_count == 0


def test_htmx_vote_swaps_just_the_button(client, complaint, reader):
    response = client.post(f"/complaints/{complaint.pk}/helpful/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div class="helpful" id="helpful-{complaint.pk}">')
    assert "1 person found this helpful" in html and 'aria-pressed="true"' in html


def test_no_vote_on_ones_own_post(client, complaint):
    client.force_login(complaint.author)
    response = client.post(f"/complaints/{complaint.pk}/helpful/", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "You cannot vote for your own post." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.helpful_count == 0


def test_the_company_page_marks_what_the_reader_found_helpful(client, complaint, reader):
    complaint_services.vote_helpful(complaint=complaint, user=reader)
    html = client.get(complaint.company.get_absolute_url()).content.decode()
    assert "✓ You found this helpful" in html


@pytest.mark.usefixtures("still_clock")
def test_a_burst_of_votes_is_refused_with_429(client, complaint, reader, settings):
    settings.RATE_LIMITS = {"vote": [{"seconds": 600, "per_user": 3}]}
    codes = [client.post(f"/complaints/{complaint.pk}/helpful/").status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]


@pytest.mark.parametrize("kind", ["complaint", "comment", "photo"])
def test_reports_land_in_the_queue(client, complaint, reader, kind):
    targets = {
        "complaint": complaint,
        "comment": CommentFactory(complaint=complaint),
        "photo": complaint_services.attach_photo(
            complaint=complaint,
            author=complaint.author,
            image=SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
        ),
    }
    target = targets[kind]
    assert "What is wrong?" in client.get(f"/reports/{kind}/{target.pk}/").content.decode()
    response = client.post(
        f"/reports/{kind}/{target.pk}/", {"reason": "personal_data", "details": "Shows my phone"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.target, report.reporter, report.status) == (target, reader, "open")


def test_a_second_report_and_a_vague_other_are_refused(client, complaint, reader):
    url = f"/reports/complaint/{complaint.pk}/"
    client.post(url, {"reason": "spam"})
    again = client.post(url, {"reason": "spam"}).content.decode()
    assert "You have already reported this" in again
    other = client.post(
        f"/reports/comment/{CommentFactory(complaint=complaint).pk}/", {"reason": "other"}
    )
    assert "Tell the moderators what is wrong." in other.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    "url", ["/reports/user/1/", "/reports/complaint/999999/", "/reports/comment/0/"]
)
def test_reporting_nothing_is_a_404(client, reader, url):
    assert client.get(url).status_code == 404
