"""Storing uploaded photos and attaching them to the records they are evidence of.

Storing is the state change behind ``PUT /api/v1/photos/<uuid>``. The upload is
idempotent by the phone's UUID. The unique constraint on ``photos.uuid`` decides
a race between a photo and its re-sent twin: the loser's view rolls back and
calls :func:`resolve_photo_twin`, which answers what the winner stored. Image
work (Pillow) and file writes happen before the row is inserted, so the database
transaction stays short.

Attaching is how a record (an inspection's answers and signatures, a hazard and
its events) takes photos uploaded before it as its evidence: the record's
operation calls :func:`claim_photos` before it adds anything, then
:func:`attach_photo` once its own rows have ids. This package knows nothing of
those records beyond their ids, so whatever attaches photos next uses the same two.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from safety.common.errors import Conflict, DomainError, Forbidden, NotFound
from safety.common.parsing import parse_aware_datetime
from safety.common.types import utcnow
from safety.extensions import db
from safety.photos.imaging import process_photo
from safety.photos.models import Photo
from safety.photos.queries import get_photo, get_photos_by_uuid, photo_uuid_from_url
from safety.photos.storage import get_photo_store
from safety.users.models import User

_SHA256_HEX = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass(frozen=True)
class PhotoMetadata:
    """What the phone knows about the photo beyond its bytes (re-encoding on the phone strips EXIF)."""

    taken_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    accuracy_m: float | None = None


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose UUID, size and hash have been checked."""

    uuid: str
    sha256: str
    data: bytes


def check_upload(photo_uuid: str, data: bytes, declared_sha256: str | None) -> CheckedUpload:
    """Refuse a bad UUID (400), an oversized body (413), or bytes that do not match their hash (400)."""
    canonical = photo_uuid_from_url(photo_uuid)
    limit = current_app.config["PHOTO_MAX_BYTES"]
    if len(data) > limit:
        raise DomainError("file_too_large",
                          _("The photo is too large: %(size)s MB, at most %(limit)s MB.",
                            size=f"{len(data) / 1_048_576:.1f}", limit=f"{limit / 1_048_576:g}"), status=413)
    if not data:
        raise DomainError("empty_upload", _("The upload is empty."))
    if not declared_sha256 or not _SHA256_HEX.match(declared_sha256.strip()):
        raise DomainError("invalid_hash",
                          _("Send the SHA-256 of the photo as 64 hexadecimal characters in the "
                            "X-Content-SHA256 header."), field="X-Content-SHA256")
    actual = hashlib.sha256(data).hexdigest()
    if actual != declared_sha256.strip().lower():
        raise DomainError("hash_mismatch",
                          _("Hash mismatch: the bytes received do not match X-Content-SHA256. "
                            "The upload was damaged on the way; send it again."), field="X-Content-SHA256")
    return CheckedUpload(uuid=canonical, sha256=actual, data=data)


def parse_photo_metadata(taken_at: str | None, location: str | None) -> PhotoMetadata:
    """Read ``X-Photo-Taken-At`` (ISO 8601 with offset) and ``X-Photo-Location`` (``lat,lng,accuracy_m``)."""
    taken = None
    if taken_at:
        taken = parse_aware_datetime(taken_at.strip())
        if taken is None:
            raise DomainError("invalid_datetime",
                              _("X-Photo-Taken-At must be an ISO 8601 time with its offset, "
                                "e.g. 2026-05-01T09:30:00+08:00."), field="X-Photo-Taken-At")
    if not location:
        return PhotoMetadata(taken_at=taken)
    parts = [part.strip() for part in location.split(",")]
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (2, 3) or not (-90 <= numbers[0] <= 90 and -180 <= numbers[1] <= 180) \
            or (len(numbers) == 3 and not 0 <= numbers[2] <= 100_000):
        raise DomainError("invalid_location",
                          _("X-Photo-Location must be \"latitude,longitude,accuracy in metres\", "
                            "e.g. 31.2304,121.4737,15."), field="X-Photo-Location")
    return PhotoMetadata(taken_at=taken, latitude=numbers[0], longitude=numbers[1],
                         accuracy_m=numbers[2] if len(numbers) == 3 else None)


def store_photo(uploader: User, upload: CheckedUpload, metadata: PhotoMetadata) -> tuple[Photo, bool]:
    """Store a checked upload; answer ``(photo, created)``.

    The same UUID with the same bytes again answers the stored photo and stores
    nothing; with other bytes it is a 409. A new photo is validated and its
    derivatives made (Pillow) before its original and derivatives are written
    and its row is added and flushed.
    """
    existing = get_photo(upload.uuid)
    if existing is not None:
        return _same_or_conflict(existing, upload.sha256), False
    processed = process_photo(upload.data, current_app.config["PHOTO_MAX_PIXELS"])
    store = get_photo_store()
    store.put_original(upload.sha256, upload.data)
    store.put_derivative(upload.sha256, "thumb", processed.thumb)
    store.put_derivative(upload.sha256, "display", processed.display)
    photo = Photo(uuid=upload.uuid, sha256=upload.sha256, content_type=processed.content_type,
                  size_bytes=len(upload.data), width=processed.width, height=processed.height,
                  taken_at=metadata.taken_at, received_at=utcnow(), latitude=metadata.latitude,
                  longitude=metadata.longitude, accuracy_m=metadata.accuracy_m, uploader_id=uploader.id)
    db.session.add(photo)
    db.session.flush()
    return photo, True


