"""Real processes for the system tests: gunicorn app servers, the task worker, manage.py.

The app servers are bench/server.py's `Gunicorn`, started the same way the benchmark starts
them, with DEBUG off. Every process gets an environment built here from scratch for the run
(nothing from .env.example leaks in from the caller's shell).
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import os
import re
import secrets
import signal
import string
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from bench.server import Gunicorn, stop_process_group

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PYTHON = sys.executable


# --- Environment --------------------------------------------------------------------------


def settings_variables() -> set[str]:
    """Every variable .env.example lists, and its NAME_FILE form: none of them is inherited
    from the caller."""
    text = (ROOT / ".env.example").read_text()
    names = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))
    return names | {f"{name}_FILE" for name in names}


def random_secret(length: int = 50) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def server_environment(
    *,
    database_url: str,
    folder: Path,
    static_root: Path,
    cache_url: str = "",
    cache_prefix: str = "",
) -> dict[str, str]:
    """Production-like settings for one test's servers, worker and commands."""
    from cryptography.fernet import Fernet

    unset = settings_variables() | {"DJANGO_SETTINGS_MODULE"}
    env = {name: value for name, value in os.environ.items() if name not in unset}
    for name in ("media", "uploads", "mail"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    env.update(
        DEBUG="0",
        SECRET_KEY=random_secret(),
        ALLOWED_HOSTS=HOST,
        ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        SECURE_COOKIES="0",
        DATABASE_URL=database_url,
        TASKS_BACKEND="database",
        MEDIA_ROOT=str(folder / "media"),
        UPLOADS_ROOT=str(folder / "uploads"),
        EMAIL_FILE_PATH=str(folder / "mail"),
        SITE_URL=f"http://{HOST}:8000",
        LOG_LEVEL="INFO",
        DJANGO_SETTINGS_MODULE="systemtests.settings",
        SYSTEMTEST_STATIC_ROOT=str(static_root),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
    )
    if cache_url:
        env.update(CACHE_URL=cache_url, SYSTEMTEST_CACHE_PREFIX=cache_prefix)
    return env


# --- Commands -----------------------------------------------------------------------------


class Command:
    """A manage.py command running in the background; `wait()` gives its output."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.args = args
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed argv)
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait(self, timeout: float = 300) -> str:
        """The command's output, or an AssertionError carrying it."""
        try:
            stdout, stderr = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            stdout, stderr = self.process.communicate()
        if self.process.returncode:
            raise AssertionError(
                f"manage.py {' '.join(self.args)} exited with {self.process.returncode}:\n"
                f"{stdout}\n{stderr}"
            )
        return stdout


def manage(env: dict[str, str], *args: str) -> str:
    """Run a manage.py command; its output, or an AssertionError carrying it."""
    return Command(env, *args).wait()


def call(env: dict[str, str], function: str, **kwargs) -> object:
    """Run systemtests.data.<function>(**kwargs) in a Django process against the test's
    database; its JSON-able result. Setting up and inspecting, never the journey itself."""
    done = subprocess.run(  # noqa: S603 (our own interpreter, fixed argv)
        [PYTHON, "-m", "systemtests.data", function, json.dumps(kwargs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode:
        raise AssertionError(f"{function} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Processes ----------------------------------------------------------------------------


class Server(Gunicorn):
    """A gunicorn app server that can be killed and started again on the same port; each
    start writes a log of its own (with an access log), kept for the failure report."""

    def __init__(self, env: dict[str, str], folder: Path, *, name: str, workers: int, threads: int):
        super().__init__(env, folder / f"{name}.log", workers=workers, threads=threads, name=name)
        self.folder = folder
        self.starts = 0
        self.logs: list[Path] = []

    @property
    def command(self) -> list[str]:
        return [*super().command, "--access-logfile=-"]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 90.0) -> None:
        self.starts += 1
        self.log = self.folder / f"gunicorn-{self.name}-{self.starts}.log"
        self.logs.append(self.log)
        super().start(timeout)

    def kill(self) -> None:
        """SIGKILL the master and its workers at once, as the OOM killer or `kill -9` would,
        and wait until none of them is left."""
        group = self.process.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        self.process.wait()
        wait_for(lambda: not _group_alive(group), timeout=10, what=f"{self.name}'s processes")


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


class Worker:
    """`manage.py db_worker`, the task worker that sends the e-mails and indexes."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env = env
        self.log = folder / "db_worker.log"
        self.logs = [self.log]
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed argv)
                [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self) -> None:
        stop_process_group(self.process, timeout=15)


# --- Waiting ------------------------------------------------------------------------------


def wait_for[T](check: Callable[[], T], *, timeout: float, what: str, interval: float = 0.1) -> T:
    """Poll `check` until it returns something true; that value, or an AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout:.0f} s for {what}, in vain.")
        time.sleep(interval)


# --- E-mail -------------------------------------------------------------------------------

_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@dataclass
class Mail:
    to: str
    subject: str
    text: str


def read_mail(folder: Path) -> list[Mail]:
    """Every e-mail the file backend has finished writing to `folder` so far."""
    found = []
    for path in sorted(folder.iterdir()):
        # A message counts once the separator after it is written.
        *complete, _rest = path.read_bytes().split(_SEPARATOR)
        for raw in complete:
            message: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)
            body = message.get_body(preferencelist=("plain",))
            found.append(
                Mail(
                    to=str(message["To"]),
                    subject=str(message["Subject"]),
                    text=body.get_content() if body else "",
                )
            )
    return found


def wait_for_mail(folder: Path, *, to: str, subject: str, timeout: float = 30) -> Mail:
    """The first e-mail to `to` whose subject contains `subject`, once it is written."""

    def find() -> Mail | None:
        for mail in read_mail(folder):
            if mail.to == to and subject in mail.subject:
                return mail
        return None

    return wait_for(find, timeout=timeout, what=f"an e-mail to {to} about {subject!r}")
