"""Who sees what of a complaint: every role against every private item, as a matrix.

Private items are the complaint's original title and body (marked for those allowed), its
private details, the original of an author's update, and the original of a third party's
comment. Reads by the company's representatives and moderators leave a PrivateAccess row;
reads by the author never do.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from faker import Faker

from redressal.accounts.models import User
from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory, RepresentativeFactory
from redressal.complaints import services
from redressal.complaints.models import Complaint, PrivateAccess
from redressal.core.tests.planted import Secrets
from redressal.discussion import services as discussion
from redressal.moderation import services as moderation
from redressal.moderation.tests.helpers import hold_for_moderation

ROLES = [
    "anonymous",
    "unrelated user",
    "author",
    "suspended author",
    "another complaint's author",
    "commenter",
    "company representative",
    "other company's representative",
    "moderator",
    "inactive staff",
]
AUTHOR_SIDE = {"author", "suspended author"}
COMPANY_SIDE = {"company representative", "moderator"}
LOGGED = {"company representative": "representative", "moderator": "moderator"}

TITLE, BODY, PRIVATE, UPDATE, COMMENT = (Secrets(n) for n in (201, 202, 203, 204, 205))


def _marked(value: str) -> re.Pattern:
    """`value` highlighted as hidden from the public, as those allowed see an original."""
    return re.compile(rf'<mark class="private-span"[^>]*>{re.escape(value)}</mark>')


# item: (what shows it, who may see it)
ITEMS = {
    "original title marked": (_marked(TITLE.phone), AUTHOR_SIDE | COMPANY_SIDE),
    "original title text": (TITLE.phone, AUTHOR_SIDE | COMPANY_SIDE),
    "original body marked": (_marked(BODY.email), AUTHOR_SIDE | COMPANY_SIDE),
    "original body text": (BODY.card, AUTHOR_SIDE | COMPANY_SIDE),
    "private details": (PRIVATE.private, AUTHOR_SIDE | COMPANY_SIDE),
    "update original marked": (_marked(UPDATE.card), AUTHOR_SIDE | COMPANY_SIDE),
    "comment original marked": (_marked(COMMENT.aadhaar), {"commenter"} | COMPANY_SIDE),
    "comment original text": (COMMENT.email, {"commenter"} | COMPANY_SIDE),
}


def _shows(needle: str | re.Pattern, text: str) -> bool:
    return bool(needle.search(text)) if isinstance(needle, re.Pattern) else needle in text


# Who can open a post that is not published (complaints/access.py can_see).
OPENS = {
    "held": AUTHOR_SIDE | {"moderator"},
    "draft": AUTHOR_SIDE | {"moderator"},
    "hidden": AUTHOR_SIDE | {"moderator"},
    "deleted": {"moderator"},
}


def _file(author, company, **fields):
    # A story of its own each time: one author's near-identical posts are refused.
    return services.file_complaint(
        author=author,
        company=company,
        title=f"Refund stuck, call {TITLE.phone}",
        body=BODY.text(Faker().paragraph(nb_sentences=10)),
        private_details=PRIVATE.private,
        **fields,
    )


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker):
    """One company, its complaint and everyone around it; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        company = CompanyFactory()
        other_company = CompanyFactory()
        moderator = UserFactory(is_staff=True)
        people = {
            "author": UserFactory(),
            "another complaint's author": UserFactory(),
            "commenter": UserFactory(),
            "unrelated user": UserFactory(),
            "company representative": RepresentativeFactory(company=company).user,
            "other company's representative": RepresentativeFactory(company=other_company).user,
            "moderator": moderator,
            "inactive staff": UserFactory(is_staff=True, is_active=False),
        }
        people["suspended author"] = people["author"]
        author = people["author"]
        complaint = _file(author, company)
        services.add_update(complaint=complaint, author=author, body=UPDATE.text("Update."))
        discussion.post_comment(
            complaint=complaint, author=people["commenter"], body=COMMENT.text("Same here.")
        )
        other = _file(people["another complaint's author"], company)
        posts = {"published": complaint, "other": other}
        posts["held"] = hold_for_moderation(_file(author, company))
        posts["draft"] = _file(author, company, draft=True)
        posts["hidden"] = _file(author, company)
        moderation.hide_post(moderator=moderator, post=posts["hidden"], reason="Checking.")
        posts["deleted"] = _file(author, company)
        services.delete_complaint(complaint=posts["deleted"], author=author)
        yield {"people": people, "posts": posts}
        transaction.set_rollback(True)


def _client(cast, role: str) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    user = cast["people"][role]
    if role == "suspended author":
        User.objects.filter(pk=user.pk).update(suspended_until=timezone.now() + timedelta(days=7))
    client.force_login(user)
    return client


