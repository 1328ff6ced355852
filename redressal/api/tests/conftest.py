from __future__ import annotations

import json

import pytest
from django.test import Client

from redressal.accounts.tests.factories import UserFactory
from redressal.api import services

API = "/api/v1"


class ApiClient:
    """Calls /api/v1/ as a token holder (or anonymously) and speaks JSON."""

    def __init__(self, token: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, body=None, *, raw: bytes | None = None, **params):
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        query = params.pop("query", None)
        return self.client.generic(
            method,
            API + path,
            data=data,
            content_type="application/json",
            headers=self.headers,
            QUERY_STRING="&".join(f"{k}={v}" for k, v in (query or {}).items()),
        )

    def get(self, path: str, **query):
        return self.client.get(API + path, query, headers=self.headers)

    def post(self, path: str, body=None, **kwargs):
        return self.request("POST", path, body, **kwargs)

    def patch(self, path: str, body=None, **kwargs):
        return self.request("PATCH", path, body, **kwargs)

    def put(self, path: str, body=None, **kwargs):
        return self.request("PUT", path, body, **kwargs)

    def delete(self, path: str, body=None, **kwargs):
        return self.request("DELETE", path, body, **kwargs)


def client_for(user) -> ApiClient:
    _, secret = services.create_token(user=user, name="tests")
    return ApiClient(secret)


@pytest.fixture
def anonymous(db):
    return ApiClient()


@pytest.fixture
def author(db):
    return UserFactory(username="asha", email="asha@example.com", city="Pune", state="Maharashtra")


@pytest.fixture
def as_author(author):
    return client_for(author)


@pytest.fixture
def stranger(db):
    return UserFactory(username="ravi", email="ravi@example.com")


@pytest.fixture
def as_stranger(stranger):
    return client_for(stranger)


@pytest.fixture
def moderator(db):
    return UserFactory(username="mod", is_staff=True)


@pytest.fixture
def as_moderator(moderator):
    return client_for(moderator)


def assert_error(response, status: int, *fields: str) -> dict:
    """The one error shape: a detail always, field errors when fields are at fault."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert set(body) <= {"detail", "errors"}
    if fields:
        assert set(body["errors"]) == set(fields), body
        for messages in body["errors"].values():
            assert messages and all(isinstance(m, str) and m for m in messages)
    return body
