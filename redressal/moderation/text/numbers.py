"""Personal numbers made of digits only: phones, cards, IMEI, Aadhaar, bank accounts.

A "run" is digits joined by at most a couple of spaces, dots, dashes or brackets, which covers
the usual spellings ("+91 98200 12345", "(022) 2345 6789", "4111-1111-1111-1111") and the
spaced-out ones people use to slip past filters ("9 8 2 0 0 1 2 3 4 5"). A run is cut into
segments of consecutive digit groups, longest first, and each segment is classified by its
length, check digit, group shape and the keyword just before it.

Phone numbers are validated with `phonenumbers` on each candidate: running its
PhoneNumberMatcher over a whole 100,000-character text for three regions takes about half a
second, while runs of digits are cheap to find and few.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Set
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

from .checksums import luhn_valid, verhoeff_valid

_RUN = re.compile(
    r"(?<![A-Za-z0-9_,/])(?<!\d\.)\+?\(?\d++(?:[ .\-()/]{1,3}+\d++)*+(?![A-Za-z0-9]|[.,]\d)"
)
_DIGITS = re.compile(r"\d+")
_MAX_DIGITS = 19  # the longest card number; nothing longer is classified
_FILLER = (
    r"(?:\s{0,3}(?:no\.?|nos?|number|num|#|is|was|:|-|=|नंबर|संख्या|क्रमांक|है)){0,4}+"
    r"\s{0,3}[:#.\-=]?\s{0,3}(?=[+(]?\d)"
)
# Each context is found once per text; a number has that context when one ends where it starts.
_CONTEXTS = {
    "bank": re.compile(
        r"(?i)(?<![A-Za-z])(?:a/c\.?|acct\.?|account|acc|savings|खाता|खाते|खात्याचा)" + _FILLER
    ),
    "imei": re.compile(r"(?i)(?<![A-Za-z])imei(?:\s?[12])?" + _FILLER),
    "phone": re.compile(
        r"(?i)(?<![A-Za-z])(?:phone|mobile|mob|cell|call|contact|tel|landline|whatsapp|ph|"
        r"फ़ोन|फोन|मोबाइल|कॉल)" + _FILLER
    ),
}

# "call9820012345": glued to the word before it, which the run pattern does not allow.
_GLUED_PHONE = re.compile(
    r"(?i)(?<![A-Za-z])(?:call|phone|mobile|mob|ph|whatsapp|contact|no)(?P<number>[6-9]\d{9})(?!\d)"
)

# Published customer-care numbers are the company's, not a person's.
_COMPANY_TYPES = frozenset(
    {
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
    }
)
_REGIONS = ("IN", "US", "GB")
_COMPANY = "company"


@lru_cache(maxsize=4096)
def _phone_kind(candidate: str) -> str | None:
    for region in _REGIONS:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if len(phonenumbers.national_significant_number(number)) < 9:
            continue
        if phonenumbers.is_valid_number(number):
            if phonenumbers.number_type(number) in _COMPANY_TYPES:
                return _COMPANY
            return "phone"
        # With its country code written out it is meant as a phone number, even one the
        # metadata does not know yet (or a fictional range such as the UK's 07700 900xxx).
        if candidate.startswith("+") and phonenumbers.is_possible_number(number):
            return "phone"
    return None


def _phone_shaped(digits: str, plus: bool) -> bool:
    """Cheap test before phonenumbers: national (0...), Indian, US and UK shapes only."""
    n = len(digits)
    if plus:
        return 10 <= n <= 15
    if n == 10:
        return True
    if n == 11:
        return digits[0] in "01"
    return n == 12 and digits.startswith(("91", "44"))


def _shape_ok(sizes: list[int], allowed: tuple[tuple[int, ...], ...]) -> bool:
    if len(sizes) == 1 or all(size <= 2 for size in sizes):
        return True
    return tuple(sizes) in allowed


_CARD_SHAPES = ((4, 4, 4, 4), (4, 6, 5), (4, 6, 4), (4, 4, 4, 4, 3), (4, 4, 4, 3), (4, 4, 4, 1))
_IMEI_SHAPES = ((2, 6, 6, 1), (8, 6, 1), (8, 7), (6, 2, 6, 1), (5, 5, 5))
_AADHAAR_SHAPES = ((4, 4, 4),)


def _classify(digits: str, sizes: list[int], plus: bool, context: Set[str]) -> str | None:
    n = len(digits)
    if 9 <= n <= 18 and "bank" in context:
        return "bank_account"
    if n == 15 and "imei" in context and luhn_valid(digits):
        return "imei"
    if 13 <= n <= 19 and not plus:
        if n == 15 and not digits.startswith(("34", "37")):
            if _shape_ok(sizes, _IMEI_SHAPES) and luhn_valid(digits):
                return "imei"
        elif digits[0] in "234568" and _shape_ok(sizes, _CARD_SHAPES) and luhn_valid(digits):
            return "card"
    # "91" + a mobile number is a phone with its country code, not an Aadhaar number.
    mobile_with_code = digits.startswith("91") and digits[2] in "6789"
    if (
        n == 12
        and not plus
        and not mobile_with_code
        and digits[0] in "23456789"
        and _shape_ok(sizes, _AADHAAR_SHAPES)
        and verhoeff_valid(digits)
    ):
        return "aadhaar"
    if _phone_shaped(digits, plus):
        return _phone_kind(("+" if plus else "") + digits)
    if n == 8 and "phone" in context:
        return "phone"
    return None


def find_numbers(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, kind) for each personal number in an already normalised text."""
    contexts: dict[int, set[str]] = {}
    for name, pattern in _CONTEXTS.items():
        for m in pattern.finditer(text):
            contexts.setdefault(m.end(), set()).add(name)
    for m in _GLUED_PHONE.finditer(text):
        yield m.start("number"), m.end("number"), "phone"
    for run in _RUN.finditer(text):
        groups = [(m.start(), m.end()) for m in _DIGITS.finditer(text, run.start(), run.end())]
        if sum(end - start for start, end in groups) >= 8:
            yield from _segment(text, _Run(run.start(), groups), contexts)


