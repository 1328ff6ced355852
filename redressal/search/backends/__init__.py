"""One interface, two implementations: SQLite FTS5 and PostgreSQL full text.

A backend works on ids and raw rows; `redressal.search.selectors.search` turns them into
pages of complaints, and `redressal.search.index` decides what is indexed.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from redressal.search.query import SearchQuery


def get_backend():
    if connection.vendor == "postgresql":
        from redressal.search.backends import postgres

        return postgres
    from redressal.search.backends import sqlite

    return sqlite


def _start_of(day):
    # Midnight where the site is, in the form the database stores datetimes (UTC on SQLite).
    moment = timezone.make_aware(datetime.combine(day, time.min))
    return connection.ops.adapt_datetimefield_value(moment)


def filters_sql(query: SearchQuery) -> tuple[str, list]:
    """Conditions on `c` (complaints_complaint) shared by both backends.

    Only published posts are ever returned, even if the index lags behind a moderator.
    """
    sql = ["c.visibility = 'published'"]
    params: list = []
    if query.company_id is not None:
        sql.append("c.company_id = %s")
        params.append(query.company_id)
    if query.category_id is not None:
        sql.append("c.category_id = %s")
        params.append(query.category_id)
    if query.status:
        sql.append("c.status = %s")
        params.append(query.status)
    if query.has_photos:
        sql.append("c.photos_count > 0")
    if query.date_from:
        sql.append("c.created_at >= %s")
        params.append(_start_of(query.date_from))
    if query.date_to:
        sql.append("c.created_at < %s")
        params.append(_start_of(query.date_to + timedelta(days=1)))
    return " AND ".join(sql), params
