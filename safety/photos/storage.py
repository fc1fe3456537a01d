"""Where photo bytes live: a small interface and its filesystem implementation.

Originals are kept unchanged under their SHA-256 (the hash is the evidence), so
the same bytes sent under two photo UUIDs are stored once. Derivatives
(thumbnail, display size) are JPEGs made from the original and can always be
made again from it.

Every write goes to a temporary file in the target's own directory, is fsynced
and then renamed over the final name: a reader never sees half a file, and a
crash or a full disk leaves no partial file behind.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from abc import ABC, abstractmethod
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _

from safety.common.errors import DomainError

DERIVATIVE_KINDS = ("thumb", "display")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MARK = re.compile(r"^[0-9a-f]{16}$")
_TEMP_PREFIX = ".incoming-"
# Out of space on the disk, or out of the owner's quota: both mean "no room for this photo".
_FULL = {errno.ENOSPC, errno.EDQUOT}


class PhotoStore(ABC):
    """The storage the photo feature talks to; photos are addressed by SHA-256 hex digest."""

    @abstractmethod
    def put_original(self, sha256: str, data: bytes) -> None:
        """Keep ``data`` unchanged under ``sha256``; a second put of the same hash stores nothing."""

    @abstractmethod
    def open_original(self, sha256: str) -> BinaryIO | None:
        """The original's bytes as an open binary file, or None when it is not stored."""

    @abstractmethod
    def put_derivative(self, sha256: str, kind: str, data: bytes) -> None:
        """Keep the ``kind`` derivative (``thumb`` or ``display``) of the original ``sha256``."""

    @abstractmethod
    def open_derivative(self, sha256: str, kind: str) -> BinaryIO | None:
        """The derivative as an open binary file, or None when it is not stored."""

    @abstractmethod
    def put_marked(self, sha256: str, kind: str, mark: str, data: bytes) -> None:
        """Keep the watermarked ``kind`` copy of the original ``sha256`` whose line has the key ``mark``."""

    @abstractmethod
    def open_marked(self, sha256: str, kind: str, mark: str) -> BinaryIO | None:
        """That watermarked copy as an open binary file, or None when it is not stored."""

    @abstractmethod
    def exists(self, sha256: str, kind: str = "original") -> bool:
        """Whether the original (``kind="original"``) or that derivative is stored."""


class FileSystemPhotoStore(PhotoStore):
    """Photos under one root folder::

        originals/aa/bb/<sha256>
        derivatives/thumb/aa/<sha256>.jpg
        derivatives/display/aa/<sha256>.jpg
        marked/thumb/aa/<sha256>-<mark>.jpg   (and marked/display/…: the watermarked copies)
    """

    def __init__(self, root: str):
        self.root = root

    # --- the interface ---------------------------------------------------------------------

    def put_original(self, sha256: str, data: bytes) -> None:
        path = self._path(sha256, "original")
        if os.path.exists(path):
            return  # content-addressed: the same hash is the same bytes
        self._write_atomically(path, data, sync_directory=True)

    def open_original(self, sha256: str) -> BinaryIO | None:
        return self._open(self._path(sha256, "original"))

    def put_derivative(self, sha256: str, kind: str, data: bytes) -> None:
        # The directory is not fsynced: a derivative lost in a crash is made again from the original.
        self._write_atomically(self._path(sha256, kind), data, sync_directory=False)

    def open_derivative(self, sha256: str, kind: str) -> BinaryIO | None:
        return self._open(self._path(sha256, kind))

    def put_marked(self, sha256: str, kind: str, mark: str, data: bytes) -> None:
        # Made again from the derivative when lost: no directory fsync, as for derivatives.
        self._write_atomically(self._marked_path(sha256, kind, mark), data, sync_directory=False)

    def open_marked(self, sha256: str, kind: str, mark: str) -> BinaryIO | None:
        return self._open(self._marked_path(sha256, kind, mark))

    def exists(self, sha256: str, kind: str = "original") -> bool:
        return os.path.exists(self._path(sha256, kind))

    # --- the files -------------------------------------------------------------------------

    def _path(self, sha256: str, kind: str) -> str:
        # The digest becomes part of a path: only a real digest may, never "../..".
        if not _SHA256.match(sha256 or ""):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        if kind == "original":
            return os.path.join(self.root, "originals", sha256[:2], sha256[2:4], sha256)
        if kind not in DERIVATIVE_KINDS:
            raise ValueError(f"unknown derivative kind: {kind!r}")
        return os.path.join(self.root, "derivatives", kind, sha256[:2], sha256 + ".jpg")

    def _marked_path(self, sha256: str, kind: str, mark: str) -> str:
        self._path(sha256, kind)  # the same checks of the digest and the kind
        if not _MARK.match(mark or ""):
            raise ValueError(f"not a watermark key: {mark!r}")
        return os.path.join(self.root, "marked", kind, sha256[:2], f"{sha256}-{mark}.jpg")

    @staticmethod
    def _open(path: str) -> BinaryIO | None:
        try:
            return open(path, "rb")
        except FileNotFoundError:
            return None

    def _write_bytes(self, fh: BinaryIO, data: bytes) -> None:
        """Write the payload to the open temporary file (one place, so a test store can fail it midway)."""
        fh.write(data)

    def _write_atomically(self, path: str, data: bytes, sync_directory: bool) -> None:
        directory = os.path.dirname(path)
        temp_path = None
        try:
            os.makedirs(directory, exist_ok=True)
            fd, temp_path = tempfile.mkstemp(dir=directory, prefix=_TEMP_PREFIX)
            with os.fdopen(fd, "wb") as fh:
                self._write_bytes(fh, data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp_path, path)
            temp_path = None
            if sync_directory:
                _fsync_directory(directory)
        except OSError as exc:
            if exc.errno in _FULL:
                raise DomainError("storage_full",
                                  _("The server's photo storage is full. The photo was not stored; "
                                    "it stays on the phone and can be sent again later."),
                                  status=503) from exc
            raise
        finally:
            if temp_path is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp_path)


def _fsync_directory(directory: str) -> None:
    """Make the rename itself durable: an original is evidence and must survive a power cut."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def get_photo_store() -> PhotoStore:
    """The application's photo store (a filesystem store under ``PHOTO_ROOT`` unless one was installed)."""
    store = current_app.extensions.get("photo_store")
    if store is None:
        store = FileSystemPhotoStore(current_app.config["PHOTO_ROOT"])
        current_app.extensions["photo_store"] = store
    return store
