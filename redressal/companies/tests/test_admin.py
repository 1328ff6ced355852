from __future__ import annotations

import pytest

from redressal.accounts.tests.factories import UserFactory
from redressal.companies import services as company_services
from redressal.complaints import services as complaint_services
from redressal.complaints.models import Visibility
from redressal.complaints.tests.admin_data import (
    assert_list_page_queries_do_not_grow,
    change_url,
    changelist_url,
    make_admin_data,
)
from redressal.moderation.models import ModerationAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(admin_user):
    return make_admin_data(admin_user)


@pytest.mark.parametrize("name", ["companies_company", "companies_representative"])
def test_moderator_opens_the_list_and_the_change_page(admin_client, data, name):
    obj = data.objects()[name]
    assert admin_client.get(changelist_url(name)).status_code == 200
    assert admin_client.get(change_url(name, obj)).status_code == 200


@pytest.mark.parametrize("name", ["companies_company", "companies_representative"])
def test_list_pages_make_no_query_per_row(admin_client, data, name):
    assert_list_page_queries_do_not_grow(admin_client, name, data.moderator)


def test_company_page_lists_its_representatives(admin_client, data):
    page = admin_client.get(change_url("companies_company", data.company)).content.decode()
    assert "Customer care lead" in page


def test_companies_and_representatives_are_found_by_name(admin_client, data):
    response = admin_client.get(changelist_url("companies_company"), {"q": data.company.name})
    assert list(response.context["cl"].result_list) == [data.company]
    response = admin_client.get(
        changelist_url("companies_representative"), {"q": data.representative.user.username}
    )
    assert list(response.context["cl"].result_list) == [data.representative]


def test_company_list_links_to_its_posts(admin_client, data):
    listing = admin_client.get(changelist_url("companies_company")).content.decode()
    link = f"{changelist_url('complaints_complaint')}?company__id__exact={data.company.pk}"
    assert link in listing
    posts = admin_client.get(link)
    assert set(posts.context["cl"].result_list) == {data.complaint, data.review}


def test_company_counters_are_read_only(admin_client, data):
    company = data.company
    response = admin_client.post(
        change_url("companies_company", company),
        {
            "name": "Acme Renamed",
            "slug": company.slug,
            "aliases": "[]",
            "industry": company.industry,
            "complaints_count": 500,
            "rating_sum": 1,
            "is_listed": "on",
            "representatives-TOTAL_FORMS": 0,
            "representatives-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    company.refresh_from_db()
    assert company.name == "Acme Renamed"
    assert (company.complaints_count, company.reviews_count, company.resolved_count) == (1, 1, 1)
    assert (company.rating_sum, company.rating_count) == (5, 1)


def test_listing_a_proposed_company_publishes_the_posts_that_waited(admin_client):
    author = UserFactory()
    proposed = company_services.propose_company(name="Brand New Telecom", proposed_by=author)
    post = complaint_services.file_complaint(
        author=author, company=proposed, title="No signal", body="Since Monday."
    )
    assert post.visibility == Visibility.HELD

    response = admin_client.post(
        "/admin/companies/company/",
        {"action": "list_proposed_companies", "_selected_action": [proposed.pk]},
    )

    assert response.status_code == 302
    post.refresh_from_db()
    proposed.refresh_from_db()
    assert proposed.is_listed and post.visibility == Visibility.PUBLISHED
    assert proposed.complaints_count == 1
    assert ModerationAction.objects.get().action == "list_company"


@pytest.mark.django_db
def test_renaming_a_company_in_the_admin_makes_it_findable_by_its_new_name(
    rf, django_capture_on_commit_callbacks
):
    from types import SimpleNamespace

    from django.contrib.admin.sites import site

    from redressal.companies.models import Company
    from redressal.companies.tests.factories import CompanyFactory
    from redressal.search.companies import lookup

    company = CompanyFactory(name="Old Name Traders", slug="old-name-traders")
    company.name, company.aliases = "Quokka Appliances", ["Quokka"]
    form = SimpleNamespace(changed_data=["name", "aliases"])
    with django_capture_on_commit_callbacks(execute=True):
        site._registry[Company].save_model(rf.post("/"), company, form, change=True)
    assert lookup("quoka") == [company]
