from __future__ import annotations

import pytest
from django.test import override_settings

from redressal.api.tests.conftest import ApiClient, assert_error
from redressal.complaints.models import Complaint, HelpfulVote, Photo, Update
from redressal.complaints.tests.factories import ComplaintFactory, ReviewFactory
from redressal.tests_support import committed, png_bytes

pytestmark = pytest.mark.django_db


def test_the_author_posts_an_update(author, as_author):
    complaint = ComplaintFactory(author=author)
    response = as_author.post(f"/complaints/{complaint.pk}/updates", {"body": "Still waiting."})
    assert response.status_code == 201
    assert response.json()["body"] == "Still waiting."
    detail = ApiClient().get(f"/complaints/{complaint.pk}").json()
    assert [u["body"] for u in detail["updates"]] == ["Still waiting."]


def test_updates_are_the_authors_alone_and_not_on_deleted_posts(author, as_author, as_stranger):
    complaint = ComplaintFactory(author=author)
    assert_error(as_stranger.post(f"/complaints/{complaint.pk}/updates", {"body": "x"}), 403)
    assert_error(as_author.post(f"/complaints/{complaint.pk}/updates", {"body": " "}), 400, "body")
    as_author.delete(f"/complaints/{complaint.pk}")
    assert_error(as_author.post(f"/complaints/{complaint.pk}/updates", {"body": "x"}), 404)
    assert not Update.objects.exists()


def test_the_author_resolves_a_complaint_once(author, as_author, as_stranger):
    complaint = ComplaintFactory(author=author)
    assert_error(as_stranger.post(f"/complaints/{complaint.pk}/resolve", {}), 403)
    body = as_author.post(f"/complaints/{complaint.pk}/resolve", {"note": "Refunded."}).json()
    assert body["status"] == "resolved" and body["resolved_at"]
    assert_error(as_author.post(f"/complaints/{complaint.pk}/resolve", {}), 400)
    timeline = ApiClient().get(f"/complaints/{complaint.pk}").json()["timeline"]
    assert [(s["to_status"], s["note"], s["actor"]) for s in timeline] == [
        ("resolved", "Refunded.", "asha")
    ]


def test_reviews_are_never_resolved(author, as_author):
    review = ReviewFactory(author=author)
    assert_error(as_author.post(f"/complaints/{review.pk}/resolve", {}), 400)


def test_voting_helpful_once_and_taking_it_back(author, stranger, as_stranger):
    complaint = ComplaintFactory(author=author)
    body = as_stranger.put(f"/complaints/{complaint.pk}/helpful").json()
    assert body == {"complaint_id": complaint.pk, "helpful_count": 1, "voted": True}
    detail = as_stranger.get(f"/complaints/{complaint.pk}").json()
    assert detail["voted"] is True and detail["helpful_count"] == 1
    body = assert_error(as_stranger.put(f"/complaints/{complaint.pk}/helpful"), 400)
    assert "already" in body["detail"]
    assert HelpfulVote.objects.filter(complaint=complaint).count() == 1

    body = as_stranger.delete(f"/complaints/{complaint.pk}/helpful").json()
    assert body["helpful_count"] == 0 and body["voted"] is False
    assert_error(as_stranger.delete(f"/complaints/{complaint.pk}/helpful"), 400)


def test_no_vote_for_ones_own_post_nor_anonymously(author, as_author):
    complaint = ComplaintFactory(author=author)
    assert_error(as_author.put(f"/complaints/{complaint.pk}/helpful"), 400)
    assert_error(ApiClient().put(f"/complaints/{complaint.pk}/helpful"), 401)
    complaint.refresh_from_db()
    assert complaint.helpful_count == 0


@pytest.mark.usefixtures("still_clock")
@override_settings(RATE_LIMITS={"vote": [{"seconds": 600, "per_user": 2}]})
def test_voting_too_fast_is_429_with_retry_after(author, as_stranger):
    complaints = ComplaintFactory.create_batch(3, author=author)
    for complaint in complaints[:2]:
        assert as_stranger.put(f"/complaints/{complaint.pk}/helpful").status_code == 200
    response = as_stranger.put(f"/complaints/{complaints[2].pk}/helpful")
    body = assert_error(response, 429)
    assert "too fast" in body["detail"]
    assert int(response["Retry-After"]) > 0


def _upload(api, complaint, content: bytes, name="photo.png", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return api.client.post(
        f"/api/v1/complaints/{complaint.pk}/photos",
        {"file": SimpleUploadedFile(name, content), **fields},
        headers=api.headers,
    )


def test_the_author_adds_a_photo_which_is_re_encoded_in_the_background(author, as_author):
    complaint = ComplaintFactory(author=author)
    with committed():
        response = _upload(as_author, complaint, png_bytes((40, 30)), caption="The box")
        assert response.status_code == 202, response.content
        body = response.json()
        assert body["state"] == "processing" and body["caption"] == "The box"
        assert body["url"] is None and body["thumbnail_url"] is None
        assert body["complaint_id"] == complaint.pk
    complaint.refresh_from_db()
    assert complaint.photos_count == 1
    detail = ApiClient().get(f"/complaints/{complaint.pk}").json()
    [photo] = detail["photos"]
    assert (photo["id"], photo["state"], photo["width"]) == (body["id"], "ready", 40)
    assert photo["url"].endswith(".jpg") and photo["thumbnail_url"].startswith("http")


def test_photo_refusals(author, as_author, as_stranger):
    complaint = ComplaintFactory(author=author)
    body = assert_error(_upload(as_author, complaint, b"<html>hi</html>", "x.html"), 400, "file")
    assert "not a photo" in body["detail"]
    assert_error(_upload(as_stranger, complaint, png_bytes()), 403)
    assert_error(_upload(as_author, complaint, png_bytes(), caption="c" * 201), 422, "caption")
    missing = as_author.client.post(
        f"/api/v1/complaints/{complaint.pk}/photos", {}, headers=as_author.headers
    )
    assert_error(missing, 422, "file")
    assert not Photo.objects.exists()
    assert Complaint.objects.get(pk=complaint.pk).photos_count == 0
