"""The content of a parsed sync document as one SHA-256: a resend under a stored UUID is told from other content.

Inspections and hazard events are idempotent by their UUID. The hash is stored with the row, so the look-up that
finds the UUID already stored also says whether the document sent again is the same one, without reading the
stored document back.

What is canonical is the *parsed* document (the dataclasses of the validation modules), written as JSON:

- keys sorted, no whitespace, UTF-8 as is: the order a client writes its keys in does not matter;
- times in UTC (``2026-05-01T01:40:00+00:00``): the same instant written ``+08:00`` or ``Z`` is the same content;
  dates as ``YYYY-MM-DD``;
- lists in the document's order (answers, hazards, photos): the order is part of what the phone recorded;
- a number with a whole value is written as a whole number (``12.0`` as ``12``), as JavaScript writes it;
- text, UUIDs and choices as the parser leaves them: stripped, UUIDs in lowercase, absent and null as empty;
- a field left at its declared default is omitted, so a field added to the contract later (with a default, as
  every later field is optional) leaves the hash of documents that do not use it as it was.

The stored hashes are of this form: changing it would turn the resend of every document stored before the change
into a conflict (tests/common/test_canonical.py pins it). One pass over the document, no copies of it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date, datetime, timezone

_REQUIRED = object()  # the default of a field that has none
_FIELDS: dict[type, tuple[tuple[str, object], ...]] = {}


def content_hash(document, leave_out: tuple[str, ...] = ()) -> str:
    """SHA-256, as 64 hex characters, of the canonical JSON of the dataclass ``document``.

    ``leave_out`` names top-level fields that are not content: the UUID the content is stored under, and what
    the parser derives from the rest.
    """
    return hashlib.sha256(canonical_json(document, leave_out).encode("utf-8")).hexdigest()


def canonical_json(document, leave_out: tuple[str, ...] = ()) -> str:
    """The canonical JSON text of the dataclass ``document`` (see the module's description)."""
    return json.dumps(_object(document, leave_out), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def value_hash(value) -> str:
    """SHA-256, as 64 hex characters, of the canonical JSON of a plain ``value`` (dicts, lists, text, numbers,
    dates, dataclasses): for content assembled from parts of a document rather than a whole dataclass."""
    return json_value_hash(_plain(value))


def json_value_hash(value) -> str:
    """:func:`value_hash` of a ``value`` made only of JSON's own types with no fractional numbers (dicts, lists,
    text, whole numbers, booleans, None): the same text, without the pass that converts other types, which was
    most of the cost when a pull fingerprints a few dozen inspections. A float would be written as ``12.0``,
    not as ``12``: convert numbers to text first, as the signed content does."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _object(document, leave_out: tuple[str, ...] = ()) -> dict:
    plain = {}
    for name, default in _fields_of(type(document)):
        value = getattr(document, name)
        if name in leave_out or (default is not _REQUIRED and value == default):
            continue
        plain[name] = _plain(value)
    return plain


def _plain(value):
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(entry) for entry in value]
    if isinstance(value, dict):
        return {key: _plain(entry) for key, entry in value.items()}
    if dataclasses.is_dataclass(value):
        return _object(value)
    raise TypeError(f"no canonical form for {type(value).__name__}")


def _fields_of(cls: type) -> tuple[tuple[str, object], ...]:
    """The dataclass's fields with their defaults, looked up once per class."""
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = tuple((field.name, _default(field)) for field in dataclasses.fields(cls))
        _FIELDS[cls] = fields
    return fields


def _default(field: dataclasses.Field):
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return _REQUIRED
