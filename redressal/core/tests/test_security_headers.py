"""Production settings pass Django's deployment checks; every page carries a strict CSP."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.tests.factories import CommentFactory

ROOT = Path(__file__).resolve().parents[3]


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-" + "x7Q" * 12,
        "ALLOWED_HOSTS": "complaints.example.org",
        "ENCRYPTION_KEYS": "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE=",
        "EMAIL_HOST": "smtp.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    for leftover in ("SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(leftover, None)  # the browser tests set the latter for their own process
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.django_db
def test_pages_carry_the_policy_and_no_inline_script(client):
    complaint = ComplaintFactory()
    CommentFactory(complaint=complaint)
    for url in (
        "/",
        "/companies/",
        complaint.company.get_absolute_url(),
        complaint.get_absolute_url(),
        "/search/?q=refund",
        "/accounts/login/",
        "/complaints/new/",
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        for directive in (
            "default-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ):
            assert directive in policy, (url, directive)
        assert re.search(r"script-src 'self'( 'nonce-[^']+')?;", policy), policy
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "nonce=" in tag, (url, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), url
        assert "javascript:" not in html
