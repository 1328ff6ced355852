from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redressal.api.tests.conftest import ApiClient, assert_error
from redressal.complaints import images, services
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.tests.factories import CommentFactory
from redressal.moderation.models import Report
from redressal.tests_support import png_bytes

pytestmark = pytest.mark.django_db


def test_reporting_a_complaint_a_comment_and_a_photo(author, as_stranger):
    complaint = ComplaintFactory(author=author)
    comment = CommentFactory(complaint=complaint)
    processed = images.process_upload(SimpleUploadedFile("p.png", png_bytes()))
    photo = services.attach_photo(complaint=complaint, author=author, image=processed.image)
    for target, pk in (("complaint", complaint.pk), ("comment", comment.pk), ("photo", photo.pk)):
        response = as_stranger.post(
            "/reports", {"target": target, "id": pk, "reason": "personal_data"}
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["target"], body["target_id"], body["status"]) == (target, pk, "open")
    assert Report.objects.count() == 3


def test_report_refusals(author, as_stranger):
    complaint = ComplaintFactory(author=author)
    report = {"target": "complaint", "id": complaint.pk, "reason": "spam"}
    assert as_stranger.post("/reports", report).status_code == 201
    assert "already reported" in assert_error(as_stranger.post("/reports", report), 400)["detail"]
    assert_error(as_stranger.post("/reports", {**report, "reason": "other"}), 400, "details")
    assert_error(as_stranger.post("/reports", {**report, "id": 999_999}), 404)
    assert_error(as_stranger.post("/reports", {**report, "target": "comment"}), 404)
    assert_error(as_stranger.post("/reports", {**report, "target": "user"}), 422, "target")
    assert_error(as_stranger.post("/reports", {**report, "reason": "meh"}), 422, "reason")
    assert_error(as_stranger.post("/reports", {**report, "id": -1}), 422, "id")
    assert_error(ApiClient().post("/reports", report), 401)
    assert Report.objects.count() == 1


def test_drafts_cannot_be_reported_by_others(author, as_stranger):
    draft = ComplaintFactory(author=author, draft=True)
    report = {"target": "complaint", "id": draft.pk, "reason": "spam"}
    assert_error(as_stranger.post("/reports", report), 404)
