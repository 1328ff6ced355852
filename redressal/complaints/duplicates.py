"""Near-duplicate complaints: the same person filing the same complaint about a company again.

Texts are compared as sets of word pairs (shingles of two words) by Jaccard similarity: a
changed word loses only the two pairs it is part of, so a few edits in a complaint of normal
length leave it well above the threshold, while two different complaints about the same company
share little beyond a few stock phrases ("customer care", "the refund"). Sets keep it linear in
the length of the text, so 20,000-character bodies are cheap.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

from django.db import router
from django.utils import timezone

from redressal.complaints.models import Complaint
from redressal.core import stored_sql
from redressal.core.errors import DomainError

DUPLICATE_WINDOW = timedelta(days=90)
# Measured on an 80-word complaint: three phrases reworded score 0.82, a sentence added 0.88;
# another complaint about the same company, sharing a stock sentence, 0.17. Each changed word
# costs about 2/n, so 0.7 still catches three changes in a 40-word complaint.
DUPLICATE_THRESHOLD = 0.7
SHINGLE_WORDS = 2


_ASCII_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    if text.isascii():
        # The same as below, without looking at each character in Python.
        return _ASCII_WORD.findall(text.lower())
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(
        ch if ch.isalnum() or unicodedata.category(ch)[0] == "M" else " " for ch in text
    ).split()


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    if len(words) < SHINGLE_WORDS:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0 (no word pair in common) to 1 (the same words in order),
    ignoring case, punctuation and spacing."""
    return _jaccard(_shingles(a), _shingles(b))


def find_duplicate(
    *,
    author,
    company,
    title: str,
    body: str,
    exclude_pk: int | None = None,
    now: datetime | None = None,
) -> Complaint | None:
    """The author's most recent published or held complaint about `company` from the last
    90 days that says nearly the same as `title` and `body`, or None."""
    now = now or timezone.now()
    wanted = _shingles(f"{title}\n{body}")
    for pk, their_title, their_body in _recent_posts(author, company, now):
        if pk == exclude_pk:
            continue
        have = _shingles(f"{their_title}\n{their_body}")
        # Jaccard can be no higher than the ratio of the sizes: skip the intersection.
        if min(len(have), len(wanted)) < DUPLICATE_THRESHOLD * max(len(have), len(wanted)):
            continue
        if _jaccard(have, wanted) >= DUPLICATE_THRESHOLD:
            return Complaint.objects.select_related("company").get(pk=pk)
    return None


# Every filing is checked, so the read is written out once rather than composed by the ORM
# each time (which cost more than running it); the author's index finds the rows.
_RECENT_POSTS = (
    "SELECT id, title, body FROM complaints_complaint"
    " WHERE author_id = %s AND company_id = %s AND created_at >= %s"
    " AND visibility IN ('published', 'held') ORDER BY created_at DESC, id DESC"
)


def _recent_posts(author, company, now: datetime) -> list[tuple[int, str, str]]:
    since = now - DUPLICATE_WINDOW
    return stored_sql.fetch(
        router.db_for_read(Complaint), _RECENT_POSTS, [author.pk, company.pk, since]
    )


class DuplicateComplaint(DomainError):
    """The author already posted nearly this; `earlier` is the post to add an update to."""

    def __init__(self, earlier: Complaint):
        super().__init__(
            f"You posted nearly the same complaint about {earlier.company.name} on "
            f"{earlier.created_at:%b %-d, %Y}. Add what is new as an update to it instead.",
            code="duplicate",
        )
        self.earlier = earlier


def refuse_duplicate(*, author, company, title: str, body: str, exclude_pk=None) -> None:
    earlier = find_duplicate(
        author=author, company=company, title=title, body=body, exclude_pk=exclude_pk
    )
    if earlier is not None:
        raise DuplicateComplaint(earlier)
