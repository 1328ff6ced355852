"""A detection copy of a text, with a map from each of its characters back to the original.

People hide numbers from filters (and keyboards produce look-alikes by themselves):
zero-width characters, Devanagari or full-width digits, "O" for 0 and "l" for 1 inside a
run of digits. Detectors run on the normalised copy; every character of the copy keeps the
index of the original character it came from, so spans cover the original text exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Removed from the copy: they are invisible, so they only ever split a number in two.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff"
)
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")
_SPACES = frozenset(
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)

# Two digits on each side, so a GSTIN's "...1234O1Z5" or a model name keeps its letters.
_LOOKALIKE_IN_DIGITS = re.compile(r"(?<=\d\d)[OoIl]{1,2}(?=\d\d)")
_LOOKALIKE_DIGIT = str.maketrans("OoIl", "0011")
# A whole word of digits and a few look-alikes ("982O0l2345"): look-alikes side by side.
_LOOKALIKE_WORD = re.compile(r"(?<![A-Za-z0-9])[0-9OoIl]{8,}(?![A-Za-z0-9])")
_LOOKALIKES_IN_A_WORD_MAX = 3


def _digits_word(match: re.Match) -> str:
    word = match.group()
    lookalikes = sum(not ch.isdigit() for ch in word)
    if lookalikes <= _LOOKALIKES_IN_A_WORD_MAX and len(word) - lookalikes >= 6:
        return word.translate(_LOOKALIKE_DIGIT)
    return word


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    # offsets[i] is the index in the original text of text[i]; one extra entry at the end.
    offsets: list[int] | range

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end - 1] + 1


def _fold(ch: str) -> str:
    if ch in _INVISIBLE:
        return ""
    if ch in _DASHES:
        return "-"
    if ch in _SPACES:
        return " "
    if ch.isdecimal():
        return str(unicodedata.decimal(ch))
    if "\uff01" <= ch <= "\uff5e":  # full-width ASCII
        return chr(ord(ch) - 0xFEE0)
    return ch


def normalise(text: str) -> Normalised:
    if text.isascii():
        folded, offsets = text, range(len(text) + 1)
    else:
        chars: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(text):
            if ch.isascii():
                chars.append(ch)
                index.append(i)
                continue
            out = _fold(ch)
            if out:
                chars.append(out)
                index.append(i)
        index.append(len(text))
        folded, offsets = "".join(chars), index
    folded = _LOOKALIKE_IN_DIGITS.sub(lambda m: m.group().translate(_LOOKALIKE_DIGIT), folded)
    folded = _LOOKALIKE_WORD.sub(_digits_word, folded)
    return Normalised(folded, offsets)
