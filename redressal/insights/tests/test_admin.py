from __future__ import annotations

import pytest

from redressal.complaints.tests.admin_data import change_url, changelist_url, make_admin_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(admin_user):
    return make_admin_data(admin_user)


def test_moderator_opens_categories(admin_client, data):
    assert admin_client.get(changelist_url("insights_category")).status_code == 200
    assert admin_client.get(change_url("insights_category", data.category)).status_code == 200


def test_categories_are_found_by_name(admin_client, data):
    response = admin_client.get(changelist_url("insights_category"), {"q": data.category.name})
    assert list(response.context["cl"].result_list) == [data.category]


def test_category_count_is_read_only(admin_client, data):
    category = data.category
    response = admin_client.post(
        change_url("insights_category", category),
        {"name": "Refunds", "slug": category.slug, "complaints_count": 40},
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.complaints_count) == ("Refunds", 1)
