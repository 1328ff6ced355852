from __future__ import annotations

import io
import re
import struct
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms

from redressal.complaints import images
from redressal.complaints.images import ImageRejected, clean_caption, process_upload
from redressal.core.errors import DomainError

GENERATED_NAME = re.compile(r"^[0-9a-f]{32}(-thumb)?\.jpg$")


def _encode(im: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()


def _upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _open(content_file) -> Image.Image:
    content_file.seek(0)
    im = Image.open(io.BytesIO(content_file.read()))
    im.load()
    return im


def _noise(size=(400, 300)) -> Image.Image:
    # Noise does not compress, so cutting the file short really loses image data.
    return Image.effect_noise(size, 64).convert("RGB")


def _png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _rejection(data: bytes, name: str = "photo.jpg") -> ImageRejected:
    with pytest.raises(ImageRejected) as caught:
        process_upload(_upload(data, name))
    return caught.value


def test_a_jpeg_is_reencoded_under_a_random_name():
    result = process_upload(_upload(_encode(_noise(), "JPEG"), "../../holiday.html.jpg"))

    assert result.format == "JPEG"
    assert (result.width, result.height) == (400, 300)
    assert GENERATED_NAME.match(result.image.name)
    assert GENERATED_NAME.match(result.thumbnail.name)
    assert "holiday" not in result.image.name
    assert _open(result.image).format == "JPEG"
    assert _open(result.image).size == (400, 300)


def test_each_upload_gets_a_new_name():
    data = _encode(_noise((20, 20)), "JPEG")

    assert process_upload(_upload(data)).image.name != process_upload(_upload(data)).image.name


def test_a_png_with_transparency_is_flattened_onto_white():
    im = Image.new("RGBA", (100, 80), (255, 0, 0, 255))
    im.paste((0, 0, 0, 0), (50, 0, 100, 80))

    result = process_upload(_upload(_encode(im, "PNG"), "clear.png", "image/png"))

    out = _open(result.image)
    assert result.format == "PNG"
    assert out.mode == "RGB"
    red, white = out.getpixel((10, 40)), out.getpixel((90, 40))
    assert red[0] > 240 and red[1] < 15 and red[2] < 15
    assert min(white) > 240


def test_a_webp_is_accepted():
    result = process_upload(_upload(_encode(_noise(), "WEBP"), "p.webp", "image/webp"))

    assert result.format == "WEBP"
    assert _open(result.image).format == "JPEG"


def test_a_heic_from_a_phone_is_accepted():
    try:
        data = _encode(Image.new("RGB", (64, 48), "green"), "HEIF")
    except (KeyError, OSError, ValueError) as exc:
        pytest.skip(f"this libheif cannot encode HEIC: {exc}")

    result = process_upload(_upload(data, "IMG_0001.HEIC", "image/heic"))

    assert result.format == "HEIF"
    assert (result.width, result.height) == (64, 48)
    assert _open(result.image).format == "JPEG"


def test_location_and_all_other_metadata_are_stripped():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    exif[ExifTags.Base.Model] = "Pro Max"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.0),
            ExifTags.GPS.GPSLongitudeRef: "W",
            ExifTags.GPS.GPSLongitude: (0.0, 7.0, 40.0),
        }
    )
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = _encode(
        _noise(),
        "JPEG",
        exif=exif,
        comment=b"shot at 12 Home Street",
        xmp=b"<x:xmpmeta>Home Street</x:xmpmeta>",
        icc_profile=srgb,
    )
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the fixture really carries GPS

    result = process_upload(_upload(data))

    for content in (result.image, result.thumbnail):
        out = _open(content)
        assert not out.getexif()
        assert not out.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert not {"exif", "comment", "xmp", "icc_profile"} & set(out.info)
        content.seek(0)
        raw = content.read()
        assert b"Exif" not in raw and b"Home Street" not in raw and b"Phone" not in raw


