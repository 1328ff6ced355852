"""Precision and recall of the personal data detector on the labelled sentences.

Matching is span-level: a predicted span is correct when it overlaps an expected span of the
same kind, and an expected span is found when some predicted span of its kind overlaps it.
Overlap rather than exact offsets, because what matters is that the item is hidden, and
"+91 98200 12345" versus "98200 12345" is a difference of taste, not of privacy.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources

from .detectors import KINDS, Span, find_personal_data


@dataclass(frozen=True, slots=True)
class Example:
    lang: str
    text: str
    spans: list[Span]


@dataclass(slots=True)
class Score:
    true_positives: Counter[str] = field(default_factory=Counter)  # predictions that are right
    predicted: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)  # expected spans that were found
    expected: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[Example, Span]] = field(default_factory=list)
    false_alarms: list[tuple[Example, Span]] = field(default_factory=list)

    def precision(self, kind: str | None = None) -> float:
        return _ratio(self.true_positives, self.predicted, kind)

    def recall(self, kind: str | None = None) -> float:
        return _ratio(self.found, self.expected, kind)


def _ratio(part: Counter[str], whole: Counter[str], kind: str | None) -> float:
    numerator = part[kind] if kind else part.total()
    denominator = whole[kind] if kind else whole.total()
    return numerator / denominator if denominator else 1.0


def load_examples() -> list[Example]:
    source = resources.files(__package__) / "labelled" / "personal_data.jsonl"
    examples = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text, spans, position = row["text"], [], 0
        for item in row["spans"]:
            start = text.index(item["text"], position)
            end = start + len(item["text"])
            spans.append(Span(start, end, item["kind"], item["text"]))
            position = end
        examples.append(Example(row["lang"], text, spans))
    return examples


def _overlaps(a: Span, b: Span) -> bool:
    return a.kind == b.kind and a.start < b.end and b.start < a.end


def evaluate(examples: list[Example]) -> Score:
    score = Score()
    for example in examples:
        predicted = find_personal_data(example.text)
        for span in predicted:
            score.predicted[span.kind] += 1
            if any(_overlaps(span, e) for e in example.spans):
                score.true_positives[span.kind] += 1
            else:
                score.false_alarms.append((example, span))
        for span in example.spans:
            score.expected[span.kind] += 1
            if any(_overlaps(span, p) for p in predicted):
                score.found[span.kind] += 1
            else:
                score.misses.append((example, span))
    return score


def kinds_in(score: Score) -> list[str]:
    seen = set(score.expected) | set(score.predicted)
    return [kind for kind in KINDS if kind in seen]
