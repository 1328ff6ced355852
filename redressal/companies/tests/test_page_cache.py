"""Anonymous copies of company pages: shared only when safe, dropped as soon as the page changes."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from redressal.accounts.tests.factories import UserFactory
from redressal.companies import page_cache
from redressal.companies.models import Company
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import resolution, services
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion import services as discussion
from redressal.insights.models import CompanyNumbers
from redressal.moderation import services as moderation

# The generation moves on at commit, so these tests commit for real.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("_page_cache_on"),
]


@pytest.fixture
def _page_cache_on():
    with override_settings(COMPANY_PAGE_CACHE=True):
        yield


@pytest.fixture
def company():
    return CompanyFactory(name="Zenvo Mobiles", slug="zenvo-mobiles")


@pytest.fixture
def post(company):
    return ComplaintFactory(company=company, title="Refund not received for my Zenvo Note 8")


def _visit(client, company, query=""):
    response = client.get(f"/companies/{company.slug}/{query}")
    assert response.status_code == 200
    return response


def test_a_second_anonymous_visit_is_served_from_the_copy_with_one_query(client, company, post):
    first = _visit(client, company)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = _visit(client, company)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Only the company itself is read: it decides the page's canonical address and count.
    assert len(queries) == 1


def test_the_shared_copy_holds_no_token_cookie_or_name(client, company, post):
    first = _visit(client, company)
    hit = _visit(client, company)
    for response in (first, hit):
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html
        assert "Log out" not in html
        assert not response.cookies
    assert "Refund not received for my Zenvo Note 8" in hit.content.decode()


def test_signed_in_readers_get_their_own_page_and_it_is_never_shared(client, company, post):
    reader = UserFactory(username="sana_m")
    client.force_login(reader)
    mine = _visit(client, company)
    assert "X-Page-Cache" not in mine
    assert "sana_m" in mine.content.decode()
    client.logout()
    client.cookies.clear()
    shared = _visit(client, company)
    assert shared["X-Page-Cache"] == "miss"
    assert "sana_m" not in shared.content.decode()


def test_a_visitor_with_a_session_or_a_message_gets_a_fresh_page(client, company, post):
    _visit(client, company)
    for cookie in ("sessionid", "messages"):
        client.cookies.clear()
        client.cookies[cookie] = "something"
        assert "X-Page-Cache" not in _visit(client, company)


def test_each_sort_filter_page_and_partial_has_its_own_copy(client, company, post):
    _visit(client, company)
    assert _visit(client, company, "?sort=oldest")["X-Page-Cache"] == "miss"
    assert _visit(client, company, "?sort=oldest")["X-Page-Cache"] == "hit"
    partial = client.get(f"/companies/{company.slug}/", headers={"HX-Request": "true"})
    assert partial["X-Page-Cache"] == "miss"
    assert b"<html" not in partial.content
    assert b"<html" in _visit(client, company).content
    # Parameters the page ignores share the canonical copy.
    assert _visit(client, company, "?utm_source=mail")["X-Page-Cache"] == "hit"


def test_the_generation_is_stored_with_the_company_so_every_server_sees_it(client, company, post):
    _visit(client, company)
    before = Company.objects.get(pk=company.pk).page_generation
    services.vote_helpful(complaint=post, user=UserFactory())
    assert Company.objects.get(pk=company.pk).page_generation > before
    # Another app server holds its own copies; the stored generation tells it the news.
    assert _visit(client, company)["X-Page-Cache"] == "miss"


def test_a_change_that_is_rolled_back_leaves_the_copies(client, company, post):
    _visit(client, company)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.vote_helpful(complaint=post, user=UserFactory())
        raise RuntimeError
    assert _visit(client, company)["X-Page-Cache"] == "hit"


def _file(company, post):
    ComplaintFactory(company=company, title="Screen cracked within a week")
    return "Screen cracked within a week"


def _vote(company, post):
    services.vote_helpful(complaint=post, user=UserFactory())
    return "1 person found this helpful"


def _comment(company, post):
    discussion.post_comment(complaint=post, author=UserFactory(), body="Same here, no refund.")
    return "1 Comment"


def _update(company, post):
    services.add_update(complaint=post, author=post.author, body="Still waiting today.")
    return "Still waiting today."


def _resolve(company, post):
    resolution.mark_resolved(complaint=post, author=post.author)
    return "Resolved"


def _delete(company, post):
    ComplaintFactory(company=company, title="Another one")
    services.delete_complaint(complaint=post, author=post.author)
    return None


def _hide(company, post):
    ComplaintFactory(company=company, title="Another one")
    moderation.hide_post(moderator=UserFactory(is_staff=True), post=post, reason="Abusive")
    return None


@pytest.mark.parametrize("change", [_file, _vote, _comment, _update, _resolve, _delete, _hide])
def test_every_change_through_the_services_reaches_the_next_visitor(client, company, post, change):
    before = _visit(client, company).content.decode()
    assert _visit(client, company)["X-Page-Cache"] == "hit"
    shown = change(company, post)
    after = _visit(client, company)
    assert after["X-Page-Cache"] == "miss"
    html = after.content.decode()
    if shown is None:
        assert "Refund not received for my Zenvo Note 8" in before
        assert "Refund not received for my Zenvo Note 8" not in html
    else:
        assert html.count(shown) > before.count(shown)


def test_numbers_computed_after_a_visit_reach_the_next_visitor(client, company, post):
    CompanyNumbers.objects.filter(company=company).delete()
    # The visit asks for the numbers; once stored, the copy it made is out of date.
    assert "These figures are being computed" in _visit(client, company).content.decode()
    again = _visit(client, company)
    assert again["X-Page-Cache"] == "miss"
    assert "Of 1 published complaint;" in again.content.decode()


def test_a_change_to_one_company_leaves_the_others_copies(client, company, post):
    other = CompanyFactory(name="Lusam Electronics", slug="lusam")
    ComplaintFactory(company=other)
    _visit(client, other)
    services.vote_helpful(complaint=post, user=UserFactory())
    assert _visit(client, other)["X-Page-Cache"] == "hit"


@pytest.fixture
def clock():
    """The page cache's clock, moved by hand; the stamps a process holds start empty."""
    page_cache._recent.clear()
    now = [1000.0]
    with mock.patch.object(page_cache.time, "monotonic", lambda: now[0]):
        yield now
    page_cache._recent.clear()


