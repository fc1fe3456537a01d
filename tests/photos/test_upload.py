"""PUT /api/v1/photos/<uuid>: the photo upload of the sync contract."""
import hashlib
import io
import os
import uuid

import pytest
from PIL import Image
from sqlalchemy import func, select

from safety.extensions import db
from safety.photos.models import Photo
from safety.photos.storage import FileSystemPhotoStore
from tests.factories import image_bytes


def _photo_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Photo))


def _files_under(root) -> list[str]:
    return [os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names]


@pytest.fixture(scope="module")
def bomb_png() -> bytes:
    """A real 200-megapixel PNG of one colour: tens of kilobytes that would decode to 200 MB and more."""
    image = Image.new("1", (20000, 10000), 1)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_new_photo_is_stored_and_answered_201(app, upload):
    data = image_bytes(640, 480)
    photo_uuid = str(uuid.uuid4())
    response = upload(data, photo_uuid)
    assert response.status_code == 201
    body = response.get_json()
    assert body["uuid"] == photo_uuid
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert (body["width"], body["height"]) == (640, 480)
    assert body["received_at"]
    assert _photo_count() == 1


def test_original_bytes_are_stored_unchanged_under_their_hash(app, upload):
    data = image_bytes(320, 200)
    upload(data)
    digest = hashlib.sha256(data).hexdigest()
    with FileSystemPhotoStore(app.config["PHOTO_ROOT"]).open_original(digest) as fh:
        assert fh.read() == data


def test_resend_with_same_bytes_is_200_and_stores_nothing_new(app, upload):
    data = image_bytes()
    photo_uuid = str(uuid.uuid4())
    first = upload(data, photo_uuid).get_json()
    again = upload(data, photo_uuid)
    assert again.status_code == 200
    assert again.get_json() == first
    assert _photo_count() == 1


def test_same_uuid_with_other_bytes_is_409(app, upload):
    photo_uuid = str(uuid.uuid4())
    upload(image_bytes(colour=(10, 10, 10)), photo_uuid)
    response = upload(image_bytes(colour=(250, 250, 250)), photo_uuid)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "photo_conflict"
    assert _photo_count() == 1


def test_identical_bytes_under_two_uuids_are_kept_once(app, upload):
    data = image_bytes()
    assert upload(data).status_code == 201
    assert upload(data).status_code == 201
    assert _photo_count() == 2
    originals = _files_under(os.path.join(app.config["PHOTO_ROOT"], "originals"))
    assert len(originals) == 1


def test_hash_mismatch_is_400_and_nothing_is_stored(app, upload):
    response = upload(image_bytes(), sha256="0" * 64)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "hash_mismatch"
    assert error["field"] == "X-Content-SHA256"
    assert _photo_count() == 0
    assert _files_under(app.config["PHOTO_ROOT"]) == []


@pytest.mark.parametrize("header", ["", "abc123", "g" * 64, "0" * 63])
def test_missing_or_malformed_hash_header_is_400(app, upload, header):
    response = upload(image_bytes(), headers={"X-Content-SHA256": header})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_hash"


def test_hash_header_in_capitals_is_accepted(app, upload):
    data = image_bytes()
    assert upload(data, sha256=hashlib.sha256(data).hexdigest().upper()).status_code == 201


def test_bytes_that_are_not_an_image_are_415(app, upload):
    response = upload(b"%PDF-1.7\n" + b"x" * 2000, content_type="image/jpeg")
    assert response.status_code == 415
    error = response.get_json()["error"]
    assert error["code"] == "not_an_image"
    assert "JPEG" in error["message"] and "WebP" in error["message"]
    assert _photo_count() == 0


def test_a_gif_is_not_an_allowed_format(app, upload):
    response = upload(image_bytes(fmt="GIF"), content_type="image/gif")
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "not_an_image"


def test_decompression_bomb_is_refused_by_its_pixel_count(app, upload, bomb_png):
    assert len(bomb_png) < 500_000
    response = upload(bomb_png, content_type="image/png")
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "image_too_large"
    assert "200" in error["message"] and "50" in error["message"]
    assert _photo_count() == 0
    assert _files_under(app.config["PHOTO_ROOT"]) == []


