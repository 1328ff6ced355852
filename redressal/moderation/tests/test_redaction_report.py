from __future__ import annotations

import io
import re

from django.core.management import call_command

from redressal.moderation.text.evaluation import evaluate, load_examples


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("redaction_report", *args, stdout=out)
    return out.getvalue()


def test_report_prints_a_row_per_kind_and_an_overall_row():
    output = run()
    assert re.search(r"^kind\s+expected\s+predicted\s+precision\s+recall$", output, re.M)
    for kind in ("phone", "email", "card", "imei", "aadhaar", "reference", "overall"):
        assert re.search(rf"^{kind}\s+\d+\s+\d+\s+[01]\.\d{{3}}\s+[01]\.\d{{3}}$", output, re.M)
    assert re.search(r"^Misses: \d+\. False alarms: \d+\.$", output, re.M)


def test_verbose_report_lists_each_miss_and_false_alarm():
    score = evaluate(load_examples())
    output = run("--verbose")
    listed = re.findall(r"^(?:miss|false alarm): ", output, re.M)
    assert len(listed) == len(score.misses) + len(score.false_alarms)


def test_labelled_set_is_large_and_covers_both_sides():
    examples = load_examples()
    assert len(examples) >= 200
    assert sum(1 for e in examples if not e.spans) >= 80
    assert {e.lang for e in examples} >= {"en", "hi", "hin", "mr", "ta", "bn"}


def test_detector_meets_the_quality_bar_on_the_labelled_set():
    score = evaluate(load_examples())
    assert score.recall() >= 0.98
    assert score.precision() >= 0.95
