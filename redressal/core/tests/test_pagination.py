from __future__ import annotations

import pytest

from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.models import Complaint
from redressal.complaints.tests.factories import ComplaintFactory
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