class _Run:
    """Digit groups of one run, with the run's digits and where each group starts in them."""

    def __init__(self, start: int, groups: list[tuple[int, int]]) -> None:
        self.start = start
        self.groups = groups
        self.sizes = [end - begin for begin, end in groups]
        self.offsets = list(itertools.accumulate(self.sizes, initial=0))


def _segment(text: str, run: _Run, contexts: dict[int, set[str]]) -> Iterator[tuple[int, int, str]]:
    digits = "".join(text[begin:end] for begin, end in run.groups)
    i = 0
    while i < len(run.groups):
        found = _longest_from(text, digits, run, i, contexts)
        if found is None:
            i += 1
            continue
        j, start, end, kind = found
        if kind != _COMPANY:
            yield start, end, kind
        i = j + 1


def _longest_from(
    text: str, digits: str, run: _Run, i: int, contexts: dict[int, set[str]]
) -> tuple[int, int, int, str] | None:
    offsets = run.offsets
    last = bisect.bisect_right(offsets, offsets[i] + _MAX_DIGITS) - 1  # groups i..last-1 fit
    # A leading "+" or "(" belongs to the first number of the run.
    start = run.start if i == 0 else run.groups[i][0]
    plus = text[start] == "+"
    context = contexts.get(start, frozenset())
    for j in range(last - 1, i - 1, -1):
        if offsets[j + 1] - offsets[i] < 8:
            return None
        part = digits[offsets[i] : offsets[j + 1]]
        kind = _classify(part, run.sizes[i : j + 1], plus, context)
        if kind is not None:
            return j, start, run.groups[j][1], kind
    return None
