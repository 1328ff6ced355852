"""Views are counted in batches, not with a write per page view."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redressal.complaints import views_counter
from redressal.complaints.models import Complaint
from redressal.complaints.tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def test_views_wait_for_a_batch_then_go_in_one_update(settings):
    settings.VIEW_COUNT_BATCH = 5
    settings.VIEW_COUNT_SECONDS = 3600
    views_counter.flush()
    first, second = ComplaintFactory(), ComplaintFactory()
    with CaptureQueriesContext(connection) as queries:
        for complaint in (first, second, first, second):
            views_counter.count_view(complaint.pk)
    assert len(queries) == 0
    assert Complaint.objects.get(pk=first.pk).views_count == 0
    with CaptureQueriesContext(connection) as queries:
        views_counter.count_view(first.pk)
    assert len(queries) == 1
    assert Complaint.objects.get(pk=first.pk).views_count == 3
    assert Complaint.objects.get(pk=second.pk).views_count == 2


def test_views_older_than_the_time_limit_are_written(settings):
    settings.VIEW_COUNT_BATCH = 1000
    settings.VIEW_COUNT_SECONDS = 0
    complaint = ComplaintFactory()
    views_counter.count_view(complaint.pk)
    assert Complaint.objects.get(pk=complaint.pk).views_count == 1
