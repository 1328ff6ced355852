"""Spam signals for a new post: hints for moderators, never a verdict on their own.

`spam_signals` only reads. Call it with the post's public text (after personal data was
replaced with "[protected]"), the same form in which bodies are stored.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources

from django.db import router
from django.utils import timezone
from django.utils.timesince import timesince

from redressal.complaints.models import Complaint, Visibility
from redressal.core import stored_sql

# An account this young, or without a complaint published this long ago, posting links.
NEW_ACCOUNT_AGE = timedelta(days=7)
# How far back the same text by someone else counts.
SAME_TEXT_WINDOW = timedelta(days=30)
# Shorter texts ("Same problem here, no refund yet.") are repeated honestly by many people.
SAME_TEXT_MIN_CHARS = 40
# More complaints and comments than this in the window is more than a person types.
VELOCITY_LIMITS = (
    (timedelta(minutes=10), 5, "10 minutes"),
    (timedelta(hours=24), 20, "24 hours"),
)


@dataclass(frozen=True)
class Signal:
    code: str
    # Shown to moderators, e.g. "Links from an account created 2 hours ago".
    message: str


def spam_signals(
    *, author, text: str, body: str | None = None, now: datetime | None = None
) -> list[Signal]:
    """The reasons to look twice at `text`, about to be (or just) posted by `author`.

    `body` is the part compared with other people's posts (a complaint's text without its
    title); by default all of `text`.
    """
    now = now or timezone.now()
    recent = _recent(author, text if body is None else body, now)
    signals = [
        _new_account_links(author, text, now),
        _same_text_elsewhere(recent),
        _velocity(recent),
        _spam_phrases(text),
    ]
    return [signal for signal in signals if signal]


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Bare domains only with a common TLD, so "refund.They" (a missing space) is not a link.
_TLDS = (
    "com|in|co|net|org|info|biz|io|ly|me|gl|to|cc|xyz|app|online|site|shop|store|link|live"
    "|top|club|tk|ml|ga|cf|gq|ws|us|uk|ru|cn|pk|bd|ai|dev|page|ink|su"
)
_LINK = re.compile(
    rf"https?://|\bwww\.|(?<![\w.-])(?:[a-z0-9-]+\.)+(?P<tld>{_TLDS})(?![\w-])",
    re.IGNORECASE,
)


def has_link(text: str) -> bool:
    """A web address: http(s)://, www., or a bare domain such as example.com or bit.ly/x."""
    for match in _LINK.finditer(_EMAIL.sub(" ", text)):
        tld = match["tld"]
        # "two weeks.In the end" is a missing space, not a domain: people type domains in
        # lower (or upper) case, never in Title case.
        if not (tld and tld[0].isupper() and tld[1:].islower()):
            return True
    return False


def _new_account_links(author, text: str, now: datetime) -> Signal | None:
    if not has_link(text):
        return None
    if author.date_joined > now - NEW_ACCOUNT_AGE:
        age = timesince(author.date_joined, now, depth=1).replace("\xa0", " ")
        return Signal("new_account_links", f"Links from an account created {age} ago")
    has_history = Complaint.objects.filter(
        author=author,
        visibility=Visibility.PUBLISHED,
        created_at__lte=now - NEW_ACCOUNT_AGE,
    ).exists()
    if has_history:
        return None
    return Signal(
        "new_account_links", "Links from an account with no complaint published over a week ago"
    )


_ASCII_LETTERS = re.compile(r"[a-z]+")


def normalise_for_comparison(text: str) -> str:
    """Casefolded words without digits or punctuation, one space apart."""
    if text.isascii():
        # The same as below, without looking up each character's category.
        return " ".join(_ASCII_LETTERS.findall(text.lower()))
    text = unicodedata.normalize("NFKC", text).casefold()
    # Letters and marks (Devanagari vowel signs are marks); anything else separates words.
    return " ".join(
        "".join(ch if unicodedata.category(ch)[0] in "LM" else " " for ch in text).split()
    )


