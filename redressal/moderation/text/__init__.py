"""The text pipeline: personal data detection and redaction, and profanity censoring.

process(text)            -> ProcessedText(public_text, spans)   what services call
redact(text, extra_private=..., keep_public=...) -> Redaction(public_text, spans)
find_personal_data(text) -> list[Span(start, end, kind, text)]
censor(text)             -> str
"""

from __future__ import annotations

from .censor import CENSORED, censor
from .detectors import KINDS, Span, find_personal_data
from .redaction import MARKED, PROTECTED, ProcessedText, Redaction, process, redact

__all__ = [
    "CENSORED",
    "KINDS",
    "MARKED",
    "PROTECTED",
    "ProcessedText",
    "Redaction",
    "Span",
    "censor",
    "find_personal_data",
    "process",
    "redact",
]
