"""Thin tasks: they take ids, load rows and call one function."""

from __future__ import annotations

import logging

from django.tasks import task

logger = logging.getLogger(__name__)

# The reason a photo's author reads when something other than the file itself went wrong.
UNEXPECTED = "We could not process this photo. Please try again, or choose another photo."


@task
def announce_post(complaint_id: int) -> bool:
    """Search, numbers and e-mails for a post that went public (services.announce)."""
    from redressal.complaints import services

    return services.announce(complaint_id)


@task
def process_photo(photo_id: int) -> str:
    """Decode and re-encode a photo waiting in the processing state; say what became of it.

    Running it again, or for a photo already done or gone, changes nothing.
    """
    from redressal.complaints import images, services
    from redressal.complaints.models import Photo

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None or not photo.is_processing:
        return "gone" if photo is None else photo.state
    # Slow, so outside any transaction; the services below re-check the state under a lock.
    try:
        with photo.upload.open("rb") as upload:
            processed = images.process_upload(upload, label="This photo")
    except images.ImageRejected as rejected:
        done = services.fail_photo(photo=photo, reason=rejected.message)
    except FileNotFoundError:
        # A run beside this one finished the photo and deleted its upload; or it was lost.
        done = services.fail_photo(photo=photo, reason=UNEXPECTED)
    except Exception:
        logger.exception("Processing photo %s failed.", photo_id)
        services.fail_photo(photo=photo, reason=UNEXPECTED)
        raise
    else:
        done = services.finish_photo(photo=photo, processed=processed)
    return done.state if done else "gone"
