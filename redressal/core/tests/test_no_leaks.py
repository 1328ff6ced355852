"""No page, API answer or admin list shows personal details to anyone not allowed to see them.

Personal details are planted through the services into the demo site (titles, bodies,
products, private details, updates, comments, replies, official responses, captions, and
held, draft, hidden and deleted posts); then the site is crawled as a visitor and as an
unrelated member, following every link from the home page, and the API is walked.
"""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Company
from redressal.complaints import resolution
from redressal.complaints.models import Complaint
from redressal.core.demo import builder
from redressal.core.tests.planted import Secrets, leaks, plant
from redressal.discussion import services as discussion

pytestmark = pytest.mark.django_db

PAGES_MAX = 400
# Variants of one path (sort, filter, page) worth visiting; the rest repeat the same posts.
QUERY_VARIANTS_MAX = 3
HREF = re.compile(r"""(?:href|action)\s*=\s*["']([^"'#]*)""", re.IGNORECASE)
SKIP = re.compile(
    r"^/(static|media)/|^/accounts/logout/|^/admin/"
    r"|/(helpful|comments|updates|resolve|act|revoke)/$"
)
EXTRA = ["/sitemap.xml", "/robots.txt", "/feeds/", "/feed/", "/rss/", "/search/?q=refund"]


@pytest.fixture
def site():
    builder.build(scale=0.004)
    moderator = UserFactory(is_staff=True)
    claimed = Company.objects.filter(representatives__isnull=False).distinct().order_by("pk")
    unclaimed = Company.objects.filter(representatives__isnull=True).order_by("pk")
    companies = [claimed[0], claimed[1], unclaimed[0]]
    return plant(companies=companies, moderator=moderator)


def _same_site(base: str, href: str) -> str | None:
    url = urljoin(base, unescape(href).strip())
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if SKIP.search(parts.path) else path


def _check(response, url: str, secrets: list[Secrets], problems: list[str]) -> str:
    body = response.content.decode("utf-8", "replace")
    if response.status_code >= 500:
        problems.append(f"{url}: {response.status_code}")
    seen = leaks(body + response.headers.get("Location", ""), secrets)
    if seen:
        problems.append(f"{url} shows {seen}")
    return body


def crawl(client: Client, seeds: list[str], secrets: list[Secrets]) -> tuple[set, list[str]]:
    """Breadth first from the home page over every same-site link, up to PAGES_MAX pages."""
    queue = deque(["/", *seeds])
    seen, variants, problems = set(queue), {}, []
    visited = set()
    while queue and len(visited) < PAGES_MAX:
        url = queue.popleft()
        visited.add(url)
        response = client.get(url)
        body = _check(response, url, secrets, problems)
        hrefs = [response.headers["Location"]] if response.has_header("Location") else []
        if "html" in response.headers.get("Content-Type", ""):
            hrefs += HREF.findall(body)
        for href in hrefs:
            link = _same_site(url, href)
            if link is None or link in seen:
                continue
            path = link.split("?")[0]
            if "?" in link:
                variants[path] = variants.get(path, 0) + 1
                if variants[path] > QUERY_VARIANTS_MAX:
                    continue
            seen.add(link)
            queue.append(link)
    return visited, problems


def walk_api(client: Client, planted, secrets: list[Secrets]) -> list[str]:
    problems: list[str] = []

    def get(url: str) -> dict | None:
        response = client.get(url)
        _check(response, url, secrets, problems)
        if response.status_code == 200 and response["Content-Type"].startswith("application/json"):
            return response.json()
        return None

    slugs = []
    page, pages = 1, 1
    while page <= pages:
        listing = get(f"/api/v1/companies?page={page}")
        pages = listing["pages"]
        slugs += [c["slug"] for c in listing["items"]]
        page += 1
    assert {c.slug for c in planted.companies} <= set(slugs)
    for slug in slugs:
        get(f"/api/v1/companies/{slug}")
        get(f"/api/v1/companies/{slug}/complaints")
    for company in planted.companies:
        for sort in ("newest", "oldest", "helpful", "popular"):
            get(f"/api/v1/companies/{company.slug}/complaints?sort={sort}")
        for name in ("resolved", "photos"):
            get(f"/api/v1/companies/{company.slug}/complaints?filter={name}")
        get(f"/api/v1/companies/lookup?q={company.name[:4]}")
    for s in secrets[:3]:
        get(f"/api/v1/companies/lookup?q={s.phone}")
    for pk in Complaint.objects.values_list("pk", flat=True):
        get(f"/api/v1/complaints/{pk}")
        get(f"/api/v1/complaints/{pk}/comments")
    for url in ("/api/v1/me", "/api/v1/openapi.json", "/api/v1/docs"):
        get(url)
    return problems


def test_no_page_or_api_answer_shows_planted_personal_details(site):
    secrets = site.secrets
    # The details are really in the database, where those allowed can read them.
    assert all(c.original_body and c.private_details for c in site.published + site.unseen)
    seeds = [c.get_absolute_url() for c in site.published + site.unseen]
    seeds += [c.get_absolute_url() for c in site.companies]
    seeds += [reverse("accounts:profile", args=[a.username]) for a in site.authors]
    seeds += [f"/complaints/{c.pk}/" for c in site.unseen]
    seeds += [f"/complaints/{c.pk}/preview/" for c in site.unseen]
    seeds += EXTRA

    for member in (None, UserFactory()):
        client = Client()
        if member:
            client.force_login(member)
        visited, problems = crawl(client, seeds, secrets)
        problems += walk_api(client, site, secrets)
        assert not problems, "\n".join(problems)
        assert {c.get_absolute_url() for c in site.published} <= visited
        for complaint in site.unseen:
            assert client.get(complaint.get_absolute_url()).status_code == 404
        assert len(visited) > 100


def test_the_admin_lists_show_no_originals_or_private_details(site, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    problems = []
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        for query in ("", "?q=refund", "?all="):
            response = client.get(url + query)
            assert response.status_code == 200, url
            _check(response, url + query, site.secrets, problems)
    assert not problems, "\n".join(problems)


def test_resolution_notes_do_not_show_personal_details(client):
    from redressal.companies.tests.factories import RepresentativeFactory
    from redressal.complaints.tests.factories import ComplaintFactory

    complaint = ComplaintFactory()
    representative = RepresentativeFactory(company=complaint.company).user
    proposal, dispute, resolved = Secrets(101), Secrets(102), Secrets(103)
    discussion.post_official_response(
        complaint=complaint, representative=representative, body="We are looking into it."
    )
    resolution.propose_resolution(
        complaint=complaint, representative=representative, note=proposal.text("Refunded.")
    )
    resolution.dispute_resolution(
        complaint=complaint, author=complaint.author, reason=dispute.text("Not refunded.")
    )
    resolution.mark_resolved(
        complaint=complaint, author=complaint.author, note=resolved.text("Finally.")
    )
    secrets = [proposal, dispute, resolved]
    page = client.get(complaint.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/complaints/{complaint.pk}").content.decode()
    assert not leaks(page, secrets) and not leaks(api, secrets)
