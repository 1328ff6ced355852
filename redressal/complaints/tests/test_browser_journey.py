"""The whole posting journey in a real browser, as two people would take it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from redressal.companies.tests.factories import CompanyFactory
from redressal.tests_support import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_up(page, base: str, username: str, next_url: str = "") -> None:
    page.goto(f"{base}/accounts/signup/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Username").fill(username)
    page.get_by_label("E-mail address").fill(f"{username}@example.com")
    page.locator("input[name=password1]").fill("a long and unusual passphrase 42")
    page.locator("input[name=password2]").fill("a long and unusual passphrase 42")
    page.get_by_label("City").fill("Pune")
    page.get_by_label("State").fill("Maharashtra")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator(".messages")).to_contain_text(f"Welcome, {username}!")


def _open_verification_link(page, base: str, address: str) -> None:
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    # The e-mail names the site's public address; the test server listens elsewhere.
    path = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", message.body).group(1)
    page.goto(base + path)


def _counter(page, name: str):
    return page.locator(f"dt:text-is('{name}') + dd")


def test_file_comment_vote_update_and_resolve(browser, live_server, tmp_path):
    base = live_server.url
    CompanyFactory(name="Zenvo Mobiles", slug="zenvo-mobiles")
    photos = []
    for n, colour in enumerate(("teal", "orange")):
        path = tmp_path / f"photo{n}.png"
        path.write_bytes(png_bytes((320, 240), colour))
        photos.append(str(path))

    # A new person signs up, verifies their address and files a complaint with two photos.
    author = browser.new_context()
    page = author.new_page()
    _sign_up(page, base, "ravi_k")
    _open_verification_link(page, base, "ravi_k@example.com")
    page.goto(f"{base}/companies/zenvo-mobiles/")
    page.get_by_role("link", name=re.compile("Submit a complaint", re.I)).click()
    expect(page.locator("#id_company")).to_have_value("Zenvo Mobiles")
    page.locator("#id_title").fill("Refund not received for my Zenvo Note 8")
    page.locator("#id_body").fill("I returned the phone on 2 March. No refund yet.")
    page.locator("#id_photos").set_input_files(photos)
    page.get_by_label(re.compile("I agree to the Terms of Use")).check()
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("main")).to_contain_text("+2 photos")
    page.get_by_label("Caption for photo 1").fill("The box")
    page.get_by_role("button", name="Publish").click()
    expect(
        page.get_by_role("heading", name="Refund not received for my Zenvo Note 8")
    ).to_be_visible()
    complaint_url = page.url

    page.goto(f"{base}/companies/zenvo-mobiles/")
    expect(page.get_by_text("+2 photos")).to_be_visible()
    expect(_counter(page, "Complaints")).to_have_text("1")

    # A second person comments as a Positive Review, replies, and finds it helpful.
    reader = browser.new_context()
    other = reader.new_page()
    _sign_up(other, base, "sana_m")
    _open_verification_link(other, base, "sana_m@example.com")
    other.goto(complaint_url)
    other.get_by_label("Positive Review").check()
    other.get_by_label("Your comment").fill("Mine came back in a week, hang in there.")
    other.get_by_role("button", name="Submit").click()
    other.get_by_text("Mine came back in a week").wait_for()
    other.locator("details.reply-box summary").first.click()
    other.locator("details.reply-box textarea").first.fill("Update: it took nine days.")
    other.locator("details.reply-box").first.get_by_role("button", name="Reply").click()
    other.get_by_text("sana_m's reply").wait_for()
    expect(other.get_by_text("Be the first to find this helpful")).to_be_visible()
    other.get_by_role("button", name="Found this helpful?").click()
    other.get_by_text("1 person found this helpful").wait_for()

    # The author posts an update and marks the complaint resolved; the counters follow.
    page.goto(complaint_url)
    page.get_by_label("Add an update").fill("The refund finally arrived.")
    page.get_by_role("button", name="Post update").click()
    expect(page.locator("#updates").get_by_text("Updated by ravi_k")).to_be_visible()
    page.get_by_role("button", name="Mark as resolved").click()
    expect(page.get_by_text("Resolved — confirmed by ravi_k").first).to_be_visible()

    page.goto(f"{base}/companies/zenvo-mobiles/")
    expect(_counter(page, "Resolved")).to_have_text("1")
    expect(_counter(page, "Unresolved")).to_have_text("0")
    expect(page.get_by_text("1 person found this helpful")).to_be_visible()
    expect(page.get_by_text("2 Comments")).to_be_visible()
    author.close()
    reader.close()
