from __future__ import annotations

import pytest

from redressal.complaints.models import Complaint
from redressal.complaints.tests.admin_data import (
    assert_list_page_queries_do_not_grow,
    change_url,
    changelist_url,
    make_admin_data,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "complaints_complaint",
    "complaints_revision",
    "complaints_update",
    "complaints_photo",
    "complaints_helpfulvote",
    "complaints_statuschange",
]


@pytest.fixture
def data(admin_user):
    return make_admin_data(admin_user)


@pytest.mark.parametrize("name", MODELS)
def test_moderator_opens_the_list_and_the_change_page(admin_client, data, name):
    obj = data.objects()[name]
    assert admin_client.get(changelist_url(name)).status_code == 200
    assert admin_client.get(change_url(name, obj)).status_code == 200


@pytest.mark.parametrize("name", MODELS)
def test_list_pages_make_no_query_per_row(admin_client, data, name):
    assert_list_page_queries_do_not_grow(admin_client, name, data.moderator)


def test_complaints_are_found_by_title_id_author_and_company(admin_client, data):
    url = changelist_url("complaints_complaint")
    response = admin_client.get(url, {"q": "returned phone"})
    assert list(response.context["cl"].result_list) == [data.complaint]
    response = admin_client.get(url, {"q": data.author.username})
    assert list(response.context["cl"].result_list) == [data.complaint]
    # The digits of an id may also match inside other names: the post has to be among them.
    response = admin_client.get(url, {"q": data.complaint.pk})
    assert data.complaint in response.context["cl"].result_list
    response = admin_client.get(url, {"q": data.company.name})
    assert set(response.context["cl"].result_list) == {data.complaint, data.review}
    response = admin_client.get(url, {"q": "nothing like this"})
    assert list(response.context["cl"].result_list) == []


def test_private_details_show_only_on_the_change_form(admin_client, data):
    url = changelist_url("complaints_complaint")
    listing = admin_client.get(url).content.decode()
    assert data.complaint.title in listing
    assert "OD-55501234" not in listing
    found = admin_client.get(url, {"q": "OD-55501234"})
    assert list(found.context["cl"].result_list) == []
    change_page = admin_client.get(change_url("complaints_complaint", data.complaint))
    assert "OD-55501234" in change_page.content.decode()


def test_moderator_edits_the_title_but_not_status_visibility_or_counters(admin_client, data):
    complaint = data.complaint
    response = admin_client.post(
        change_url("complaints_complaint", complaint),
        {
            "title": "Refund finally received",
            "slug": complaint.slug,
            "body": complaint.body,
            "product": complaint.product,
            "status": Complaint.Status.OPEN,
            "visibility": "hidden",
            "helpful_count": 99,
            "private_details": "changed",
            # The read-only inlines still send their management forms.
            **_empty_inline_management_forms(),
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    complaint.refresh_from_db()
    assert complaint.title == "Refund finally received"
    assert complaint.status == Complaint.Status.RESOLVED
    assert complaint.visibility == "published"
    assert complaint.helpful_count == 1
    assert complaint.private_details.startswith("Order number")


def _empty_inline_management_forms() -> dict[str, int]:
    forms = {}
    for prefix in ("status_changes", "updates", "photos", "revisions"):
        forms[f"{prefix}-TOTAL_FORMS"] = 0
        forms[f"{prefix}-INITIAL_FORMS"] = 0
    return forms


def test_private_details_of_old_revisions_stay_out_of_lists_and_search(admin_client, data):
    url = changelist_url("complaints_revision")
    listing = admin_client.get(url).content.decode()
    assert data.revision.title in listing
    assert "Booking BK-7781" not in listing
    assert list(admin_client.get(url, {"q": "BK-7781"}).context["cl"].result_list) == []
    page = admin_client.get(change_url("complaints_revision", data.revision)).content.decode()
    assert "Booking BK-7781" in page


def test_complaint_page_shows_the_timeline_update_and_photo(admin_client, data):
    page = admin_client.get(change_url("complaints_complaint", data.complaint)).content.decode()
    assert "Refund arrived." in page
    assert "Still waiting after a week." in page
    assert f'src="{data.photo.thumbnail_url}"' in page


def test_photo_list_shows_the_thumbnail(admin_client, data):
    page = admin_client.get(changelist_url("complaints_photo")).content.decode()
    assert f'<img src="{data.photo.thumbnail_url}"' in page


def test_photos_are_found_by_complaint_id(admin_client, data):
    response = admin_client.get(changelist_url("complaints_photo"), {"q": data.complaint.pk})
    assert list(response.context["cl"].result_list) == [data.photo]


def test_status_changes_are_found_by_note(admin_client, data):
    response = admin_client.get(changelist_url("complaints_statuschange"), {"q": "arrived"})
    assert list(response.context["cl"].result_list) == [data.status_change]


@pytest.mark.parametrize(
    "name",
    [
        "complaints_complaint",
        "complaints_photo",
        "complaints_helpfulvote",
        "complaints_statuschange",
        "complaints_revision",
        "complaints_update",
    ],
)
def test_rows_behind_counters_and_the_timeline_cannot_be_added(admin_client, data, name):
    assert admin_client.get(f"{changelist_url(name)}add/").status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "complaints_complaint",
        "complaints_photo",
        "complaints_helpfulvote",
        "complaints_statuschange",
        "complaints_revision",
    ],
)
def test_rows_behind_counters_and_the_timeline_cannot_be_deleted(admin_client, data, name):
    obj = data.objects()[name]
    model = type(obj)
    url = change_url(name, obj).replace("/change/", "/delete/")
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    bulk = admin_client.post(
        changelist_url(name), {"action": "delete_selected", "_selected_action": [obj.pk]}
    )
    assert bulk.status_code in (200, 302)
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    "name", ["complaints_helpfulvote", "complaints_statuschange", "complaints_revision"]
)
def test_votes_timeline_and_revisions_are_view_only(admin_client, data, name):
    obj = data.objects()[name]
    response = admin_client.get(change_url(name, obj))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    before = {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}
    assert admin_client.post(change_url(name, obj), {"note": "edited"}).status_code == 403
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields} == before
