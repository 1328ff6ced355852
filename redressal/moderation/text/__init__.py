"""The text pipeline: personal data detection and redaction, and profanity censoring.

protect(text, private=, public=) -> Protected(public, original, spans)   what services call
process(text)            -> ProcessedText(public_text, spans)
redact(text, extra_private=..., keep_public=...) -> Redaction(public_text, spans)
find_personal_data(text) -> list[Span(start, end, kind, text)]
censor(text)             -> str
"""

from __future__ import annotations

from .censor import CENSORED, censor
from .detectors import KINDS, Span, find_personal_data
from .redaction import (
    KIND_LABELS,
    MARKED,
    PHRASE_MAX,
    PHRASES_MAX,
    PROTECTED,
    ProcessedText,
    Protected,
    Redaction,
    choices_behind,
    occurrences,
    process,
    protect,
    redact,
)

__all__ = [
    "CENSORED",
    "KINDS",
    "KIND_LABELS",
    "MARKED",
    "PHRASES_MAX",
    "PHRASE_MAX",
    "PROTECTED",
    "ProcessedText",
    "Protected",
    "Redaction",
    "Span",
    "censor",
    "choices_behind",
    "find_personal_data",
    "occurrences",
    "process",
    "protect",
    "redact",
]
