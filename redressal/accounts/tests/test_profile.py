from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from redressal.accounts.models import User
from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.models import Complaint, HoldReason, Visibility
from redressal.complaints.tests.factories import ComplaintFactory, ReviewFactory
from redressal.discussion.models import Comment
from redressal.discussion.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

SETTINGS = reverse("accounts:settings")


def profile_url(user) -> str:
    return reverse("accounts:profile", args=[user.username])


@pytest.fixture
def meera():
    return UserFactory(
        username="meera", email="meera.private@example.com", city="Indore", state="MP"
    )


def test_profile_lists_published_posts_and_comments_and_no_private_data(client, meera):
    complaint = ComplaintFactory(author=meera, title="Refund stuck for weeks")
    Complaint.objects.filter(pk=complaint.pk).update(private_details="Order 1234, flat 5B")
    ReviewFactory(author=meera, title="Friendly staff at the store")
    CommentFactory(author=meera, body="Same here, three weeks and counting.")

    html = client.get(profile_url(meera)).content.decode()

    assert "Refund stuck for weeks" in html
    assert "Friendly staff at the store" in html
    assert "Same here, three weeks and counting." in html
    assert "Indore, MP" in html
    assert "meera.private@example.com" not in html
    assert "@example.com" not in html.replace("care@", "")
    assert "flat 5B" not in html
    assert "Please verify your e-mail" not in html


def test_profile_pages_through_many_posts(client, meera):
    company = CompanyFactory()
    for n in range(12):
        post = ComplaintFactory(author=meera, company=company, title=f"Post number {n:02}")
        # Filed over three hours, not in a burst that is held for review.
        Complaint.objects.filter(pk=post.pk).update(
            created_at=timezone.now() - timedelta(minutes=15 * (12 - n))
        )
    first = client.get(profile_url(meera)).content.decode()
    assert "Post number 11" in first
    assert "Post number 01" not in first
    assert "?page=2#posts" in first
    second = client.get(profile_url(meera), {"page": "2"}).content.decode()
    assert "Post number 01" in second
    assert client.get(profile_url(meera), {"page": "junk"}).status_code == 200


def test_unknown_or_deactivated_people_have_no_profile(client):
    assert client.get(reverse("accounts:profile", args=["nobody"])).status_code == 404
    gone = UserFactory(is_active=False)
    assert client.get(profile_url(gone)).status_code == 404


def test_profile_address_in_another_case_redirects(client, meera):
    response = client.get(reverse("accounts:profile", args=["MEERA"]))
    assert response.status_code == 301
    assert response.url == profile_url(meera)


def held_post_and_comment(author):
    company = CompanyFactory()
    Complaint.objects.create(
        company=company,
        author=author,
        title="Waiting post about a broken charger",
        slug="waiting",
        body="Broken.",
        visibility=Visibility.HELD,
        held_reason=HoldReason.EMAIL_UNVERIFIED,
    )
    Comment.objects.create(
        complaint=ComplaintFactory(company=company),
        author=author,
        body="A waiting comment",
        visibility=Visibility.HELD,
        held_reason=HoldReason.EMAIL_UNVERIFIED,
    )


def test_others_never_see_held_posts(client):
    newcomer = UserFactory(username="newcomer", email_verified_at=None)
    held_post_and_comment(newcomer)
    for viewer in (None, UserFactory()):
        if viewer:
            client.force_login(viewer)
        html = client.get(profile_url(newcomer)).content.decode()
        assert "Waiting post about a broken charger" not in html
        assert "A waiting comment" not in html
        assert "Please verify your e-mail" not in html
        assert newcomer.email not in html


def test_the_author_sees_held_posts_marked_and_a_banner_to_verify(client):
    newcomer = UserFactory(username="newcomer", email_verified_at=None)
    held_post_and_comment(newcomer)
    client.force_login(newcomer)
    html = client.get(profile_url(newcomer)).content.decode()
    assert "Waiting post about a broken charger" in html
    assert "A waiting comment" in html
    assert html.count("Waiting for e-mail verification") == 2
    assert "Please verify your e-mail address" in html
    assert f'action="{reverse("accounts:resend_verification")}"' in html


def test_settings_need_a_login(client):
    response = client.get(SETTINGS)
    assert response.url == f"{reverse('accounts:login')}?next={SETTINGS}"


def test_settings_change_where_the_person_lives(client, meera):
    client.force_login(meera)
    page = client.get(SETTINGS).content.decode()
    assert "meera.private@example.com" in page
    assert "Verified on" in page
    response = client.post(SETTINGS, {"city": " Bhopal ", "state": "MP", "country": "in"})
    assert response.url == SETTINGS
    meera.refresh_from_db()
    assert (meera.city, meera.state, meera.country) == ("Bhopal", "MP", "IN")


@pytest.mark.parametrize(
    "data", [{"city": "", "state": "MP"}, {"city": "Bhopal", "state": "MP", "country": "IND"}]
)
def test_settings_show_errors_for_bad_input(client, meera, data):
    client.force_login(meera)
    response = client.post(SETTINGS, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert User.objects.get(pk=meera.pk).city == "Indore"


def test_settings_show_an_unverified_address_with_a_resend_button(client):
    newcomer = UserFactory(email_verified_at=None)
    client.force_login(newcomer)
    html = client.get(SETTINGS).content.decode()
    assert "Not verified yet" in html
    assert "Send the link again" in html
