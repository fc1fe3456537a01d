"""Helpers shared by the JSON API views."""
import json
from collections.abc import Callable
from typing import TypeVar

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from safety.common.errors import DomainError
from safety.extensions import db

T = TypeVar("T")


def json_body() -> dict:
    """The request's JSON object, or a precise 4xx.

    Only ``application/json`` is accepted: a cross-site HTML form can send
    urlencoded, multipart or text/plain without a preflight, never JSON.
    """
    if request.mimetype != "application/json":
        raise DomainError("unsupported_media_type",
                          _("Send the request body as application/json."), status=415)
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DomainError("malformed_json", _("The request body is not valid UTF-8.")) from None
    except json.JSONDecodeError as exc:
        raise DomainError("malformed_json",
                          _("The request body is not valid JSON (line %(line)s, column %(col)s).",
                            line=exc.lineno, col=exc.colno)) from None
    if not isinstance(data, dict):
        raise DomainError("malformed_json", _("The request body must be a JSON object."))
    # A NUL can only be in the text as the escape \u0000 (JSON allows no raw control character): only a body
    # holding that spelling is searched for where.
    where = _nul_character_at(data) if b"\\u0000" in raw else None
    if where is not None:
        # No text a person types holds one, and PostgreSQL cannot store it: refuse it here, on every database.
        raise DomainError("nul_character", _("%(field)s contains a NUL character.", field=where),
                          field=where)
    return data


def _nul_character_at(value, path: str = "") -> str | None:
    """The dotted path of the first key or string holding U+0000 in ``value``, or None."""
    if isinstance(value, str):
        return (path or "body") if "\x00" in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((str(index), item) for index, item in enumerate(value))
    else:
        return None
    for key, item in items:
        child = f"{path}.{key}" if path else key
        if "\x00" in key:
            return path or "body"
        found = _nul_character_at(item, child)
        if found is not None:
            return found
    return None


def commit_or_meet_twin(attempt: Callable[[], T], what: str, retry: Callable[[], T] | None = None,
                        keep_loaded: bool = False) -> T:
    """Run ``attempt`` and commit its work, once more if a twin of the request stored it first.

    A phone that re-sends a write (its first answer lost, a second tab) can race the first
    send. Both pass the look-up for the UUID; the loser's insert then meets the unique index
    (an IntegrityError at the flush or the commit). Its work is rolled back and ``retry``
    (``attempt`` again unless given) runs in a new transaction, which now finds the twin, and
    is committed. A second IntegrityError is no twin and is not caught.

    ``keep_loaded``: the objects the transaction wrote keep their values after the commit (with
    what the commit itself gave them: sync revisions, numbers), so the answer can be made from
    them without reading them again.
    """
    try:
        result = attempt()
        _commit(keep_loaded)
        return result
    except IntegrityError:
        db.session.rollback()
        current_app.logger.info("%s: a concurrent request stored it first", what)
    result = (retry or attempt)()
    _commit(keep_loaded)
    return result


def _commit(keep_loaded: bool) -> None:
    session = db.session()
    if not keep_loaded:
        session.commit()
        return
    expire_on_commit = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire_on_commit
