from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Company
from redressal.companies.tests.factories import CompanyFactory, RepresentativeFactory
from redressal.complaints import services
from redressal.complaints.models import Complaint
from redressal.complaints.tests.factories import ComplaintFactory, ReviewFactory
from redressal.discussion.tests.factories import CommentFactory
from redressal.tests_support import committed, png_bytes

pytestmark = pytest.mark.django_db


def _page(client, company, query=""):
    return client.get(f"/companies/{company.slug}/{query}")


def _titles(response) -> list[str]:
    return re.findall(
        r'id="post-\d+-title">\s*<a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def _age(complaint: Complaint, days: int) -> Complaint:
    Complaint.objects.filter(pk=complaint.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return complaint


@pytest.fixture
def company():
    return CompanyFactory(name="Zenvo Mobiles", slug="zenvo-mobiles")


def test_header_shows_name_counters_contacts_and_call_to_action(client, company):
    done = ComplaintFactory(company=company)
    services.mark_resolved(complaint=done, author=done.author)
    ComplaintFactory(company=company)
    ReviewFactory(company=company, rating=4)
    ReviewFactory(company=company, rating=5)
    RepresentativeFactory(company=company)
    Company.objects.filter(pk=company.pk).update(claimed_at=timezone.now())

    html = _page(client, company).content.decode()

    assert "Zenvo Mobiles" in html
    assert "✓ Claimed" in html
    assert "4.5" in html and "2 ratings" in html
    assert "Updated:" in html
    assert re.search(r"<dt>Complaints</dt><dd>2</dd>", html)
    assert re.search(r"<dt>Resolved</dt><dd>1</dd>", html)
    assert re.search(r"<dt>Unresolved</dt><dd>1</dd>", html)
    assert "Contacts" in html and "1800 123 4567" in html
    assert "File a complaint to Zenvo Mobiles" in html
    assert "/complaints/new/?company=zenvo-mobiles" in html


def test_unclaimed_company_has_no_badge(client, company):
    assert "✓ Claimed" not in _page(client, company).content.decode()


def test_each_post_shows_byline_text_photos_updates_and_actions(client, company):
    author = UserFactory(username="ravi_k", city="Pune", state="Maharashtra")
    post = ComplaintFactory(
        company=company,
        author=author,
        title="Refund not received",
        body="Call me on [protected] about order [protected]. This is [censored] service.",
    )
    with committed():
        for n in range(3):
            services.attach_photo(
                complaint=post,
                author=author,
                image=SimpleUploadedFile(f"p{n}.png", png_bytes(), content_type="image/png"),
                caption=f"Box {n}",
            )
    services.add_update(complaint=post, author=author, body="Still waiting after 10 days.")
    services.vote_helpful(complaint=post, user=UserFactory())
    CommentFactory(complaint=post)
    CommentFactory(complaint=post)
    services.mark_resolved(complaint=post, author=author)

    html = _page(client, company).content.decode()

    assert '<span class="avatar" aria-hidden="true"' in html and ">R</span>" in html
    assert "ravi_k" in html and "from Pune, Maharashtra" in html
    assert html.count('class="hidden-span protected"') == 2
    assert 'class="hidden-span censored"' in html
    assert "+3 photos" in html
    assert "Updated by ravi_k" in html and "Still waiting after 10 days." in html
    assert "Resolved — confirmed by ravi_k" in html
    assert "1 person found this helpful" in html
    assert "2 Comments" in html
    assert f'href="/reports/complaint/{post.pk}/" rel="nofollow">Report' in html
    # The copied address is the link's own, made whole by the browser for the page's host.
    assert f'href="/complaints/{post.pk}/" data-copy>Copy link' in html


def test_helpful_count_is_phrased_as_people_read_it(client, company):
    post = ComplaintFactory(company=company)
    assert "Be the first to find this helpful" in _page(client, company).content.decode()
    for _ in range(3):
        services.vote_helpful(complaint=post, user=UserFactory())
    assert "3 people found this helpful" in _page(client, company).content.decode()


def test_text_a_visitor_typed_is_shown_not_executed(client, company):
    ComplaintFactory(
        company=company,
        title="<script>alert(1)</script>",
        body='<img src=x onerror="alert(2)"> [protected]',
    )
    html = _page(client, company).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_sorts_order_posts(client, company):
    old = _age(ComplaintFactory(company=company, title="Old one"), 30)
    new = _age(ComplaintFactory(company=company, title="New one"), 1)
    mid = _age(ComplaintFactory(company=company, title="Middle one"), 10)
    for _ in range(2):
        services.vote_helpful(complaint=mid, user=UserFactory())
    services.vote_helpful(complaint=old, user=UserFactory())
    Complaint.objects.filter(pk=old.pk).update(views_count=50)
    Complaint.objects.filter(pk=new.pk).update(views_count=5)

    assert _titles(_page(client, company)) == ["New one", "Middle one", "Old one"]
    assert _titles(_page(client, company, "?sort=oldest")) == ["Old one", "Middle one", "New one"]
    assert _titles(_page(client, company, "?sort=helpful")) == ["Middle one", "Old one", "New one"]
    assert _titles(_page(client, company, "?sort=popular")) == ["Old one", "New one", "Middle one"]


def test_filters_keep_only_resolved_or_photo_posts(client, company):
    solved = ComplaintFactory(company=company, title="Solved")
    services.mark_resolved(complaint=solved, author=solved.author)
    pictured = ComplaintFactory(company=company, title="Pictured")
    with committed():
        services.attach_photo(
            complaint=pictured,
            author=pictured.author,
            image=SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
        )
    ComplaintFactory(company=company, title="Plain")

    assert _titles(_page(client, company, "?filter=resolved")) == ["Solved"]
    assert _titles(_page(client, company, "?filter=photos")) == ["Pictured"]
    assert set(_titles(_page(client, company))) == {"Solved", "Pictured", "Plain"}


def test_menu_offers_the_six_choices_and_marks_the_current_one(client, company):
    html = _page(client, company, "?sort=helpful").content.decode()
    for label in (
        "Newest",
        "Most Helpful",
        "Most Popular",
        "Resolved",
        "Contains Photos",
        "Oldest",
    ):
        assert f">{label}" in html
    assert re.search(r'href="[^"]*\?sort=helpful" aria-current="true">Most Helpful', html)


@pytest.fixture
def crowded_company(company, settings):
    settings.COMPLAINTS_PER_PAGE = 3
    author = UserFactory()
    for n in range(10):
        _age(ComplaintFactory(company=company, author=author, title=f"Post {n:02}"), 100 - n)
    return company


def test_pages_split_the_list_with_stable_numbered_urls(client, crowded_company):
    pages = [_titles(_page(client, crowded_company, f"?page={n}")) for n in (1, 2, 3, 4)]
    assert pages[0] == ["Post 09", "Post 08", "Post 07"]
    assert pages[3] == ["Post 00"]
    seen = [title for page in pages for title in page]
    assert sorted(seen) == [f"Post {n:02}" for n in range(10)]
    html = _page(client, crowded_company, "?page=2").content.decode()
    assert 'aria-current="page" href="?page=2"' in html
    assert re.search(r'rel="next" href="\?page=3&amp;after=\d+"', html)


def test_every_page_of_every_sort_and_filter_lists_each_post_once(client, crowded_company):
    first = Complaint.objects.filter(company=crowded_company).order_by("pk")
    for post in first[:4]:
        services.mark_resolved(complaint=post, author=post.author)
    expected = {"": 10, "filter=resolved": 4}
    for sort in ("newest", "oldest", "helpful", "popular"):
        for filter_, total in expected.items():
            titles = []
            for number in range(1, 5):
                query = "&".join(p for p in (f"sort={sort}", filter_, f"page={number}") if p)
                response = _page(client, crowded_company, f"?{query}")
                if response.status_code == 302:
                    break
                titles += _titles(response)
            assert len(titles) == len(set(titles)) == total, (sort, filter_)


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("?page=abc", "/companies/zenvo-mobiles/"),
        ("?page=-3", "/companies/zenvo-mobiles/"),
        ("?page=0", "/companies/zenvo-mobiles/"),
        ("?page=999999", "/companies/zenvo-mobiles/?page=4"),
        ("?page=99999999999999999999", "/companies/zenvo-mobiles/"),
        ("?sort=loudest", "/companies/zenvo-mobiles/"),
        ("?sort=helpful&filter=spicy&page=2", "/companies/zenvo-mobiles/?sort=helpful"),
        ("?filter=photos&page=9", "/companies/zenvo-mobiles/?filter=photos"),
    ],
)
def test_bad_page_sort_or_filter_redirects_to_the_page_meant(
    client, crowded_company, query, location
):
    response = _page(client, crowded_company, query)
    assert response.status_code == 302
    assert response["Location"] == location


