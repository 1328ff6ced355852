"""Photos served by Django itself (SERVE_MEDIA) are shown as images and never sniffed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from redressal.complaints import media, services
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.tests_support import committed, png_bytes

# This module is the URLconf: the route urls.py adds when SERVE_MEDIA is on.
urlpatterns = media.urlpatterns()

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def stray_file():
    """A file in MEDIA_ROOT that the photo task did not write."""
    written = []

    def write(name: str, content: bytes) -> str:
        path = Path(settings.MEDIA_ROOT) / "stray" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
        return f"{settings.MEDIA_URL}stray/{name}"

    yield write
    for path in written:
        path.unlink(missing_ok=True)


def test_a_photo_is_served_as_a_jpeg_shown_inline_and_never_sniffed(client):
    post = ComplaintFactory()
    png = SimpleUploadedFile("box.png", png_bytes((64, 48)), content_type="image/png")
    with committed():
        photo = services.attach_photo(complaint=post, author=post.author, image=png)
    photo.refresh_from_db()

    for url in (photo.image.url, photo.thumbnail_url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/jpeg"
        assert response["Content-Disposition"] == "inline"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


@pytest.mark.parametrize(
    "name",
    ["page.html", "drawing.svg", "photo.png", "no-extension"],
)
def test_a_file_the_photo_task_did_not_write_is_only_offered_as_a_download(
    client, stray_file, name
):
    url = stray_file(name, b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_nothing_outside_media_root_is_reachable(stray_file):
    stray_file("inside.jpg", b"\xff\xd8")
    client = Client(raise_request_exception=False)

    assert client.get(f"{settings.MEDIA_URL}../settings.py").status_code == 400
    assert client.get(f"{settings.MEDIA_URL}stray/").status_code == 404  # no listing


def test_serve_media_works_without_debug_and_only_for_a_path_on_this_site():
    # Django's static() adds no route unless DEBUG is on; SERVE_MEDIA alone decides here.
    with override_settings(DEBUG=False, MEDIA_URL="/media/"):
        [route] = media.urlpatterns()
        assert route.resolve("media/photos/2026/01/a.jpg").kwargs == {
            "path": "photos/2026/01/a.jpg"
        }
    with override_settings(MEDIA_URL="https://media.example.org/"):
        assert media.urlpatterns() == []
