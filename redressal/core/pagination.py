"""Pagination whose total comes from stored counters, so no page ever runs COUNT(*)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


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
