"""Public text from what people submit: personal data replaced, profanity censored."""

from __future__ import annotations

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
