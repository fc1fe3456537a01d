"""The evidence check: a photo's stored original hashed again and matched against its record.

The SHA-256 on the photo row was checked when the phone uploaded the bytes. Hashing
the file on disk again when a reviewer looks shows that the original has not been
replaced or damaged since.
"""
from __future__ import annotations

import hashlib

from safety.photos.models import Photo
from safety.photos.storage import get_photo_store

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