def test_exif_orientation_is_applied_to_the_pixels():
    im = Image.new("RGB", (200, 100), "red")
    im.paste((0, 0, 255), (100, 0, 200, 100))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: rotate 90° clockwise to show

    result = process_upload(_upload(_encode(im, "JPEG", exif=exif)))

    out = _open(result.image)
    assert (result.width, result.height) == out.size == (100, 200)
    top, bottom = out.getpixel((50, 20)), out.getpixel((50, 180))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_a_large_photo_is_downscaled_to_the_longest_edge_allowed():
    big = Image.new("RGB", (4000, 1000), "orange")

    result = process_upload(_upload(_encode(big, "JPEG")))

    assert (result.width, result.height) == (images.PHOTO_MAX_EDGE, 640)
    assert _open(result.image).size == (images.PHOTO_MAX_EDGE, 640)


def test_a_small_photo_is_not_enlarged():
    result = process_upload(_upload(_encode(_noise((120, 90)), "JPEG")))

    assert (result.width, result.height) == (120, 90)
    assert _open(result.thumbnail).size == (120, 90)


@pytest.mark.parametrize(
    ("size", "thumb"),
    [((4000, 1000), (480, 120)), ((1000, 2000), (180, 360)), ((800, 600), (480, 360))],
)
def test_the_thumbnail_fits_480_by_360_keeping_its_shape(size, thumb):
    result = process_upload(_upload(_encode(Image.new("RGB", size, "teal"), "JPEG")))

    out = _open(result.thumbnail)
    assert out.format == "JPEG"
    assert out.size == thumb


def test_a_16_bit_greyscale_png_is_accepted():
    im = Image.new("I;16", (50, 40), 30000)

    result = process_upload(_upload(_encode(im, "PNG"), "scan.png"))

    assert _open(result.image).mode == "RGB"


def test_a_jpeg_with_a_script_appended_keeps_only_its_pixels():
    data = _encode(_noise(), "JPEG") + b"<script>alert(document.cookie)</script><html>"

    result = process_upload(_upload(data, "photo.jpg"))

    for content in (result.image, result.thumbnail):
        content.seek(0)
        raw = content.read()
        assert b"<script" not in raw and b"<html" not in raw


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        (
            "map.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
            "web page or SVG",
        ),
        ("page.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "web page or SVG"),
        ("invoice.jpg", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "PDF"),
        ("photos.jpg", b"PK\x03\x04" + b"\x00" * 60, "ZIP"),
        ("notes.jpg", b"just some words, not a picture at all\n", "not a photo"),
        ("funny.gif", _encode(Image.new("RGB", (10, 10)), "GIF"), "GIF"),
        ("trick.jpg", b"<html><body>" + _encode(Image.new("RGB", (10, 10)), "JPEG"), "web page"),
    ],
    ids=["svg", "html", "pdf-named-jpg", "zip", "text", "gif", "html-then-jpeg"],
)
def test_files_that_are_not_photos_are_refused_whatever_their_name(name, data, says):
    rejected = _rejection(data, name)

    assert rejected.code == "photo_unsupported"
    assert rejected.field == "photos"
    assert says in rejected.message
    assert name in rejected.message
    assert rejected.message.endswith("use JPEG, PNG, WebP or HEIC.")
    assert isinstance(rejected, DomainError)


def test_a_decompression_bomb_is_refused_without_decoding_it():
    started = time.monotonic()

    rejected = _rejection(_png_claiming(50_000, 50_000), "tiny.png")

    assert time.monotonic() - started < 1
    assert rejected.code == "photo_too_many_pixels"
    assert "40 megapixels" in rejected.message


def test_a_photo_over_the_pixel_limit_is_refused_and_told_its_size():
    rejected = _rejection(_png_claiming(7000, 7000), "huge.png")

    assert rejected.code == "photo_too_many_pixels"
    assert "7000 by 7000 pixels" in rejected.message


