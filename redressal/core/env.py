"""Typed readers for environment variables that fail loudly on a bad value.

Every variable may instead be given as `<NAME>_FILE=/path/to/file`, the way Docker and
Kubernetes hand secrets to a container: the file's content is the value, its trailing newline
dropped. One reader serves every variable, so a secret never depends on someone remembering
which settings accept a file.
"""

from __future__ import annotations

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    """The variable's value, from NAME or from the file NAME_FILE names; None if neither is set.

    An empty NAME beside NAME_FILE counts as unset: an env file copied from .env.example keeps
    `SECRET_KEY=` while the real key comes from SECRET_KEY_FILE.
    """
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE", "")
    if not path:
        return value
    if value:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
    try:
        with open(path, encoding="utf-8") as f:
            content = f.read()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"{name}_FILE: {path!r} cannot be read ({exc.strerror or exc})."
        ) from None
    except UnicodeDecodeError:
        raise ImproperlyConfigured(f"{name}_FILE: {path!r} is not UTF-8 text.") from None
    content = content.rstrip("\r\n")
    if not content:
        # An empty secret is a mount that went wrong, not a choice: refuse rather than fall
        # back to a development default (DATABASE_URL would quietly mean a local SQLite file).
        raise ImproperlyConfigured(f"{name}_FILE: {path!r} is empty.")
    return content


def env_str(name: str, default: str = "") -> str:
    raw = _raw(name)
    return default if raw is None else raw


def env_bool(name: str, default: bool = False) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int) -> int:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Comma-separated items; in a NAME_FILE, one a line works too."""
    raw = _raw(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in re.split(r"[,\n]", raw) if item.strip()]


def env_choice(name: str, choices: dict[str, str], default: str) -> str:
    """The value `choices` maps the variable's name to, e.g. a backend path for "database"."""
    raw = (_raw(name) or "").strip().lower() or default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {raw!r}")
    return choices[raw]
