from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.api.tests.conftest import ApiClient, assert_error, client_for
from redressal.companies import selectors as company_selectors
from redressal.companies.tests.factories import CompanyFactory, RepresentativeFactory
from redressal.complaints import services
from redressal.complaints.models import Complaint, Revision, Visibility
from redressal.complaints.tests.factories import ComplaintFactory, ReviewFactory
from redressal.insights.tests.factories import CategoryFactory
from redressal.tests_support import committed, png_bytes

pytestmark = pytest.mark.django_db


def _photo(complaint):
    with committed():
        services.attach_photo(
            complaint=complaint,
            author=complaint.author,
            image=SimpleUploadedFile("p.png", png_bytes()),
        )


@pytest.fixture
def busy_company():
    """25 posts with differing votes, views, photos and resolutions: more than a page."""
    company = CompanyFactory(slug="zenvo")
    start = timezone.now() - timedelta(days=30)
    for n in range(25):
        post = (ReviewFactory if n % 5 == 0 else ComplaintFactory)(company=company)
        Complaint.objects.filter(pk=post.pk).update(
            created_at=start + timedelta(hours=n),
            helpful_count=(n * 7) % 5,
            views_count=(n * 3) % 11,
        )
        if n % 4 == 0:
            _photo(post)
        if n % 3 == 1 and not post.is_review:
            services.mark_resolved(complaint=post, author=post.author)
    company.refresh_from_db()
    return company


def test_a_companys_list_matches_the_web_page_in_every_order_and_page(busy_company):
    web = Client()
    for _label, sort, filter_ in company_selectors.MENU:
        for page in (1, 2):
            query = {"sort": sort, "page": page, **({"filter": filter_} if filter_ else {})}
            response = web.get(f"/companies/{busy_company.slug}/", query)
            if response.status_code == 302:  # the web redirects a page past the last
                expected = []
            else:
                expected = [post.pk for post in response.context["page_obj"].object_list]
            body = ApiClient().get(f"/companies/{busy_company.slug}/complaints", **query).json()
            assert [item["id"] for item in body["items"]] == expected, (sort, filter_, page)
            assert body["sort"] == sort and body["filter"] == (filter_ or None)
    body = ApiClient().get("/companies/zenvo/complaints").json()
    assert body["total"] == 25 and body["pages"] == 2 and body["per_page"] == 20
    resolved = ApiClient().get("/companies/zenvo/complaints", filter="resolved").json()
    assert resolved["total"] == busy_company.resolved_count


def test_past_the_last_page_the_list_is_empty_with_its_real_size(busy_company):
    for page in (3, 999_999_999_999_999_999_999):
        body = ApiClient().get("/companies/zenvo/complaints", page=page).json()
        assert body["items"] == []
        assert (body["total"], body["pages"], body["page"]) == (25, 2, page)


def test_unknown_sort_or_filter_is_422_naming_the_choices():
    CompanyFactory(slug="zenvo")
    body = assert_error(
        ApiClient().get("/companies/zenvo/complaints", sort="loudest", filter="angry"),
        422,
        "sort",
        "filter",
    )
    assert "newest" in body["errors"]["sort"][0]
    assert "resolved" in body["errors"]["filter"][0]


def test_lists_never_carry_private_details_or_emails(author, as_author):
    complaint = ComplaintFactory(author=author, private_details="Order 99-123")
    response = as_author.get(f"/companies/{complaint.company.slug}/complaints")
    assert "Order 99-123" not in response.text
    assert "private_details" not in response.json()["items"][0]
    assert "@example.com" not in response.text


def test_a_published_post_is_public(author):
    complaint = ComplaintFactory(author=author, title="Refund missing")
    body = ApiClient().get(f"/complaints/{complaint.pk}").json()
    assert body["title"] == "Refund missing"
    assert body["author"] == {
        "username": "asha",
        "initial": "A",
        "city": "Pune",
        "state": "Maharashtra",
    }
    assert body["company"]["slug"] == complaint.company.slug
    assert body["url"].endswith(complaint.get_absolute_url())


