"""Derivatives: orientation applied, sized down, no metadata; the original keeps its EXIF."""
import hashlib
import io
import uuid

import pytest
from PIL import Image, ImageChops, ImageCms

from safety.photos.imaging import strip_jpeg_metadata
from safety.photos.storage import FileSystemPhotoStore, get_photo_store
from tests.factories import image_bytes

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def _sideways_photo_with_gps() -> bytes:
    """Stored 400×200, red left half and blue right half, EXIF orientation 6 (turn 90° clockwise) and GPS."""
    image = Image.new("RGB", (400, 200), (220, 0, 0))
    image.paste((0, 0, 220), (200, 0, 400, 200))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (31.0, 13.0, 49.0), 3: "E", 4: (121.0, 28.0, 25.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif.tobytes())
    return buffer.getvalue()


@pytest.fixture
def sideways(app, upload):
    data = _sideways_photo_with_gps()
    photo_uuid = str(uuid.uuid4())
    response = upload(data, photo_uuid)
    assert response.status_code == 201
    return photo_uuid, data, response.get_json()


def _open(client, url) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    return Image.open(io.BytesIO(response.data))


def test_upload_answers_the_upright_size(sideways):
    _uuid, _data, body = sideways
    assert (body["width"], body["height"]) == (200, 400)


@pytest.mark.parametrize("kind", ["thumb", "display"])
def test_derivatives_have_the_orientation_applied(client, sideways, kind):
    photo_uuid, _data, _body = sideways
    image = _open(client, f"/photos/{photo_uuid}/{kind}.jpg").convert("RGB")
    width, height = image.size
    assert height > width
    # Turned clockwise, the stored left half (red) is now on top and the right half (blue) below.
    top = image.getpixel((width // 2, height // 8))
    bottom = image.getpixel((width // 2, height * 7 // 8))
    assert top[0] > 150 and top[2] < 80
    assert bottom[2] > 150 and bottom[0] < 80


@pytest.mark.parametrize("kind", ["thumb", "display"])
def test_derivatives_carry_no_exif_and_no_position(client, sideways, kind):
    photo_uuid, _data, _body = sideways
    response = client.get(f"/photos/{photo_uuid}/{kind}.jpg")
    image = Image.open(io.BytesIO(response.data))
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(GPS_IFD) == {}
    assert b"Exif\x00\x00" not in response.data


def test_the_original_keeps_its_exif_and_position(app, sideways):
    _uuid, data, _body = sideways
    digest = hashlib.sha256(data).hexdigest()
    with FileSystemPhotoStore(app.config["PHOTO_ROOT"]).open_original(digest) as fh:
        original = Image.open(io.BytesIO(fh.read()))
    assert original.getexif()[ORIENTATION] == 6
    assert original.getexif().get_ifd(GPS_IFD)[1] == "N"


def test_derivatives_are_sized_by_their_long_edge(client, upload):
    photo_uuid = str(uuid.uuid4())
    assert upload(image_bytes(4000, 3000), photo_uuid).status_code == 201
    assert _open(client, f"/photos/{photo_uuid}/display.jpg").size == (1600, 1200)
    assert _open(client, f"/photos/{photo_uuid}/thumb.jpg").size == (320, 240)


def test_small_photos_are_not_enlarged(client, upload):
    photo_uuid = str(uuid.uuid4())
    upload(image_bytes(300, 100), photo_uuid)
    assert _open(client, f"/photos/{photo_uuid}/display.jpg").size == (300, 100)


def test_transparency_becomes_white_in_derivatives(client, upload):
    photo_uuid = str(uuid.uuid4())
    upload(image_bytes(200, 200, colour=(0, 0, 0, 0), fmt="PNG"), photo_uuid, content_type="image/png")
    pixel = _open(client, f"/photos/{photo_uuid}/thumb.jpg").convert("RGB").getpixel((100, 100))
    assert min(pixel) > 245


def _display_size_photo_with_metadata(**options) -> bytes:
    """Upright, 1200×900: what the field app sends, here still carrying GPS, a comment and XMP."""
    image = Image.new("RGB", (1200, 900), (30, 120, 200))
    image.paste((240, 200, 0), (0, 0, 600, 450))
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (31.0, 13.0, 49.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes(), comment=b"Building 3, basement",
               xmp=b"<x:xmpmeta>exif:GPSLatitude 31,13.8N</x:xmpmeta>", **options)
    return buffer.getvalue()


@pytest.mark.parametrize("progressive", [False, True])
def test_a_display_size_jpeg_keeps_its_pixels_and_loses_its_metadata(client, upload, progressive):
    data = _display_size_photo_with_metadata(progressive=progressive)
    photo_uuid = str(uuid.uuid4())
    assert upload(data, photo_uuid).status_code == 201
    served = client.get(f"/photos/{photo_uuid}/display.jpg").data
    # The copy served carries the watermark (tests/photos/test_watermark.py); the derivative it is made from
    # keeps the phone's pixels.
    with get_photo_store().open_derivative(hashlib.sha256(data).hexdigest(), "display") as stored:
        display = stored.read()
    for secret in (b"Exif\x00\x00", b"Building 3", b"GPSLatitude"):
        assert secret not in display and secret not in served
    shown, original = Image.open(io.BytesIO(display)), Image.open(io.BytesIO(data))
    assert shown.size == (1200, 900)
    assert ImageChops.difference(shown.convert("RGB"), original.convert("RGB")).getbbox() is None


def test_stripping_metadata_keeps_the_colour_profile():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(buffer, "JPEG", icc_profile=profile, comment=b"note")
    stripped = strip_jpeg_metadata(buffer.getvalue())
    assert Image.open(io.BytesIO(stripped)).info["icc_profile"] == profile
    assert b"note" not in stripped


def test_stripping_gives_up_on_what_is_not_a_whole_jpeg():
    data = image_bytes(100, 80)
    assert strip_jpeg_metadata(data[:-2] + b"\x00\x00") is None
    assert strip_jpeg_metadata(b"\x89PNG\r\n") is None
