from __future__ import annotations

import pytest

from redressal.complaints.tests.admin_data import (
    assert_list_page_queries_do_not_grow,
    change_url,
    changelist_url,
    make_admin_data,
)
from redressal.moderation.models import ModerationAction, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(admin_user):
    return make_admin_data(admin_user)


@pytest.mark.parametrize("name", ["moderation_report", "moderation_moderationaction"])
def test_moderator_opens_the_list_and_the_change_page(admin_client, data, name):
    obj = data.objects()[name]
    assert admin_client.get(changelist_url(name)).status_code == 200
    assert admin_client.get(change_url(name, obj)).status_code == 200


@pytest.mark.parametrize("name", ["moderation_report", "moderation_moderationaction"])
def test_list_pages_make_no_query_per_row(admin_client, data, name):
    assert_list_page_queries_do_not_grow(admin_client, name, data.moderator)


def test_reports_and_actions_are_found_by_their_text(admin_client, data):
    response = admin_client.get(changelist_url("moderation_report"), {"q": "paid"})
    assert list(response.context["cl"].result_list) == [data.report]
    response = admin_client.get(changelist_url("moderation_moderationaction"), {"q": "real visit"})
    assert list(response.context["cl"].result_list) == [data.action]


def test_closing_a_report_records_who_and_when(admin_client, data):
    report = data.report
    response = admin_client.post(
        change_url("moderation_report", report), {"status": Report.Status.DISMISSED}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert report.resolved_by == data.moderator
    assert report.resolved_at is not None
    assert report.reason == Report.Reason.FAKE


def test_the_audit_log_is_append_only(admin_client, data):
    action = data.action
    base = changelist_url("moderation_moderationaction")
    assert admin_client.get(f"{base}add/").status_code == 403
    delete = change_url("moderation_moderationaction", action).replace("/change/", "/delete/")
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    edit = admin_client.post(change_url("moderation_moderationaction", action), {"reason": "x"})
    assert edit.status_code == 403
    bulk = admin_client.post(base, {"action": "delete_selected", "_selected_action": [action.pk]})
    assert bulk.status_code in (200, 302)
    action.refresh_from_db()
    assert action.reason == "The review describes a real visit."
    assert ModerationAction.objects.count() == 1


def test_reports_cannot_be_added_here(admin_client, data):
    assert admin_client.get(f"{changelist_url('moderation_report')}add/").status_code == 403
