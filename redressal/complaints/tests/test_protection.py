"""Personal data in what people post: hidden from the public, kept for those allowed."""

from __future__ import annotations

import pytest
from django.db import connection

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import RepresentativeFactory
from redressal.complaints import services
from redressal.complaints.models import PrivateAccess
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.core.errors import DomainError
from redressal.discussion.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

PHONE = "98200 12345"
FULL_WIDTH = {ord(str(d)): 0xFF10 + d for d in range(10)}
BODY = f"Call me on {PHONE} or write to ravi.k@example.com about order OD4123456789."


def test_filing_hides_personal_data_and_keeps_the_original_encrypted():
    complaint = ComplaintFactory(title=f"No refund, call {PHONE}", body=BODY)
    complaint.refresh_from_db()
    assert complaint.title == "No refund, call [protected]"
    assert complaint.body == (
        "Call me on [protected] or write to [protected] about order [protected]."
    )
    assert complaint.original_title == f"No refund, call {PHONE}"
    assert complaint.original_body == BODY
    kinds = [kind for _start, _end, kind in complaint.protected_spans["body"]]
    assert kinds == ["phone", "email", "reference"]
    for start, end, _kind in complaint.protected_spans["body"]:
        assert BODY[start:end] in (PHONE, "ravi.k@example.com", "OD4123456789")
    assert "98200" not in complaint.slug and "12345" not in complaint.slug
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT original_title, original_body FROM complaints_complaint WHERE id = %s",
            [complaint.pk],
        )
        stored = " ".join(cursor.fetchone())
    assert PHONE not in stored and "ravi.k@example.com" not in stored


def test_a_clean_text_keeps_no_original():
    complaint = ComplaintFactory(body="The 108cm TV cost Rs 32,999 on 12/03/2024; 8gb+128gb.")
    assert complaint.original_body == "" and complaint.protected_spans == {}
    assert complaint.body == "The 108cm TV cost Rs 32,999 on 12/03/2024; 8gb+128gb."


def test_the_author_can_mark_a_missed_phrase_private_and_a_false_alarm_public():
    complaint = ComplaintFactory(
        body="I live at 14 Rose Villa, Bandra. Ticket OD4123456789 was closed.",
        mark_private=["14 Rose Villa"],
        mark_public=["OD4123456789"],
    )
    assert complaint.body == "I live at [protected], Bandra. Ticket OD4123456789 was closed."
    assert [kind for *_range, kind in complaint.protected_spans["body"]] == ["marked"]


def test_a_phrase_to_hide_must_be_in_the_text():
    with pytest.raises(DomainError) as error:
        ComplaintFactory(mark_private=["Flat 9"])
    assert error.value.field == "mark_private"


@pytest.mark.parametrize("phrases", [["x"] * 21, ["x" * 201]])
def test_phrases_are_limited(phrases):
    with pytest.raises(DomainError):
        ComplaintFactory(mark_public=phrases)


def test_a_text_that_is_only_personal_data_is_refused():
    with pytest.raises(DomainError) as error:
        ComplaintFactory(body=f"{PHONE}, ravi.k@example.com")
    assert error.value.field == "body"


def test_a_text_of_100000_characters_is_refused_before_anything_is_stored():
    with pytest.raises(DomainError) as error:
        ComplaintFactory(body="a" * 100_000)
    assert error.value.code == "too_long"


@pytest.mark.parametrize(
    "sneaky",
    [
        "98\u200b200\u200b12345",  # zero-width spaces between the digits
        "98200".translate(FULL_WIDTH) + "12345",  # full-width digits
        "982O0l2345",  # letters O and l for a zero and a one
    ],
)
def test_numbers_dressed_up_to_pass_the_filter_are_still_hidden(sneaky):
    complaint = ComplaintFactory(body=f"My number is {sneaky}, call after six.")
    assert "[protected]" in complaint.body
    assert complaint.original_body == f"My number is {sneaky}, call after six."


def test_profanity_is_censored_in_public_and_kept_in_the_original():
    complaint = ComplaintFactory(body="This shit service, if your people cared. Assessment done.")
    assert complaint.body == "This [censored] service, if your people cared. Assessment done."
    assert "shit" in complaint.original_body


