from __future__ import annotations

import pytest

from redressal.core.redirects import safe_next_url

GOOD = [
    "/",
    "/complaints/42/late-refund/?page=2#comment-3",
    "/search/?q=refund%20late",
    "companies/acme/",
    "http://testserver/companies/",
    "/companies/डाक-सेवा/",
]

EVIL = [
    None,
    "",
    "   ",
    "https://evil.com/",
    "http://evil.com/companies/",
    "//evil.com",
    "///evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "\\/evil.com",
    "http:\\\\evil.com",
    "https:evil.com",
    "http:///evil.com",
    "http://testserver@evil.com/",
    "http://evil.com@testserver/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/next\r\nSet-Cookie: session=stolen",
    "/next\nLocation: //evil.com",
    "\x08//evil.com",
    "/\x00",
    "ftp://testserver/file",
]


@pytest.mark.parametrize("candidate", GOOD)
def test_urls_on_this_site_are_kept(rf, candidate):
    assert safe_next_url(rf.get("/"), candidate) == candidate


@pytest.mark.parametrize("candidate", EVIL)
def test_urls_leaving_the_site_or_breaking_headers_fall_back(rf, candidate):
    assert safe_next_url(rf.get("/"), candidate, fallback="/home/") == "/home/"


def test_a_secure_request_only_goes_back_to_https(rf):
    request = rf.get("/", secure=True)
    assert safe_next_url(request, "http://testserver/companies/") == "/"
    assert (
        safe_next_url(request, "https://testserver/companies/") == "https://testserver/companies/"
    )
    assert safe_next_url(request, "/companies/") == "/companies/"


def test_surrounding_spaces_are_trimmed(rf):
    assert safe_next_url(rf.get("/"), "  /companies/\t") == "/companies/"
