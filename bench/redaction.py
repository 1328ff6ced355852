"""Time the text pipeline on 100,000-character texts.

    .venv/bin/python bench/redaction.py

Texts: the labelled sentences repeated (realistic, dense in personal data), unbroken runs
of digits and separators (the worst case for the digit scanner: repeated, then random so no
cache helps), plain prose with no personal data at all, and one 100,000-letter word.
Timing lives here, not in the tests, which must not depend on the machine's speed.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redressal.settings")

from redressal.moderation.text import censor, find_personal_data, process
from redressal.moderation.text.evaluation import load_examples

SIZE = 100_000


def _texts() -> dict[str, str]:
    sentences = " ".join(example.text for example in load_examples())
    return {
        "labelled sentences": (sentences * (SIZE // len(sentences) + 1))[:SIZE],
        "digits and separators": ("98 2-0.0 1 " * SIZE)[:SIZE],
        "random spaced digits": " ".join(random.Random(1).choices("0123456789", k=SIZE))[:SIZE],
        "plain prose": ("The phone overheats and the service centre will not answer. " * 2000)[
            :SIZE
        ],
        "one long word": "a" * SIZE,
    }


def main() -> None:
    process("warm up 9820012345 f*ck")
    for name, text in _texts().items():
        for label, function in (
            ("find_personal_data", find_personal_data),
            ("censor", censor),
            ("process", process),
        ):
            best = min(_time(function, text) for _ in range(3))
            print(f"{name:<24} {label:<20} {len(text):>7,} chars {best * 1000:8.1f} ms")


def _time(function, text: str) -> float:
    start = time.perf_counter()
    function(text)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
