"""The project's settings, changed only where a system test run needs a place of its own.

- Static files are collected into the run's temporary folder (SYSTEMTEST_STATIC_ROOT), never
  into the project's `staticfiles/`: the servers run with DEBUG off, as in production, and so
  read the manifest that `collectstatic` writes.
- The run's cache entries (rate-limit counts and the like) carry a prefix of their own
  (SYSTEMTEST_CACHE_PREFIX) in the shared Redis, removed when the test ends.

Everything else, rate limits and spam checks included, is what production runs.
"""

from __future__ import annotations

import os

from redressal.settings import *  # noqa: F403
from redressal.settings import CACHES

STATIC_ROOT = os.environ["SYSTEMTEST_STATIC_ROOT"]

if prefix := os.environ.get("SYSTEMTEST_CACHE_PREFIX"):
    CACHES["default"]["KEY_PREFIX"] = prefix
