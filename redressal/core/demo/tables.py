"""Raw batched inserts with explicit ids, for loads too big for model instances.

Rows are plain tuples in the column order given; `flush` writes every table in foreign-key order
with one `executemany` each. Ids are handed out here, from above the highest id in the table,
so children can point at parents that are still in the buffer.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max


class Table:
    def __init__(self, model, columns: list[str]):
        self.model = model
        fields = [model._meta.get_field(name) for name in columns]
        # Columns the caller does not fill get the model's default, once, as the ORM would.
        rest = [
            f
            for f in model._meta.concrete_fields
            if f not in fields and not f.primary_key and not getattr(f, "auto_now_add", False)
        ]
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        quote = connection.ops.quote_name
        names = ", ".join(quote(field.column) for field in [*fields, *rest])
        marks = ", ".join(["%s"] * (len(fields) + len(rest)))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
        self.copy_sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
        self.rows: list[tuple] = []
        self.written = 0
        self.next_id = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def allocate(self) -> int:
        allocated = self.next_id
        self.next_id += 1
        return allocated

    def add(self, row: tuple) -> None:
        self.rows.append(row + self.defaults if self.defaults else row)

    def flush(self, cursor) -> None:
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            # COPY is several times faster than even a pipelined executemany.
            with cursor.cursor.copy(self.copy_sql) as copy:
                for row in self.rows:
                    copy.write_row(row)
        else:
            cursor.executemany(self.sql, self.rows)
        self.written += len(self.rows)
        self.rows = []


def datetime_adapter():
    """How a datetime goes into a raw query: SQLite stores naive UTC text, others take objects."""
    if connection.vendor == "sqlite":

        def adapt(value: datetime | None):
            if value is None:
                return None
            return str(value.astimezone(UTC).replace(tzinfo=None))

        return adapt
    return lambda value: value


def reset_sequences(models) -> None:
    """After explicit ids, point PostgreSQL sequences past them (SQLite follows by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
