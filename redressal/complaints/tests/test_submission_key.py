"""The same submission sent twice files one complaint: API retries and double-clicked forms."""

from __future__ import annotations

import pytest

from redressal.accounts.tests.factories import UserFactory
from redressal.api.tests.conftest import client_for
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import services
from redressal.complaints.forms import ComplaintForm
from redressal.complaints.models import Complaint
from redressal.core.antispam import human_check_data
from redressal.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(name="Zenvo Mobiles", slug="zenvo-mobiles")


def _file(author, company, key, **fields):
    return services.file_complaint(
        author=author,
        company=company,
        title=fields.get("title", "Refund not received"),
        body=fields.get("body", "I returned the phone on 2 March and I am still waiting."),
        submission_key=key,
    )


def test_filing_again_with_the_same_key_returns_the_first_complaint(company):
    author = UserFactory()
    first = _file(author, company, "key-0001-abcd")
    again = _file(author, company, "key-0001-abcd", title="Something else entirely")
    assert again.pk == first.pk and again.replayed and not first.replayed
    assert Complaint.objects.count() == 1
    # Another person's key is theirs alone; a new key files a new complaint.
    other = _file(UserFactory(), company, "key-0001-abcd")
    assert other.pk != first.pk
    assert _file(author, company, "key-0002-abcd", title="Screen cracked", body="New text.").pk


@pytest.mark.parametrize("key", ["short", "x" * 65, "has space in it", "semi;colon;key"])
def test_a_malformed_key_is_refused(company, key):
    with pytest.raises(DomainError) as refused:
        _file(UserFactory(), company, key)
    assert refused.value.field == "submission_key"
    assert not Complaint.objects.exists()


def test_an_api_retry_answers_with_the_complaint_already_filed(company):
    api = client_for(UserFactory())
    payload = {"company": "zenvo-mobiles", "title": "Refund not received", "body": "Still waiting."}
    headers = {"Idempotency-Key": "retry-7f3a9c1d"}
    api.headers.update(headers)
    first = api.post("/complaints", payload)
    again = api.post("/complaints", payload)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Complaint.objects.count() == 1
    api.headers["Idempotency-Key"] = "no"
    refused = api.post("/complaints", payload)
    assert refused.status_code == 400
    assert "submission_key" in refused.json()["errors"]


def test_the_form_sent_twice_makes_one_draft(client, company):
    client.force_login(UserFactory())
    form = client.get("/complaints/new/").content.decode()
    assert 'name="submission_key"' in form
    data = {
        "company": "Zenvo Mobiles",
        "kind": "complaint",
        "title": "Refund not received",
        "body": "I returned the phone on 2 March and I am still waiting.",
        "agree_terms": "on",
        "submission_key": "form-5d1e2f3a4b",
        **human_check_data(ComplaintForm),
    }
    first = client.post("/complaints/new/", data)
    second = client.post("/complaints/new/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Complaint.objects.count() == 1
    # A key that is not one of ours is dropped, not shown as an error.
    data.update(submission_key="<bad>", title="Screen cracked", body="A different text here.")
    assert client.post("/complaints/new/", data).status_code == 302
    assert Complaint.objects.count() == 2
