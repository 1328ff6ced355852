"""Read settings.py afresh under a given environment, as a new process would at start."""

from __future__ import annotations

import os
import runpy
from pathlib import Path
from unittest import mock

from django.conf import settings

SETTINGS = Path(settings.BASE_DIR) / "redressal" / "settings.py"

# What production refuses to start without; tests add what they are about.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-" + "x7Q" * 12,
    "ALLOWED_HOSTS": "complaints.example.org",
    "ENCRYPTION_KEYS": "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE=",
}


def settings_from(env: dict[str, str]) -> dict:
    """The module-level names settings.py defines with exactly `env` set."""
    with mock.patch.dict(os.environ, env, clear=True):
        return runpy.run_path(str(SETTINGS))
