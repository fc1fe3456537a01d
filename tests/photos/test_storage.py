"""The filesystem photo store: atomic writes, content addressing, and a full disk."""
import errno
import hashlib
import os
import uuid

import pytest
from sqlalchemy import func, select

from safety.common.errors import DomainError
from safety.extensions import db
from safety.photos.models import Photo
from safety.photos.storage import FileSystemPhotoStore
from tests.factories import image_bytes


class FullDiskStore(FileSystemPhotoStore):
    """A store on a disk that fills up halfway through each write, as a real full disk does."""

    def _write_bytes(self, fh, data: bytes) -> None:
        fh.write(data[: len(data) // 2])
        fh.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _all_files(root) -> list[str]:
    return [os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names]


def test_original_is_written_where_its_hash_says(tmp_path):
    store = FileSystemPhotoStore(str(tmp_path))
    data = b"evidence bytes"
    digest = hashlib.sha256(data).hexdigest()
    store.put_original(digest, data)
    assert (tmp_path / "originals" / digest[:2] / digest[2:4] / digest).read_bytes() == data
    assert store.exists(digest)
    assert not store.exists(digest, "thumb")


def test_derivatives_are_written_by_kind(tmp_path):
    store = FileSystemPhotoStore(str(tmp_path))
    digest = "ab" * 32
    store.put_derivative(digest, "thumb", b"small")
    assert (tmp_path / "derivatives" / "thumb" / "ab" / f"{digest}.jpg").read_bytes() == b"small"
    with store.open_derivative(digest, "thumb") as fh:
        assert fh.read() == b"small"
    assert store.open_derivative(digest, "display") is None


def test_a_second_put_of_the_same_original_leaves_the_first(tmp_path):
    store = FileSystemPhotoStore(str(tmp_path))
    data = b"first"
    digest = hashlib.sha256(data).hexdigest()
    store.put_original(digest, data)
    store.put_original(digest, data)
    assert _all_files(tmp_path) == [str(tmp_path / "originals" / digest[:2] / digest[2:4] / digest)]


@pytest.mark.parametrize("bad", ["../../etc/passwd", "AB" * 32, "", "a" * 63])
def test_a_key_that_is_not_a_digest_never_becomes_a_path(tmp_path, bad):
    store = FileSystemPhotoStore(str(tmp_path))
    with pytest.raises(ValueError):
        store.put_original(bad, b"x")


def test_full_disk_is_storage_full_and_leaves_no_partial_file(app, tmp_path):
    store = FullDiskStore(str(tmp_path / "store"))
    data = b"x" * 100_000
    with pytest.raises(DomainError) as caught:
        store.put_original(hashlib.sha256(data).hexdigest(), data)
    assert caught.value.status == 503
    assert caught.value.code == "storage_full"
    assert _all_files(tmp_path / "store") == []


def test_full_disk_during_upload_is_503_and_stores_nothing(app, upload):
    app.extensions["photo_store"] = FullDiskStore(app.config["PHOTO_ROOT"])
    response = upload(image_bytes(), str(uuid.uuid4()))
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "storage_full"
    assert error["message"]
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 0
    assert _all_files(app.config["PHOTO_ROOT"]) == []
