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
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

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
        kept = _prepare(queryset)
        if kept is None:
            return list(queryset)
        with _lock:
            if len(_kept) >= MAX_KEPT:
                _kept.clear()
            _kept[(alias, *key)] = kept
    with connections[alias].cursor() as cursor:
        cursor.execute(kept.sql, kept.params)
        found = cursor.fetchall()
    new = tuple.__new__
    return [new(kept.row, row) for row in found]


def _prepare(queryset: QuerySet) -> _Read | None:
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
    return _Read(sql=sql, params=tuple(params), row=create_namedtuple_class(*names))


def forget() -> None:
    """Drop every kept read (tests that change the schema or the settings call this)."""
    with _lock:
        _kept.clear()
