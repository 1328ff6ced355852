"""Photos served by Django itself from MEDIA_ROOT (SERVE_MEDIA: development, or a small site).

In production a web server, a CDN or the bucket (MEDIA_STORAGE=s3) serves them; whichever it
is should send the same headers as here: `images.served_as` decides them.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import FileResponse
from django.urls import re_path
from django.views.static import serve

from redressal.complaints.images import served_as


def serve_media(request, path: str):
    """A file from MEDIA_ROOT, shown inline only if it is a photo the task wrote.

    X-Content-Type-Options: nosniff comes from SecurityMiddleware, as on every response.
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if isinstance(response, FileResponse):
        content_type, disposition = served_as(path)
        response["Content-Type"] = content_type
        response["Content-Disposition"] = disposition
    return response


def urlpatterns() -> list:
    """The route for MEDIA_URL when it is a path on this site; none for another origin.

    Django's `static()` adds nothing unless DEBUG is on: SERVE_MEDIA alone decides here.
    """
    if urlsplit(settings.MEDIA_URL).netloc:
        return []
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_media, name="media")]
