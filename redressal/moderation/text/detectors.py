"""Find personal data in free text: the pattern-shaped kinds, and the merge of all detectors.

Every pattern is bounded and anchored on a token start, so a 100,000-character text is one
linear pass per pattern (no nested open-ended quantifiers, hence no catastrophic backtracking).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .checksums import gstin_valid
from .normalise import normalise
from .numbers import find_numbers

KINDS = (
    "phone",
    "email",
    "card",
    "imei",
    "bank_account",
    "upi",
    "aadhaar",
    "pan",
    "gstin",
    "ssn",
    "reference",
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    text: str


_EMAIL = re.compile(
    r"(?<![\w.+%-])[\w.+%-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,4}"
    r"\.[A-Za-z]{2,24}(?![\w@-])"
)
_EMAIL_SPELLED = re.compile(
    r"(?i)(?<![\w.+-])[\w.+-]{1,64}\s?[\[(]\s?at\s?[\])]\s?[a-z0-9-]{1,63}"
    r"(?:\s?[\[(]\s?dot\s?[\])]\s?[a-z]{2,24}){1,3}"
)
# A UPI handle has no dot after the "@": ravi.k@okaxis, 9820012345@paytm.
_UPI = re.compile(r"(?<![\w.+%-])[\w.-]{2,64}@[A-Za-z][A-Za-z0-9]{1,20}(?![\w@-]|\.[A-Za-z0-9])")
_PAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{3}[PCHFATBLJGpchfatbljg][A-Za-z]\d{4}[A-Za-z](?![A-Za-z0-9])"
)
_GSTIN = re.compile(r"(?i)(?<![A-Za-z0-9])\d{2}[A-Z]{5}\d{4}[A-Z][0-9A-Z]Z[0-9A-Z](?![A-Za-z0-9])")
_SSN = re.compile(r"(?<![\d-])(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])")
_SSN_SPELLED = re.compile(
    r"(?i)(?<![A-Za-z])(?:ssn|social security(?: number| no\.?)?)\s*(?:is|:|#)?\s*"
    r"(?P<code>(?!000|666|9)\d{3}[ .]?\d{2}[ .]?\d{4})(?!\d)"
)

_STRONG_KEYWORDS = (
    r"order|orders|invoice|inv|bill|txn|transaction|trans|utr|ref|reference|tracking|awb|"
    r"consignment|shipment|serial|s/n|sn|complaint|ticket|sr|case|booking|pnr|policy|claim|"
    r"docket|request|req|job\s?sheet|job\s?card|token|"
    r"ऑर्डर|आर्डर|शिकायत|संदर्भ|टिकट|बुकिंग|पॉलिसी|ट्रैकिंग|इनवॉइस|बिल|तक्रार|"
    r"অর্ডার|অভিযোগ|ஆர்டர்|புகார்"
)
_WEAK_KEYWORDS = r"नंबर|क्रमांक|संख्या|নম্বর|எண்"
_KEYWORD_FILLER = (
    r"(?:\s{0,3}(?:id|no\.?|nos?|number|num|#|is|was|details|code|:|-|=|"
    r"नंबर|नं\.?|संख्या|क्रमांक|आईडी|है|নম্বর|எண்)){0,4}+"
)
_CODE = r"(?P<code>[A-Za-z0-9](?:[A-Za-z0-9]|[-/](?=[A-Za-z0-9])|(?<=\d) (?=\d{3})){5,39}+)"
_REFERENCE = re.compile(
    rf"(?i)(?<![A-Za-z\u0900-\u097f])(?:(?P<strong>{_STRONG_KEYWORDS})|(?P<weak>{_WEAK_KEYWORDS}))"
    rf"{_KEYWORD_FILLER}\s{{0,3}}[:#.\-=]?\s{{0,3}}{_CODE}(?![A-Za-z0-9])"
)
_REFERENCE_SHAPED = re.compile(
    r"(?<![A-Za-z0-9-])(?:[A-Z]{2,5}\d{8,20}[A-Z0-9]{0,4}|\d{3}-\d{7}-\d{7})(?![A-Za-z0-9-])"
)
_PNR = re.compile(
    r"(?i)(?<![A-Za-z])pnr(?:\s*(?:no\.?|number|is|:))*\s*(?P<code>[A-Z0-9]{6})(?![A-Za-z0-9])"
)
_DATE_OR_TIME = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d{2}")

# When two findings overlap, the lower rank wins: a check digit or an explicit keyword says
# more than a shape does.
_RANK = {
    "email": 0,
    "upi": 1,
    "gstin": 2,
    "card": 3,
    "imei": 4,
    "aadhaar": 5,
    "pan": 6,
    "ssn": 7,
    "bank_account": 8,
    "reference:strong": 9,
    "phone": 10,
    "reference:weak": 11,
    "reference:shape": 12,
}


def _reference_code_ok(code: str) -> bool:
    digits = sum(ch.isdigit() for ch in code)
    return digits >= 4 and len(code) >= 6 and not _DATE_OR_TIME.fullmatch(code)


def _find_patterns(text: str) -> Iterator[tuple[int, int, str]]:
    for pattern in (_EMAIL, _EMAIL_SPELLED):
        for m in pattern.finditer(text):
            yield m.start(), m.end(), "email"
    for m in _UPI.finditer(text):
        yield m.start(), m.end(), "upi"
    for m in _PAN.finditer(text):
        if m.group().isupper() or m.group().islower():
            yield m.start(), m.end(), "pan"
    for m in _GSTIN.finditer(text):
        if gstin_valid(m.group()):
            yield m.start(), m.end(), "gstin"
    for m in _SSN.finditer(text):
        yield m.start(), m.end(), "ssn"
    for m in _SSN_SPELLED.finditer(text):
        yield m.start("code"), m.end("code"), "ssn"
    for m in _REFERENCE.finditer(text):
        if _reference_code_ok(m.group("code")):
            strength = "strong" if m.group("strong") else "weak"
            yield m.start("code"), m.end("code"), f"reference:{strength}"
    for m in _PNR.finditer(text):
        code = m.group("code")
        if code.isupper() or any(ch.isdigit() for ch in code):
            yield m.start("code"), m.end("code"), "reference:strong"
    for m in _REFERENCE_SHAPED.finditer(text):
        yield m.start(), m.end(), "reference:shape"


def find_personal_data(text: str) -> list[Span]:
    """Spans of personal data in `text`, in order, not overlapping, on the original offsets."""
    norm = normalise(text)
    found = [*_find_patterns(norm.text), *find_numbers(norm.text)]
    found.sort(key=lambda f: (_RANK[f[2]], f[0] - f[1], f[0]))
    # Accepted spans never overlap, so sorted by start they are sorted by end too: one
    # bisection finds the only neighbours a new span could overlap.
    starts: list[int] = []
    ends: list[int] = []
    spans: list[Span] = []
    for start, end, kind in found:
        i = bisect.bisect_right(starts, start)
        if (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        o_start, o_end = norm.original_span(start, end)
        spans.append(Span(o_start, o_end, kind.split(":")[0], text[o_start:o_end]))
    spans.sort(key=lambda s: s.start)
    return spans
