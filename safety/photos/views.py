"""Photo upload (sync contract) and the photo files for pages and the field app.

``PUT /api/v1/photos/<uuid>`` takes the raw image bytes as the body, with:

* ``Content-Type``: ``image/jpeg``, ``image/png``, ``image/webp`` (any ``image/*``) or
  ``application/octet-stream``; the content itself decides what the image is;
* ``X-Content-SHA256`` (required): the SHA-256 of the body as 64 hex characters;
* ``X-Photo-Taken-At`` (optional, or ``?taken_at=``): when the phone took it, ISO 8601 with offset;
* ``X-Photo-Location`` (optional, or ``?location=``): ``latitude,longitude,accuracy_m``.

201 with the stored record for a new photo, 200 for the same UUID and bytes again, 409 for other bytes.
"""
import io

from flask import Blueprint, jsonify, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from safety.auth.access import roles_required, signed_in
from safety.common.actor import acting_user
from safety.common.api import commit_or_meet_twin
from safety.common.errors import DomainError
from safety.common.ratelimit import api_rate_limit
from safety.photos.copies import provenance_of, watermarked_copy
from safety.photos.operations import (check_upload, read_photo_file, parse_photo_metadata, resolve_photo_twin,
                                      store_photo)
from safety.photos.queries import get_original_for, get_photo_and_enterprise_for
from safety.photos.serialize import photo_json
from safety.users.models import STAFF_ROLES, Role

bp = Blueprint("photos", __name__)

DAY = 24 * 3600


def _upload_bytes() -> bytes:
    # Form content types are what a cross-site page can send without a preflight: never accept them.
    if not (request.mimetype.startswith("image/") or request.mimetype == "application/octet-stream"):
        raise DomainError("unsupported_media_type",
                          _("Send the photo's bytes as the body, with an image/* or "
                            "application/octet-stream Content-Type."), status=415)
    return request.get_data(cache=False)


def _header_or_arg(header: str, arg: str) -> str | None:
    return request.headers.get(header) or request.args.get(arg)


@bp.route("/api/v1/photos/<photo_uuid>", methods=["PUT"])
@roles_required(Role.INSPECTOR, Role.ENTERPRISE, Role.SUPERVISOR, Role.ADMIN)
@api_rate_limit("API_PHOTO_RATE_LIMIT")
def put_photo(photo_uuid: str):
    upload = check_upload(photo_uuid, _upload_bytes(), request.headers.get("X-Content-SHA256"))
    metadata = parse_photo_metadata(_header_or_arg("X-Photo-Taken-At", "taken_at"),
                                    _header_or_arg("X-Photo-Location", "location"))
    # After losing the race the twin is answered as it is, never stored again (one gone meanwhile is a 409).
    photo, created = commit_or_meet_twin(lambda: store_photo(acting_user(), upload, metadata), f"Photo {upload.uuid}",
                                         retry=lambda: (resolve_photo_twin(upload), False))
    return jsonify(photo_json(photo)), (201 if created else 200)


def _send(data: bytes, etag: str, mimetype: str, max_age: int, immutable: bool = True):
    response = send_file(io.BytesIO(data), mimetype=mimetype, etag=etag, max_age=max_age, conditional=True)
    # A photo is not for shared caches.
    response.cache_control.public = False
    response.cache_control.private = True
    response.cache_control.immutable = immutable
    return response


def _copy(photo_uuid: str, kind: str):
    photo, enterprise = get_photo_and_enterprise_for(current_user, photo_uuid)
    # The office's copies say where; the enterprise's own do not.
    data, key = watermarked_copy(photo, kind, provenance_of(photo, enterprise, current_user.has_role(*STAFF_ROLES)))
    # Revalidated after a day: the line changes once the photo is attached to its enterprise's record.
    return _send(data, f"{photo.sha256}-{kind}-{key}", "image/jpeg", DAY, immutable=False)


@bp.route("/photos/<photo_uuid>/thumb.jpg")
@signed_in
def thumb(photo_uuid: str):
    """The thumbnail, watermarked; nothing when the original is damaged (409 ``evidence_damaged``)."""
    return _copy(photo_uuid, "thumb")


@bp.route("/photos/<photo_uuid>/display.jpg")
@signed_in
def display(photo_uuid: str):
    """The display-size copy, watermarked; nothing when the original is damaged (409 ``evidence_damaged``)."""
    return _copy(photo_uuid, "display")


@bp.route("/photos/<photo_uuid>/original")
@roles_required(Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)
def original(photo_uuid: str):
    photo = get_original_for(current_user, photo_uuid)
    return _send(read_photo_file(photo, "original"), f"{photo.sha256}-original", photo.content_type, 3600)
