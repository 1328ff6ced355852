from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse

from redressal.accounts import services
from redressal.accounts.tests.factories import UserFactory
from redressal.accounts.tests.helpers import link_in
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import counters
from redressal.complaints.models import Complaint, HoldReason, Visibility
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.models import Comment

pytestmark = pytest.mark.django_db

RESEND = reverse("accounts:resend_verification")


@pytest.fixture
def newcomer():
    return UserFactory(username="newcomer", email_verified_at=None)


def verify_url(user) -> str:
    return reverse("accounts:verify_email", args=[services.verification_token(user)])


def held_complaint(author, company, **fields) -> Complaint:
    return Complaint.objects.create(
        company=company,
        author=author,
        title="Refund not received",
        slug="refund-not-received",
        body="I returned the phone and the refund never came.",
        **{"visibility": Visibility.HELD, "held_reason": HoldReason.EMAIL_UNVERIFIED, **fields},
    )


def test_following_the_link_publishes_what_waited_and_moves_the_counters(client, newcomer):
    company = CompanyFactory()
    held_complaint(newcomer, company)
    held_complaint(newcomer, company, kind=Complaint.Kind.REVIEW, rating=2)
    others_post = ComplaintFactory(company=company)
    Comment.objects.create(
        complaint=others_post,
        author=newcomer,
        body="Same here.",
        visibility=Visibility.HELD,
        held_reason=HoldReason.EMAIL_UNVERIFIED,
    )
    company.refresh_from_db()
    assert (company.complaints_count, company.reviews_count) == (1, 0)
    assert counters.recount(dry_run=True).total == 0

    response = client.get(verify_url(newcomer))

    assert response.status_code == 200
    assert "2 complaints and reviews and 1 comment" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.is_email_verified
    company.refresh_from_db()
    assert (company.complaints_count, company.reviews_count, company.rating_count) == (2, 1, 1)
    others_post.refresh_from_db()
    assert others_post.comments_count == 1
    assert not Complaint.objects.filter(visibility=Visibility.HELD).exists()
    assert counters.recount(dry_run=True).total == 0


def test_posts_held_for_a_moderator_stay_held(newcomer):
    company = CompanyFactory()
    waiting = held_complaint(newcomer, company, held_reason=HoldReason.MODERATION)
    verification = services.verify_email(user=newcomer)
    assert verification.complaints == []
    waiting.refresh_from_db()
    assert waiting.visibility == Visibility.HELD


def test_a_link_works_once(client, newcomer):
    url = verify_url(newcomer)
    assert client.get(url).status_code == 200
    again = client.get(url)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_an_expired_link_is_refused_and_a_new_one_can_be_sent(
    client, newcomer, mailoutbox, django_capture_on_commit_callbacks
):
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_ago):
        url = verify_url(newcomer)

    response = client.get(url)

    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has expired" in html
    assert f'action="{RESEND}"' in html
    newcomer.refresh_from_db()
    assert not newcomer.is_email_verified

    token = url.rstrip("/").rsplit("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(RESEND, {"token": token})
    assert resent.status_code == 302
    assert resent.url == reverse("accounts:verification_sent")
    (message,) = mailoutbox
    assert message.to == [newcomer.email]
    assert client.get(link_in(message)).status_code == 200


def test_a_link_still_fresh_after_two_days_works(client, newcomer):
    two_days_ago = time.time() - 2 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=two_days_ago):
        url = verify_url(newcomer)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("damage", ["cut", "edit", "garbage", "other-salt"])
def test_a_tampered_link_is_refused_with_a_clear_page(client, newcomer, damage):
    token = services.verification_token(newcomer)
    bad = {
        "cut": token[:-4],
        "edit": token.replace(token[2], "A" if token[2] != "A" else "B", 1),
        "garbage": "not-a-token",
        "other-salt": signing.dumps({"u": newcomer.pk}),
    }[damage]
    response = client.get(reverse("accounts:verify_email", args=[bad]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "This link is not valid" in html
    assert 'name="email"' in html  # resend to an address, for a visitor not logged in
    newcomer.refresh_from_db()
    assert not newcomer.is_email_verified


def test_a_link_sent_to_an_old_address_is_refused(client, newcomer):
    url = verify_url(newcomer)
    newcomer.email = "new.address@example.com"
    newcomer.save()
    response = client.get(url)
    assert response.status_code == 410
    assert "no longer valid" in response.content.decode()


def test_a_link_for_a_deactivated_account_is_refused(client, newcomer):
    url = verify_url(newcomer)
    newcomer.is_active = False
    newcomer.save()
    assert client.get(url).status_code == 400


def test_logged_in_person_asks_again_and_is_slowed_down(
    client, newcomer, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(RESEND, {"next": "https://evil.example/"})
    assert first.status_code == 302
    assert first.url == reverse("accounts:settings")
    assert len(mailoutbox) == 1

    # Moments later: no second e-mail, but a word about the first.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = client.post(RESEND, {"next": "/companies/"}, follow=True)
    assert callbacks == []
    assert second.redirect_chain[-1][0] == "/companies/"
    assert len(mailoutbox) == 1

    client.post(RESEND)
    limited = client.post(RESEND)
    assert limited.status_code == 429
    assert len(mailoutbox) == 1


def test_asking_again_when_verified_says_so(client):
    client.force_login(UserFactory())
    response = client.post(RESEND, follow=True)
    assert "already verified" in response.content.decode()


def test_a_visitor_asks_by_address_and_learns_nothing_about_accounts(
    client, newcomer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(RESEND, {"email": newcomer.email.upper()}, follow=True)
    unknown = client.post(RESEND, {"email": "nobody@example.com"}, follow=True)
    assert known.content == unknown.content
    assert [m.to for m in mailoutbox] == [[newcomer.email]]


def test_resend_is_post_only(client):
    assert client.get(RESEND).status_code == 405


def test_verify_email_refuses_an_address_already_verified():
    from redressal.core.errors import DomainError

    with pytest.raises(DomainError):
        services.verify_email(user=UserFactory())


def test_the_verification_email_is_not_sent_once_the_address_is_verified(newcomer, mailoutbox):
    from redressal.accounts import tasks

    services.verify_email(user=newcomer)
    result = tasks.send_verification_email.enqueue(newcomer.pk)
    assert result.return_value is False
    assert mailoutbox == []
