"""A photo upload onto a real full disk: a small tmpfs mounted as the photo store.

The fake store in test_storage.py shows what the code does with ENOSPC; this shows
what the kernel really does to it. Mounting needs root (or a user namespace:
``unshare -rm pytest ...``); without it the test fails, it is never skipped.
"""
import hashlib
import io
import os
import random
import subprocess
import uuid

import pytest
from PIL import Image
from sqlalchemy import func, select

from safety.extensions import db
from safety.photos.models import Photo

DISK_BYTES = 4 * 1024 * 1024
PAGE = 4096  # tmpfs counts its size in pages
CHINESE_MESSAGE = "服务器照片存储空间已满，照片未保存；照片仍保留在手机上，稍后可重新上传。"


def _photo_bytes() -> bytes:
    """A phone-like JPEG: 1200×900 of noise, a few hundred kilobytes that do not compress away."""
    rng = random.Random(7)
    image = Image.frombytes("RGB", (1200, 900), rng.randbytes(1200 * 900 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB tmpfs, unmounted afterwards whatever happened."""
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(mountpoint)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail("The full-disk test mounts a small tmpfs and could not: "
                    f"{(result.stderr or result.stdout).strip()} — run the tests as root, or inside a user and "
                    "mount namespace (`unshare -rm .venv/bin/python -m pytest ...`).")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "--lazy", str(mountpoint)], check=True)


@pytest.fixture
def store_on_small_disk(app, small_disk):
    root = small_disk / "photos"
    app.config["PHOTO_ROOT"] = str(root)
    app.extensions.pop("photo_store", None)
    return root


def _free_bytes(path) -> int:
    stats = os.statvfs(path)
    return stats.f_bavail * stats.f_frsize


def _fill(disk, leave: int = 0):
    """Fill the disk with one file until ``leave`` bytes are free; answers the file's path."""
    filler = disk / "filler"
    chunk = b"\0" * (1024 * 1024)
    with open(filler, "wb") as fh:
        remaining = _free_bytes(disk) - leave
        while remaining > 0:
            fh.write(chunk[:remaining])
            remaining -= min(len(chunk), remaining)
        fh.flush()
        os.fsync(fh.fileno())
    assert _free_bytes(disk) == leave
    return filler


def _files(root) -> dict[str, bytes]:
    """Every file under ``root`` (temporary ones included) by relative path, with its bytes."""
    found = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            with open(os.path.join(folder, name), "rb") as fh:
                found[os.path.relpath(os.path.join(folder, name), root)] = fh.read()
    return found


def _photo_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Photo))


def _original_path(sha256: str) -> str:
    return os.path.join("originals", sha256[:2], sha256[2:4], sha256)


def test_a_full_disk_refuses_the_photo_clearly_and_the_resend_succeeds_once_there_is_room(
        app, small_disk, store_on_small_disk, upload, inspector):
    data = _photo_bytes()
    digest = hashlib.sha256(data).hexdigest()
    photo_uuid = str(uuid.uuid4())
    filler = _fill(small_disk)

    response = upload(data, photo_uuid)

    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "storage_full"
    assert error["message"] == CHINESE_MESSAGE
    assert _files(store_on_small_disk) == {}
    assert _photo_count() == 0

    inspector.locale = "en"  # an inspector who reads the app in English gets the message in English
    english = upload(data, photo_uuid)
    assert english.status_code == 503
    assert english.get_json()["error"]["message"].startswith("The server's photo storage is full.")
    assert _files(store_on_small_disk) == {}

    filler.unlink()
    resent = upload(data, photo_uuid)
    assert resent.status_code == 201, resent.get_json()
    assert resent.get_json()["sha256"] == digest
    assert _files(store_on_small_disk)[_original_path(digest)] == data
    assert _photo_count() == 1


def test_a_disk_that_fills_after_the_original_leaves_only_whole_files_and_no_photo(
        app, small_disk, store_on_small_disk, upload):
    """Room for the original but not for its thumbnail: the upload fails between two files."""
    data = _photo_bytes()
    digest = hashlib.sha256(data).hexdigest()
    photo_uuid = str(uuid.uuid4())
    (store_on_small_disk / "originals" / digest[:2] / digest[2:4]).mkdir(parents=True)
    (store_on_small_disk / "derivatives" / "thumb" / digest[:2]).mkdir(parents=True)
    pages_of_original = -(-len(data) // PAGE)
    filler = _fill(small_disk, leave=(pages_of_original + 1) * PAGE)

    response = upload(data, photo_uuid)

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "storage_full"
    assert _photo_count() == 0
    # The original was written whole before the thumbnail found no room; nothing else, nothing partial.
    assert _files(store_on_small_disk) == {_original_path(digest): data}

    filler.unlink()
    resent = upload(data, photo_uuid)
    assert resent.status_code == 201, resent.get_json()
    stored = _files(store_on_small_disk)
    assert stored[_original_path(digest)] == data
    assert {path.split(os.sep)[1] for path in stored if path.startswith("derivatives")} == {"thumb", "display"}
    assert _photo_count() == 1
