"""The project's settings, unchanged but for where static files are collected.

The benchmark collects static files into a temporary folder of its own (BENCH_STATIC_ROOT) so
that it never touches the project's `staticfiles/`.
"""

from __future__ import annotations

import os

from redressal.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
