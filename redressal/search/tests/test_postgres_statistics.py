"""PostgreSQL keeps statistics on enough words to tell a rare one from a common one: the
planner reads a rare word's index instead of every document newest first."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]


def test_search_documents_keep_statistics_on_ten_times_as_many_words():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute"
            " WHERE attrelid = 'search_complaint_doc'::regclass AND attname = 'document'"
        )
        assert cursor.fetchone() == (1000,)
