"""The whole posting journey in a real browser, as two people would take it."""

from __future__ import annotations

import re

import pytest
from django.core import mail

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


def _open_verification_link(page, base: str, address: str) -> None:
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    # The e-mail names the site's public address; the test server listens elsewhere.
    path = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", message.body).group(1)
    page.goto(base + path)


def _counter(page, name: str) -> str:
    return page.locator(f"dt:text-is('{name}') + dd").inner_text()


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
    assert page.locator("#id_company").input_value() == "Zenvo Mobiles"
    page.locator("#id_title").fill("Refund not received for my Zenvo Note 8")
    page.locator("#id_body").fill("I returned the phone on 2 March. No refund yet.")
    page.locator("#id_photos").set_input_files(photos)
    page.get_by_label(re.compile("I agree to the Terms of Use")).check()
    page.get_by_role("button", name="Preview").click()
    assert "+2 photos" in page.content()
    page.get_by_label("Caption for photo 1").fill("The box")
    page.get_by_role("button", name="Publish").click()
    assert page.get_by_role("heading", name="Refund not received for my Zenvo Note 8").is_visible()
    complaint_url = page.url

    page.goto(f"{base}/companies/zenvo-mobiles/")
    assert page.get_by_text("+2 photos").is_visible()
    assert _counter(page, "Complaints") == "1"

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
    assert other.get_by_text("Be the first to find this helpful").is_visible()
    other.get_by_role("button", name="Found this helpful?").click()
    other.get_by_text("1 person found this helpful").wait_for()

    # The author posts an update and marks the complaint resolved; the counters follow.
    page.goto(complaint_url)
    page.get_by_label("Add an update").fill("The refund finally arrived.")
    page.get_by_role("button", name="Post update").click()
    assert page.locator("#updates").get_by_text("Updated by ravi_k").is_visible()
    page.get_by_role("button", name="Mark as resolved").click()
    assert page.get_by_text("Resolved — confirmed by ravi_k").first.is_visible()

    page.goto(f"{base}/companies/zenvo-mobiles/")
    assert (_counter(page, "Resolved"), _counter(page, "Unresolved")) == ("1", "0")
    assert page.get_by_text("1 person found this helpful").is_visible()
    assert page.get_by_text("2 Comments").is_visible()
    author.close()
    reader.close()