def text_fingerprint(text: str) -> str:
    """What copies of a text share whatever their case, spacing, digits or punctuation, stored
    with each post (`text_fingerprint`) so that finding copies is one indexed look-up; empty
    for texts too short to count."""
    normalised = normalise_for_comparison(text)
    if len(normalised) < SAME_TEXT_MIN_CHARS:
        return ""
    return hashlib.blake2b(normalised.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class _Recent:
    # The author's complaints and comments (drafts aside) in each window of VELOCITY_LIMITS.
    per_window: tuple[int, ...]
    # A complaint and a comment with the same text by another account, if any.
    same_complaint: int | None
    same_comment: int | None


# Every post is checked before it is stored, so these reads are a large share of what posting
# costs: they run as one statement, written out once, rather than as four ORM queries each
# composed and compiled anew. Drafts never count; deleted posts are not copies of anything.
_COUNT_SINCE = (
    "(SELECT COUNT(*) FROM {table} WHERE author_id = %s AND created_at > %s"
    " AND NOT visibility = 'draft')"
)
# The "not empty" term is the partial index's own condition, spelt out so that SQLite (which
# does not infer it from the equality) uses the index.
_SAME_TEXT = (
    "(SELECT id FROM {table} WHERE text_fingerprint = %s AND NOT (text_fingerprint = '')"
    " AND created_at >= %s AND NOT author_id = %s"
    " AND visibility NOT IN ('draft', 'deleted') LIMIT 1)"
)
_TABLES = ("complaints_complaint", "discussion_comment")
_RECENT = "SELECT " + ", ".join(
    [" + ".join(_COUNT_SINCE.format(table=table) for table in _TABLES)] * len(VELOCITY_LIMITS)
    + [_SAME_TEXT.format(table=table) for table in _TABLES]
)


def _recent(author, text: str, now: datetime) -> _Recent:
    params = []
    for window, _limit, _label in VELOCITY_LIMITS:
        params += [author.pk, now - window] * len(_TABLES)
    # A text too short to count has no fingerprint, and the index holds none of those.
    fingerprint = text_fingerprint(text)
    params += [fingerprint, now - SAME_TEXT_WINDOW, author.pk] * len(_TABLES)
    alias = router.db_for_read(Complaint)
    [(*counts, same_complaint, same_comment)] = stored_sql.fetch(alias, _RECENT, params)
    return _Recent(tuple(counts), same_complaint, same_comment)


def _same_text_elsewhere(recent: _Recent) -> Signal | None:
    for pk, label in ((recent.same_complaint, "complaint"), (recent.same_comment, "comment")):
        if pk is not None:
            return Signal(
                "same_text_elsewhere",
                f"Same text posted by another account in the last "
                f"{SAME_TEXT_WINDOW.days} days ({label} #{pk})",
            )
    return None


def _velocity(recent: _Recent) -> Signal | None:
    for count, (_window, limit, label) in zip(recent.per_window, VELOCITY_LIMITS, strict=True):
        if count > limit:
            return Signal("velocity", f"{count} complaints and comments in the last {label}")
    return None


# Devanagari vowel signs are not \w, yet they end no word.
_WORD_CHAR = r"[\w\u0900-\u097f]"


@cache
def _phrase_pattern() -> re.Pattern:
    source = resources.files("redressal.moderation.text") / "data" / "spam_phrases.txt"
    phrases = []
    for line in source.read_text(encoding="utf-8").splitlines():
        phrase = line.split("#", 1)[0].strip()
        if phrase:
            phrases.append(r"\s+".join(re.escape(word) for word in phrase.split()))
    # Longest first, so the alternation reports "ghar baithe paise kamaye" whole.
    phrases.sort(key=len, reverse=True)
    return re.compile(rf"(?<!{_WORD_CHAR})(?:{'|'.join(phrases)})(?!{_WORD_CHAR})", re.IGNORECASE)


def _spam_phrases(text: str) -> Signal | None:
    found = dict.fromkeys(
        " ".join(m.group().split()).lower() for m in _phrase_pattern().finditer(text)
    )
    if not found:
        return None
    quoted = ", ".join(f'"{phrase}"' for phrase in found)
    return Signal("spam_phrases", f"Spam phrases: {quoted}")
