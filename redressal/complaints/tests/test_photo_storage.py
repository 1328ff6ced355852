"""Photos in an S3-compatible bucket (MEDIA_STORAGE=s3), against moto's in-process S3.

The storages are the ones settings.py builds from the environment, so these tests cover the
variables as an operator sets them, down to the objects and headers in the bucket.
"""

from __future__ import annotations

import io
from unittest import mock

import boto3
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from moto import mock_aws
from PIL import Image

from redressal.complaints import services
from redressal.complaints.models import Photo
from redressal.complaints.tasks import UNEXPECTED
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.core.tests.settings_env import PRODUCTION, settings_from
from redressal.tests_support import committed, png_bytes

pytestmark = pytest.mark.django_db

BUCKET = "redressal-photos"
MEDIA_URL = "https://media.example.org/"
CACHED = "public, max-age=31536000, immutable"
# The public-read grants S3 knows; the bucket policy in docs/operations.md names media/* alone.
PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture
def s3_env(tmp_path):
    secret = tmp_path / "s3-secret"
    secret.write_text("moto-secret\n")
    return {
        **PRODUCTION,
        "MEDIA_STORAGE": "s3",
        "MEDIA_URL": MEDIA_URL,
        "S3_BUCKET": BUCKET,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "moto-key",
        "S3_SECRET_ACCESS_KEY_FILE": str(secret),
    }


@pytest.fixture
def bucket(s3_env):
    """The site's storages pointed at an empty bucket, as settings.py builds them from `s3_env`."""
    built = settings_from(s3_env)["STORAGES"]
    with mock_aws():
        s3 = boto3.client(
            "s3",
            region_name="us-east-1",
            aws_access_key_id="moto-key",
            aws_secret_access_key="moto-secret",
        )
        s3.create_bucket(Bucket=BUCKET)
        with override_settings(
            STORAGES={**settings.STORAGES, "default": built["default"], "uploads": built["uploads"]}
        ):
            # The upload field took its storage when the model was defined.
            field = Photo._meta.get_field("upload")
            with mock.patch.object(field, "storage", storages["uploads"]):
                yield s3


@pytest.fixture
def post():
    return ComplaintFactory(title="Charger melted")


