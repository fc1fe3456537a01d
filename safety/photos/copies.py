"""The copies of a photo that pages and phones are served: watermarked, and only of an original that is intact.

Before any copy is served the stored original is hashed again (about 1 ms for a phone photo): a
copy of an original that is missing or no longer matches its SHA-256 is never served, the
refusal is logged, and pages show "evidence damaged" in its place.
"""
from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import gettext as _

from safety.common.errors import DomainError
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.photos.models import Photo
from safety.photos.operations import read_photo_file
from safety.photos.storage import get_photo_store
from safety.photos.watermark import Provenance, burn_watermark, mark_key, rounded_location, watermark_parts
from safety.users.models import User

MATCH, MISMATCH, MISSING = "match", "mismatch", "missing"
_CHUNK = 1024 * 1024


def check_original(photo: Photo) -> str:
    """``match`` when the stored original hashes to the recorded SHA-256, ``mismatch`` when not,
    ``missing`` when the original is not in the store."""
    original = get_photo_store().open_original(photo.sha256)
    if original is None:
        return MISSING
    digest = hashlib.sha256()
    with original:
        for chunk in iter(lambda: original.read(_CHUNK), b""):
            digest.update(chunk)
    return MATCH if digest.hexdigest() == photo.sha256 else MISMATCH


def provenance_of(photo: Photo, enterprise: Enterprise | None, for_office: bool) -> Provenance:
    """What the copies of ``photo`` say, for the office (with the place) or for the enterprise (without)."""
    uploader = db.session.get(User, photo.uploader_id)
    return Provenance(enterprise=enterprise.name if enterprise is not None else None,
                      inspector=(uploader.display_name or uploader.username) if uploader else "",
                      taken_at=photo.taken_at, received_at=photo.received_at,
                      location=rounded_location(photo.latitude, photo.longitude) if for_office else None)


def watermarked_copy(photo: Photo, kind: str, provenance: Provenance) -> tuple[bytes, str]:
    """The ``kind`` copy (``thumb`` or ``display``) with its line burned in, and its key (for the ETag).

    409 ``evidence_damaged``, and an error in the log, when the original is missing or fails its hash.
    """
    check = check_original(photo)
    if check != MATCH:
        current_app.logger.error("evidence damaged: photo %s (sha256 %s): original %s; no copy served",
                                 photo.uuid, photo.sha256, "missing" if check == MISSING else "fails its hash")
        raise DomainError("evidence_damaged",
                          _("Evidence damaged: this photo's original is missing or no longer matches its "
                            "SHA-256. No copy is shown."), status=409)
    parts = watermark_parts(provenance, _("Taken %(time)s"), _("Received %(time)s"))
    key = mark_key(parts)
    store = get_photo_store()
    stored = store.open_marked(photo.sha256, kind, key)
    if stored is not None:
        with stored:
            return stored.read(), key
    marked = burn_watermark(read_photo_file(photo, kind), parts)
    store.put_marked(photo.sha256, kind, key, marked)
    return marked, key
