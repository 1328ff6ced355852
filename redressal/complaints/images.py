"""Turn an untrusted upload into a clean photo: decoded by Pillow, re-encoded from its pixels alone.

Two steps. In the request, `check_upload` does only what is cheap and gives the person an answer
at once: the size, what kind of file it is, and the pixel count its header claims. The upload is
then kept as it came, in storage no URL reaches (`STORAGES["uploads"]`), and a task
(`tasks.process_photo`) runs `process_upload`, which decodes and re-encodes it; only the
re-encoded image and its thumbnail are ever served, and the upload is deleted.

Whatever rides along with the pixels — EXIF and GPS, XMP, comments, colour profiles, or a script
appended after the image data — is lost in the re-encode, so a JPEG with an HTML payload after its
end marker is accepted and neutralised. A file that *starts* as anything else (HTML, SVG, PDF,
ZIP, text) fails to open and is rejected in the request. GIF is not accepted: a complaint photo
has no need of animation, and Pillow's GIF reader is one more parser to expose.
"""

from __future__ import annotations

import io
import uuid
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath

import pillow_heif
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from PIL import Image, ImageCms, ImageOps

from redressal.core.errors import DomainError

pillow_heif.register_heif_opener()

PHOTO_MAX_BYTES = 12 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MAX_EDGE = 2560
THUMBNAIL_SIZE = (480, 360)
JPEG_QUALITY = 85
CAPTION_MAX_CHARS = 200  # Photo.caption's max_length

# The only decoders Pillow may try; MPO is how it names a camera JPEG carrying extra frames.
_DECODERS = ("JPEG", "PNG", "WEBP", "HEIF")
_ACCEPTED = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "HEIF": "HEIF"}
_ACCEPTED_WORDS = "use JPEG, PNG, WebP or HEIC"
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}

# Used only to word the refusal; whether a file is accepted is Pillow's decision alone.
_KNOWN_OTHERS = (
    (b"GIF8", "a GIF"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"<", "a web page or SVG drawing"),
)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class Unserved:
    """Storage of uploads waiting for their task: nothing here has a URL; asking is a bug."""

    def url(self, name, *args, **kwargs):
        raise ValueError("Photos waiting to be processed are never served.")


class UnservedStorage(Unserved, FileSystemStorage):
    """Uploads on the local disk, in UPLOADS_ROOT (`s3.UnservedS3Storage`: in a bucket)."""


