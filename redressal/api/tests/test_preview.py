"""Previewing what the public would see, marking phrases, and who gets a post's originals."""

from __future__ import annotations

import pytest

from redressal.api.tests.conftest import assert_error, client_for
from redressal.companies.tests.factories import CompanyFactory, RepresentativeFactory
from redressal.complaints.models import Complaint, PrivateAccess
from redressal.complaints.tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

TITLE = "Refund refused, call 98200 12345"
BODY = (
    "Write to asha.k@gmail.com about order OD4512990012. Mr Sharma at the Andheri store "
    "would not refund me."
)


def test_preview_shows_the_public_text_and_what_it_hides(as_author):
    response = as_author.post("/complaints/preview", {"title": TITLE, "body": BODY})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Refund refused, call [protected]"
    assert body["body"].startswith("Write to [protected] about order [protected].")
    assert [(s["field"], s["kind"], s["text"]) for s in body["spans"]] == [
        ("title", "phone", "98200 12345"),
        ("body", "email", "asha.k@gmail.com"),
        ("body", "reference", "OD4512990012"),
    ]
    labels = {s["kind"]: s["label"] for s in body["spans"]}
    assert labels == {
        "phone": "phone number",
        "email": "e-mail address",
        "reference": "order or reference number",
    }
    for span in body["spans"]:
        sent = TITLE if span["field"] == "title" else BODY
        assert sent[span["start"] : span["end"]] == span["text"]
    assert not Complaint.objects.exists()


def test_preview_offsets_are_in_the_text_as_sent(as_author):
    body = as_author.post(
        "/complaints/preview", {"title": "  Call 98200 12345", "body": "\n\n" + BODY}
    ).json()
    for span in body["spans"]:
        sent = "  Call 98200 12345" if span["field"] == "title" else "\n\n" + BODY
        assert sent[span["start"] : span["end"]] == span["text"]


def test_preview_applies_the_authors_marks(as_author):
    body = as_author.post(
        "/complaints/preview",
        {
            "title": TITLE,
            "body": BODY,
            "mark_private": ["Mr Sharma", "andheri"],
            "mark_public": ["OD4512990012"],
        },
    ).json()
    assert "Sharma" not in body["body"] and "Andheri" not in body["body"]
    assert "OD4512990012" in body["body"]
    marked = [s["text"] for s in body["spans"] if s["kind"] == "marked"]
    assert marked == ["Mr Sharma", "Andheri"]
    assert {s["label"] for s in body["spans"] if s["kind"] == "marked"} == {
        "marked private by the author"
    }


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"title": TITLE, "body": "x" * 20_001}, 422, "body"),
        ({"title": "t" * 161, "body": BODY}, 422, "title"),
        (
            {"title": TITLE, "body": BODY, "mark_private": [f"w{n}" for n in range(21)]},
            422,
            "mark_private",
        ),
        ({"title": TITLE, "body": BODY, "mark_public": ["x" * 201]}, 422, "mark_public.0"),
        ({"title": TITLE, "body": BODY, "mark_private": "Mr Sharma"}, 422, "mark_private"),
        ({"title": TITLE, "body": BODY, "mark_private": [1, 2]}, 422, "mark_private.0"),
        ({"title": 5, "body": BODY}, 422, "title"),
        ({"body": BODY}, 422, "title"),
        ({"title": "   ", "body": BODY}, 400, "title"),
        ({"title": TITLE, "body": BODY, "mark_private": ["Mrs Kapoor"]}, 400, "mark_private"),
        ({"title": TITLE, "body": "98200 12345"}, 400, "body"),
    ],
)
def test_preview_refuses_what_filing_would(as_author, payload, status, field):
    response = as_author.post("/complaints/preview", payload)
    body = assert_error(response, status)
    assert any(key.startswith(field) for key in body["errors"]), body


def test_preview_needs_a_signed_in_caller(anonymous):
    assert_error(anonymous.post("/complaints/preview", {"title": TITLE, "body": BODY}), 401)


def test_filing_and_editing_take_the_authors_marks(as_author, author):
    company = CompanyFactory(slug="zenvo")
    response = as_author.post(
        "/complaints",
        {
            "company": "zenvo",
            "title": TITLE,
            "body": BODY,
            "mark_private": ["Mr Sharma"],
            "mark_public": ["OD4512990012"],
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert "Sharma" not in created["body"] and "OD4512990012" in created["body"]
    assert created["original_body"] == BODY
    complaint = Complaint.objects.get(pk=created["id"], company=company)

    # An edit that does not send the marks keeps them, and keeps the author's own text.
    edited = as_author.patch(f"/complaints/{complaint.pk}", {"title": "Refund refused"}).json()
    assert "Sharma" not in edited["body"] and "OD4512990012" in edited["body"]
    assert edited["original_body"] == BODY and edited["title"] == "Refund refused"

    edited = as_author.patch(
        f"/complaints/{complaint.pk}", {"mark_private": [], "mark_public": []}
    ).json()
    assert "Mr Sharma" in edited["body"] and "OD4512990012" not in edited["body"]

    response = as_author.patch(f"/complaints/{complaint.pk}", {"mark_private": ["Mrs Kapoor"]})
    assert_error(response, 400, "mark_private")


@pytest.fixture
def private_post(author):
    return ComplaintFactory(
        author=author, title=TITLE, body=BODY, private_details="Order OD4512990012"
    )


def _originals(body: dict) -> tuple:
    return body["original_title"], body["original_body"], body["protected_spans"]


def test_the_author_gets_the_originals_and_nothing_is_logged(as_author, private_post):
    title, body, spans = _originals(as_author.get(f"/complaints/{private_post.pk}").json())
    assert (title, body) == (TITLE, BODY)
    assert spans == {"title": [[21, 32, "phone"]], "body": private_post.protected_spans["body"]}
    assert not PrivateAccess.objects.exists()


@pytest.mark.parametrize("role", ["representative", "moderator"])
def test_representatives_and_moderators_get_the_originals_and_it_is_logged(
    private_post, moderator, role
):
    viewer = moderator
    if role == "representative":
        viewer = RepresentativeFactory(company=private_post.company).user
    body = client_for(viewer).get(f"/complaints/{private_post.pk}").json()
    assert _originals(body) == (TITLE, BODY, private_post.protected_spans)
    access = PrivateAccess.objects.get()
    assert (access.complaint, access.viewer, access.role, access.where) == (
        private_post,
        viewer,
        role,
        "api",
    )


def test_nothing_is_logged_when_there_is_nothing_private(moderator):
    post = ComplaintFactory()
    body = client_for(moderator).get(f"/complaints/{post.pk}").json()
    assert body["original_title"] == "" and body["original_body"] == ""
    assert not PrivateAccess.objects.exists()


def test_strangers_and_anonymous_callers_get_nulls(anonymous, as_stranger, private_post):
    other_rep = RepresentativeFactory().user  # of another company
    for caller in (anonymous, as_stranger, client_for(other_rep)):
        body = caller.get(f"/complaints/{private_post.pk}").json()
        assert _originals(body) == (None, None, None)
        assert body["private_details"] is None
        assert "98200" not in str(body) and "asha.k" not in str(body)
    assert not PrivateAccess.objects.exists()


def test_the_public_list_never_carries_originals(anonymous, private_post):
    items = anonymous.get(f"/companies/{private_post.company.slug}/complaints").json()["items"]
    assert items and all("original_body" not in item for item in items)
