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

import re
from collections.abc import Iterator
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


def _classify(digits: str, sizes: list[int], plus: bool, context: frozenset[str]) -> str | None:
    n = len(digits)
    if 9 <= n <= 18 and "bank" in context:
        return "bank_account"
    if n == 15 and "imei" in context and luhn_valid(digits):
        return "imei"
    if 13 <= n <= 19 and not plus and luhn_valid(digits):
        if n == 15 and not digits.startswith(("34", "37")):
            return "imei" if _shape_ok(sizes, _IMEI_SHAPES) else None
        if digits[0] in "234568" and _shape_ok(sizes, _CARD_SHAPES):
            return "card"
    # "91" + a mobile number is a phone with its country code, not an Aadhaar number.
    mobile_with_code = digits.startswith("91") and digits[2] in "6789"
    if (
        n == 12
        and not plus
        and not mobile_with_code
        and digits[0] in "23456789"
        and verhoeff_valid(digits)
        and _shape_ok(sizes, _AADHAAR_SHAPES)
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
    for run in _RUN.finditer(text):
        groups = [(m.start(), m.end()) for m in _DIGITS.finditer(text, run.start(), run.end())]
        if sum(end - start for start, end in groups) < 8:
            continue
        yield from _segment(text, groups, run.start(), contexts)


def _segment(
    text: str, groups: list[tuple[int, int]], run_start: int, contexts: dict[int, set[str]]
) -> Iterator[tuple[int, int, str]]:
    i = 0
    while i < len(groups):
        found = _longest_from(text, groups, i, run_start, contexts)
        if found is None:
            i += 1
            continue
        j, start, end, kind = found
        if kind != _COMPANY:
            yield start, end, kind
        i = j + 1


def _longest_from(
    text: str,
    groups: list[tuple[int, int]],
    i: int,
    run_start: int,
    contexts: dict[int, set[str]],
) -> tuple[int, int, int, str] | None:
    total, last = 0, i
    while last < len(groups) and total + groups[last][1] - groups[last][0] <= _MAX_DIGITS:
        total += groups[last][1] - groups[last][0]
        last += 1
    # A leading "+" or "(" belongs to the first number of the run.
    start = run_start if i == 0 else groups[i][0]
    plus = text[start] == "+"
    context = frozenset(contexts.get(start, ()))
    for j in range(last - 1, i - 1, -1):
        part = groups[i : j + 1]
        digits = "".join(text[s:e] for s, e in part)
        if len(digits) < 8:
            return None
        kind = _classify(digits, [e - s for s, e in part], plus, context)
        if kind is not None:
            return j, start, groups[j][1], kind
    return None
