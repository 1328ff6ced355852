"""Pagination whose total comes from stored counters, so no page ever runs COUNT(*)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from redressal.core import stored_sql


@dataclass(frozen=True)
class PageRequest:
    """What `?page=` asked for: a page number, or a reason to redirect to a canonical one."""

    number: int
    valid: bool


def parse_page(raw: str | None) -> PageRequest:
    if raw is None:
        return PageRequest(1, True)
    if raw.isascii() and raw.isdigit() and len(raw) <= 9 and int(raw) >= 1:
        return PageRequest(int(raw), True)
    return PageRequest(1, False)


def page_window(number: int, last: int, *, around: int = 2) -> list[int | None]:
    """Page numbers to link: first, last and a few around the current one; None is a gap."""
    wanted = {1, last, *range(max(1, number - around), min(last, number + around) + 1)}
    pages: list[int | None] = []
    previous = 0
    for page in sorted(wanted):
        if page - previous > 1:
            pages.append(None)
        pages.append(page)
        previous = page
    return pages


class CheapSlices:
    """An ordered queryset whose pages cost the same at the end of the list as at the start.

    A page first reads only the ids (an index-only scan of the list's index), then fetches
    those rows with their relations. Past the middle it reads from the far end in reverse,
    so the deepest offset it ever skips is half the list. Near either end, where there is
    little to skip, the rows are read at once, in one query instead of two. `total` must be
    the true size (it comes from stored counters); the queryset's ordering must be total
    (end with the id). `rows` turns a part of the queryset into what a page holds (by
    default its model instances; `complaints.cards.keyed`, for one): the ids are read from
    the queryset itself, without the joins that the rows may need. With a `key` naming the
    list (and `rows` giving named values rows), the reads near either end keep their SQL
    (`core.stored_sql`); `queryset` may then be a function that makes it (with `model`, what
    it lists), so that a page read from kept SQL does not compose it.
    """

    # Rows skipped, at most, by a page read in one query.
    SKIP_AT_ONCE = 100

    def __init__(self, queryset, *, total: int, rows=None, key: tuple | None = None, model=None):
        self._queryset = queryset
        self.model = model
        self.total = total
        self.rows = rows or (lambda part: part)
        self.key = key
        self.ordered = True

    @cached_property
    def queryset(self):
        return self._queryset() if callable(self._queryset) else self._queryset

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key: slice) -> list:
        start, stop = key.start or 0, min(key.stop, self.total)
        if start >= stop:
            return []
        if start <= self.SKIP_AT_ONCE:
            return self._read(("start", start, stop), lambda: self.queryset[start:stop])
        if self.total - stop <= self.SKIP_AT_ONCE:
            low, high = self.total - stop, self.total - start
            return self._read(("end", low, high), lambda: self.queryset.reverse()[low:high])[::-1]
        ids_only = self._ids_only()
        if start > self.total // 2:
            ids = list(ids_only.reverse()[self.total - stop : self.total - start])[::-1]
        else:
            ids = list(ids_only[start:stop])
        return self._in_order(ids)

    def _read(self, shape: tuple, part) -> list:
        if self.key is None:
            return list(self.rows(part()))
        model = self.model or self.queryset.model
        return stored_sql.rows((*self.key, *shape), model, lambda: self.rows(part()))

    def _ids_only(self):
        """The list's ids alone (a values query joins none of the rows' relations)."""
        return self.queryset.prefetch_related(None).values_list("pk", flat=True)

    def _in_order(self, ids: list[int]) -> list:
        # No ORDER BY here: the ids are already in order, and keeping the sort would make the
        # database walk the whole list index to fetch twenty rows by primary key.
        rows = {row.pk: row for row in self.rows(self.queryset.filter(pk__in=ids).order_by())}
        return [rows[pk] for pk in ids if pk in rows]

    def after(self, anchor_pk: int, size: int) -> list | None:
        """The `size` rows that follow row `anchor_pk` in the list's order (keyset paging).

        Costs what the first page costs however deep it goes, and rows added meanwhile
        before the anchor cannot shift it: a reader following "next" sees each row once.
        None when the anchor row no longer exists.
        """
        model = self.queryset.model
        order = list(self.queryset.query.order_by)
        descending = {key.startswith("-") for key in order}
        if len(descending) != 1:
            raise ValueError("Keyset paging needs every sort key in the same direction.")
        fields = [model._meta.get_field(key.lstrip("-")) for key in order]
        anchor = (
            model._base_manager.filter(pk=anchor_pk)
            .values_list(*(f.attname for f in fields))
            .first()
        )
        if anchor is None:
            return None
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(f"{table}.{quote(f.column)}" for f in fields)
        values = [f.get_db_prep_value(v, connection) for f, v in zip(fields, anchor, strict=True)]
        marks = ", ".join(["%s"] * len(values))
        # A row-value comparison, which both databases answer from the list's index.
        beyond = RawSQL(  # noqa: S611 (quoted column names; values are parameters)
            f"({columns}) {'<' if descending.pop() else '>'} ({marks})",
            values,
            output_field=BooleanField(),
        )
        return self._in_order(list(self._ids_only().filter(beyond)[:size]))


class KeysetPage(Page):
    """A numbered page read by keyset: it knows whether more follow without counting."""

    def __init__(self, object_list, number: int, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1
