"""Uploaded import files kept between the preview and the confirmation.

The bytes go to a file under the instance folder named by a random token; the
token is stored in the uploader's session and must come back with the
confirmation, so nobody can confirm a file they did not upload, and a second
upload in another tab cannot be confirmed from the first tab's preview.
Files are removed on confirmation or cancellation, and after a day in any case.
"""
import os
import re
import secrets
import time

from flask import current_app, session

_SESSION_KEY = "enterprise_import"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_MAX_AGE_SECONDS = 24 * 3600


def _folder() -> str:
    folder = current_app.config.get("IMPORT_UPLOAD_FOLDER") or os.path.join(current_app.instance_path, "imports")
    os.makedirs(folder, exist_ok=True)
    return folder


def keep_upload(filename: str, data: bytes) -> str:
    """Store an upload for this session (replacing its previous one) and return its token."""
    discard_upload()
    _remove_stale()
    token = secrets.token_hex(16)
    fd = os.open(os.path.join(_folder(), token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    session[_SESSION_KEY] = {"token": token, "filename": os.path.basename(filename)[:200]}
    return token


def kept_upload(token: str) -> tuple[str, bytes] | None:
    """(filename, bytes) of this session's upload if ``token`` is its token, else None."""
    kept = session.get(_SESSION_KEY)
    if not kept or not _TOKEN.match(token or "") or not secrets.compare_digest(kept["token"], token):
        return None
    try:
        with open(os.path.join(_folder(), kept["token"]), "rb") as fh:
            return kept["filename"], fh.read()
    except FileNotFoundError:
        return None


def discard_upload() -> None:
    """Forget this session's upload and delete its file."""
    kept = session.pop(_SESSION_KEY, None)
    if kept and _TOKEN.match(kept.get("token", "")):
        try:
            os.remove(os.path.join(_folder(), kept["token"]))
        except FileNotFoundError:
            pass


def _remove_stale() -> None:
    """Delete uploads nobody confirmed or cancelled (a closed tab) once they are a day old."""
    limit = time.time() - _MAX_AGE_SECONDS
    folder = _folder()
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if _TOKEN.match(name) and os.path.getmtime(path) < limit:
                os.remove(path)
        except FileNotFoundError:
            pass
