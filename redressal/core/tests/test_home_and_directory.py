from __future__ import annotations

import re

import pytest

from redressal.companies.models import Company
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.insights.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_home_shows_what_is_new_top_companies_and_categories(client):
    busy = CompanyFactory(name="Skyroute Airways", industry=Company.Industry.AIRLINES)
    quiet = CompanyFactory(name="PaySetu", industry=Company.Industry.BANKS_PAYMENTS)
    refunds = CategoryFactory(name="Refund", slug="refund")
    for n in range(3):
        ComplaintFactory(company=busy, title=f"Flight cancelled {n}", category=refunds)
    ComplaintFactory(company=quiet, title="UPI payment failed")

    html = client.get("/").content.decode()

    assert "Flight cancelled 2" in html and "UPI payment failed" in html
    top = html[html.index("Most complained about") :]
    assert top.index("Skyroute Airways") < top.index("PaySetu")
    assert "3 complaints" in top
    assert re.search(r"Refund <span class=\"muted\">3</span>", html)


def test_home_works_on_an_empty_site(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No complaints yet." in response.content.decode()


def test_directory_lists_companies_a_to_z_with_counters(client):
    CompanyFactory(name="Zenvo Mobiles")
    kart = CompanyFactory(name="KartNow", industry=Company.Industry.ECOMMERCE_DELIVERY)
    ComplaintFactory(company=kart)
    html = client.get("/companies/").content.decode()
    assert html.index("KartNow") < html.index("Zenvo Mobiles")
    assert re.search(r"KartNow</a>.*?<td>1</td>", html, re.S)


def test_directory_filters_by_letter_and_industry(client):
    CompanyFactory(name="Zenvo Mobiles")
    CompanyFactory(name="KartNow", industry=Company.Industry.ECOMMERCE_DELIVERY)
    CompanyFactory(name="Kosmos Bank", industry=Company.Industry.BANKS_PAYMENTS)
    CompanyFactory(name="99 Telecom", industry=Company.Industry.TELECOM)

    by_letter = client.get("/companies/?letter=K").content.decode()
    assert "KartNow" in by_letter and "Kosmos Bank" in by_letter and "Zenvo" not in by_letter
    by_industry = client.get("/companies/?industry=banks-payments").content.decode()
    assert "Kosmos Bank" in by_industry and "KartNow" not in by_industry
    assert "Banks and payments" in by_industry
    assert "99 Telecom" in client.get("/companies/?letter=0-9").content.decode()


def test_unlisted_companies_stay_out_of_the_directory(client):
    CompanyFactory(name="Pending Co", is_listed=False)
    assert "Pending Co" not in client.get("/companies/").content.decode()


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("?letter=%3Cscript%3E", "/companies/"),
        ("?industry=pirates", "/companies/"),
        ("?page=abc&letter=k", "/companies/?letter=K"),
        ("?page=50", "/companies/"),
    ],
)
def test_directory_bad_input_redirects_to_a_real_listing(client, query, location):
    CompanyFactory(name="KartNow")
    response = client.get(f"/companies/{query}")
    assert response.status_code == 302
    assert response["Location"] == location


def test_trivial_ok_view_answers(client):
    response = client.get("/-/ok")
    assert response.content == b"ok"
