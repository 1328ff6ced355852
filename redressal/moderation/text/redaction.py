"""Public text from what people submit: personal data replaced, profanity censored."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .censor import censor
from .detectors import Span, find_personal_data

PROTECTED = "[protected]"
# The kind of a span the author marked private by hand.
MARKED = "marked"


@dataclass(frozen=True, slots=True)
class Redaction:
    public_text: str
    # On the original text's offsets, so the private original can be shown to those allowed.
    spans: list[Span]


@dataclass(frozen=True, slots=True)
class ProcessedText:
    public_text: str
    spans: list[Span]


def _overlaps(span: Span, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(span.start < end and start < span.end for start, end in ranges)


def redact(
    text: str,
    *,
    extra_private: Iterable[tuple[int, int]] = (),
    keep_public: Iterable[tuple[int, int]] = (),
) -> Redaction:
    """Replace each personal item with "[protected]".

    `extra_private` adds ranges the author marked private; `keep_public` drops every detected
    span it overlaps (the author unmarked a false alarm). Ranges are offsets into `text`.
    """
    keep = list(keep_public)
    spans = [s for s in find_personal_data(text) if not _overlaps(s, keep)]
    for start, end in extra_private:
        start, end = max(0, start), min(len(text), end)
        if start < end:
            spans.append(Span(start, end, MARKED, text[start:end]))
    spans = _merge(spans, text)
    parts: list[str] = []
    position = 0
    for span in spans:
        parts.append(text[position : span.start])
        parts.append(PROTECTED)
        position = span.end
    parts.append(text[position:])
    return Redaction("".join(parts), spans)


def _merge(spans: list[Span], text: str) -> list[Span]:
    """Overlapping spans become one, keeping the first one's kind."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            end = max(last.end, span.end)
            merged[-1] = Span(last.start, end, last.kind, text[last.start : end])
        else:
            merged.append(span)
    return merged


def process(
    text: str,
    *,
    extra_private: Iterable[tuple[int, int]] = (),
    keep_public: Iterable[tuple[int, int]] = (),
) -> ProcessedText:
    """What every piece of submitted text goes through before the public sees it."""
    redaction = redact(text, extra_private=extra_private, keep_public=keep_public)
    return ProcessedText(censor(redaction.public_text), redaction.spans)


# What a person may pass when marking text private or public: a few short phrases.
PHRASES_MAX = 20
PHRASE_MAX = 200

KIND_LABELS = {
    "phone": "phone number",
    "email": "e-mail address",
    "card": "payment card number",
    "imei": "IMEI",
    "bank_account": "bank account number",
    "upi": "UPI handle",
    "aadhaar": "Aadhaar number",
    "pan": "PAN",
    "gstin": "GSTIN",
    "ssn": "social security number",
    "reference": "order or reference number",
    MARKED: "marked private by the author",
}


def occurrences(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    """Where each phrase appears in `text`, ignoring case."""
    ranges = []
    for phrase in phrases:
        phrase = phrase.strip()
        if phrase:
            ranges.extend(m.span() for m in re.finditer(re.escape(phrase), text, re.IGNORECASE))
    return ranges


@dataclass(frozen=True, slots=True)
class Protected:
    """A submitted text ready to store: the public text, and the original when it differs."""

    public: str
    original: str
    spans: list[Span]

    def spans_data(self) -> list[list]:
        """The spans as stored beside the original: [[start, end, kind], ...]."""
        return [[span.start, span.end, span.kind] for span in self.spans]


def protect(text: str, *, private: Iterable[str] = (), public: Iterable[str] = ()) -> Protected:
    """Run the pipeline on what a person typed.

    `private` are phrases the author wants hidden although nothing flagged them; `public`
    are phrases the author says were flagged by mistake.
    """
    processed = process(
        text, extra_private=occurrences(text, private), keep_public=occurrences(text, public)
    )
    original = text if processed.public_text != text else ""
    return Protected(processed.public_text, original, processed.spans)


def choices_behind(original: str, spans: Iterable) -> tuple[list[str], list[str]]:
    """The author's earlier choices, recovered from a stored original and its spans.

    Edits re-run the pipeline on the new text; the phrases the author marked private stay
    private, and the ones they said were not personal stay public.
    """
    stored = {(start, end) for start, end, _kind in spans}
    private = sorted({original[start:end] for start, end, kind in spans if kind == MARKED})
    public = sorted(
        {
            span.text
            for span in find_personal_data(original)
            if not any(span.start < end and start < span.end for start, end in stored)
        }
    )
    return private, public