@pytest.mark.parametrize(
    ("who", "sees_private"),
    [
        ("author", True),
        ("moderator", True),
        ("representative", True),
        ("stranger", False),
        ("anonymous", False),
    ],
)
def test_private_details_are_for_the_author_representatives_and_moderators(
    who, sees_private, author, stranger, moderator
):
    complaint = ComplaintFactory(author=author, private_details="Order 99-123")
    callers = {
        "author": lambda: client_for(author),
        "moderator": lambda: client_for(moderator),
        "representative": lambda: client_for(RepresentativeFactory(company=complaint.company).user),
        "stranger": lambda: client_for(stranger),
        "anonymous": ApiClient,
    }
    response = callers[who]().get(f"/complaints/{complaint.pk}")
    assert response.status_code == 200
    assert response.json()["private_details"] == ("Order 99-123" if sees_private else None)
    assert ("Order 99-123" in response.text) is sees_private
    assert "@example.com" not in response.text


def test_drafts_are_seen_by_their_author_and_moderators_only(
    author, as_author, as_stranger, as_moderator
):
    draft = ComplaintFactory(author=author, draft=True)
    assert as_author.get(f"/complaints/{draft.pk}").json()["visibility"] == "draft"
    assert as_moderator.get(f"/complaints/{draft.pk}").status_code == 200
    assert_error(as_stranger.get(f"/complaints/{draft.pk}"), 404)
    assert_error(ApiClient().get(f"/complaints/{draft.pk}"), 404)


def test_unknown_negative_and_oversized_ids():
    assert_error(ApiClient().get("/complaints/424242"), 404)
    assert_error(ApiClient().get("/complaints/-3"), 422, "complaint_id")
    assert_error(ApiClient().get("/complaints/0"), 422, "complaint_id")
    assert_error(ApiClient().get(f"/complaints/{2**64}"), 422, "complaint_id")
    assert_error(ApiClient().get("/complaints/abc"), 422, "complaint_id")


def test_filing_a_complaint_publishes_it(author, as_author):
    company = CompanyFactory(slug="zenvo")
    CategoryFactory(slug="refund", name="Refund")
    response = as_author.post(
        "/complaints",
        {
            "company": "zenvo",
            "title": "Refund missing",
            "body": "Returned the phone, no refund.",
            "product": "Zenvo Note 8",
            "category": "refund",
            "private_details": "Order 99-123",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["visibility"] == "published"
    assert body["category"] == {"slug": "refund", "name": "Refund"}
    assert body["private_details"] == "Order 99-123"
    complaint = Complaint.objects.get(pk=body["id"])
    assert complaint.author == author
    company.refresh_from_db()
    assert company.complaints_count == 1


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"draft": True},
        {"kind": "review", "rating": 4, "category": "refund", "product": "Zenvo Note 8"},
        {"private_details": "Order 99-123", "body": "Call me on 98450 12345, no refund yet."},
    ],
)
def test_a_filings_answer_is_what_reading_the_post_back_gives(as_author, extra):
    CompanyFactory(slug="zenvo")
    CategoryFactory(slug="refund", name="Refund")
    new = {"company": "zenvo", "title": "Refund missing", "body": "No refund.", **extra}
    filed = as_author.post("/complaints", new)
    assert filed.status_code == 201, filed.content
    read_back = as_author.get(f"/complaints/{filed.json()['id']}")
    assert filed.json() == read_back.json()


def test_filing_a_draft_or_as_an_unverified_person(as_author):
    CompanyFactory(slug="zenvo")
    new = {"company": "zenvo", "title": "T", "body": "B"}
    draft = as_author.post("/complaints", {**new, "draft": True}).json()
    assert draft["visibility"] == "draft"
    unverified = client_for(UserFactory(email_verified_at=None))
    held = unverified.post("/complaints", new).json()
    assert (held["visibility"], held["held_reason"]) == ("held", "email_unverified")