def test_editing_keeps_the_authors_earlier_choices():
    complaint = ComplaintFactory(
        body="I live at 14 Rose Villa. Ticket OD4123456789 closed.",
        mark_private=["14 Rose Villa"],
        mark_public=["OD4123456789"],
    )
    services.edit_complaint(
        complaint=complaint,
        author=complaint.author,
        title=complaint.title,
        body="I live at 14 Rose Villa. Ticket OD4123456789 closed twice now.",
    )
    complaint.refresh_from_db()
    assert complaint.body == "I live at [protected]. Ticket OD4123456789 closed twice now."
    assert complaint.revisions.get().original_body.startswith("I live at 14 Rose Villa.")


def test_the_edit_form_shows_the_author_their_own_text(client):
    complaint = ComplaintFactory(body=BODY)
    client.force_login(complaint.author)
    page = client.get(f"/complaints/{complaint.pk}/edit/").content.decode()
    assert PHONE in page


def test_updates_comments_products_and_captions_are_protected():
    complaint = ComplaintFactory(product=f"Phone bought by {PHONE}")
    assert complaint.product == "Phone bought by [protected]"
    update = services.add_update(complaint=complaint, author=complaint.author, body=BODY)
    assert "[protected]" in update.body and update.original_body == BODY
    comment = CommentFactory(complaint=complaint, body=f"Same here, reach me at {PHONE}.")
    assert comment.body == "Same here, reach me at [protected]."
    assert comment.original_body.endswith(f"{PHONE}.")
    assert services._clean_caption(f"Bill for {PHONE}") == "Bill for [protected]"


@pytest.fixture
def private_post():
    complaint = ComplaintFactory(body=BODY, private_details="IMEI 490154203237518")
    services.add_update(
        complaint=complaint, author=complaint.author, body="Still waiting, 91234 56789."
    )
    return complaint


def _page(client, complaint, user=None):
    if user:
        client.force_login(user)
    return client.get(complaint.get_absolute_url()).content.decode()


def test_the_public_sees_no_personal_data(client, private_post):
    for user in (None, UserFactory()):
        page = _page(client, private_post, user)
        assert PHONE not in page and "ravi.k@example.com" not in page
        assert "91234 56789" not in page and "490154203237518" not in page
        assert "[protected]" in page
    assert not PrivateAccess.objects.exists()


def test_the_author_sees_the_original_marked_and_is_not_logged(client, private_post):
    page = _page(client, private_post, private_post.author)
    assert f'title="Hidden from the public: phone number">{PHONE}</mark>' in page
    assert "91234 56789" in page and "490154203237518" in page
    assert not PrivateAccess.objects.exists()


@pytest.mark.parametrize("role", ["representative", "moderator"])
def test_company_and_moderators_see_the_original_and_each_view_is_logged(
    client, private_post, role
):
    if role == "moderator":
        viewer = UserFactory(is_staff=True)
    else:
        viewer = RepresentativeFactory(company=private_post.company).user
    for _ in range(2):
        page = _page(client, private_post, viewer)
        assert PHONE in page and "490154203237518" in page
    accesses = PrivateAccess.objects.filter(complaint=private_post)
    assert accesses.count() == 2
    assert {(a.viewer, a.role, a.where) for a in accesses} == {(viewer, role, "complaint page")}
    client.logout()
    author_page = _page(client, private_post, private_post.author)
    assert "Who read your private details" in author_page


def test_another_companys_representative_sees_only_public_text(client, private_post):
    outsider = RepresentativeFactory().user
    page = _page(client, private_post, outsider)
    assert PHONE not in page
    assert not PrivateAccess.objects.exists()


def test_a_commenters_original_is_theirs_and_the_companys_not_the_complaint_authors(client):
    complaint = ComplaintFactory()
    commenter = UserFactory()
    CommentFactory(complaint=complaint, author=commenter, body=f"Reach me at {PHONE}.")
    assert PHONE in _page(client, complaint, commenter)
    client.logout()
    assert PHONE not in _page(client, complaint, complaint.author)
    assert not PrivateAccess.objects.exists()
    client.logout()
    representative = RepresentativeFactory(company=complaint.company).user
    assert PHONE in _page(client, complaint, representative)
    assert PrivateAccess.objects.get().viewer == representative
