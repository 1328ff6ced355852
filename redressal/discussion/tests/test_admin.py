from __future__ import annotations

import pytest

from redressal.complaints.tests.admin_data import (
    assert_list_page_queries_do_not_grow,
    change_url,
    changelist_url,
    make_admin_data,
)
from redressal.discussion.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(admin_user):
    return make_admin_data(admin_user)


def test_moderator_opens_comments(admin_client, data):
    assert admin_client.get(changelist_url("discussion_comment")).status_code == 200
    page = admin_client.get(change_url("discussion_comment", data.comment))
    assert page.status_code == 200
    assert "Same thing happened to me." in page.content.decode()


def test_comments_are_found_by_text_and_by_complaint(admin_client, data):
    url = changelist_url("discussion_comment")
    response = admin_client.get(url, {"q": "happened"})
    assert list(response.context["cl"].result_list) == [data.comment]
    response = admin_client.get(url, {"complaint__id__exact": data.complaint.pk})
    assert len(response.context["cl"].result_list) == 2


def test_comment_list_makes_no_query_per_row(admin_client, data):
    assert_list_page_queries_do_not_grow(admin_client, "discussion_comment", data.moderator)


def test_comments_cannot_be_added_deleted_or_hidden_here(admin_client, data):
    comment = data.comment
    assert admin_client.get(f"{changelist_url('discussion_comment')}add/").status_code == 403
    delete = change_url("discussion_comment", comment).replace("/change/", "/delete/")
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    response = admin_client.post(
        change_url("discussion_comment", comment),
        {"kind": Comment.Kind.COMPLAINT, "body": "Edited by a moderator.", "visibility": "hidden"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.visibility) == ("Edited by a moderator.", "published")
    data.complaint.refresh_from_db()
    assert data.complaint.comments_count == 2


def test_an_edited_comment_shows_at_once_to_signed_out_visitors(admin_client, client, data):
    page = data.complaint.get_absolute_url()
    assert "Same thing happened to me." in client.get(page).content.decode()

    admin_client.post(
        change_url("discussion_comment", data.comment),
        {"kind": Comment.Kind.COMPLAINT, "body": "Edited by a moderator."},
    )

    html = client.get(page).content.decode()
    assert "Edited by a moderator." in html
    assert "Same thing happened to me." not in html
