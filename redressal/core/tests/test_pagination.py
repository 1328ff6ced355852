from __future__ import annotations

import pytest

from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.models import Complaint
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.core import stored_sql
from redressal.core.pagination import CheapSlices, page_window, parse_page


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", [("-created_at", "-id"), ("helpful_count", "id")])
def test_cheap_slices_match_plain_slicing_from_either_end(ordering):
    company = CompanyFactory()
    for _ in range(7):
        ComplaintFactory(company=company)
    posts = Complaint.objects.filter(company=company).order_by(*ordering)
    expected = list(posts)
    slices = CheapSlices(posts, total=len(expected))
    for start in range(8):
        for stop in range(start, 10):
            assert slices[start:stop] == expected[start:stop], (start, stop)


@pytest.mark.django_db
@pytest.mark.parametrize("skip_at_once", [100, 2])
def test_named_rows_with_kept_sql_match_plain_slicing_and_follow_the_data(
    monkeypatch, skip_at_once
):
    monkeypatch.setattr(CheapSlices, "SKIP_AT_ONCE", skip_at_once)
    stored_sql.forget()
    company = CompanyFactory()
    for _ in range(7):
        ComplaintFactory(company=company)
    posts = Complaint.objects.filter(company=company).order_by("-created_at", "-id")

    def named(part):
        return part.values_list("pk", "title", "author__username", named=True)

    def check():
        expected = list(named(posts))
        slices = CheapSlices(posts, total=len(expected), rows=named, key=("test", company.pk))
        for start in range(len(expected) + 1):
            for stop in range(start, len(expected) + 2):
                assert slices[start:stop] == expected[start:stop], (start, stop)
                assert all(row.title for row in slices[start:stop])

    check()
    # The kept SQL reads the rows as they are now, not as they were when it was kept.
    Complaint.objects.filter(pk=posts[0].pk).update(title="Changed since")
    ComplaintFactory(company=company)
    check()
    assert [key for key in stored_sql._kept if "test" in key]


@pytest.mark.django_db
def test_a_read_whose_columns_need_converting_is_not_kept_but_still_read():
    stored_sql.forget()
    post = ComplaintFactory()
    Complaint.objects.filter(pk=post.pk).update(spam_signals=[{"code": "velocity"}])
    # A JSON column is converted from what the database returns, on both databases.
    compose = lambda: Complaint.objects.filter(pk=post.pk).values_list(  # noqa: E731
        "pk", "spam_signals", named=True
    )
    for _ in range(2):
        [row] = stored_sql.rows(("json", post.pk), Complaint, compose)
        assert row.spam_signals == [{"code": "velocity"}]
    assert not [key for key in stored_sql._kept if "json" in key]
    [row] = stored_sql.rows(("plain", post.pk), Complaint, lambda: compose().values_list("pk"))
    assert row == (post.pk,)


@pytest.mark.parametrize(
    ("raw", "number", "valid"),
    [
        (None, 1, True),
        ("3", 3, True),
        ("0", 1, False),
        ("-3", 1, False),
        ("abc", 1, False),
        ("٣", 1, False),
        ("1e3", 1, False),
        ("9" * 30, 1, False),
    ],
)
def test_parse_page_accepts_only_plain_positive_numbers(raw, number, valid):
    page = parse_page(raw)
    assert (page.number, page.valid) == (number, valid)


def test_page_window_links_ends_and_neighbours_with_gaps():
    assert page_window(1, 1) == [1]
    assert page_window(75, 310) == [1, None, 73, 74, 75, 76, 77, None, 310]
    assert page_window(2, 5) == [1, 2, 3, 4, 5]
