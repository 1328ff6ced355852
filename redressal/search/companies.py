"""Company look-up that forgives typos and knows aliases ("xiomi", "mi india" -> Xiaomi).

The database finds candidates (FTS5 trigrams on SQLite, pg_trgm on PostgreSQL); one scoring
function, the same on both, orders them.
"""

from __future__ import annotations

import unicodedata

from django.db.models import Q

from redressal.companies.models import Company
from redressal.search.backends import get_backend

MAX_CHARS = 80
CANDIDATES = 50
THRESHOLD = 0.35


def normalize(text: str) -> str:
    """Lower case, letters and digits only, single spaces: "Mi-India!" -> "mi india"."""
    kept = []
    for ch in (text or "")[: MAX_CHARS * 2]:
        category = unicodedata.category(ch)
        kept.append(ch if category[0] in "LNM" else " ")
    return " ".join("".join(kept).casefold().split())[:MAX_CHARS]


def _trigrams(text: str) -> set[str]:
    # As pg_trgm pads words: two spaces before, one after.
    grams: set[str] = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: str, b: str) -> float:
    ga, gb = _trigrams(a), _trigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def _names(company: Company) -> list[str]:
    names = [normalize(company.name)]
    names += [normalize(a) for a in company.aliases or [] if isinstance(a, str)]
    return [name for name in names if name]


def short_score(text: str, company: Company) -> float:
    """For one or two characters: a name or alias starting with them, or one of its words."""
    names = _names(company)
    if any(name.startswith(text) for name in names):
        return 0.9
    if any(word.startswith(text) for name in names for word in name.split()):
        return 0.7
    return 0.0


def score(text: str, company: Company) -> float:
    """How well `text` (normalized) names the company: 1.0 exactly, 0 not at all."""
    names = _names(company)
    best = 0.0
    for name in names:
        if name == text:
            return 1.0
        if name.startswith(text):
            best = max(best, 0.9)
        elif text in name:
            best = max(best, 0.8)
        best = max(best, similarity(text, name))
        for word in name.split():
            best = max(best, similarity(text, word))
    return best


def lookup(text: str, limit: int = 8) -> list[Company]:
    """Listed companies the text probably means, best first (then most complained about).

    Fewer than two letters find nothing. Names and aliases containing the text are always
    candidates, so a company is found by its exact name even before it has been indexed;
    the index adds the misspelt ones.
    """
    text = normalize(text)
    if len(text) < 2:
        return []
    listed = Company.objects.listed()
    containing = listed.filter(Q(name__icontains=text) | Q(aliases__icontains=text))
    ids = set(
        containing.order_by("-complaints_count", "name").values_list("pk", flat=True)[:CANDIDATES]
    )
    if len(text) >= 3:
        ids.update(get_backend().company_candidates(text, limit=CANDIDATES))
    rate = short_score if len(text) < 3 else score
    scored = [(s, c) for c in listed.filter(pk__in=ids) if (s := rate(text, c)) >= THRESHOLD]
    scored.sort(key=lambda sc: (-sc[0], -sc[1].complaints_count, sc[1].name))
    return [c for _, c in scored[:limit]]
