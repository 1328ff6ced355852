"""Pagination whose total comes from stored counters, so no page ever runs COUNT(*)."""

from __future__ import annotations

from dataclasses import dataclass


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
    so the deepest offset it ever skips is half the list. `total` must be the true size (it
    comes from stored counters); the queryset's ordering must be total (end with the id).
    """

    def __init__(self, queryset, *, total: int):
        self.queryset = queryset
        self.total = total
        self.ordered = True

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key: slice) -> list:
        start, stop = key.start or 0, min(key.stop, self.total)
        if start >= stop:
            return []
        ids_only = self.queryset.select_related(None).prefetch_related(None)
        if start > self.total // 2:
            ids = ids_only.reverse().values_list("pk", flat=True)
            ids = list(ids[self.total - stop : self.total - start])[::-1]
        else:
            ids = list(ids_only.values_list("pk", flat=True)[start:stop])
        # No ORDER BY here: the ids are already in order, and keeping the sort would make the
        # database walk the whole list index to fetch twenty rows by primary key.
        rows = {row.pk: row for row in self.queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]
