"""Photos are decoded and re-encoded by a task, not in the request that uploads them.

Most tests here use the database task backend, so what waits for the worker can be seen
before `worker()` runs it; the rest of the suite runs tasks at once, at commit.
"""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.views.static import serve
from django_tasks_db.models import DBTaskResult
from PIL import ExifTags, Image

from redressal.accounts.tests.factories import UserFactory
from redressal.api.tests.conftest import ApiClient, client_for
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import images, services
from redressal.complaints.counters import recount
from redressal.complaints.forms import ComplaintForm
from redressal.complaints.models import Complaint, Photo
from redressal.complaints.tasks import process_photo
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.core.antispam import human_check_data
from redressal.discussion import services as discussion
from redressal.tests_support import committed, jpeg_bytes, png_bytes

pytestmark = pytest.mark.django_db

READY, PROCESSING, FAILED = Photo.State.READY, Photo.State.PROCESSING, Photo.State.FAILED


@pytest.fixture
def database_tasks():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


@pytest.fixture
def worker(django_capture_on_commit_callbacks):
    """Run the tasks waiting in the database, as `manage.py db_worker` does."""

    def run():
        # The worker closes connections outside autocommit: that would end the test's
        # transaction on PostgreSQL.
        with (
            mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command("db_worker", batch=True, reload=False, startup_delay=False)

    return run


@pytest.fixture
def company():
    return CompanyFactory(name="Zenvo Mobiles", slug="zenvo")


@pytest.fixture
def post(company):
    return ComplaintFactory(company=company, title="Charger melted")


def _png(name="box.png", size=(64, 48)):
    return SimpleUploadedFile(name, png_bytes(size), content_type="image/png")


def _cut_short(name="cut.jpg"):
    # The header is whole, so the request accepts it; the pixels are not, so decoding fails.
    whole = jpeg_bytes((400, 300))
    return SimpleUploadedFile(name, whole[: len(whole) // 2], content_type="image/jpeg")


def _with_location() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.0)}
    )
    out = io.BytesIO()
    Image.new("RGB", (900, 600), "orange").save(out, "JPEG", exif=exif, comment=b"12 Home Street")
    return SimpleUploadedFile("IMG_0001.jpg", out.getvalue(), content_type="image/jpeg")


def _attach(post, image, **kwargs) -> Photo:
    return services.attach_photo(complaint=post, author=post.author, image=image, **kwargs)


def _unserved():
    return Photo._meta.get_field("upload").storage


def _form(**overrides):
    return {
        "company": "Zenvo Mobiles",
        "kind": "complaint",
        "title": "Refund not received",
        "body": "I returned the phone on 2 March and I am still waiting for the refund.",
        "product": "Zenvo Note 8 Pro",
        "agree_terms": "on",
        **human_check_data(ComplaintForm),
        **overrides,
    }


# --- In the request -------------------------------------------------------------------------


@pytest.mark.usefixtures("database_tasks")
def test_filing_with_photos_does_not_decode_them_in_the_request(client, company):
    client.force_login(UserFactory())
    with (
        mock.patch.object(images, "_encode_jpeg") as encode,
        mock.patch.object(images, "process_upload") as process,
        mock.patch("PIL.ImageFile.ImageFile.load") as decode,
        committed(),
    ):
        response = client.post("/complaints/new/", _form(photos=[_png("a.png"), _png("b.png")]))

    assert response.status_code == 302
    assert not encode.called and not process.called and not decode.called
    draft = Complaint.objects.get()
    photos = list(draft.photos.all())
    assert [p.state for p in photos] == [PROCESSING, PROCESSING]
    assert all(
        not p.image and not p.thumbnail and _unserved().exists(p.upload.name) for p in photos
    )
    waiting = DBTaskResult.objects.filter(task_path=process_photo.module_path)
    assert sorted(r.args_kwargs["args"][0] for r in waiting) == sorted(p.pk for p in photos)
    assert draft.photos_count == 0


@pytest.mark.usefixtures("database_tasks")
def test_nothing_is_enqueued_unless_the_filing_commits(client, company):
    client.force_login(UserFactory())
    svg = SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml")
    with committed():
        response = client.post("/complaints/new/", _form(photos=[_png(), svg]))

    assert "is a web page or SVG drawing, not a photo we can accept" in response.content.decode()
    assert not Complaint.objects.exists() and not Photo.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.usefixtures("database_tasks")
