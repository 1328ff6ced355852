"""Company look-up that forgives typos and knows aliases, on both databases."""

from __future__ import annotations

import pytest

from redressal.companies.tests.factories import CompanyFactory
from redressal.search.companies import lookup
from redressal.search.index import index_company, reindex_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies(db):
    made = [
        CompanyFactory(
            name="Xiaomi India",
            slug="xiaomi-india",
            aliases=["Mi India", "Redmi", "MI"],
            complaints_count=0,
        ),
        CompanyFactory(name="Samsung India", slug="samsung-india", aliases=["Samsung"]),
        CompanyFactory(name="Flipkart", slug="flipkart", aliases=["Flipkart Internet"]),
        CompanyFactory(name="HDFC Bank", slug="hdfc-bank", aliases=["HDFC"]),
        CompanyFactory(name="Bharti Airtel", slug="airtel", aliases=["Airtel"]),
        CompanyFactory(name="Unlisted Mobiles", slug="unlisted-mobiles", is_listed=False),
    ]
    reindex_all()
    return made


def names(text, **kwargs):
    return [c.name for c in lookup(text, **kwargs)]


@pytest.mark.parametrize(
    "text",
    ["xiaomi", "Xiaomi India", "xiomi", "xaomi", "xiaomi indai", "mi india", "redmi", "REDMI"],
)
def test_typos_and_aliases_find_xiaomi(companies, text):
    assert names(text)[0] == "Xiaomi India"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("samsng", "Samsung India"), ("flipkrt", "Flipkart"), ("airtle", "Bharti Airtel")],
)
def test_misspelt_names(companies, text, expected):
    assert names(text)[0] == expected


@pytest.mark.parametrize("text", ["Mi-India!", "  mi   india ", "(redmi)", "x.i.a.o.m.i india"])
def test_punctuation_is_ignored(companies, text):
    assert names(text)[0] == "Xiaomi India"


def test_short_input_matches_starts_of_names_and_aliases(companies):
    assert names("hd") == ["HDFC Bank"]
    assert "Xiaomi India" in names("mi")
    assert names("fl") == ["Flipkart"]
    assert names("f") == []


def test_nothing_to_look_for(companies):
    assert names("") == []
    assert names("   ") == []
    assert names("!!!") == []
    assert names("zzzzqqq") == []


def test_unlisted_companies_are_not_suggested(companies):
    assert "Unlisted Mobiles" not in names("unlisted mobiles")


def test_limit(companies):
    assert len(lookup("india", limit=1)) == 1


@pytest.mark.parametrize(
    "text", ['"', "*", "NEAR(a b)", "a OR b", "'; DROP TABLE x; --", "x" * 5000, "\x00abc", "%_%"]
)
def test_bad_input_never_fails(companies, text):
    assert isinstance(lookup(text), list)


def test_new_names_are_found_once_indexed(companies):
    company = companies[2]
    company.aliases = ["Myntra Group"]
    company.save()
    index_company(company.pk)
    assert names("myntra") == ["Flipkart"]


def test_companies_not_indexed_yet_are_found_by_name(companies):
    CompanyFactory(name="Zenvo Mobiles", slug="zenvo", aliases=["ZM India"])
    assert names("zenvo") == ["Zenvo Mobiles"]
    assert names("ZM ind")[0] == "Zenvo Mobiles"
    assert names("zen") == ["Zenvo Mobiles"]
