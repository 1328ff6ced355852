from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from redressal.complaints.models import Complaint
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.core import crypto


@pytest.fixture
def keys(settings):
    def use(*new_keys):
        settings.ENCRYPTION_KEYS = list(new_keys)
        crypto.reset_keys()

    yield use
    crypto.reset_keys()


def _stored(complaint) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT private_details FROM complaints_complaint WHERE id = %s", [complaint.pk]
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_private_details_are_stored_encrypted_and_read_back_plain(keys):
    keys(Fernet.generate_key().decode())
    complaint = ComplaintFactory(private_details="Order OD4512; phone 98200 12345")
    assert _stored(complaint).startswith("fernet:")
    assert "98200" not in _stored(complaint)
    assert Complaint.objects.get(pk=complaint.pk).private_details == (
        "Order OD4512; phone 98200 12345"
    )


@pytest.mark.django_db
def test_empty_private_details_stay_empty(keys):
    keys(Fernet.generate_key().decode())
    assert _stored(ComplaintFactory(private_details="")) == ""


@pytest.mark.django_db
def test_a_new_key_first_still_reads_old_rows_and_rotation_moves_them(keys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    keys(old)
    complaint = ComplaintFactory(private_details="IMEI 490154203237518")
    keys(new, old)
    assert Complaint.objects.get(pk=complaint.pk).private_details == "IMEI 490154203237518"

    call_command("rotate_encryption", stdout=io.StringIO())

    keys(new)
    assert Complaint.objects.get(pk=complaint.pk).private_details == "IMEI 490154203237518"


@pytest.mark.django_db
def test_a_row_no_key_can_open_is_an_error_not_plain_text(keys):
    keys(Fernet.generate_key().decode())
    complaint = ComplaintFactory(private_details="secret")
    keys(Fernet.generate_key().decode())
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        Complaint.objects.get(pk=complaint.pk)


def test_missing_keys_refuse_rather_than_store_plain_text(keys):
    keys()
    with pytest.raises(ImproperlyConfigured, match="never stored unencrypted"):
        crypto.encrypt("98200 12345")


def test_production_settings_refuse_to_start_without_a_key():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "s" * 50,
        "ALLOWED_HOSTS": "example.org",
        "ENCRYPTION_KEYS": "",
        "DJANGO_SETTINGS_MODULE": "redressal.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set ENCRYPTION_KEYS" in result.stderr
