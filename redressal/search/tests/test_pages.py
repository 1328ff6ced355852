"""The /search/ page and GET /api/v1/search."""

from __future__ import annotations

import pytest

from redressal.companies.tests.factories import CompanyFactory
from redressal.insights.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(post):
    post(title="Refund not received", body="My refund of the <b>phone</b> was never paid.")
    post(title="Screen flickers", body="The screen flickers after the update.")


def test_search_page_shows_highlighted_escaped_results(client, posts):
    response = client.get("/search/", {"q": "refund"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Refund not received" in html
    assert "Screen flickers" not in html
    assert "<mark>refund</mark>" in html
    assert "&lt;b&gt;phone&lt;/b&gt;" in html


def test_empty_query_is_a_friendly_page(client, posts):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "Type a few words" in response.content.decode()


def test_search_within_one_company(client, post, posts):
    other = CompanyFactory(name="Samsung India", slug="samsung-india")
    post(title="Refund from Samsung", body="The refund from Samsung is late.", company=other)
    html = client.get("/search/", {"q": "refund", "company": "samsung-india"}).content.decode()
    assert "Refund from Samsung" in html
    assert "Refund not received" not in html
    assert "Search every company" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "refund", "page": "abc"},
        {"q": "refund", "page": "-3"},
        {"q": "refund", "page": "99999999999999999999"},
        {"q": "refund", "page": "7"},
        {"q": "refund", "company": "no-such-company"},
        {"q": "refund", "company": "<script>"},
        {"q": "refund", "category": "nope"},
        {"q": "refund", "status": "bogus"},
        {"q": "refund", "from": "yesterday", "to": "2026-13-45"},
        {"q": "refund", "from": "2026-02-01", "to": "2026-01-01"},
        {"q": "refund", "sort": "random"},
        {"q": "x" * 5000},
        {"q": '"NEAR(refund*) OR -"'},
        {"q": "refund\x00"},
        {"q": "'; DROP TABLE complaints_complaint; --"},
    ],
)
def test_bad_parameters_never_fail(client, posts, params):
    response = client.get("/search/", params)
    assert response.status_code == 200


def test_page_past_the_end_links_back(client, posts):
    html = client.get("/search/", {"q": "refund", "page": "5"}).content.decode()
    assert "No more results" in html
    assert 'href="?q=refund"' in html


def test_header_has_a_search_box(client, posts):
    html = client.get("/search/", {"q": "refund"}).content.decode()
    assert 'action="/search/"' in html


def test_api_search_shape(client, posts):
    response = client.get("/api/v1/search", {"q": "refund"})
    assert response.status_code == 200
    data = response.json()
    assert data["page"] == 1 and data["per_page"] == 20 and data["has_next"] is False
    [item] = data["items"]
    assert item["title"] == "Refund not received"
    assert item["company"] == {"slug": "xiaomi-india", "name": "Xiaomi India"}
    assert item["url"].startswith("http://testserver/complaints/")
    assert "<mark>refund</mark>" in item["snippet_html"]
    assert "&lt;b&gt;" in item["snippet_html"]
    assert set(item) == {
        "id", "title", "url", "company", "category", "status", "kind", "created_at",
        "snippet_html",
    }  # fmt: skip


def test_api_filters(client, post, posts):
    category = Category.objects.create(name="Refund", slug="refund")
    post(title="Refund by category", body="Another refund story.", category=category)
    data = client.get("/api/v1/search", {"q": "refund", "category": "refund"}).json()
    assert [i["title"] for i in data["items"]] == ["Refund by category"]
    data = client.get("/api/v1/search", {"q": "refund", "sort": "newest"}).json()
    assert [i["title"] for i in data["items"]] == ["Refund by category", "Refund not received"]


def test_api_empty_query_gives_no_items(client, posts):
    assert client.get("/api/v1/search").json()["items"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "refund", "page": "abc"}, "page"),
        ({"q": "refund", "page": "0"}, "page"),
        ({"q": "refund", "status": "bogus"}, "status"),
        ({"q": "refund", "sort": "random"}, "sort"),
        ({"q": "refund", "from": "yesterday"}, "from"),
        ({"q": "refund", "company": "no-such-company"}, "company"),
        ({"q": "refund", "category": "nope"}, "category"),
        ({"q": "refund", "from": "2026-02-01", "to": "2026-01-01"}, "to"),
    ],
)
def test_api_bad_parameters_are_422_json(client, posts, params, field):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    assert field in body["errors"]


@pytest.mark.parametrize("q", ["x" * 5000, '"', "NEAR(a*)", "-", "a\x00b"])
def test_api_odd_queries_are_answered(client, posts, q):
    response = client.get("/api/v1/search", {"q": q})
    assert response.status_code in {200, 422}
    assert response["Content-Type"].startswith("application/json")


def test_api_page_past_the_end(client, posts):
    data = client.get("/api/v1/search", {"q": "refund", "page": "999999"}).json()
    assert data["items"] == [] and data["has_next"] is False


@pytest.mark.parametrize("path", ["/search/", "/api/v1/search"])
def test_broken_encoding_is_answered(client, posts, path):
    response = client.get(path + "?q=%ED%A0%80%FF&page=%00")
    assert response.status_code in {200, 400, 422}
