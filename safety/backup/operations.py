"""Backing up and restoring a whole instance: the database and the photo originals, with a manifest.

A backup is a folder::

    manifest.json          schema revision, rows per table, time, SHA-256 and size of every file
    database.sqlite        (SQLite) or database.pgdump (PostgreSQL, pg_dump's custom format)
    photos/aa/bb/<sha256>  each photo original the database refers to, named by its hash

Only originals are kept: they are the evidence, and thumbnails and display sizes
are made again from them when first asked for. The database is copied first and
the photos it refers to after it; an original is always written before its row
commits, so every photo row in the copy has its file.

A backup is written into a temporary sibling folder and renamed into place at
the end, so a folder named as the backup is always a whole one.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from datetime import datetime, timezone

from flask import current_app

from safety.backup.database import (BackupError, dump_database, read_counts, restore_database, rows_in_use)
from safety.extensions import db
from safety.photos.storage import get_photo_store

MANIFEST = "manifest.json"
FORMAT = "safety-backup/1"
_CHUNK = 1024 * 1024


def create_backup(folder: str) -> dict:
    """Back up the database and the photo originals into ``folder`` (new or empty); answer the manifest.

    Raises :class:`BackupError` after writing the backup when originals the
    database refers to are missing or damaged in the photo store: the backup is
    still the best copy there is, and whoever runs it must hear about the loss.
    """
    folder = os.path.abspath(folder)
    if os.path.exists(folder) and (not os.path.isdir(folder) or os.listdir(folder)):
        raise BackupError(f"{folder} already exists and is not an empty folder; back up into a new one.")
    parent = os.path.dirname(folder)
    os.makedirs(parent, exist_ok=True)
    work = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(folder)}.incomplete-")
    try:
        snapshot = dump_database(db.engine, work)
        photos, lost = _copy_originals(snapshot.photo_hashes, os.path.join(work, "photos"))
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "database": {"dialect": snapshot.dialect, "revision": snapshot.revision,
                         **_file_entry(work, snapshot.file)},
            "counts": snapshot.counts,
            "photos": photos,
            "missing_photos": lost,
        }
        _write_json(os.path.join(work, MANIFEST), manifest)
        if os.path.isdir(folder):
            os.rmdir(folder)
        os.rename(work, folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if lost:
        raise BackupError(f"The backup in {folder} is written, but {len(lost)} photo original(s) the database "
                          f"refers to are missing or damaged in the photo store: {', '.join(lost[:5])}"
                          + (" …" if len(lost) > 5 else ""))
    return manifest


def verify_backup(folder: str) -> dict:
    """Check that the backup in ``folder`` is whole: every file there with the hash its manifest gives.

    Answers the manifest; raises :class:`BackupError` naming what is wrong.
    """
    manifest = _read_manifest(folder)
    damaged = []
    for entry in [manifest["database"], *manifest["photos"]]:
        path = os.path.join(folder, entry["file"])
        if os.path.isabs(entry["file"]) or os.path.normpath(entry["file"]).startswith(".."):
            damaged.append(f"{entry['file']} lies outside the backup")
        elif not os.path.isfile(path):
            damaged.append(f"{entry['file']} is missing")
        elif _sha256_of(path) != entry["sha256"]:
            damaged.append(f"{entry['file']} does not match its SHA-256")
    if damaged:
        raise BackupError(f"The backup in {folder} is damaged and was not restored: {'; '.join(damaged[:5])}"
                          + (f" (and {len(damaged) - 5} more)" if len(damaged) > 5 else "")
                          + ". Restore from another copy.")
    return manifest


def restore_backup(folder: str, force: bool = False) -> dict:
    """Restore the backup in ``folder`` into this instance's database and photo store; answer its manifest.

    The whole backup is verified first. A target database with records in it is
    refused unless ``force``; with ``force`` its records are replaced. Photos
    go in first, so no restored row ever points to a file not there yet.
    """
    folder = os.path.abspath(folder)
    manifest = verify_backup(folder)
    _check_revision_is_known(manifest["database"]["revision"])
    if not force:
        in_use = {name: count for name, count in rows_in_use(db.engine).items() if count}
        if in_use:
            listed = ", ".join(f"{name} ({count})" for name, count in sorted(in_use.items()))
            raise BackupError(f"The target database is not empty: {listed}. Restore into a new, empty database, "
                              "or add --force to replace everything in it.")
    store = get_photo_store()
    for entry in manifest["photos"]:
        with open(os.path.join(folder, entry["file"]), "rb") as fh:
            store.put_original(entry["sha256"], fh.read())
    db.session.remove()
    restore_database(db.engine, manifest["database"]["dialect"], os.path.join(folder, manifest["database"]["file"]))
    restored = read_counts(db.engine)
    differing = {name: (count, restored.get(name)) for name, count in manifest["counts"].items()
                 if restored.get(name) != count}
    if differing:
        raise BackupError("The restored database does not hold what the backup recorded: "
                          + ", ".join(f"{name} {got} rows instead of {want}"
                                      for name, (want, got) in sorted(differing.items())))
    return manifest


# --- photos ---------------------------------------------------------------------------------------

def _copy_originals(hashes: list[str], folder: str) -> tuple[list[dict], list[str]]:
    """Copy each original from the photo store; answer the manifest entries and the hashes that failed."""
    store = get_photo_store()
    entries, lost = [], []
    for sha256 in hashes:
        source = store.open_original(sha256)
        if source is None:
            lost.append(sha256)
            continue
        relative = "/".join(("photos", sha256[:2], sha256[2:4], sha256))
        target = os.path.join(os.path.dirname(folder), relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with source, open(target, "wb") as copy:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                copy.write(chunk)
            copy.flush()
            os.fsync(copy.fileno())
        if digest.hexdigest() != sha256:  # bit rot in the store: keep the copy out of the backup
            os.unlink(target)
            lost.append(sha256)
            continue
        entries.append({"file": relative, "sha256": sha256, "bytes": size})
    return entries, lost


# --- files ----------------------------------------------------------------------------------------

def _sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _file_entry(folder: str, name: str) -> dict:
    path = os.path.join(folder, name)
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())
    return {"file": name, "sha256": _sha256_of(path), "bytes": os.path.getsize(path)}


def _write_json(path: str, data: dict) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())


def _read_manifest(folder: str) -> dict:
    path = os.path.join(folder, MANIFEST)
    try:
        with open(path, encoding="utf-8") as fh:
            manifest = json.load(fh)
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.") from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"The backup in {folder} is damaged: its {MANIFEST} cannot be read ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a manifest this version can read (expected format {FORMAT}).")
    return manifest


def schema_is_current(manifest: dict) -> bool:
    """Whether the backup's schema is this version's latest (else ``init-db`` upgrades it after a restore)."""
    return manifest["database"]["revision"] == _migrations().get_current_head()


def _migrations():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def _check_revision_is_known(revision: str | None) -> None:
    """A backup made by a newer version has a schema this code cannot upgrade from or run on."""
    scripts = _migrations()
    if revision is not None and revision not in {script.revision for script in scripts.walk_revisions()}:
        raise BackupError(f"The backup's database schema is at revision {revision}, which this version of the "
                          "software does not know: restore it with the version that made it, or a newer one.")
