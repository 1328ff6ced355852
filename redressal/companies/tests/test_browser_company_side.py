"""The company's side in a real browser: claim, answer, propose; the author says no, then yes."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Company, Representative
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.models import Complaint
from redressal.complaints.tests.factories import ComplaintFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _log_in(context, base: str, username: str):
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def _link_in_last_mail(to: str, pattern: str) -> str:
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    # The e-mail names the site's public address; the test server listens elsewhere.
    return re.search(r"https?://[^/\s]+(" + pattern + r")", message.body).group(1)


def _run_worker_days_later(days: int) -> None:
    """What the task worker does once `days` have passed."""
    moved = timezone.now() + timedelta(days=days)
    with mock.patch("django.utils.timezone.now", lambda: moved):
        call_command("db_worker", batch=True, reload=False, startup_delay=False)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_claim_answer_propose_then_the_author_says_no_and_later_yes(browser, live_server):
    base = live_server.url
    company = CompanyFactory(name="Zenvo Mobiles", slug="zenvo", website="https://zenvo.in")
    author = UserFactory(username="ravi_k", email="ravi@example.com")
    complaint = ComplaintFactory(
        company=company, author=author, title="Refund not received for my Zenvo Note 8"
    )
    UserFactory(username="meera_zenvo", email="meera@gmail.example")
    _run_worker_days_later(0)  # e-mails about the new complaint

    # Meera claims Zenvo through a link sent to her address at zenvo.in.
    rep = browser.new_context()
    page = _log_in(rep, base, "meera_zenvo")
    page.goto(f"{base}/business/claim/zenvo/")
    page.locator("#id_email").fill("meera@care.zenvo.in")
    page.get_by_label("Job title").fill("Customer care lead")
    page.get_by_role("button", name="Ask to represent Zenvo Mobiles").click()
    expect(page.locator(".messages")).to_contain_text("We sent a link to meera@care.zenvo.in")
    _run_worker_days_later(0)
    page.goto(base + _link_in_last_mail("meera@care.zenvo.in", r"/business/claim/verify/\S+/"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messages")).to_contain_text(
        "You now represent Zenvo Mobiles as its owner."
    )
    assert Representative.objects.get(company=company).role == Representative.Role.OWNER
    page.goto(f"{base}/companies/zenvo/")
    expect(page.locator("main")).to_contain_text("Claimed")

    # From the inbox to the complaint: an official answer, then a proposed resolution.
    page.goto(f"{base}/business/zenvo/")
    expect(page.locator("main")).to_contain_text("15 days left to answer")
    page.get_by_role("link", name=complaint.title).click()
    page.get_by_label("Official response (public)").fill("We have asked the warehouse.")
    page.get_by_role("button", name="Post official response").click()
    expect(page.locator(".messages")).to_contain_text("Your official response is posted.")
    expect(page.locator("main")).to_contain_text("We have asked the warehouse.")
    page.get_by_label(re.compile("Propose a resolution")).fill("Refund sent on Monday.")
    page.get_by_role("button", name="Propose resolution").click()
    expect(page.locator(".messages")).to_contain_text("Resolution proposed. It counts once")
    assert Complaint.objects.get(pk=complaint.pk).status == "resolution_proposed"

    # Two weeks on, the author is asked; they open the "No" link without logging in.
    _run_worker_days_later(0)
    _run_worker_days_later(15)
    _run_worker_days_later(15)  # the e-mail the follow-up task enqueued
    no_link = re.search(
        r"No, not yet:\s+https?://[^/\s]+(\S+)",
        next(m for m in reversed(mail.outbox) if m.to == [author.email]).body,
    ).group(1)
    visitor_context = browser.new_context()
    visitor = visitor_context.new_page()
    visitor.goto(base + no_link)
    visitor.get_by_label(re.compile("What is still wrong")).fill("No money in my account.")
    visitor.get_by_role("button", name="Send: not resolved yet").click()
    expect(visitor.get_by_role("heading", name="Thank you for your answer")).to_be_visible()
    assert Complaint.objects.get(pk=complaint.pk).status == "answered"
    assert Company.objects.get(pk=company.pk).resolved_count == 0

    # The company proposes again; this time the author confirms on the complaint page.
    page.reload()
    page.get_by_label(re.compile("Propose a resolution")).fill("Refund re-sent by NEFT.")
    page.get_by_role("button", name="Propose resolution").click()
    expect(page.locator(".messages")).to_contain_text("Resolution proposed. It counts once")
    author_context = browser.new_context()
    mine = _log_in(author_context, base, "ravi_k")
    mine.goto(base + complaint.get_absolute_url())
    mine.get_by_role("button", name="Yes, it is resolved").click()
    expect(mine.locator(".messages")).to_contain_text(
        "Thank you: your complaint shows as resolved."
    )
    expect(mine.locator("main")).to_contain_text("Resolved — confirmed by ravi_k")
    timeline = mine.locator("#status ol").inner_text()
    for step in ("Answered", "Resolution proposed", "No money in my account.", "Resolved"):
        assert step in timeline
    mine.goto(f"{base}/companies/zenvo/")
    expect(mine.locator("dt:text-is('Resolved') + dd")).to_have_text("1")
    for context in (rep, visitor_context, author_context):
        context.close()
