"""On a draft's preview the author sees what is hidden from the public and corrects it."""

from __future__ import annotations

import pytest

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.models import Complaint, Visibility
from redressal.complaints.tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Call me on 98200 12345 or write to asha.k@gmail.com. The invoice INV-2024-00123 was "
    "wrong and Mr Sharma at the Andheri store would not refund me."
)


@pytest.fixture
def author(client):
    user = UserFactory(username="asha")
    client.force_login(user)
    return user


@pytest.fixture
def draft(author):
    return ComplaintFactory(
        author=author,
        company=CompanyFactory(),
        title="Refund refused, call 98200 12345",
        body=BODY,
        draft=True,
    )


def _preview(client, draft) -> str:
    response = client.get(f"/complaints/{draft.pk}/preview/")
    assert response.status_code == 200
    return response.content.decode()


def _update(client, draft, *, mark_public=(), mark_private=""):
    return client.post(
        f"/complaints/{draft.pk}/preview/",
        {"update_preview": "1", "mark_public": list(mark_public), "mark_private": mark_private},
    )


def _publish(client, draft) -> Complaint:
    response = client.post(f"/complaints/{draft.pk}/preview/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.visibility == Visibility.PUBLISHED
    return draft


def test_the_preview_lists_each_hidden_phrase_with_its_kind(client, draft):
    html = _preview(client, draft)
    assert "What we hide from the public" in html
    for text, label in [
        ("98200 12345", "phone number"),
        ("asha.k@gmail.com", "e-mail address"),
        ("INV-2024-00123", "order or reference number"),
    ]:
        assert (
            f'<mark class="private-span" title="Hidden from the public: {label}">{text}</mark>'
            in (html)
        )
        assert f'name="mark_public" value="{text}"' in html
    assert "phone number, 2 places" in html  # in the title and in the text
    assert 'name="mark_private"' in html and "One phrase per line" in html
    # The public part of the page still shows the post as the public will see it.
    assert 'Call me on <span class="hidden-span protected"' in html


def test_showing_a_false_alarm_makes_it_public_once_published(client, draft):
    response = _update(client, draft, mark_public=["INV-2024-00123"])
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/{draft.pk}/preview/"
    html = _preview(client, draft)
    assert "The invoice INV-2024-00123 was wrong" in html
    # It stays on the list, ticked, so the author can hide it again.
    assert 'value="INV-2024-00123" checked' in html

    post = _publish(client, draft)
    assert "INV-2024-00123" in post.body
    assert "98200 12345" not in post.body and "asha.k@gmail.com" not in post.body
    page = client.get(post.get_absolute_url()).content.decode()
    assert "INV-2024-00123" in page


def test_unticking_hides_it_again(client, draft):
    _update(client, draft, mark_public=["INV-2024-00123"])
    _update(client, draft)
    draft.refresh_from_db()
    assert "INV-2024-00123" not in draft.body


def test_hiding_a_missed_phrase_hides_it_everywhere(client, draft):
    response = _update(client, draft, mark_private="Mr Sharma\n  andheri  \n")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert "Sharma" not in draft.body and "Andheri" not in draft.body
    html = _preview(client, draft)
    assert "marked private by the author" in html
    # The earlier choices stay when the author changes something else.
    _update(client, draft, mark_public=["INV-2024-00123"])
    post = _publish(client, draft)
    assert "Sharma" not in post.body and "Andheri" not in post.body
    assert "INV-2024-00123" in post.body
    assert "Mr Sharma" in post.original_body


def test_showing_a_phrase_the_author_marked_unhides_it(client, draft):
    _update(client, draft, mark_private="Mr Sharma")
    _update(client, draft, mark_public=["Mr Sharma"])
    draft.refresh_from_db()
    assert "Mr Sharma" in draft.body


def test_a_phrase_not_in_the_text_is_a_form_error(client, draft):
    response = _update(client, draft, mark_private="Mrs Kapoor")
    assert response.status_code == 200
    html = response.content.decode()
    assert "does not appear in your text" in html
    assert "Mrs Kapoor" in html  # what they typed is kept
    draft.refresh_from_db()
    assert draft.visibility == Visibility.DRAFT and "[protected]" in draft.body


def test_too_many_or_too_long_phrases_are_form_errors(client, draft):
    too_many = "\n".join(f"word{n}" for n in range(21))
    response = _update(client, draft, mark_private=too_many)
    assert response.status_code == 200
    assert "Mark at most 20 phrases" in response.content.decode()
    response = _update(client, draft, mark_private="x" * 201)
    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()


def test_a_phrase_that_was_not_offered_cannot_be_shown(client, draft):
    response = _update(client, draft, mark_public=["Andheri"])
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_hiding_everything_is_a_form_error_not_a_crash(client, author):
    draft = ComplaintFactory(
        author=author, title="Refund refused", body="Refund refused again", draft=True
    )
    response = _update(client, draft, mark_private="Refund refused again")
    assert response.status_code == 200
    assert "cannot be only personal data" in response.content.decode()


def test_what_the_author_typed_is_escaped(client, author):
    draft = ComplaintFactory(
        author=author,
        title="Broken <b>phone</b>",
        body="<script>alert(1)</script> call 98200 12345 about it",
        draft=True,
    )
    html = _preview(client, draft)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    _update(client, draft, mark_private="<script>")
    html = _preview(client, draft)
    assert "<script>alert" not in html
    assert (
        '<mark class="private-span" title="Hidden from the public: marked private by the author">'
        "&lt;script&gt;</mark>"
    ) in html
    assert 'name="mark_public" value="&lt;script&gt;"' in html


def test_only_the_author_may_update_a_preview(client, draft):
    client.force_login(UserFactory())
    assert _update(client, draft, mark_private="Mr Sharma").status_code == 404
    draft.refresh_from_db()
    assert "Mr Sharma" in draft.body


def test_the_preview_without_personal_data_still_offers_to_hide(client, author):
    draft = ComplaintFactory(author=author, draft=True)
    html = _preview(client, draft)
    assert "We found nothing" in html and 'name="mark_private"' in html