# Only what the photo task writes (JPEGs) is shown by the browser; anything else found in media
# storage (a file put there by hand, or by some later feature) is offered as a download.
_SHOWN = {".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def served_as(name: str) -> tuple[str, str]:
    """The Content-Type and Content-Disposition a stored file is served with, by its name."""
    content_type = _SHOWN.get(PurePosixPath(name).suffix.lower())
    if content_type:
        return content_type, "inline"
    return "application/octet-stream", "attachment"


class ImageRejected(DomainError):
    def __init__(self, message: str, *, code: str):
        super().__init__(message, code=code, field="photos")


@dataclass(frozen=True)
class ProcessedImage:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int
    format: str  # what the upload was decoded as: JPEG, PNG, WEBP or HEIF; the output is JPEG


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed what a request can check without decoding it.

    `file` holds exactly the bytes that were checked (at most PHOTO_MAX_BYTES); it is stored as
    it came, where no URL reaches it, until `tasks.process_photo` re-encodes it.
    """

    file: object
    size: int
    width: int
    height: int
    format: str  # JPEG, PNG, WEBP or HEIF

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self.format]

    def content(self) -> File:
        self.file.seek(0)
        return File(self.file)


def check_upload(uploaded_file, *, label: str | None = None) -> CheckedUpload:
    """The checks a request can afford: size, what kind of file it is, and the pixel count its
    header claims. Nothing is decoded; raise ImageRejected with the reason if it fails."""
    data = _read_capped(uploaded_file)
    label = label or _display_name(uploaded_file)
    with _bombs_refused(label, data), Image.open(io.BytesIO(data), formats=_DECODERS) as probe:
        source_format = _ACCEPTED.get(probe.format or "")
        if source_format is None:
            raise _not_a_photo(label, data)
        _check_pixels(probe.size)
        width, height = probe.size
        # Reads the chunks and checks their checksums (PNG) without inflating any pixels.
        probe.verify()
    return CheckedUpload(
        file=uploaded_file, size=len(data), width=width, height=height, format=source_format
    )


def process_upload(uploaded_file, *, label: str | None = None) -> ProcessedImage:
    """Check, decode and re-encode an uploaded photo; raise ImageRejected with the reason if not.

    Slow: run it in a task (`tasks.process_photo`), never in a request.
    """
    data = _read_capped(uploaded_file)
    label = label or _display_name(uploaded_file)
    with _bombs_refused(label, data):
        with Image.open(io.BytesIO(data), formats=_DECODERS) as probe:
            _check_pixels(probe.size)
            probe.verify()
        im = Image.open(io.BytesIO(data), formats=_DECODERS)
        source_format = _ACCEPTED.get(im.format or "")
        if source_format is None:
            raise _not_a_photo(label, data)
        _check_pixels(im.size)
        im.draft("RGB", (PHOTO_MAX_EDGE, PHOTO_MAX_EDGE))  # JPEG: decode at a reduced scale
        im.load()
        im = _to_plain_srgb(ImageOps.exif_transpose(im))

    im.thumbnail((PHOTO_MAX_EDGE, PHOTO_MAX_EDGE), Image.Resampling.LANCZOS)
    thumb = im.copy()
    thumb.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    key = uuid.uuid4().hex
    return ProcessedImage(
        image=ContentFile(_encode_jpeg(im), name=f"{key}.jpg"),
        thumbnail=ContentFile(_encode_jpeg(thumb), name=f"{key}-thumb.jpg"),
        width=im.width,
        height=im.height,
        format=source_format,
    )


@contextmanager
def _bombs_refused(label: str, data: bytes):
    """Pillow's errors as the person's reason, and decompression bombs refused.

    Pillow's own bomb limit is global and warns below twice its value; ours is checked from the
    header before any pixel is decoded, and its warnings become errors. (The filter is
    process-wide before Python 3.14; should threads race and leave it on, it is harmless.)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except Image.UnidentifiedImageError:
            raise _not_a_photo(label, data) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageRejected(
                f"{label} looks damaged or incomplete, perhaps the upload was cut short. "
                "Please try again, or choose another photo.",
                code="photo_corrupt",
            ) from exc


def clean_caption(caption: str) -> str:
    """The caption as it will be stored, or a DomainError a form can show next to the field."""
    caption = " ".join((caption or "").split())
    if len(caption) > CAPTION_MAX_CHARS:
        raise DomainError(
            f"A caption can be at most {CAPTION_MAX_CHARS} characters; "
            f"this one has {len(caption)}.",
            code="caption_too_long",
            field="caption",
        )
    return caption


def _read_capped(uploaded_file) -> bytes:
    size = getattr(uploaded_file, "size", None)
    if size is None or size <= PHOTO_MAX_BYTES:
        if hasattr(uploaded_file, "seek"):
            uploaded_file.seek(0)
        # One byte over the cap tells a lying `size` from a file that fits.
        data = uploaded_file.read(PHOTO_MAX_BYTES + 1)
        size = len(data)
    if size > PHOTO_MAX_BYTES:
        raise ImageRejected(
            f"This file is {size / 1024 / 1024:.1f} MB; a photo can be at most "
            f"{PHOTO_MAX_BYTES // 1024 // 1024} MB.",
            code="photo_too_large",
        )
    if not data:
        raise ImageRejected("This file is empty: choose a photo to upload.", code="photo_empty")
    return data


def _display_name(uploaded_file) -> str:
    name = str(getattr(uploaded_file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return f"“{name[:80]}”" if name else "This file"


def _not_a_photo(label: str, data: bytes) -> ImageRejected:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:8]
    kind = next((what for magic, what in _KNOWN_OTHERS if head.startswith(magic)), None)
    what = f"is {kind}, not a photo we can accept" if kind else "is not a photo we can accept"
    return ImageRejected(f"{label} {what}: {_ACCEPTED_WORDS}.", code="photo_unsupported")


def _check_pixels(size: tuple[int, int]) -> None:
    width, height = size
    if width * height > PHOTO_MAX_PIXELS:
        raise _too_many_pixels(f"This photo is {width} by {height} pixels; ")


def _too_many_pixels(prefix: str = "This photo is too large; ") -> ImageRejected:
    return ImageRejected(
        f"{prefix}a photo can be at most {PHOTO_MAX_PIXELS // 1_000_000} megapixels.",
        code="photo_too_many_pixels",
    )


def _to_plain_srgb(im: Image.Image) -> Image.Image:
    """RGB in sRGB, transparency flattened onto white, no metadata."""
    has_alpha = im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in im.info
    icc = im.info.get("icc_profile")
    if icc and im.mode in ("RGB", "RGBA", "CMYK", "L"):
        # Phones shoot in Display P3; dropping that profile without converting would dull colours.
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if im.mode == "RGBA" else "RGB"
            im = ImageCms.profileToProfile(im, source, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile is dropped, the pixels are kept as they are
    if has_alpha:
        rgba = im.convert("RGBA")
        im = Image.new("RGB", rgba.size, "white")
        im.paste(rgba, mask=rgba.getchannel("A"))
    else:
        im = im.convert("RGB")
    # convert() copies info, and the JPEG encoder writes a "comment" it finds there.
    im.info = {}
    return im


def _encode_jpeg(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, exif=b"")
    return out.getvalue()