def resolve_photo_twin(upload: CheckedUpload) -> Photo:
    """After losing the insert race to a twin (and rolling back): the twin, if it holds the same bytes."""
    existing = get_photo(upload.uuid)
    if existing is None:
        raise Conflict("photo_conflict", _("The photo could not be stored because of a concurrent change; "
                                           "send it again."))
    return _same_or_conflict(existing, upload.sha256)


def _same_or_conflict(existing: Photo, sha256: str) -> Photo:
    if existing.sha256 != sha256:
        raise Conflict("photo_conflict",
                       _("Another photo with different content is already stored under this UUID."),
                       field="uuid")
    return existing


@dataclass(frozen=True)
class PhotoClaim:
    """One place a document names an uploaded photo as its evidence."""

    uuid: str
    field: str  # where in the document, e.g. ``answers[2].photos[0]``: errors name it


def claim_photos(user: User, claims: Sequence[PhotoClaim], *, missing_message: str,
                 carried: Callable[[list[Photo]], Collection[int]] | None = None) -> dict[str, Photo]:
    """The photos ``claims`` name, by UUID, taken for ``user``'s record and locked until the commit.

    409 ``photo_missing`` naming every photo not uploaded yet, with ``missing_message`` (a
    ``%(uuids)s`` text telling the phone what to send again once they are); then, claim by
    claim, 403 ``photo_not_yours`` for someone else's upload and 409 ``photo_already_attached``
    for a photo that is evidence of another record. ``carried`` lets a record take over photos
    of a record it replaces (a revision those of the inspection it amends): given the attached
    photos, it answers the ids of those the caller may attach again.

    The row locks make two records claiming one photo at once run one after the other, so the
    second sees the photo attached.
    """
    photos = get_photos_by_uuid((claim.uuid for claim in claims), lock=True)
    missing = [claim for claim in claims if claim.uuid not in photos]
    if missing:
        uuids = ", ".join(dict.fromkeys(claim.uuid for claim in missing))
        raise Conflict("photo_missing", str(missing_message) % {"uuids": uuids}, field=missing[0].field)
    attached = [photo for photo in photos.values() if photo.is_attached]
    taken_over = carried(attached) if carried is not None and attached else ()
    for claim in claims:
        photo = photos[claim.uuid]
        if photo.uploader_id != user.id:
            raise Forbidden("photo_not_yours", _("Photo %(uuid)s was uploaded by someone else.", uuid=photo.uuid),
                            field=claim.field)
        if photo.is_attached and photo.id not in taken_over:
            raise Conflict("photo_already_attached",
                           _("Photo %(uuid)s is already evidence in another record.", uuid=photo.uuid),
                           field=claim.field)
    return photos


def attach_photo(photo: Photo, purpose: str, *, inspection_id: int | None = None, answer_id: int | None = None,
                 hazard_id: int | None = None, hazard_event_id: int | None = None) -> None:
    """Make a claimed photo evidence of the records given by id; ``purpose`` says what it shows.

    What it was attached to before stays: a failed item's photo that the hazard sheet shows too
    is evidence of both the answer and the hazard.
    """
    photo.purpose = purpose
    if inspection_id is not None:
        photo.inspection_id = inspection_id
    if answer_id is not None:
        photo.answer_id = answer_id
    if hazard_id is not None:
        photo.hazard_id = hazard_id
    if hazard_event_id is not None:
        photo.hazard_event_id = hazard_event_id


def read_photo_file(photo: Photo, kind: str) -> bytes:
    """The bytes of the original (``kind="original"``) or of a derivative of ``photo``.

    A missing derivative is made again from the original and stored, so a store
    restored from originals alone still serves thumbnails. Bytes rather than an
    open file: a response that is never closed must not hold a file descriptor.
    """
    store = get_photo_store()
    handle = store.open_original(photo.sha256) if kind == "original" else store.open_derivative(photo.sha256, kind)
    if handle is not None:
        with handle:
            return handle.read()
    original = store.open_original(photo.sha256) if kind != "original" else None
    if original is None:
        raise NotFound("photo_file_missing", _("The file of this photo is missing from the photo store."))
    with original:
        processed = process_photo(original.read(), current_app.config["PHOTO_MAX_PIXELS"])
    store.put_derivative(photo.sha256, "thumb", processed.thumb)
    store.put_derivative(photo.sha256, "display", processed.display)
    return processed.thumb if kind == "thumb" else processed.display
