from __future__ import annotations

import pytest

from redressal.api.tests.conftest import ApiClient, assert_error
from redressal.companies import selectors
from redressal.companies.models import Company
from redressal.companies.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_companies_are_listed_a_to_z_without_unlisted_ones():
    CompanyFactory(name="Zenvo", slug="zenvo")
    CompanyFactory(name="Airtel", slug="airtel")
    CompanyFactory(name="Hidden Co", slug="hidden", is_listed=False)
    body = ApiClient().get("/companies").json()
    assert [c["slug"] for c in body["items"]] == ["airtel", "zenvo"]
    assert body["total"] == 2 and body["pages"] == 1 and body["page"] == 1
    assert body["items"][0]["url"].endswith("/companies/airtel/")


def test_companies_can_be_filtered_by_industry():
    CompanyFactory(name="Airtel", slug="airtel", industry=Company.Industry.TELECOM)
    CompanyFactory(name="Zenvo", slug="zenvo")
    body = ApiClient().get("/companies", industry="telecom").json()
    assert [c["slug"] for c in body["items"]] == ["airtel"]
    assert_error(ApiClient().get("/companies", industry="bakeries"), 422, "industry")


def test_a_page_past_the_last_is_empty_with_the_real_total():
    CompanyFactory.create_batch(3)
    for page in (2, 10**30):
        body = ApiClient().get("/companies", page=page).json()
        assert body["items"] == [] and body["total"] == 3 and body["pages"] == 1
    assert_error(ApiClient().get("/companies", page=0), 422, "page")


def test_one_company_with_its_counters():
    CompanyFactory(name="Zenvo", slug="zenvo", aliases=["Zenvo Mobiles"])
    body = ApiClient().get("/companies/zenvo").json()
    assert body["name"] == "Zenvo"
    assert body["aliases"] == ["Zenvo Mobiles"]
    assert body["complaints_count"] == 0 and body["rating"] is None
    assert body["industry_label"] == "Phones and electronics"


def test_unknown_companies_are_404():
    assert_error(ApiClient().get("/companies/nobody"), 404)
    assert_error(ApiClient().get("/companies/%00bad"), 404)
    assert_error(ApiClient().get("/companies/nobody/complaints"), 404)


def test_lookup_finds_names_and_aliases_like_the_type_ahead():
    CompanyFactory(name="Zenvo Mobiles", slug="zenvo", aliases=["ZM India"])
    CompanyFactory(name="Airtel", slug="airtel")
    CompanyFactory(name="Zenith Hidden", slug="zenith", is_listed=False)
    for text in ("zen", "ZM ind"):
        body = ApiClient().get("/companies/lookup", q=text).json()
        assert [c["slug"] for c in body["items"]] == [
            c.slug for c in selectors.lookup_companies(text)
        ]
        assert [c["slug"] for c in body["items"]] == ["zenvo"]
    assert ApiClient().get("/companies/lookup", q="z").json() == {"items": []}
    assert_error(ApiClient().get("/companies/lookup", q="a\x00b"), 422, "q")