def test_a_truncated_jpeg_is_refused():
    data = _encode(_noise(), "JPEG")

    rejected = _rejection(data[: len(data) // 2])

    assert rejected.code == "photo_corrupt"
    assert "damaged or incomplete" in rejected.message


def test_a_png_with_a_corrupt_checksum_is_refused():
    data = bytearray(_encode(_noise((40, 40)), "PNG"))
    data[-20] ^= 0xFF  # inside the last IDAT chunk

    assert _rejection(bytes(data), "x.png").code == "photo_corrupt"


def test_an_empty_file_is_refused():
    rejected = _rejection(b"")

    assert rejected.code == "photo_empty"
    assert "empty" in rejected.message


def test_an_oversized_file_is_refused_before_decoding():
    data = b"\xff\xd8\xff" + b"\x00" * images.PHOTO_MAX_BYTES

    rejected = _rejection(data)

    assert rejected.code == "photo_too_large"
    assert "at most 12 MB" in rejected.message


def test_an_upload_claiming_a_small_size_is_still_capped():
    upload = _upload(b"\xff\xd8\xff" + b"\x00" * images.PHOTO_MAX_BYTES)
    upload.size = 10

    with pytest.raises(ImageRejected) as caught:
        process_upload(upload)

    assert caught.value.code == "photo_too_large"


def test_a_caption_is_tidied_and_limited_to_200_characters():
    assert clean_caption("  the  broken\nhandle ") == "the broken handle"
    assert clean_caption("x" * 200) == "x" * 200
    with pytest.raises(DomainError) as caught:
        clean_caption("x" * 201)
    assert caught.value.field == "caption"
    assert "at most 200 characters" in caught.value.message


# --- What the request checks before the photo is stored for its task -----------------------


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("map.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "photo_unsupported"),
        ("page.jpg", b"<!DOCTYPE html><html></html>", "photo_unsupported"),
        ("invoice.jpg", b"%PDF-1.7\n%%EOF\n", "photo_unsupported"),
        ("funny.gif", _encode(Image.new("RGB", (10, 10)), "GIF"), "photo_unsupported"),
        ("trick.jpg", b"<html>" + _encode(Image.new("RGB", (10, 10)), "JPEG"), "photo_unsupported"),
        ("tiny.png", _png_claiming(50_000, 50_000), "photo_too_many_pixels"),
        ("huge.png", _png_claiming(7000, 7000), "photo_too_many_pixels"),
        ("empty.jpg", b"", "photo_empty"),
        ("big.jpg", b"\xff\xd8\xff" + b"\x00" * images.PHOTO_MAX_BYTES, "photo_too_large"),
    ],
    ids=["svg", "html", "pdf", "gif", "html-then-jpeg", "bomb", "too-many-pixels", "empty", "big"],
)
def test_the_request_refuses_at_once_what_it_can_tell_without_decoding(name, data, code):
    started = time.monotonic()

    with pytest.raises(ImageRejected) as caught:
        images.check_upload(_upload(data, name))

    assert caught.value.code == code and caught.value.field == "photos"
    assert time.monotonic() - started < 1


def test_the_request_refuses_a_png_whose_checksums_are_wrong():
    data = bytearray(_encode(_noise((40, 40)), "PNG"))
    data[-20] ^= 0xFF

    with pytest.raises(ImageRejected) as caught:
        images.check_upload(_upload(bytes(data), "x.png"))

    assert caught.value.code == "photo_corrupt"


def test_the_request_reads_the_header_and_leaves_the_pixels_to_the_task():
    data = _encode(_noise(), "JPEG")
    cut = _upload(data[: len(data) // 2], "IMG_1.JPG")

    checked = images.check_upload(cut)

    assert (checked.format, checked.width, checked.height) == ("JPEG", 400, 300)
    assert checked.extension == "jpg" and checked.size == len(data) // 2
    assert checked.content().read() == data[: len(data) // 2]
    with pytest.raises(ImageRejected) as caught:
        process_upload(cut, label="This photo")
    assert caught.value.message.startswith("This photo looks damaged or incomplete")