@override_settings(PAGE_STAMP_SECONDS=1)
def test_anonymous_visits_reuse_the_generation_for_a_second_then_read_it_again(
    client, company, post, clock
):
    _visit(client, company)
    with CaptureQueriesContext(connection) as queries:
        assert _visit(client, company)["X-Page-Cache"] == "hit"
    assert len(queries) == 0

    _vote(company, post)
    clock[0] += 0.5
    assert _visit(client, company)["X-Page-Cache"] == "hit"  # the change, not yet seen
    clock[0] += 0.6
    after = _visit(client, company)
    assert after["X-Page-Cache"] == "miss"
    assert "1 person found this helpful" in after.content.decode()


@override_settings(PAGE_STAMP_SECONDS=1)
def test_a_signed_in_reader_sees_a_change_at_once_whatever_anonymous_copies_hold(
    client, company, post, clock
):
    _visit(client, company)
    _vote(company, post)
    client.force_login(UserFactory())
    assert "1 person found this helpful" in _visit(client, company).content.decode()


@override_settings(COMPANY_PAGE_CACHE=False)
def test_the_cache_can_be_switched_off(client, company, post):
    _visit(client, company)
    assert "X-Page-Cache" not in _visit(client, company)


def _read(client, post):
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response


def test_a_complaint_page_is_shared_too_and_follows_its_changes(client, company, post):
    assert _read(client, post)["X-Page-Cache"] == "miss"
    assert _read(client, post)["X-Page-Cache"] == "hit"
    discussion.post_comment(complaint=post, author=UserFactory(), body="Same here, no refund.")
    fresh = _read(client, post)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Same here, no refund." in fresh.content.decode()
    services.add_update(complaint=post, author=post.author, body="Still waiting today.")
    assert "Still waiting today." in _read(client, post).content.decode()
    # Each page of the discussion is a copy of its own; views are still counted.
    views = type(post).objects.get(pk=post.pk).views_count
    client.get(post.get_absolute_url(), REMOTE_ADDR="10.0.0.9")
    assert type(post).objects.get(pk=post.pk).views_count == views + 1


def test_a_held_complaint_is_never_stored(client, company, post):
    moderation.hide_post(moderator=UserFactory(is_staff=True), post=post, reason="Abusive")
    assert client.get(post.get_absolute_url()).status_code == 404
    assert "X-Page-Cache" not in client.get(post.get_absolute_url())
