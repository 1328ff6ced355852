"""Reads (and a few hot writes) whose SQL the ORM composes once and the database then runs
as it is.

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
from typing import Literal

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.constants import OnConflict
from django.db.models.query import get_related_populators
from django.db.models.sql import InsertQuery
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


def first(key: tuple, model, compose: Callable[[object], QuerySet], value):
    """`compose(value).first()`, a query of `model` objects that `value` goes into as is
    (`filter(slug=value)`), composed once per thread and then run with each value bound as
    a parameter: looking up an API token or a company through the ORM cost 1 to 2 ms, mostly
    composing its SQL, on every API call. Queries it cannot keep (the value changed on its
    way into the SQL, or extras the rows alone cannot fill) run through the ORM each time."""
    alias = router.db_for_read(model)
    kept = getattr(_firsts, "kept", None)
    if kept is None:
        kept = _firsts.kept = {}
    one = kept.get((alias, *key))
    if one is None:
        try:
            one = _compile_first(compose(_VALUE).using(alias))
        except (TypeError, ValueError):  # a lookup that cannot take a string, such as a pk
            one = False
        kept[(alias, *key)] = one
    if one is False:
        return compose(value).using(alias).first()
    params = list(one.params)
    params[one.value_at] = value
    rows = fetch(alias, one.sql, params)
    return one.build(rows[0], alias) if rows else None


_firsts = threading.local()
_VALUE = "\0stored_sql.first\0"


@dataclass(frozen=True)
class _First:
    sql: str
    params: tuple
    value_at: int
    model: type
    fields: tuple[int, int]  # where the model's own columns start and end in a row
    names: list[str]
    converters: dict
    # The compiler's own, bound to this thread's connection (kept lookups are per thread).
    apply_converters: Callable
    related: list

    def build(self, row: tuple, alias: str):
        if self.converters:
            [row] = self.apply_converters([row], self.converters)
        start, end = self.fields
        obj = self.model.from_db(alias, self.names, row[start:end])
        for populator in self.related:
            populator.populate(row, obj)
        return obj


def _compile_first(queryset: QuerySet) -> _First | Literal[False]:
    if not queryset.ordered and queryset.query.default_ordering:
        queryset = queryset.order_by("pk")
    queryset = queryset[:1]
    if queryset._prefetch_related_lookups or queryset._known_related_objects:
        return False
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return False
    at = [i for i, param in enumerate(params) if isinstance(param, str) and param == _VALUE]
    if len(at) != 1 or compiler.annotation_col_map:
        return False
    select, klass_info = compiler.select, compiler.klass_info
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
    return _First(
        sql=sql,
        params=tuple(params),
        value_at=at[0],
        model=klass_info["model"],
        fields=(start, end),
        names=[column[0].target.attname for column in select[start:end]],
        converters=converters,
        apply_converters=compiler.apply_converters,
        related=get_related_populators(klass_info, select, queryset.db, queryset._fetch_mode),
    )


def insert(obj, *, ignore_conflicts: bool = False) -> None:
    """Insert `obj`, a new instance of a model with an automatic primary key, as `obj.save()`
    would (its defaults, `auto_now_add` and database conversions apply), with the INSERT
    composed once per model: composing it through the ORM cost more than running it. No
    signal is sent (the project has no receivers for them). With `ignore_conflicts` a row
    that would break a unique constraint is skipped, as `bulk_create(ignore_conflicts=True)`
    skips it, and `obj` gets no primary key."""
    model = type(obj)
    alias = router.db_for_write(model, instance=obj)
    connection = connections[alias]
    kept = _inserts.get((alias, model, ignore_conflicts))
    if kept is None:
        kept = _inserts[(alias, model, ignore_conflicts)] = _compile_insert(
            model, alias, ignore_conflicts
        )
    # As save() does: related objects saved since they were assigned lend their ids.
    obj._prepare_related_fields_for_save(operation_name="insert")
    values = [field.pre_save(obj, True) for field in kept.fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        # An expression or a database default goes into the SQL itself: not this SQL.
        if ignore_conflicts:
            model._base_manager.using(alias).bulk_create([obj], ignore_conflicts=True)
        else:
            obj.save(force_insert=True, using=alias)
        return
    params = [
        field.get_db_prep_save(value, connection=connection)
        for field, value in zip(kept.fields, values, strict=True)
    ]
    with _cursor(alias) as cursor:
        cursor.execute(kept.sql, params)
        row = None if ignore_conflicts else cursor.fetchone()
    if row is not None:
        setattr(obj, model._meta.pk.attname, row[0])
    obj._state.adding = False
    obj._state.db = alias


_inserts: dict[tuple, _Insert] = {}


@dataclass(frozen=True)
class _Insert:
    sql: str
    fields: list


def _compile_insert(model, alias: str, ignore_conflicts: bool) -> _Insert:
    meta = model._meta
    if meta.auto_field is None:
        raise TypeError(f"{model.__name__} has no automatic primary key")
    fields = [
        field
        for field in meta.local_concrete_fields
        if field is not meta.auto_field and not field.generated
    ]
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    query = InsertQuery(model, on_conflict=on_conflict)
    # An instance with the model's defaults, compiled into placeholders and never run.
    query.insert_values(fields, [model()])
    compiler = query.get_compiler(using=alias)
    if not ignore_conflicts:
        compiler.returning_fields = [meta.pk]
    [(sql, _params)] = compiler.as_sql()
    return _Insert(sql=sql, fields=fields)


def fetch(alias: str, sql: str, params=()) -> list[tuple]:
    """The rows of `sql`, a read whose text never changes, on database `alias`; prepared on
    PostgreSQL. Datetimes among `params` are compared as DateTimeField columns store them."""
    with _cursor(alias) as cursor:
        cursor.execute(sql, _adapted(alias, params))
        return cursor.fetchall()


def execute(alias: str, sql: str, params=()) -> int:
    """Run `sql`, a write whose text never changes, as `fetch` runs a read; the rows it changed."""
    with _cursor(alias) as cursor:
        cursor.execute(sql, _adapted(alias, params))
        return cursor.rowcount


def _adapted(alias: str, params) -> list | None:
    connection = connections[alias]
    adapted = [
        connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value
        for value in params
    ]
    if not adapted and _prepares(connection):
        return None  # what a server-binding cursor takes for a statement without parameters
    return adapted


def _cursor(alias: str):
    connection = connections[alias]
    if not _prepares(connection):
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        raw = _prepared_cursor_class()(connection.connection)
    return (
        connection.make_debug_cursor(raw)
        if connection.queries_logged
        else connection.make_cursor(raw)
    )


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
    """Drop every kept read and insert, and this thread's kept lookups (tests that change the
    schema or the settings call this)."""
    with _lock:
        _kept.clear()
    _inserts.clear()
    _firsts.__dict__.clear()


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