def _keys(s3) -> set[str]:
    return {o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def _attach_waiting(post, capture) -> tuple[Photo, list]:
    """Attach a photo and hold back its task: the upload waits in storage."""
    png = SimpleUploadedFile("IMG_0001.png", png_bytes((640, 480)), content_type="image/png")
    with capture() as waiting:
        photo = services.attach_photo(complaint=post, author=post.author, image=png)
    return photo, waiting


def _run(waiting) -> None:
    with committed():
        for callback in waiting:
            callback()


def test_a_processed_photo_is_public_in_the_bucket_with_headers_that_keep_it_an_image(
    bucket, post, client, django_capture_on_commit_callbacks
):
    photo, waiting = _attach_waiting(post, django_capture_on_commit_callbacks)
    assert _keys(bucket) == {f"uploads/{photo.upload.name}"}

    _run(waiting)

    photo.refresh_from_db()
    assert photo.state == Photo.State.READY
    image, thumb = f"media/{photo.image.name}", f"media/{photo.thumbnail.name}"
    assert _keys(bucket) == {image, thumb}  # the upload is gone
    for key, size in ((image, (640, 480)), (thumb, (480, 360))):
        stored = bucket.get_object(Bucket=BUCKET, Key=key)
        assert (stored["ContentType"], stored["ContentDisposition"]) == ("image/jpeg", "inline")
        assert stored["CacheControl"] == CACHED
        im = Image.open(io.BytesIO(stored["Body"].read()))
        assert (im.format, im.size) == ("JPEG", size)
    # The public address is MEDIA_URL and the name: the media/ prefix, through the CDN.
    assert photo.image.url == f"{MEDIA_URL}{photo.image.name}"
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'href="{MEDIA_URL}{photo.image.name}"' in page
    assert f'src="{MEDIA_URL}{photo.thumbnail.name}"' in page


def test_the_upload_waits_in_the_bucket_where_no_policy_or_acl_makes_it_public(
    bucket, post, django_capture_on_commit_callbacks
):
    photo, _ = _attach_waiting(post, django_capture_on_commit_callbacks)
    key = f"uploads/{photo.upload.name}"

    assert not key.startswith("media/")
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI") in PUBLIC_GROUPS]
    assert "IMG_0001" not in key  # the sender's file name is not kept
    with pytest.raises(ValueError, match="never served"):
        photo.upload.url  # noqa: B018


def test_a_photo_whose_upload_is_gone_from_the_bucket_fails_with_a_reason(
    bucket, post, django_capture_on_commit_callbacks
):
    photo, waiting = _attach_waiting(post, django_capture_on_commit_callbacks)
    bucket.delete_object(Bucket=BUCKET, Key=f"uploads/{photo.upload.name}")

    _run(waiting)

    photo.refresh_from_db()
    assert (photo.state, photo.failure_reason) == (Photo.State.FAILED, UNEXPECTED)


@pytest.mark.parametrize("name", ["notes/page.html", "notes/map.svg", "notes/photo.png"])
def test_anything_but_the_tasks_jpegs_is_stored_as_a_download(bucket, name):
    saved = default_storage.save(name, ContentFile(b"<svg onload='alert(1)'/>"))

    stored = bucket.head_object(Bucket=BUCKET, Key=f"media/{saved}")
    assert (stored["ContentType"], stored["ContentDisposition"]) == (
        "application/octet-stream",
        "attachment",
    )


def test_uploads_can_have_a_bucket_of_their_own_or_stay_on_a_shared_disk(s3_env):
    apart = settings_from({**s3_env, "S3_UPLOADS_BUCKET": "redressal-waiting"})["STORAGES"]
    assert apart["default"]["OPTIONS"]["bucket_name"] == BUCKET
    assert apart["uploads"]["OPTIONS"]["bucket_name"] == "redressal-waiting"

    on_disk = settings_from(
        {**s3_env, "UPLOADS_STORAGE": "filesystem", "UPLOADS_ROOT": "/srv/shared/uploads"}
    )["STORAGES"]
    assert on_disk["uploads"] == {
        "BACKEND": "redressal.complaints.images.UnservedStorage",
        "OPTIONS": {"location": mock.ANY},
    }
    assert str(on_disk["uploads"]["OPTIONS"]["location"]) == "/srv/shared/uploads"


def test_a_minio_bucket_is_reached_at_its_own_endpoint(s3_env):
    s = settings_from(
        {
            **s3_env,
            "S3_ENDPOINT_URL": "http://minio.internal:9000",
            "S3_ADDRESSING_STYLE": "path",
            "MEDIA_URL": "https://files.example.org/redressal-photos/media/",
        }
    )

    for alias in ("default", "uploads"):
        options = s["STORAGES"][alias]["OPTIONS"]
        assert options["endpoint_url"] == "http://minio.internal:9000"
        assert options["addressing_style"] == "path"
        assert (options["access_key"], options["secret_key"]) == ("moto-key", "moto-secret")
    assert "https://files.example.org" in s["SECURE_CSP"]["img-src"]
    assert s["SERVE_MEDIA"] is False


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"S3_BUCKET": ""}, "MEDIA_STORAGE=s3 needs S3_BUCKET"),
        ({"MEDIA_URL": ""}, "MEDIA_STORAGE=s3 needs MEDIA_URL"),
        ({"MEDIA_URL": "/media/"}, "MEDIA_STORAGE=s3 needs MEDIA_URL"),
        ({"SERVE_MEDIA": "1"}, "with MEDIA_STORAGE=s3 leave it off"),
        ({"S3_SECRET_ACCESS_KEY": "in-both-places"}, "S3_SECRET_ACCESS_KEY or .*_FILE, not both"),
        (
            {"MEDIA_STORAGE": "filesystem", "UPLOADS_STORAGE": "s3", "S3_BUCKET": ""},
            "UPLOADS_STORAGE=s3 needs S3_UPLOADS_BUCKET or S3_BUCKET",
        ),
        ({"MEDIA_STORAGE": "bucket"}, "MEDIA_STORAGE must be one of filesystem, s3"),
    ],
)
def test_settings_refuse_an_incomplete_bucket_configuration(s3_env, change, refusal):
    with pytest.raises(ImproperlyConfigured, match=refusal):
        settings_from({**s3_env, **change})
