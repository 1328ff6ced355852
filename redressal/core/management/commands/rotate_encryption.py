"""Re-encrypt every private value with the first key of ENCRYPTION_KEYS.

Rotate a key: put the new key first in ENCRYPTION_KEYS (keep the old one after it), deploy,
run this command, then drop the old key.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from redressal.core.crypto import EncryptedTextField


def encrypted_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field.name


class Command(BaseCommand):
    help = "Re-encrypt private values with the newest key in ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        total = 0
        for model, name in encrypted_fields():
            count = 0
            rows = model.objects.exclude(**{name: ""}).values_list("pk", name)
            for pk, plain in rows.iterator(chunk_size=1000):
                with transaction.atomic():
                    # Saving the decrypted value encrypts it again with the first key.
                    model.objects.filter(pk=pk).update(**{name: plain})
                count += 1
            self.stdout.write(f"{model._meta.label}.{name}: {count} re-encrypted")
            total += count
        self.stdout.write(self.style.SUCCESS(f"Done: {total} values now use the newest key."))
