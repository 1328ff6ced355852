"""The project's settings, changed only where the benchmark needs it.

- The benchmark collects static files into a temporary folder of its own (BENCH_STATIC_ROOT)
  so that it never touches the project's `staticfiles/`.
- Every run keeps its cache entries (page copies, rate-limit counts) under a prefix of its own
  (BENCH_CACHE_PREFIX), so a shared Redis never serves one dataset's pages for another's.
- Rate limits are raised far above what a run sends: the benchmark files complaints, votes
  and comments from one address and a few hundred accounts, which the real limits would turn
  into 429s. The checks still run (and still count in the cache), they just never refuse.
"""

from __future__ import annotations

import os

from redressal.settings import *  # noqa: F403
from redressal.settings import CACHES

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

if prefix := os.environ.get("BENCH_CACHE_PREFIX"):
    CACHES["default"]["KEY_PREFIX"] = prefix

# One window per action, far out of reach (the project's own rules are in
# redressal/core/ratelimit.py; an action missing here would keep them).
_ACTIONS = (
    "post", "comment", "vote", "report", "login", "signup", "password_reset", "preview",
    "claim_email",
)  # fmt: skip
RATE_LIMITS = {
    action: [{"seconds": 600, "per_user": 10_000_000, "per_ip": 10_000_000}] for action in _ACTIONS
}
