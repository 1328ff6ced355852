"""With a replica, reads go there unless they must see the latest write."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from redressal.complaints.models import Complaint
from redressal.core.db_router import PIN_COOKIE, PrimaryAfterWriteMiddleware, ReplicaRouter

router = ReplicaRouter()


@pytest.fixture
def with_replica():
    with override_settings(READ_REPLICA=True):
        yield


def _reads_from(request) -> tuple[str, HttpResponse]:
    seen = {}

    def view(request):
        seen["db"] = router.db_for_read(Complaint)
        return HttpResponse("ok")

    response = PrimaryAfterWriteMiddleware(view)(request)
    return seen["db"], response


def test_without_a_replica_everything_uses_the_primary():
    assert router.db_for_read(Complaint) == "default"
    assert router.db_for_write(Complaint) == "default"


@pytest.mark.usefixtures("with_replica")
def test_plain_reads_go_to_the_replica_and_writes_never_do():
    db, response = _reads_from(RequestFactory().get("/companies/"))
    assert db == "replica"
    assert PIN_COOKIE not in response.cookies
    assert router.db_for_write(Complaint) == "default"
    assert router.allow_migrate("replica", "complaints") is False


@pytest.mark.usefixtures("with_replica")
@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary():
    with transaction.atomic():
        assert router.db_for_read(Complaint) == "default"


@pytest.mark.usefixtures("with_replica")
def test_a_writing_request_and_the_next_few_seconds_read_the_primary():
    db, response = _reads_from(RequestFactory().post("/complaints/1/comments/"))
    assert db == "default"
    pinned = response.cookies[PIN_COOKIE]
    assert pinned["max-age"] == 10 and pinned["httponly"]
    after = RequestFactory().get("/complaints/1/")
    after.COOKIES[PIN_COOKIE] = "1"
    assert _reads_from(after)[0] == "default"
