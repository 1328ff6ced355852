"""Full-text search over published complaints: one interface whatever the database."""

from __future__ import annotations

from redressal.complaints.models import Complaint
from redressal.search.backends import get_backend
from redressal.search.query import (
    MARK_START,
    MAX_PAGE,
    PER_PAGE,
    Hit,
    SearchPage,
    SearchQuery,
    highlight,
)


def search(query: SearchQuery) -> SearchPage:
    """One page of published complaints matching the query, with highlighted snippets.

    Never counts the matches: it reads one row more than a page to know whether there is
    a next one. An empty query, exclusions alone or a page past `MAX_PAGE` search nothing.
    """
    page = query.page
    if not query.parsed.searchable or not 1 <= page <= MAX_PAGE:
        searched = query.parsed.searchable
        return SearchPage(
            query=query, hits=[], page=max(page, 1), has_next=False, searched=searched
        )
    backend = get_backend()
    rows = backend.search_ids(query, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE)
    has_next = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    ids = [pk for pk, _ in rows]
    complaints = (
        Complaint.objects.select_related("company", "category", "author")
        .public_text_only()
        .in_bulk(ids)
    )
    marked = backend.snippets(query, ids)
    hits = []
    for pk, rank in rows:
        complaint = complaints.get(pk)
        if complaint is None:
            continue
        body, updates = marked.get(pk, ("", ""))
        text = body if MARK_START in body or MARK_START not in updates else updates
        hits.append(Hit(complaint=complaint, snippet=highlight(text), rank=rank))
    return SearchPage(query=query, hits=hits, page=page, has_next=has_next, searched=True)