def test_image_just_over_the_pixel_limit_is_refused(app, upload):
    app.config["PHOTO_MAX_PIXELS"] = 100 * 100
    response = upload(image_bytes(101, 100))
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "image_too_large"


def test_truncated_jpeg_is_400(app, upload):
    data = image_bytes(800, 600)
    response = upload(data[: len(data) // 2])
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "image_damaged"
    assert _photo_count() == 0


def test_upload_over_the_byte_limit_is_413(app, upload):
    data = os.urandom(15 * 1024 * 1024 + 1)
    response = upload(data)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "file_too_large"


def test_png_and_webp_are_accepted_and_typed_by_content(app, upload):
    png = upload(image_bytes(fmt="PNG"), content_type="application/octet-stream")
    webp = upload(image_bytes(fmt="WEBP"), content_type="image/jpeg")
    assert png.get_json()["content_type"] == "image/png"
    assert webp.get_json()["content_type"] == "image/webp"


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data",
                                          "text/plain"])
def test_form_content_types_are_refused_with_415(app, upload, content_type):
    response = upload(image_bytes(), content_type=content_type)
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"


def test_invalid_uuid_in_the_url_is_400(app, upload):
    response = upload(image_bytes(), photo_uuid="not-a-uuid")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_uuid"


def test_upload_without_csrf_token_is_refused(app, client, upload):
    data = image_bytes()
    response = client.put(f"/api/v1/photos/{uuid.uuid4()}", data=data, content_type="image/jpeg",
                          headers={"X-Content-SHA256": hashlib.sha256(data).hexdigest()})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"
    assert _photo_count() == 0


def test_upload_when_not_signed_in_is_401(app, client):
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    data = image_bytes()
    response = client.put(f"/api/v1/photos/{uuid.uuid4()}", data=data, content_type="image/jpeg",
                          headers={"X-Content-SHA256": hashlib.sha256(data).hexdigest(), "X-CSRFToken": token})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "not_signed_in"
    assert _photo_count() == 0


def test_taken_at_and_location_headers_are_recorded(app, upload):
    photo_uuid = str(uuid.uuid4())
    response = upload(image_bytes(), photo_uuid, headers={"X-Photo-Taken-At": "2026-05-01T09:30:00+08:00",
                                                           "X-Photo-Location": "31.2304,121.4737,15"})
    assert response.status_code == 201
    photo = db.session.scalar(select(Photo).where(Photo.uuid == photo_uuid))
    assert photo.taken_at.isoformat() == "2026-05-01T01:30:00+00:00"
    assert (photo.latitude, photo.longitude, photo.accuracy_m) == (31.2304, 121.4737, 15.0)


def test_metadata_may_come_as_query_parameters(app, upload):
    photo_uuid = str(uuid.uuid4())
    upload(image_bytes(), photo_uuid, query_string={"taken_at": "2026-05-01T09:30:00Z", "location": "30.5,120.1"})
    photo = db.session.scalar(select(Photo).where(Photo.uuid == photo_uuid))
    assert photo.taken_at.isoformat() == "2026-05-01T09:30:00+00:00"
    assert (photo.latitude, photo.longitude, photo.accuracy_m) == (30.5, 120.1, None)


@pytest.mark.parametrize("header,value", [("X-Photo-Taken-At", "2026-05-01 09:30"),
                                          ("X-Photo-Taken-At", "yesterday"),
                                          ("X-Photo-Location", "91,121"),
                                          ("X-Photo-Location", "north,east")])
def test_malformed_metadata_is_400_naming_the_header(app, upload, header, value):
    response = upload(image_bytes(), headers={header: value})
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == header
    assert _photo_count() == 0


def test_truncated_jpeg_is_400_after_a_pdf_was_made_in_the_same_process(app, upload):
    # WeasyPrint switches Pillow's process-wide LOAD_TRUNCATED_IMAGES on when imported: a worker that once made a
    # PDF must still refuse a half-sent photo.
    from safety.documents.printing import render_pdf

    assert render_pdf("<p>检查</p>", "http://localhost/", None).startswith(b"%PDF")
    data = image_bytes(800, 600)
    response = upload(data[: len(data) // 2])
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "image_damaged"
    assert _photo_count() == 0
