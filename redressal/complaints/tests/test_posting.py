"""Filing, previewing, publishing, editing and deleting complaints and reviews on the web."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Company
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.forms import ComplaintForm
from redressal.complaints.models import Complaint, HoldReason, Photo, Revision, Visibility
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.core.antispam import human_check_data
from redressal.tests_support import committed, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(name="Zenvo Mobiles", slug="zenvo-mobiles", aliases=["Zenvo India"])


@pytest.fixture
def author(client):
    user = UserFactory(username="ravi_k", city="Pune", state="Maharashtra")
    client.force_login(user)
    return user


def _photo(name="box.png"):
    return SimpleUploadedFile(name, png_bytes((64, 48)), content_type="image/png")


def _form(**overrides):
    data = {
        "company": "Zenvo Mobiles",
        "kind": "complaint",
        "title": "Refund not received",
        "body": "I returned the phone on 2 March and I am still waiting for ₹14,999.",
        "product": "Zenvo Note 8 Pro",
        "private_details": "Order OD4512 990; phone 98200 00000",
        "agree_terms": "on",
        **human_check_data(ComplaintForm),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _draft(client, **overrides) -> Complaint:
    """File a draft; its photos are processed as they would be once the request commits."""
    with committed():
        response = client.post("/complaints/new/", _form(**overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Complaint.objects.get(pk=response["Location"].split("/")[2])


def test_the_form_is_open_to_everyone_and_knows_the_company_it_came_from(client, company):
    html = client.get("/complaints/new/?company=zenvo-mobiles").content.decode()
    assert 'value="Zenvo Mobiles"' in html
    assert "Private details" in html and "Not public" in html
    assert 'name="homepage"' in html


def test_an_anonymous_visitor_is_sent_to_log_in_and_gets_back_what_they_typed(client, company):
    response = client.post("/complaints/new/", _form(title="Phone died after update"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/complaints/new/"
    assert not Complaint.objects.exists()

    client.force_login(UserFactory())
    html = client.get("/complaints/new/").content.decode()
    assert 'value="Phone died after update"' in html
    assert "I returned the phone on 2 March" in html


def test_filing_makes_a_private_draft_whose_preview_shows_what_the_public_will_see(
    client, company, author
):
    draft = _draft(client, photos=[_photo("a.png"), _photo("b.png")])
    assert draft.visibility == Visibility.DRAFT
    assert draft.photos.count() == 2

    preview = client.get(f"/complaints/{draft.pk}/preview/").content.decode()
    assert "Refund not received" in preview and "+2 photos" in preview
    assert "Order OD4512 990" in preview and "Not public" in preview

    company.refresh_from_db()
    assert company.complaints_count == 0
    assert "Refund not received" not in client.get("/companies/zenvo-mobiles/").content.decode()
    assert client.get(f"/complaints/{draft.pk}/preview/").status_code == 200


def test_publishing_puts_it_on_the_company_page_and_moves_the_counters(client, company, author):
    draft = _draft(client, photos=[_photo()])
    photo = draft.photos.get()
    response = client.post(f"/complaints/{draft.pk}/preview/", {f"caption-{photo.pk}": "The box"})

    draft.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.visibility == Visibility.PUBLISHED
    photo.refresh_from_db()
    assert photo.caption == "The box"
    company.refresh_from_db()
    assert (company.complaints_count, company.with_photos_count) == (1, 1)
    page = client.get("/companies/zenvo-mobiles/").content.decode()
    assert "Refund not received" in page and "+1 photo" in page
    assert "Order OD4512" not in page


def test_a_stranger_cannot_see_or_publish_someone_elses_draft(client, company, author):
    draft = _draft(client)
    client.force_login(UserFactory())
    assert client.get(f"/complaints/{draft.pk}/preview/").status_code == 404
    assert client.post(f"/complaints/{draft.pk}/preview/").status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.refresh_from_db()
    assert draft.visibility == Visibility.DRAFT


def test_an_unverified_author_is_held_until_they_verify(client, company):
    client.force_login(UserFactory(email_verified_at=None))
    draft = _draft(client)
    response = client.post(f"/complaints/{draft.pk}/preview/", follow=True)
    draft.refresh_from_db()
    assert (draft.visibility, draft.held_reason) == (Visibility.HELD, HoldReason.EMAIL_UNVERIFIED)
    assert "verify your e-mail address" in response.content.decode()
    company.refresh_from_db()
    assert company.complaints_count == 0


def test_a_review_needs_a_rating(client, company, author):
    response = client.post("/complaints/new/", _form(kind="review"))
    assert response.status_code == 200
    assert "A review needs a rating from 1 to 5 stars." in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "x" * 161}, "at most 160 characters"),
        ({"body": "   "}, "This field is required."),
        ({"agree_terms": None}, "Please agree to the Terms of Use"),
        ({"rating": "9"}, "Select a valid choice"),
        ({"homepage": "http://spam.example"}, "couldn&#x27;t accept this form"),
        ({"company": "No Such Brand"}, "We don&#x27;t know this company"),
    ],
)
def test_bad_input_is_a_form_error_and_keeps_what_was_typed(
    client, company, author, overrides, message
):
    response = client.post("/complaints/new/", _form(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Zenvo Note 8 Pro"' in html
    assert not Complaint.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_stored(client, company, author):
    svg = SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml")
    response = client.post("/complaints/new/", _form(photos=[_photo(), svg]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "not a photo we can accept" in html
    assert 'value="Refund not received"' in html
    assert not Complaint.objects.exists() and not Photo.objects.exists()


def test_eleven_photos_are_too_many(client, company, author):
    response = client.post("/complaints/new/", _form(photos=[_photo() for _ in range(11)]))
    assert "Add at most 10 photos." in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_company_is_found_by_its_alias(client, company, author):
    assert _draft(client, company="zenvo india").company == company


def test_proposing_a_new_company_holds_the_post_until_a_moderator_lists_it(client, company, author):
    draft = _draft(client, company="Brand New Telecom", propose_company="on")
    proposed = Company.objects.get(name="Brand New Telecom")
    assert (proposed.is_listed, proposed.proposed_by) == (False, author)
    client.post(f"/complaints/{draft.pk}/preview/")
    draft.refresh_from_db()
    assert (draft.visibility, draft.held_reason) == (Visibility.HELD, HoldReason.MODERATION)


def test_type_ahead_suggests_companies_by_name_and_alias(client, company):
    CompanyFactory(name="Zenith Bank")
    html = client.get("/companies/lookup/?company=zen").content.decode()
    assert "Zenvo Mobiles" in html and "Zenith Bank" in html
    assert "Zenvo Mobiles" in client.get("/companies/lookup/?q=india").content.decode()
    assert "<option" not in client.get("/companies/lookup/?q=z").content.decode()


def test_the_author_edits_within_the_window_and_the_old_text_is_kept(client, company, author):
    post = ComplaintFactory(company=company, author=author, title="Old title")
    response = client.post(
        f"/complaints/{post.pk}/edit/", {"title": "New title", "body": "Better words."}
    )
    post.refresh_from_db()
    assert response.status_code == 302
    assert (post.title, post.slug) == ("New title", "new-title")
    assert Revision.objects.get(complaint=post).title == "Old title"
    assert "edited" in client.get(post.get_absolute_url()).content.decode()


def test_edits_close_after_the_window(client, company, author):
    post = ComplaintFactory(company=company, author=author, title="Old title")
    Complaint.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(days=3))
    response = client.post(f"/complaints/{post.pk}/edit/", {"title": "New", "body": "New."})
    assert "add an update instead" in response.content.decode()
    post.refresh_from_db()
    assert post.title == "Old title"


def test_nobody_else_can_edit_or_delete_a_post(client, company, author):
    post = ComplaintFactory(company=company)
    assert (
        client.post(f"/complaints/{post.pk}/edit/", {"title": "x", "body": "y"}).status_code == 404
    )
    assert client.post(f"/complaints/{post.pk}/delete/").status_code == 404
    post.refresh_from_db()
    assert (post.title, post.visibility) != ("x", Visibility.DELETED)


def test_deleting_takes_the_post_off_the_page_and_out_of_the_counters(client, company, author):
    post = ComplaintFactory(company=company, author=author)
    assert "Delete" in client.get(f"/complaints/{post.pk}/delete/").content.decode()
    response = client.post(f"/complaints/{post.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == company.get_absolute_url()
    company.refresh_from_db()
    assert company.complaints_count == 0
    assert client.get(post.get_absolute_url()).status_code == 404


def test_author_adds_an_update_and_marks_the_complaint_resolved(client, company, author):
    post = ComplaintFactory(company=company, author=author)
    client.post(f"/complaints/{post.pk}/updates/", {"body": "They called me back."})
    client.post(f"/complaints/{post.pk}/resolve/", {"note": "Refund arrived."})
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Updated by ravi_k" in html and "They called me back." in html
    assert "Resolved — confirmed by ravi_k" in html
    company.refresh_from_db()
    assert company.resolved_count == 1


def test_only_the_author_updates_or_resolves(client, company, author):
    post = ComplaintFactory(company=company)
    assert client.post(f"/complaints/{post.pk}/updates/", {"body": "Hi"}).status_code == 404
    assert client.post(f"/complaints/{post.pk}/resolve/").status_code == 404
    post.refresh_from_db()
    assert post.status == Complaint.Status.OPEN and not post.updates.exists()


def test_an_empty_update_is_refused_with_a_message(client, company, author):
    post = ComplaintFactory(company=company, author=author)
    response = client.post(f"/complaints/{post.pk}/updates/", {"body": "  "}, follow=True)
    assert "The update cannot be empty." in response.content.decode()
    assert not post.updates.exists()


def test_writes_need_a_csrf_token(company, author):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(author)
    post = ComplaintFactory(company=company, author=author)
    assert strict.post(f"/complaints/{post.pk}/updates/", {"body": "Hi"}).status_code == 403
    assert strict.post("/complaints/new/", _form()).status_code == 403
    assert not post.updates.exists()


@pytest.mark.usefixtures("still_clock")
def test_a_burst_of_posts_is_refused_with_429(client, company, author, settings):
    settings.RATE_LIMITS = {"post": [{"seconds": 600, "per_user": 2}]}
    _draft(client)
    _draft(client)
    response = client.post("/complaints/new/", _form())
    assert response.status_code == 429
    assert "posting too fast" in response.content.decode()
    assert Complaint.objects.count() == 2


def test_next_never_leaves_the_site(client, company, author):
    post = ComplaintFactory(company=company, author=author)
    response = client.post(
        f"/complaints/{post.pk}/updates/", {"body": "Hi", "next": "https://evil.example/"}
    )
    assert response["Location"].startswith(post.get_absolute_url())
