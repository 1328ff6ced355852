"""Generated requests against every operation in the OpenAPI schema: none may get a 5xx."""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from redressal.accounts.tests.factories import UserFactory
from redressal.api import services
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.tests.factories import CommentFactory
from redressal.wsgi import application

# Status codes seen, printed at the end of the module (run with -s to see how many cases ran).
SEEN: Counter[int] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_cases():
    yield
    print(f"\nschemathesis: {SEEN.total()} cases, statuses {dict(sorted(SEEN.items()))}")


@pytest.fixture
def token(db, settings):
    # Let writes reach the services instead of stopping at the rate limits.
    settings.RATE_LIMITS_ENABLED = False
    # The WSGI handler would close the test's connection, and its transaction, around each call.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    user = UserFactory()
    company = CompanyFactory(slug="zenvo")
    complaint = ComplaintFactory(company=company, author=user)
    ComplaintFactory(company=company)
    CommentFactory(complaint=complaint)
    _, secret = services.create_token(user=user, name="schemathesis")
    yield secret
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Reading the schema needs no database, so it is loaded when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_generated_request_gets_a_server_error(case, token):
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error]
    )
    SEEN[response.status_code] += 1
