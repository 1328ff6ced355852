"""What a person typed in the search box, made safe and small before any backend sees it.

Backends never receive the raw text: they get a `ParsedQuery` of at most `MAX_TERMS` terms,
each a word or a quoted phrase, included or excluded, with control characters and the
highlight sentinels removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_CHARS = 200
MAX_TERMS = 20
PER_PAGE = 20
# Deeper than this nobody reads; refusing it keeps OFFSET cheap.
MAX_PAGE = 50
# Relevance ranks this many matches, the newest: all a reader can page through. Ranking every
# match of a word found in a tenth of a million complaints would cost a hundred times more.
RANKED_MATCHES = PER_PAGE * MAX_PAGE

# Private-use characters that mark hits in snippets: user text cannot hold them (we strip
# them when indexing and parsing), so after escaping they can only be ours.
MARK_START = "\ue000"
MARK_END = "\ue001"

SORTS = ("relevance", "newest")

_TERM = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


@dataclass(frozen=True)
class Term:
    text: str  # one word, or several for a phrase
    negated: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...] = ()

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negated)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.negated)

    @property
    def searchable(self) -> bool:
        """Something to look for: exclusions alone would match nearly everything."""
        return bool(self.positive)

    def websearch(self) -> str:
        """The terms again in web-search syntax (PostgreSQL's websearch_to_tsquery)."""
        parts = []
        for term in self.terms:
            text = f'"{term.text}"' if term.phrase else term.text
            parts.append(("-" if term.negated else "") + text)
        return " ".join(parts)


def clean_text(text: str) -> str:
    """Drop control characters, NULs, lone surrogates and our sentinels."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return "".join(" " if unicodedata.category(ch) in {"Cc", "Cs", "Co"} else ch for ch in text)


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def parse(raw: str | None) -> ParsedQuery:
    text = clean_text(raw or "")[:MAX_CHARS]
    terms: list[Term] = []
    for match in _TERM.finditer(text):
        if match.group(2) is not None:
            negated, words, phrase = bool(match.group(1)), " ".join(match.group(2).split()), True
        else:
            negated, words, phrase = bool(match.group(3)), match.group(4), False
            if words.startswith("-"):  # "--x" or a lone "-"
                words = words.lstrip("-")
        if not _has_word(words):
            continue
        if phrase and len(words.split()) == 1:
            phrase = False
        term = Term(text=words, negated=negated, phrase=phrase)
        if term not in terms:
            terms.append(term)
        if len(terms) >= MAX_TERMS:
            break
    return ParsedQuery(terms=tuple(terms))


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    company_id: int | None = None
    category_id: int | None = None
    status: str = ""
    has_photos: bool = False
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    parsed: ParsedQuery = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "parsed", parse(self.text))


@dataclass(frozen=True)
class Hit:
    complaint: object  # a Complaint, with company and category loaded
    snippet: SafeString
    rank: float | None = None


@dataclass(frozen=True)
class SearchPage:
    query: SearchQuery
    hits: list[Hit]
    page: int
    has_next: bool
    searched: bool  # False when there was nothing to search for

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def per_page(self) -> int:
        return PER_PAGE


def highlight(marked: str) -> SafeString:
    """Escape a snippet whose hits the backend wrapped in sentinels, then mark the hits."""
    html = escape(marked)
    html = html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # A snippet cut mid-hit leaves an unbalanced marker.
    if html.count("<mark>") != html.count("</mark>"):
        html = html.replace("<mark>", "").replace("</mark>", "")
    return mark_safe(html)  # noqa: S308 - escaped above; only our markers are HTML
