"""Settings come from environment variables, or from the files NAME_FILE names (secrets)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from redressal.core.env import env_bool, env_choice, env_int, env_list, env_str
from redressal.core.tests.settings_env import PRODUCTION, SETTINGS, settings_from

ROOT = SETTINGS.parents[1]


@pytest.fixture
def secret_file(tmp_path):
    def write(content: str | bytes, name: str = "secret") -> str:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return write


def test_a_variable_can_be_read_from_the_file_its_name_file_names(monkeypatch, secret_file):
    monkeypatch.delenv("SMTP_SECRET", raising=False)
    monkeypatch.setenv("SMTP_SECRET_FILE", secret_file("p@ss word \n"))
    # The trailing newline goes, everything else (a space included) is the secret.
    assert env_str("SMTP_SECRET") == "p@ss word "

    monkeypatch.setenv("SMTP_SECRET_FILE", secret_file("from windows\r\n"))
    assert env_str("SMTP_SECRET") == "from windows"


def test_every_reader_takes_a_file(monkeypatch, secret_file):
    monkeypatch.setenv("FLAG_FILE", secret_file("yes\n", "flag"))
    monkeypatch.setenv("COUNT_FILE", secret_file("42\n", "count"))
    monkeypatch.setenv("KEYS_FILE", secret_file("new-key\nold-key,older-key\n", "keys"))
    monkeypatch.setenv("KIND_FILE", secret_file("Database\n", "kind"))

    assert env_bool("FLAG") is True
    assert env_int("COUNT", 0) == 42
    assert env_list("KEYS") == ["new-key", "old-key", "older-key"]
    assert env_choice("KIND", {"database": "db", "immediate": "now"}, default="immediate") == "db"


def test_without_the_variable_or_its_file_the_default_holds(monkeypatch):
    for name in ("NOTHING", "NOTHING_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ALSO_NOTHING_FILE", "")

    assert env_str("NOTHING", "fallback") == "fallback"
    assert env_int("ALSO_NOTHING", 7) == 7


def test_setting_both_a_variable_and_its_file_is_refused(monkeypatch, secret_file):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("SECRET_KEY_FILE", secret_file("from-the-file"))

    with pytest.raises(ImproperlyConfigured, match="Set SECRET_KEY or SECRET_KEY_FILE, not both"):
        env_str("SECRET_KEY")


def test_an_empty_variable_left_from_env_example_gives_way_to_its_file(monkeypatch, secret_file):
    monkeypatch.setenv("SECRET_KEY", "")
    monkeypatch.setenv("SECRET_KEY_FILE", secret_file("from-the-file\n"))

    assert env_str("SECRET_KEY") == "from-the-file"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "No such file or directory"),
        ("", "is empty"),
        ("\n", "is empty"),
        (b"\xff\xfe\x00binary", "is not UTF-8 text"),
    ],
)
def test_a_file_that_cannot_give_a_value_is_refused_naming_the_variable(
    monkeypatch, tmp_path, secret_file, content, reason
):
    path = str(tmp_path / "missing") if content is None else secret_file(content)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL_FILE", path)

    refused = rf"^DATABASE_URL_FILE: '{re.escape(path)}' .*{reason}"
    with pytest.raises(ImproperlyConfigured, match=refused):
        env_str("DATABASE_URL", "sqlite:///fallback.sqlite3")


def test_production_settings_take_every_secret_from_files(secret_file):
    files = {
        "SECRET_KEY": "s" * 50,
        "ENCRYPTION_KEYS": "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE=\n"
        "b2xkZXIta2V5LXN0aWxsLWRlY3J5cHRzLW9sZC1yb3dz",
        "DATABASE_URL": "postgres://site:db-pass@db.internal:5432/redressal",
        "DATABASE_REPLICA_URL": "postgres://site:db-pass@replica.internal:5432/redressal",
        "CACHE_URL": "redis://:cache-pass@cache.internal:6379/0",
        "EMAIL_HOST_PASSWORD": "smtp-pass",
    }
    env = {k: v for k, v in PRODUCTION.items() if k not in files}
    env.update({f"{name}_FILE": secret_file(f"{value}\n", name) for name, value in files.items()})
    env["EMAIL_HOST"] = "smtp.example.org"

    s = settings_from(env)

    assert s["SECRET_KEY"] == "s" * 50
    assert s["ENCRYPTION_KEYS"] == [
        "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE=",
        "b2xkZXIta2V5LXN0aWxsLWRlY3J5cHRzLW9sZC1yb3dz",
    ]
    db, replica = s["DATABASES"]["default"], s["DATABASES"]["replica"]
    assert (db["HOST"], db["PASSWORD"], replica["HOST"]) == (
        "db.internal",
        "db-pass",
        "replica.internal",
    )
    assert s["CACHES"]["default"]["LOCATION"] == "redis://:cache-pass@cache.internal:6379/0"
    assert s["MAILERS"]["default"]["OPTIONS"]["password"] == "smtp-pass"


def test_production_refuses_to_start_when_a_secret_file_is_missing(tmp_path):
    env = {**PRODUCTION, "SECRET_KEY": "", "SECRET_KEY_FILE": str(tmp_path / "not-mounted")}

    with pytest.raises(ImproperlyConfigured, match=r"SECRET_KEY_FILE: .*not-mounted"):
        settings_from(env)


def test_every_variable_settings_read_is_listed_in_env_example():
    source = SETTINGS.read_text(encoding="utf-8")
    read = set(re.findall(r"\benv_\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", source))
    listed = set(
        re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )

    assert {"SECRET_KEY", "DATABASE_URL", "ENCRYPTION_KEYS"} <= read
    assert read - listed == set()
