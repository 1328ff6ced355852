"""Replace profanity with "[censored]", whole words only.

The old site matched bad words anywhere in the text (and across spaces), so "if your people"
became "i[censored]r people". Here a word is looked up whole: obfuscations are undone only
inside one word-like chunk (leetspeak, stretched letters, separators, masks), never across
a space, and never inside a longer clean word.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache
from importlib import resources

CENSORED = "[censored]"

_CHUNK = re.compile(r"\S+")
# Single letters spaced out: "f u c k".
_SPACED = re.compile(r"(?<!\S)[A-Za-z](?: [A-Za-z]){2,19}(?!\S)")
_EDGE = "\"'()[]{}<>,;:?.!…\u201c\u201d\u2018\u2019«»`~-_*/\\|"
_PART_SPLIT = re.compile(r"[^\w$@!*#%|\u0900-\u097f]+")
_LEET = {
    "0": "o",
    "1": "il",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "il",
    "|": "il",
    "+": "t",
    "€": "e",
}
_INNER_SEPARATORS = frozenset(".-_'`~,")
_MASKS = frozenset("*#%")
_MODEL_NAME = re.compile(r"[a-z]+\d+")  # A55, S23: trailing digits are not leetspeak
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_MAX_VARIANTS = 16


def _fold_devanagari(word: str) -> str:
    word = unicodedata.normalize("NFC", word)
    word = word.replace("\u093c", "").replace("\u0901", "\u0902")
    return "".join(ch for ch in word if ch not in "\u200c\u200d")


def _runs(word: str) -> tuple[str, tuple[int, ...]]:
    groups = [(ch, len(list(g))) for ch, g in itertools.groupby(word)]
    return "".join(ch for ch, _ in groups), tuple(n for _, n in groups)


@cache
def _lexicon() -> tuple[dict[str, list[tuple[int, ...]]], dict[int, list[str]], frozenset[str]]:
    """Bad words by their letters with repeats squeezed, by length for masked words, and the
    ones that are also names."""
    by_squeezed: dict[str, list[tuple[int, ...]]] = {}
    by_length: dict[int, list[str]] = {}
    names: set[str] = set()
    data = resources.files(__package__) / "data"
    for name in ("profanity_en.txt", "profanity_hi.txt", "profanity_hinglish.txt"):
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            word = line.split("#", 1)[0].strip().lower()
            if not word:
                continue
            if word.endswith("~"):
                word = word.removesuffix("~").strip()
                names.add(word)
            word = _fold_devanagari(word)
            squeezed, counts = _runs(word)
            by_squeezed.setdefault(squeezed, []).append(counts)
            by_length.setdefault(len(word), []).append(word)
    return by_squeezed, by_length, frozenset(names)


def _known(word: str) -> bool:
    """A bad word, possibly with letters stretched ("fuuuck"), but never shortened ("as")."""
    squeezed, counts = _runs(word)
    for wanted in _lexicon()[0].get(squeezed, ()):
        if all(have >= need for have, need in zip(counts, wanted, strict=True)):
            return True
    return False


def _masked(word: str) -> bool:
    letters = sum(ch != "?" for ch in word)
    if letters < 2 or letters * 2 < len(word):
        return False
    for candidate in _lexicon()[1].get(len(word), ()):
        if all(w in ("?", c) for w, c in zip(word, candidate, strict=True)):
            return True
    return False


def _latin_variants(chunk: str) -> list[str] | None:
    text = unicodedata.normalize("NFKD", chunk.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if _MODEL_NAME.fullmatch(text) or not any(ch.isalpha() for ch in text):
        return None
    options: list[str] = []
    for ch in text:
        if "a" <= ch <= "z":
            options.append(ch)
        elif ch in _LEET:
            options.append(_LEET[ch])
        elif ch in _MASKS:
            options.append("?")
        elif ch in _INNER_SEPARATORS:
            continue
        else:
            return None
    variants = [
        "".join(combo) for combo in itertools.islice(itertools.product(*options), _MAX_VARIANTS)
    ]
    return variants


@cache
def is_profane(chunk: str) -> bool:
    if _DEVANAGARI.search(chunk):
        return _known(_fold_devanagari(chunk))
    if chunk[:1].isupper() and chunk[1:].islower() and chunk.lower() in _lexicon()[2]:
        return False  # "Dick Smith", "Lund University"
    variants = _latin_variants(chunk)
    if not variants:
        return False
    return any(_masked(v) if "?" in v else _known(v) for v in variants)


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    # "$hit" and "@ss" start with leetspeak, so "$" and "@" are not edge punctuation.
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _profane_ranges(text: str) -> list[tuple[int, int]]:
    ranges = [
        (m.start(), m.end())
        for m in _SPACED.finditer(text)
        if is_profane(m.group().replace(" ", ""))
    ]
    for m in _CHUNK.finditer(text):
        if any(s <= m.start() < e for s, e in ranges):
            continue
        start, end = _strip_edges(text, m.start(), m.end())
        if start == end:
            continue
        if is_profane(text[start:end]):
            ranges.append((start, end))
            continue
        # Words glued by punctuation ("end.Fuck", "shit,fuck") are judged one by one.
        position = start
        for gap in [*_PART_SPLIT.finditer(text, start, end), None]:
            part_end = gap.start() if gap else end
            p_start, p_end = _strip_edges(text, position, part_end)
            whole = (p_start, p_end) == (start, end)
            if p_start < p_end and not whole and is_profane(text[p_start:p_end]):
                ranges.append((p_start, p_end))
            if gap:
                position = gap.end()
    return sorted(ranges)


def censor(text: str) -> str:
    """`text` with each profane word replaced by "[censored]"; clean text comes back unchanged."""
    parts: list[str] = []
    position = 0
    for start, end in _profane_ranges(text):
        parts.append(text[position:start])
        parts.append(CENSORED)
        position = end
    parts.append(text[position:])
    return "".join(parts)