def _page(cast, role: str, post: str = "published"):
    complaint = Complaint.objects.get(pk=cast["posts"][post].pk)
    return _client(cast, role).get(complaint.get_absolute_url())


def _matrix(items: dict):
    return [
        pytest.param(role, item, id=f"{role} {'sees' if role in who else 'not'} {item}")
        for item, (_needle, who) in items.items()
        for role in ROLES
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "item"), _matrix(ITEMS))
def test_complaint_page_shows_each_private_item_only_to_those_allowed(cast, role, item):
    needle, who = ITEMS[item]
    response = _page(cast, role)
    assert response.status_code == 200
    page = response.content.decode()
    assert _shows(needle, page) == (role in who)
    # The public text is always there, with the details protected.
    assert "[protected]" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_private_access_is_logged_for_the_company_and_moderators_only(cast, role):
    complaint = cast["posts"]["published"]
    _page(cast, role)
    _page(cast, role)
    rows = PrivateAccess.objects.filter(complaint=complaint)
    if role in LOGGED:
        viewer = cast["people"][role]
        assert [(r.viewer_id, r.role, r.where) for r in rows] == [
            (viewer.pk, LOGGED[role], "complaint page")
        ] * 2
    else:
        assert not rows.exists()
    assert not PrivateAccess.objects.exclude(complaint=complaint).exists()


def _open_matrix():
    return [
        pytest.param(role, post, id=f"{role} {'opens' if role in who else '404'} {post}")
        for post, who in OPENS.items()
        for role in ROLES
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "post"), _open_matrix())
def test_unpublished_posts_open_only_for_those_allowed(cast, role, post):
    allowed = role in OPENS[post]
    complaint = cast["posts"][post]
    client = _client(cast, role)
    for url in (complaint.get_absolute_url(), f"/api/v1/complaints/{complaint.pk}"):
        response = client.get(url)
        assert response.status_code == (200 if allowed else 404), url
        text = response.content.decode()
        assert (PRIVATE.private in text) == allowed
    comments = client.get(f"/api/v1/complaints/{complaint.pk}/comments")
    assert comments.status_code == (200 if allowed else 404)
    logged = PrivateAccess.objects.filter(complaint=complaint)
    if allowed and role in LOGGED:
        assert logged.filter(where="complaint page").count() == 1
    elif not allowed:
        assert not logged.exists()


API_ITEMS = {"private details": (PRIVATE.private, AUTHOR_SIDE | COMPANY_SIDE)}


def _api(cast, role: str) -> tuple[dict, str]:
    complaint = cast["posts"]["published"]
    client = _client(cast, role)
    response = client.get(f"/api/v1/complaints/{complaint.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    comments = client.get(f"/api/v1/complaints/{complaint.pk}/comments").content.decode()
    return response.json(), response.content.decode() + comments


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "item"), _matrix(API_ITEMS))
def test_api_detail_shows_private_details_only_to_those_allowed(cast, role, item):
    needle, who = API_ITEMS[item]
    data, text = _api(cast, role)
    assert (data["private_details"] == PRIVATE.private) == (role in who)
    if role not in who:
        assert data["private_details"] is None
        assert needle not in text
    # No original of the title, body, update or comment outside its own fields.
    assert TITLE.phone not in data["title"] and BODY.email not in data["body"]
    assert UPDATE.card not in str(data["updates"])
    assert COMMENT.aadhaar not in text


def _api_originals_matrix():
    return [
        pytest.param(
            role,
            id=f"{role} {'sees' if role in AUTHOR_SIDE | COMPANY_SIDE else 'not'} API originals",
        )
        for role in ROLES
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", _api_originals_matrix())
def test_api_detail_shows_originals_only_to_those_allowed(cast, role):
    data, _text = _api(cast, role)
    if role in AUTHOR_SIDE | COMPANY_SIDE:
        assert TITLE.phone in data["original_title"]
        assert BODY.email in data["original_body"]
        assert data["protected_spans"]["body"]
    else:
        for name in ("original_title", "original_body", "protected_spans"):
            assert data.get(name) is None, name


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in ROLES if role not in LOGGED])
def test_api_reads_by_anyone_else_log_nothing(cast, role):
    _api(cast, role)
    assert not PrivateAccess.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(LOGGED))
def test_api_read_by_company_or_moderator_writes_private_access(cast, role):
    _api(cast, role)
    rows = PrivateAccess.objects.filter(complaint=cast["posts"]["published"])
    assert [(r.viewer, r.role) for r in rows] == [(cast["people"][role], LOGGED[role])]
