"""Precision and recall of personal data detection on the labelled sentences.

manage.py redaction_report            the table, overall and per kind
manage.py redaction_report --verbose  also every miss and false alarm
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from redressal.moderation.text.evaluation import evaluate, kinds_in, load_examples

ROW = "{:<14} {:>9} {:>10} {:>10} {:>8}"


class Command(BaseCommand):
    help = "Run the personal data detector over the labelled sentences and report its accuracy."

    def add_arguments(self, parser):
        parser.add_argument(
            "--verbose", action="store_true", help="List the misses and false alarms."
        )

    def handle(self, *args, verbose: bool = False, **options) -> None:
        examples = load_examples()
        score = evaluate(examples)
        out = self.stdout
        out.write(
            f"Personal data detection on {len(examples)} labelled sentences "
            f"({sum(1 for e in examples if not e.spans)} with nothing to find)."
        )
        out.write("A predicted span is right when it overlaps an expected span of the same kind.")
        out.write("")
        out.write(ROW.format("kind", "expected", "predicted", "precision", "recall"))
        for kind in [*kinds_in(score), None]:
            out.write(
                ROW.format(
                    kind or "overall",
                    score.expected[kind] if kind else score.expected.total(),
                    score.predicted[kind] if kind else score.predicted.total(),
                    f"{score.precision(kind):.3f}",
                    f"{score.recall(kind):.3f}",
                )
            )
        out.write("")
        out.write(f"Misses: {len(score.misses)}. False alarms: {len(score.false_alarms)}.")
        if verbose:
            for label, items in (("miss", score.misses), ("false alarm", score.false_alarms)):
                for example, span in items:
                    out.write(f"{label}: {span.kind} {span.text!r} in {example.text!r}")