def test_the_upload_waits_where_no_url_reaches_it(post, rf: RequestFactory):
    with committed():
        photo = _attach(post, _png())

    path = Path(_unserved().path(photo.upload.name)).resolve()
    assert path.is_file()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="never served"):
        photo.upload.url  # noqa: B018
    # Even where Django serves MEDIA_ROOT itself (SERVE_MEDIA), the name leads nowhere.
    with pytest.raises(Http404):
        serve(rf.get("/"), photo.upload.name, document_root=settings.MEDIA_ROOT)
    assert not photo.upload.name.endswith("box.png")  # the sender's file name is not kept


def test_settings_refuse_uploads_inside_the_served_media(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "MEDIA_ROOT": str(tmp_path),
        "UPLOADS_ROOT": str(tmp_path / "waiting"),
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
    assert "UPLOADS_ROOT must not be inside MEDIA_ROOT" in result.stderr


# --- The task -------------------------------------------------------------------------------


@pytest.mark.usefixtures("database_tasks")
def test_the_task_makes_a_ready_metadata_free_jpeg_and_thumbnail(post, company, worker):
    with committed():
        photo = _attach(post, _with_location(), caption="The melted plug")
    upload = photo.upload.name

    worker()

    photo.refresh_from_db()
    assert photo.state == READY and photo.failure_reason == ""
    assert (photo.width, photo.height) == (900, 600)
    assert photo.caption == "The melted plug"
    for stored, size in ((photo.image, (900, 600)), (photo.thumbnail, (480, 320))):
        with stored.open("rb") as f:
            raw = f.read()
        im = Image.open(io.BytesIO(raw))
        assert (im.format, im.size) == ("JPEG", size)
        assert not im.getexif() and b"Home Street" not in raw and b"Phone" not in raw
    assert not photo.upload and not _unserved().exists(upload)
    post.refresh_from_db()
    company.refresh_from_db()
    assert (post.photos_count, company.with_photos_count) == (1, 1)
    assert recount(dry_run=True).total == 0


@pytest.mark.usefixtures("database_tasks")
def test_a_photo_whose_decoding_fails_ends_failed_and_the_post_keeps_the_rest(
    post, company, worker
):
    with committed():
        good = _attach(post, _png())
        bad = _attach(post, _cut_short(), caption="The receipt")
        alone = ComplaintFactory(company=company)
        only_bad = _attach(alone, _cut_short())
    uploads = [bad.upload.name, only_bad.upload.name]

    worker()

    for photo in (good, bad, only_bad):
        photo.refresh_from_db()
    assert (good.state, bad.state, only_bad.state) == (READY, FAILED, FAILED)
    assert "damaged or incomplete" in bad.failure_reason
    assert bad.failure_reason.startswith("This photo ")
    assert not bad.image and not bad.upload
    assert not any(_unserved().exists(name) for name in uploads)
    post.refresh_from_db()
    alone.refresh_from_db()
    company.refresh_from_db()
    assert (post.photos_count, alone.photos_count) == (1, 0)
    assert company.with_photos_count == 1
    assert (post.title, post.visibility, alone.visibility) == (
        "Charger melted",
        "published",
        "published",
    )
    assert company.complaints_count == 2
    assert recount(dry_run=True).total == 0


def test_a_bomb_found_only_when_decoding_fails_the_photo(post, monkeypatch):
    # The header said it fit; the decoder found otherwise.
    def bomb(*args, **kwargs):
        raise Image.DecompressionBombError("too many pixels")

    upload = _png()
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", bomb)
    with committed():
        photo = _attach(post, upload)

    photo.refresh_from_db()
    assert photo.state == FAILED
    assert "at most 40 megapixels" in photo.failure_reason


@pytest.mark.usefixtures("database_tasks")
def test_running_the_task_twice_does_no_harm(post, company, worker):
    with committed():
        photo = _attach(post, _png())
    stale = Photo.objects.get(pk=photo.pk)  # read while it was processing

    worker()
    photo.refresh_from_db()
    image = photo.image.name
    assert process_photo.call(photo.pk) == READY
    # A run that decoded beside the first one and arrives second changes nothing either,
    # and leaves none of the files it wrote behind.
    processed = images.process_upload(_png())
    files_before = _media_files()
    with committed():
        assert services.finish_photo(photo=stale, processed=processed).state == READY
        assert services.fail_photo(photo=stale, reason="late").state == READY
    assert _media_files() == files_before

    photo.refresh_from_db()
    post.refresh_from_db()
    company.refresh_from_db()
    assert (photo.state, photo.image.name, photo.failure_reason) == (READY, image, "")
    assert (post.photos_count, company.with_photos_count) == (1, 1)
    assert process_photo.call(987654) == "gone"


def _media_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


@pytest.mark.usefixtures("database_tasks")
def test_finishing_a_photo_never_reads_its_image_back(post):
    """Width and height come from the task: with object storage, a read is a download."""
    with committed():
        photo = _attach(post, _png())
    assert photo.state == PROCESSING
    processed = images.process_upload(_png())
    storage = Photo._meta.get_field("image").storage

    with mock.patch.object(storage, "open", side_effect=AssertionError("read back")):
        done = services.finish_photo(photo=photo, processed=processed)

    assert (done.state, done.width, done.height) == (READY, processed.width, processed.height)
    assert done.image.name in {str(p.relative_to(settings.MEDIA_ROOT)) for p in _media_files()}


def test_failed_photos_free_their_place_in_the_ten(post):
    with committed():
        for _ in range(9):
            _attach(post, _png())
        _attach(post, _cut_short())
    with committed():
        last = _attach(post, _png())

    last.refresh_from_db()
    assert last.state == READY and last.position == 10
    assert post.photos.filter(state=FAILED).count() == 1


# --- What people see ------------------------------------------------------------------------


@pytest.mark.usefixtures("database_tasks")
def test_a_processing_photo_is_shown_only_to_its_author_until_it_is_ready(
    client, post, company, worker
):
    with committed():
        photo = _attach(post, _png(), caption="The box")

    public = client.get(post.get_absolute_url()).content.decode()
    listing = client.get(f"/companies/{company.slug}/").content.decode()
    api = ApiClient()
    assert "Processing photo" not in public and f'id="photo-{photo.pk}"' not in public
    assert "Charger melted" in listing and "photo-count" not in listing
    assert api.get(f"/complaints/{post.pk}").json()["photos"] == []
    assert api.get(f"/companies/{company.slug}/complaints").json()["items"][0]["photos"] == []
    search = client.get("/search/", {"q": "charger", "photos": "1"}).content.decode()
    assert "Charger melted" not in search

    client.force_login(post.author)
    own = client.get(post.get_absolute_url()).content.decode()
    assert "Processing photo…" in own and "Only you see this." in own
    mine = client_for(post.author).get(f"/complaints/{post.pk}").json()["photos"]
    assert [(p["id"], p["state"], p["url"]) for p in mine] == [(photo.pk, "processing", None)]

    worker()

    client.logout()
    public = client.get(post.get_absolute_url()).content.decode()
    listing = client.get(f"/companies/{company.slug}/").content.decode()
    assert f'id="photo-{photo.pk}"' in public and "Processing photo" not in public
    assert "+1 photo" in listing
    [shown] = api.get(f"/complaints/{post.pk}").json()["photos"]
    assert shown["state"] == "ready" and shown["url"].endswith(".jpg")


def test_a_failed_photo_is_explained_to_its_author_and_hidden_from_everyone_else(client, post):
    with committed():
        _attach(post, _cut_short())

    public = client.get(post.get_absolute_url())
    assert public.status_code == 200 and "could not be added" not in public.content.decode()
    assert ApiClient().get(f"/complaints/{post.pk}").json()["photos"] == []
    client.force_login(post.author)
    own = client.get(post.get_absolute_url()).content.decode()
    assert "This photo could not be added." in own and "damaged or incomplete" in own
    [mine] = client_for(post.author).get(f"/complaints/{post.pk}").json()["photos"]
    assert mine["state"] == "failed" and "damaged or incomplete" in mine["failure_reason"]


@pytest.mark.usefixtures("database_tasks")
def test_the_preview_captions_photos_still_processing_and_publishes(client, company, worker):
    author = UserFactory()
    client.force_login(author)
    with committed():
        response = client.post("/complaints/new/", _form(photos=[_png("a.png"), _png("b.png")]))
    draft = Complaint.objects.get()
    assert response["Location"] == f"/complaints/{draft.pk}/preview/"
    first, second = draft.photos.all()

    preview = client.get(response["Location"]).content.decode()
    assert preview.count("Processing photo…") == 2
    assert "Caption for photo 1" in preview and "Caption for photo 2" in preview
    with committed():
        published = client.post(
            response["Location"],
            {f"caption-{first.pk}": "The box", f"caption-{second.pk}": "The label"},
        )
    assert published.status_code == 302

    worker()

    first.refresh_from_db()
    draft.refresh_from_db()
    company.refresh_from_db()
    assert (first.state, first.caption, draft.visibility) == (READY, "The box", "published")
    assert (draft.photos_count, company.with_photos_count) == (2, 1)
    assert "+2 photos" in client.get(f"/companies/{company.slug}/").content.decode()


def test_the_preview_tells_the_author_which_photo_failed(client, company):
    client.force_login(UserFactory())
    with committed():
        response = client.post("/complaints/new/", _form(photos=[_png(), _cut_short()]))

    preview = client.get(response["Location"]).content.decode()
    assert "This photo could not be added." in preview and "damaged or incomplete" in preview
    assert "Caption for photo 1" in preview and "Caption for photo 2" not in preview
    assert "+1 photo" in preview


@pytest.mark.usefixtures("database_tasks")
def test_comment_photos_wait_unseen_and_no_page_breaks(client, post, worker):
    commenter = UserFactory()
    client.force_login(commenter)
    with committed():
        client.post(
            f"/complaints/{post.pk}/comments/",
            {"kind": "complaint", "body": "Mine too.", "photos": [_png()]},
        )
    photo = Photo.objects.get(comment__isnull=False)
    assert photo.state == PROCESSING

    own = client.get(post.get_absolute_url())
    assert own.status_code == 200 and "Processing photo…" in own.content.decode()
    client.logout()
    public = client.get(post.get_absolute_url())
    assert public.status_code == 200 and f'id="photo-{photo.pk}"' not in public.content.decode()
    [comment] = ApiClient().get(f"/complaints/{post.pk}/comments").json()["threads"]
    assert comment["photos"] == []

    worker()

    assert f'id="photo-{photo.pk}"' in client.get(post.get_absolute_url()).content.decode()
    post.refresh_from_db()
    assert post.photos_count == 0  # a comment's photos are not the post's


def test_comment_photos_are_counted_against_the_five_until_they_fail(post):
    comment = discussion.post_comment(complaint=post, author=post.author, body="Look.")
    with committed():
        for _ in range(5):
            discussion.attach_comment_photo(comment=comment, author=post.author, image=_png())
    assert comment.photos.filter(state=READY).count() == 5


# --- The API --------------------------------------------------------------------------------


@pytest.mark.usefixtures("database_tasks")
def test_the_api_answers_202_with_the_processing_photo(post, worker):
    api = client_for(post.author)
    with committed():
        response = api.client.post(
            f"/api/v1/complaints/{post.pk}/photos",
            {"file": _png(), "caption": "The box"},
            headers=api.headers,
        )

    assert response.status_code == 202, response.content
    body = response.json()
    photo = Photo.objects.get()
    assert body["id"] == photo.pk and body["complaint_id"] == post.pk
    assert (body["state"], body["url"], body["thumbnail_url"]) == ("processing", None, None)
    assert photo.state == PROCESSING

    worker()

    [shown] = ApiClient().get(f"/complaints/{post.pk}").json()["photos"]
    assert (shown["id"], shown["state"], shown["width"]) == (photo.pk, "ready", 64)


@pytest.mark.usefixtures("database_tasks")
def test_the_api_refuses_at_once_what_it_can_check_at_once(post):
    api = client_for(post.author)

    def upload(name, data):
        return api.client.post(
            f"/api/v1/complaints/{post.pk}/photos",
            {"file": SimpleUploadedFile(name, data)},
            headers=api.headers,
        )

    bomb = upload("tiny.png", _png_claiming(50_000, 50_000))
    assert bomb.status_code == 400 and "40 megapixels" in bomb.json()["detail"]
    svg = upload("map.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    assert svg.status_code == 400 and "not a photo" in svg.json()["detail"]
    assert not Photo.objects.exists()
    assert not DBTaskResult.objects.filter(task_path__endswith="process_photo").exists()


def _png_claiming(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.usefixtures("database_tasks")
def test_photos_left_waiting_are_handed_to_the_worker_again(post, worker):
    with committed():
        photo = _attach(post, _png())
    DBTaskResult.objects.all().delete()  # the worker lost it
    Photo.objects.filter(pk=photo.pk).update(created_at=photo.created_at - timedelta(hours=1))
    with committed():
        fresh = _attach(post, _png())
    DBTaskResult.objects.all().delete()

    out = io.StringIO()
    call_command("process_photos", stdout=out)
    assert out.getvalue() == "Enqueued 1 photo for processing.\n"
    worker()

    photo.refresh_from_db()
    fresh.refresh_from_db()
    assert (photo.state, fresh.state) == (READY, PROCESSING)
