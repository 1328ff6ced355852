"""Logs are JSON lines that name the request they belong to."""

from __future__ import annotations

import json
import logging

import pytest

from redressal.core.logs import JsonFormatter, RequestIdFilter, request_id

pytestmark = pytest.mark.django_db


def test_each_response_names_its_request(client):
    first = client.get("/-/ok")["X-Request-ID"]
    second = client.get("/-/ok")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_load_balancers_id_is_kept_and_a_strange_one_replaced(client):
    assert client.get("/-/ok", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    odd = client.get("/-/ok", HTTP_X_REQUEST_ID='x"\n<script>')["X-Request-ID"]
    assert odd != 'x"\n<script>' and len(odd) == 32


def _line(record: logging.LogRecord) -> dict:
    RequestIdFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_a_record_is_one_json_object_with_the_request_id_and_extras():
    token = request_id.set("req-0001abcd")
    try:
        record = logging.LogRecord(
            "redressal.x", logging.WARNING, "f.py", 1, "Hi %s", ("you",), None
        )
        record.complaint_id = 42
        entry = _line(record)
    finally:
        request_id.reset(token)
    assert entry["message"] == "Hi you"
    assert entry["level"] == "WARNING" and entry["logger"] == "redressal.x"
    assert entry["request_id"] == "req-0001abcd"
    assert entry["complaint_id"] == 42
    assert entry["time"].endswith("+00:00")


def test_an_exception_is_kept_in_the_line():
    try:
        raise ValueError("broken")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, "f.py", 1, "failed", (), sys.exc_info())
    entry = _line(record)
    assert "ValueError: broken" in entry["exception"]
    assert entry["request_id"] is None
