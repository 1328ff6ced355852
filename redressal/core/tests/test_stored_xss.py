"""Script in anything a person types is shown as text, on every page, in JSON and in e-mails.

Payloads go through the same services the forms and the API use; then every page that shows
them is rendered for the people who see them. No page may carry the payload as live markup,
nor any `javascript:` link.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from redressal.accounts import services as accounts
from redressal.accounts.tests.factories import UserFactory
from redressal.companies import services as companies
from redressal.companies.tests.factories import CompanyFactory, RepresentativeFactory
from redressal.complaints import resolution, services
from redressal.core.errors import DomainError
from redressal.core.tests.planted import photo_file
from redressal.discussion import services as discussion
from redressal.moderation import services as moderation
from redressal.moderation.models import Report

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SVG = "'><svg onload=alert(1)>"
JS_URL = "javascript:alert(1)"
PAYLOAD = f"{SCRIPT} {IMG} {SVG} {JS_URL}"
LIVE = re.compile(
    r"<script>alert\(1\)|<img src=x onerror|<svg onload"
    r"|(?:href|src|action)\s*=\s*[\"']?\s*javascript:",
    re.IGNORECASE,
)


def _live(html: str) -> list[str]:
    return LIVE.findall(html)


@pytest.fixture
def stage(django_capture_on_commit_callbacks):
    """Payloads in every field a person fills, and the people who see them."""
    moderator = UserFactory(is_staff=True)
    company = CompanyFactory(name=f"Acme {SCRIPT}", aliases=[IMG, SCRIPT])
    rep = RepresentativeFactory(company=company).user
    author = UserFactory()
    reporter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        accounts.update_place(user=author, city=f"Pune {IMG}", state=f"MH {SCRIPT}")
        author.refresh_from_db()
        complaint = services.file_complaint(
            author=author,
            company=company,
            title=f"Broken {SCRIPT}",
            body=f"It broke. {PAYLOAD}\n\n{IMG}",
            product=f"Phone {IMG}",
            private_details=f"Private {PAYLOAD}",
        )
        services.add_update(complaint=complaint, author=author, body=f"Update {PAYLOAD}")
        services.attach_photo(
            complaint=complaint, author=author, image=photo_file(), caption=f"Bill {IMG}"
        )
        comment = discussion.post_comment(
            complaint=complaint, author=reporter, body=f"Same {PAYLOAD}"
        )
        reply = discussion.post_comment(
            complaint=complaint, author=author, body=f"Reply {PAYLOAD}", parent=comment
        )
        discussion.post_official_response(
            complaint=complaint, representative=rep, body=f"Sorry {PAYLOAD}"
        )
        resolution.propose_resolution(
            complaint=complaint, representative=rep, note=f"Refunded {PAYLOAD}"
        )
        draft = services.file_complaint(
            author=author, company=company, title=f"Draft {SVG}", body=PAYLOAD, draft=True
        )
        moderation.file_report(
            reporter=reporter, target=complaint, reason=Report.Reason.OTHER, details=PAYLOAD
        )
        moderation.file_report(
            reporter=author, target=comment, reason=Report.Reason.OTHER, details=PAYLOAD
        )
        hidden = services.file_complaint(
            author=author, company=company, title=f"Hidden {SCRIPT}", body=PAYLOAD
        )
        moderation.hide_post(moderator=moderator, post=hidden, reason=f"Because {PAYLOAD}")
        moderation.hide_post(moderator=moderator, post=comment, reason=f"Rude {PAYLOAD}")
        moderation.warn_user(moderator=moderator, user=reporter, reason=f"Warned {PAYLOAD}")
        proposed = companies.propose_company(
            name=f"Newco {SCRIPT}", website="https://newco.example/", proposed_by=author
        )
        companies.list_company(company=proposed, moderator=moderator, reason=f"Ok {PAYLOAD}")
        newcomer = accounts.sign_up(
            username="newcomer",
            email="newcomer@example.com",
            password="correct horse battery staple",
            city=f"Delhi {SCRIPT}",
            state=f"DL {IMG}",
        )
    return {
        "moderator": moderator,
        "rep": rep,
        "author": author,
        "reporter": reporter,
        "newcomer": newcomer,
        "company": company,
        "proposed": proposed,
        "complaint": complaint,
        "reply": reply,
        "draft": draft,
        "hidden": hidden,
    }


def test_pages_show_payloads_as_text_to_everyone(stage):
    complaint, company = stage["complaint"], stage["company"]
    public = [
        "/",
        "/companies/",
        company.get_absolute_url(),
        stage["proposed"].get_absolute_url(),
        complaint.get_absolute_url(),
        f"/accounts/{stage['author'].username}/",
        f"/accounts/{stage['newcomer'].username}/",
        f"/companies/lookup/?q={company.name[:4]}",
    ]
    members = [f"/reports/complaint/{complaint.pk}/", f"/reports/comment/{stage['reply'].pk}/"]
    moderator_only = [
        "/moderation/",
        "/moderation/log/",
        f"/moderation/users/{stage['author'].pk}/",
        f"/moderation/users/{stage['reporter'].pk}/",
        f"/moderation/complaints/{complaint.pk}/redaction/",
        stage["hidden"].get_absolute_url(),
    ]
    author_only = [
        f"/complaints/{stage['draft'].pk}/preview/",
        f"/complaints/{complaint.pk}/edit/",
        stage["draft"].get_absolute_url(),
        "/accounts/settings/",
    ]
    viewers = [
        (None, public),
        (stage["reporter"], public + members),
        (stage["author"], public + members + author_only),
        (stage["rep"], public + members),
        (stage["moderator"], public + members + moderator_only),
    ]
    problems = []
    rendered = 0
    for viewer, urls in viewers:
        client = Client()
        if viewer:
            client.force_login(viewer)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (viewer, url, response.status_code)
            html = response.content.decode()
            rendered += "alert(1)" in html
            if found := _live(html):
                problems.append(f"{viewer} {url}: {found}")
    assert not problems, "\n".join(problems)
    # The payloads are there, as text: the pages really showed what was typed.
    assert rendered > 20


def test_the_api_returns_payloads_as_json_data(stage):
    complaint, company = stage["complaint"], stage["company"]
    urls = [
        "/api/v1/companies",
        f"/api/v1/companies/{company.slug}",
        f"/api/v1/companies/{company.slug}/complaints",
        f"/api/v1/companies/lookup?q={company.name[:4]}",
        f"/api/v1/complaints/{complaint.pk}",
        f"/api/v1/complaints/{complaint.pk}/comments",
    ]
    client = Client()
    client.force_login(stage["author"])
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json"), url
        assert "text/html" not in response["Content-Type"]
    detail = client.get(f"/api/v1/complaints/{complaint.pk}").json()
    # Data as typed (JSON escapes nothing it need not); it is the client's to escape.
    assert "alert(1)" in detail["body"] and "alert(1)" in detail["updates"][0]["body"]


def test_emails_show_payloads_as_text(stage):
    assert len(mail.outbox) >= 3
    problems = []
    for message in mail.outbox:
        bodies = [message.subject, message.body]
        bodies += [content for content, mimetype in getattr(message, "alternatives", [])]
        for html in bodies[2:]:
            if found := _live(html):
                problems.append(f"{message.subject!r} (HTML): {found}")
        if "\n" in message.subject:
            problems.append(f"{message.subject!r}: a header with a line break")
    assert not problems, "\n".join(problems)
    assert any("alert(1)" in str(m.alternatives) for m in mail.outbox)


@pytest.mark.parametrize("username", [SCRIPT, IMG, "a<b>c", JS_URL, "x\"'y"])
def test_usernames_with_markup_are_refused(username):
    with pytest.raises(DomainError) as error:
        accounts.sign_up(
            username=username,
            email="someone@example.com",
            password="correct horse battery staple",
            city="Pune",
            state="MH",
        )
    assert error.value.field == "username"


@pytest.mark.parametrize(
    "website",
    [
        JS_URL,
        "javascript://example.com/%0Aalert(1)",
        f"https://x.example/{IMG}",
        "data:text/html,x",
    ],
)
def test_a_proposed_companys_website_must_be_a_web_address(website):
    with pytest.raises(DomainError) as error:
        companies.propose_company(name="Newco", website=website, proposed_by=UserFactory())
    assert error.value.field == "company_website"
