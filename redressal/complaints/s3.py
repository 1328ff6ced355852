"""Photos in an S3-compatible bucket (MEDIA_STORAGE=s3, UPLOADS_STORAGE=s3; see settings.py).

One bucket, two prefixes: media/ holds the re-encoded photos and thumbnails, public through a
bucket policy that names that prefix alone; uploads/ holds what people sent, waiting for the
worker, and nothing grants it to anyone. Imported only when a storage is configured for S3, so
a site on the local disk never loads boto3.
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from redressal.complaints.images import Unserved, served_as


class PublicS3Storage(S3Storage):
    """Processed photos: public, at MEDIA_URL (`base_url`) followed by the photo's name.

    Each object is written with the headers a browser needs to show it safely: its exact type,
    inline only for the JPEGs the photo task makes, and the storage's Cache-Control.
    """

    def get_default_settings(self):
        return {**super().get_default_settings(), "base_url": None}

    def get_object_parameters(self, name):
        content_type, disposition = served_as(name)
        return {
            **super().get_object_parameters(name),
            "ContentType": content_type,
            "ContentDisposition": disposition,
        }

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.base_url:
            return super().url(name, parameters, expire, http_method)
        # The same address every time (like FileSystemStorage), so pages can be stored.
        return urljoin(self.base_url, filepath_to_uri(clean_name(name)).lstrip("/"))


class UnservedS3Storage(Unserved, S3Storage):
    """Uploads waiting for their task, readable by every worker, never by the public."""