def test_filing_refusals_name_the_field(as_author):
    CompanyFactory(slug="zenvo")
    new = {"company": "zenvo", "title": "T", "body": "B"}
    assert_error(as_author.post("/complaints", {**new, "company": "nobody"}), 400, "company")
    assert_error(as_author.post("/complaints", {**new, "category": "nope"}), 400, "category")
    assert_error(as_author.post("/complaints", {**new, "kind": "review"}), 400, "rating")
    assert_error(as_author.post("/complaints", {**new, "title": "   "}), 400, "title")
    assert_error(as_author.post("/complaints", {**new, "title": "x" * 161}), 422, "title")
    assert_error(as_author.post("/complaints", {**new, "rating": 6}), 422, "rating")
    assert_error(as_author.post("/complaints", {**new, "rating": "lots"}), 422, "rating")
    assert_error(as_author.post("/complaints", {**new, "kind": "rant"}), 422, "kind")
    assert_error(as_author.post("/complaints", {**new, "body": "a\x00b"}), 422, "body")
    assert_error(as_author.post("/complaints", {"title": 3}), 422, "company", "title", "body")
    assert not Complaint.objects.exists()


def test_unlisted_companies_take_no_complaints(as_author):
    CompanyFactory(slug="gone", is_listed=False)
    new = {"company": "gone", "title": "T", "body": "B"}
    assert_error(as_author.post("/complaints", new), 400, "company")


def test_the_author_edits_only_what_they_send(author, as_author):
    complaint = ComplaintFactory(author=author, product="Note 8", private_details="Order 1")
    response = as_author.patch(f"/complaints/{complaint.pk}", {"title": "Still no refund"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Still no refund"
    assert body["product"] == "Note 8" and body["private_details"] == "Order 1"
    assert body["edited_at"] is not None
    assert Revision.objects.filter(complaint=complaint).count() == 1
    cleared = as_author.patch(f"/complaints/{complaint.pk}", {"product": None}).json()
    assert cleared["product"] == ""


def test_editing_someone_elses_post_is_forbidden(author, as_stranger):
    complaint = ComplaintFactory(author=author)
    assert_error(as_stranger.patch(f"/complaints/{complaint.pk}", {"title": "Mine"}), 403)
    complaint.refresh_from_db()
    assert complaint.title != "Mine"


def test_edits_close_48_hours_after_publishing(author, as_author):
    complaint = ComplaintFactory(author=author)
    Complaint.objects.filter(pk=complaint.pk).update(
        created_at=timezone.now() - timedelta(hours=49)
    )
    assert_error(as_author.patch(f"/complaints/{complaint.pk}", {"title": "Late"}), 400)


def test_the_author_deletes_their_post(author, as_author, as_stranger):
    complaint = ComplaintFactory(author=author)
    assert_error(as_stranger.delete(f"/complaints/{complaint.pk}"), 403)
    response = as_author.delete(f"/complaints/{complaint.pk}")
    assert response.status_code == 204
    complaint.refresh_from_db()
    assert complaint.visibility == Visibility.DELETED
    assert_error(ApiClient().get(f"/complaints/{complaint.pk}"), 404)
    assert_error(as_author.delete(f"/complaints/{complaint.pk}"), 404)
    complaint.company.refresh_from_db()
    assert complaint.company.complaints_count == 0


def test_publishing_a_draft(author, as_author, as_stranger):
    draft = ComplaintFactory(author=author, draft=True)
    assert_error(as_stranger.post(f"/complaints/{draft.pk}/publish"), 404)
    body = as_author.post(f"/complaints/{draft.pk}/publish").json()
    assert body["visibility"] == "published"
    assert_error(as_author.post(f"/complaints/{draft.pk}/publish"), 400)
    assert_error(as_stranger.post(f"/complaints/{draft.pk}/publish"), 403)