def test_default_sort_named_in_the_url_shows_the_default_list(client, crowded_company):
    assert _titles(_page(client, crowded_company, "?sort=newest")) == _titles(
        _page(client, crowded_company)
    )


def test_filter_with_no_posts_shows_an_empty_first_page(client, company):
    ComplaintFactory(company=company)
    response = _page(client, company, "?filter=photos")
    assert response.status_code == 200
    assert "Nothing here yet." in response.content.decode()


def test_unknown_company_is_a_404(client):
    assert client.get("/companies/no-such-company/").status_code == 404


def test_deleted_posts_leave_the_page_and_the_counters(client, company):
    gone = ComplaintFactory(company=company, title="Gone")
    ComplaintFactory(company=company, title="Stays")
    services.delete_complaint(complaint=gone, author=gone.author)
    response = _page(client, company)
    assert _titles(response) == ["Stays"]
    assert re.search(r"<dt>Complaints</dt><dd>1</dd>", response.content.decode())


def _queries_for(client, url, *, stored: bool = False) -> list[str]:
    """The queries a page runs; unless `stored`, with no card or company part stored yet."""
    if not stored:
        caches["cards"].clear()
        caches["parts"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_company_page_runs_a_constant_number_of_queries_and_never_counts_rows(client, company):
    def grow(n):
        for _ in range(n):
            post = ComplaintFactory(company=company)
            with committed():
                services.attach_photo(
                    complaint=post,
                    author=post.author,
                    image=SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
                )
            services.add_update(complaint=post, author=post.author, body="More news.")
            CommentFactory(complaint=post)

    first, deep = f"/companies/{company.slug}/", f"/companies/{company.slug}/?sort=helpful&page=2"
    grow(22)
    small = [_queries_for(client, first), _queries_for(client, deep)]
    grow(25)
    large = [_queries_for(client, first), _queries_for(client, deep)]
    assert [len(q) for q in small] == [len(q) for q in large]
    # The first page reads the company's stored numbers with the company itself.
    assert len(large[1]) == len(large[0])
    assert not [sql for queries in large for sql in queries if "COUNT(" in sql.upper()]
    # Once its cards and the company's parts are stored, a page reads the company's stamp
    # and its list, nothing more.
    for url in (first, deep):
        client.get(url)
        assert len(_queries_for(client, url, stored=True)) == 2


def test_company_page_query_count_stays_constant_for_a_signed_in_reader(client, company):
    client.force_login(UserFactory())
    ComplaintFactory(company=company)
    small = _queries_for(client, f"/companies/{company.slug}/")
    for _ in range(10):
        services.vote_helpful(complaint=ComplaintFactory(company=company), user=UserFactory())
    assert len(_queries_for(client, f"/companies/{company.slug}/")) == len(small)


def _next_link(html: str, attribute: str = "href") -> str | None:
    found = re.search(rf'{attribute}="(\?[^"]*page=\d+&amp;after=\d+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_load_more_links_to_the_next_page_and_htmx_gets_only_its_posts(client, crowded_company):
    html = _page(client, crowded_company).content.decode()
    assert "Load more" in html
    more = _next_link(html, "hx-get")
    assert more.startswith("?page=2&after=")
    assert _next_link(html) == more
    response = client.get(f"/companies/{crowded_company.slug}/{more}", HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert "<html" not in fragment and "Zenvo Mobiles Complaints" not in fragment
    assert _titles(response) == ["Post 06", "Post 05", "Post 04"]
    assert _next_link(fragment, "hx-get").startswith("?page=3&after=")
    last = client.get(f"/companies/{crowded_company.slug}/?page=4", HTTP_HX_REQUEST="true")
    assert "Load more" not in last.content.decode()


def _follow_next(client, company, query: str, between=None) -> list[str]:
    """Every title met by following "Next" from the first page; `between` runs after each."""
    url = f"/companies/{company.slug}/{query}"
    titles = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        titles += _titles(response)
        if between:
            between()
        link = _next_link(response.content.decode())
        url = f"/companies/{company.slug}/{link}" if link else None
    return titles


def test_following_next_meets_each_post_once_while_posts_keep_coming(client, crowded_company):
    for post in Complaint.objects.filter(company=crowded_company).order_by("pk")[:5]:
        services.mark_resolved(complaint=post, author=post.author)
    services.vote_helpful(complaint=Complaint.objects.get(title="Post 03"), user=UserFactory())
    listed = Complaint.objects.filter(company=crowded_company)
    resolved = listed.filter(status=Complaint.Status.RESOLVED)
    before = {
        (sort, filter_): list((resolved if filter_ else listed).values_list("title", flat=True))
        for sort in ("newest", "oldest", "helpful", "popular")
        for filter_ in ("", "resolved")
    }
    assert len(before["newest", ""]) == 10 and len(before["newest", "resolved"]) == 5
    added = iter(range(1000))

    def a_new_post_arrives():
        post = ComplaintFactory(company=crowded_company, title=f"New {next(added):03}")
        services.mark_resolved(complaint=post, author=post.author)

    for (sort, filter_), everything in before.items():
        query = "?" + "&".join(
            p for p in (f"sort={sort}", f"filter={filter_}" if filter_ else "") if p
        )
        met = _follow_next(client, crowded_company, query, between=a_new_post_arrives)
        assert len(met) == len(set(met)), (sort, filter_)
        # Everything listed when the reader started is met; posts filed meanwhile may be too.
        assert set(everything) <= set(met), (sort, filter_)
        assert {t for t in met if not t.startswith("New")} == set(everything)


@pytest.mark.parametrize("after", ["abc", "0", "-5", "99999999999"])
def test_a_malformed_or_lost_anchor_goes_to_the_numbered_page(client, crowded_company, after):
    response = _page(client, crowded_company, f"?sort=helpful&page=2&after={after}")
    assert response.status_code == 302
    assert response["Location"] == f"/companies/{crowded_company.slug}/?sort=helpful&page=2"


def test_an_anchor_on_the_first_page_is_dropped(client, crowded_company):
    response = _page(client, crowded_company, "?page=1&after=3")
    assert response.status_code == 302
    assert response["Location"] == f"/companies/{crowded_company.slug}/"


def test_a_page_read_by_keyset_costs_the_same_however_deep(client, crowded_company):
    first = _page(client, crowded_company).content.decode()
    second_url = f"/companies/{crowded_company.slug}/{_next_link(first)}"
    second = _queries_for(client, second_url)
    third_link = _next_link(client.get(second_url).content.decode())
    third = _queries_for(client, f"/companies/{crowded_company.slug}/{third_link}")
    assert len(second) == len(third)
    assert not [sql for sql in second + third if "COUNT(" in sql.upper()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "website", "field"),
    [
        ("Acme Call 98200 12345", "", "company"),
        ("Acme Retail", "javascript:alert(1)", "company_website"),
        ("Acme Retail", "ftp://acme.example.com", "company_website"),
    ],
)
def test_a_proposed_company_refuses_personal_data_and_odd_websites(name, website, field):
    from redressal.accounts.tests.factories import UserFactory
    from redressal.companies.services import propose_company
    from redressal.core.errors import DomainError

    with pytest.raises(DomainError) as error:
        propose_company(name=name, website=website, proposed_by=UserFactory())
    assert error.value.field == field
