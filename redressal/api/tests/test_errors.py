from __future__ import annotations

import pytest
from django.test import override_settings

from redressal.api.tests.conftest import ApiClient, assert_error
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_invalid_json_is_a_400_in_the_one_shape(as_author):
    body = assert_error(as_author.post("/complaints", raw=b'{"title": '), 400)
    assert "JSON" in body["detail"]


def test_a_missing_body_or_a_body_of_the_wrong_type_is_422(as_author):
    assert_error(as_author.post("/complaints"), 422, "body")
    assert_error(as_author.post("/complaints", raw=b"[1, 2]"), 422)
    assert_error(as_author.post("/complaints", raw=b'"text"'), 422)


def test_validation_errors_have_a_message_per_field(as_author):
    body = assert_error(
        as_author.post("/complaints", {"company": ["x"], "title": "x" * 200, "draft": "maybe"}),
        422,
        "company",
        "title",
        "body",
        "draft",
    )
    assert body["errors"]["body"] == ["This field is required."]
    assert "company" in body["detail"]


def test_text_with_nul_or_lone_surrogates_is_refused(as_author):
    CompanyFactory(slug="zenvo")
    raw = b'{"company": "zenvo", "title": "T", "body": "bad \\ud800 text"}'
    assert_error(as_author.post("/complaints", raw=raw), 422, "body")
    assert_error(ApiClient().get("/companies/lookup", q="\x00"), 422, "q")
    assert not Complaint.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_oversized_body_is_413(as_author):
    CompanyFactory(slug="zenvo")
    new = {"company": "zenvo", "title": "T", "body": "x" * 5000}
    assert_error(as_author.post("/complaints", new), 413)


def test_unknown_addresses_are_json_404s():
    assert_error(ApiClient().get("/nowhere"), 404)
    assert_error(ApiClient().post("/companies/x/y/z"), 404)


def test_the_schema_and_docs_are_served():
    client = ApiClient().client
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Redressal API"
    assert schema["info"]["version"] == "1"
    assert "/api/v1/complaints/{complaint_id}/helpful" in schema["paths"]
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_every_operation_has_its_own_input_and_output_schemas():
    schema = ApiClient().client.get("/api/v1/openapi.json").json()
    seen_in, seen_out = {}, {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            name = f"{method.upper()} {path}"
            for status, response in operation["responses"].items():
                ref = response.get("content", {}).get("application/json", {}).get("schema", {})
                ref = ref.get("$ref")
                if ref and status.startswith("2"):
                    assert ref not in seen_out, f"{name} shares {ref} with {seen_out.get(ref)}"
                    seen_out[ref] = name
            body = operation.get("requestBody", {}).get("content", {})
            for content in body.values():
                ref = content["schema"].get("$ref")
                if ref:
                    assert ref not in seen_in, f"{name} shares {ref} with {seen_in.get(ref)}"
                    seen_in[ref] = name
