"""Reads whose SQL the ORM composes once and the database then runs as it is.

A company page reads twenty short rows through an index, which costs the database a fraction
of a millisecond; composing that query through the ORM and compiling it to SQL cost four
times as much, on every view. A read kept here is composed the first time its key is asked
for, and later asked-for reads run the SQL (with its parameters) the ORM made then.

The key must hold everything the query depends on (the company, the order, the filter,
the slice): it names one query, never a set of rows, so every read runs against the data
as it is. Only `values_list(..., named=True)` queries whose columns need no conversion from
what the database returns are kept (integers and text, for instance; not JSON): anything
else is read through the ORM each time.

On PostgreSQL every read here (`rows`, and hand-written ones through `fetch`) is also a
prepared statement: each connection plans it once, not on every run. Planning a short read
cost the database several times what running it did (a company page's list: about 0.7 ms
against 0.1). Django prepares nothing by default, for the sake of connection poolers that
cannot keep them (PgBouncer in transaction mode before 1.21): `DATABASE_PREPARED_READS=0`
turns it off (the settings then leave psycopg's `prepare_threshold` unset).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.utils import create_namedtuple_class

MAX_KEPT = 2048

_kept: dict[tuple, _Read | None] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class _Read:
    sql: str
    params: tuple
    row: type


def rows(key: tuple, model, compose: Callable[[], QuerySet]) -> list:
    """The rows of the query `compose()` makes (a named values_list of `model`'s), run from
    its kept SQL when `key` was read before in this process."""
    alias = router.db_for_read(model)
    kept = _kept.get((alias, *key))
    if kept is None:
        queryset = compose().using(alias)
        kept = _compile(queryset)
        if kept is None:
            return list(queryset)
        with _lock:
            if len(_kept) >= MAX_KEPT:
                _kept.clear()
            _kept[(alias, *key)] = kept
    new = tuple.__new__
    return [new(kept.row, row) for row in fetch(alias, kept.sql, kept.params)]


def fetch(alias: str, sql: str, params=()) -> list[tuple]:
    """The rows of `sql`, a read whose text never changes, on database `alias`; prepared on
    PostgreSQL. Datetimes among `params` are compared as DateTimeField columns store them."""
    connection = connections[alias]
    params = [
        connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value
        for value in params
    ]
    if not _prepares(connection):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        raw = _prepared_cursor_class()(connection.connection)
    logged = connection.queries_logged
    with connection.make_debug_cursor(raw) if logged else connection.make_cursor(raw) as cursor:
        cursor.execute(sql, params or None)
        return cursor.fetchall()


def _compile(queryset: QuerySet) -> _Read | None:
    query = queryset.query
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    compiler = query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    selected = [column[0] for column in compiler.select[: compiler.col_count]]
    if not names or len(names) != len(selected) or compiler.get_converters(selected):
        return None
    connection = connections[queryset.db]
    if _prepares(connection):
        # The values go into the SQL: the plan made once for it is then the plan for them.
        # A parameter would get a plan for any value, and could not use a partial index whose
        # condition names one (`visibility = 'published'`).
        sql, params = connection.ops.compose_sql(sql, params), ()
    return _Read(sql=sql, params=tuple(params), row=create_namedtuple_class(*names))


def forget() -> None:
    """Drop every kept read (tests that change the schema or the settings call this)."""
    with _lock:
        _kept.clear()


def _prepares(connection) -> bool:
    options = connection.settings_dict["OPTIONS"]
    return connection.vendor == "postgresql" and options.get("prepare_threshold") is not None


@cache
def _prepared_cursor_class():
    # Sends the parameters apart from the SQL, which psycopg then prepares once it has run
    # `prepare_threshold` times on the connection (Django's own cursors bind on the client,
    # and are never prepared).
    from django.db.backends.postgresql.base import ServerBindingCursor

    return ServerBindingCursor
