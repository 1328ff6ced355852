"""Test settings: fast hashing, uploads in a temporary folder."""

from __future__ import annotations

import shutil
import tempfile

import pytest


def pytest_configure(config):
    from django.conf import settings
    from django.test.signals import setting_changed

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Forms posted straight from tests come back at once; the wait is tested on its own.
    settings.MIN_FORM_FILL_SECONDS = 0
    # Each view and token use is written at once, so tests read them straight after a request.
    settings.VIEW_COUNT_BATCH = 1
    settings.TOKEN_USE_BATCH = 1
    # Tests change rows straight from factories, which no page cache could know about; the
    # cache's own tests switch it on and change things through the services.
    settings.COMPANY_PAGE_CACHE = False
    settings.PAGE_STAMP_SECONDS = 0
    # Tasks run at once after commit; tests of scheduled tasks switch to the database backend.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="redressal-test-media-")
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="redressal-test-static-")
    settings.UPLOADS_ROOT = tempfile.mkdtemp(prefix="redressal-test-uploads-")
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {**settings.STORAGES["uploads"], "OPTIONS": {"location": settings.UPLOADS_ROOT}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_unconfigure(config):
    from django.conf import settings

    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.STATIC_ROOT, ignore_errors=True)
    shutil.rmtree(settings.UPLOADS_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    from redressal.core import stored_sql

    stored_sql.forget()
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


class StillClock:
    """Stands in for the `time` module of redressal.core.ratelimit: it says `now` until a
    test moves it."""

    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def still_clock(monkeypatch) -> StillClock:
    """Rate-limit windows are aligned on the clock, so a test counting attempts against one
    would fail whenever it straddled a window's end: the limits' clock stands still here,
    five minutes into a day (and into every window of 10 minutes or a day)."""
    import time

    from redressal.core import ratelimit

    clock = StillClock(time.time() // 86400 * 86400 + 300)
    monkeypatch.setattr(ratelimit, "time", clock)
    return clock


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; CI installs it, laptops may not have it."""
    import os

    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests need {CHROMIUM} (apt-get install chromium).")
        pytest.skip(f"Browser tests need {CHROMIUM} (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()
