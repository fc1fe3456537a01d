"""Readers for the fields of a JSON document, each raising a DomainError that names its field path.

The path is where the value sits in the document (``answers[3].result``), so a
phone can show the message next to the entry the inspector has to fix.
"""
from __future__ import annotations

import math
from datetime import datetime

from flask_babel import gettext as _

from safety.common.errors import DomainError
from safety.common.parsing import parse_aware_datetime, parse_uuid

LONG_TEXT = 10_000  # notes, descriptions, measures


def field_path(prefix: str, name: str) -> str:
    """``name`` inside ``prefix``: ``hazards[0]`` + ``deadline`` → ``hazards[0].deadline``."""
    return f"{prefix}.{name}" if prefix else name


def required_error(field: str) -> DomainError:
    """The error for a missing or empty required field."""
    return DomainError("required", _("%(field)s is required.", field=field), field=field)


def wrong_type_error(field: str, expected: str) -> DomainError:
    """The error for a value of the wrong JSON type; ``expected`` is translated text."""
    return DomainError("invalid_type", _("%(field)s must be %(expected)s.", field=field, expected=expected),
                       field=field)


def read_object(data: dict, name: str, prefix: str = "") -> dict | None:
    """An optional JSON object."""
    value = data.get(name)
    if value is not None and not isinstance(value, dict):
        raise wrong_type_error(field_path(prefix, name), _("an object"))
    return value


def read_list(data: dict, name: str, prefix: str, limit: int) -> list:
    """An optional JSON list (empty when absent) of at most ``limit`` entries."""
    field = field_path(prefix, name)
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise wrong_type_error(field, _("a list"))
    if len(value) > limit:
        raise DomainError("too_many", _("%(field)s may hold at most %(n)s entries.", field=field, n=limit),
                          field=field)
    return value


def read_text(data: dict, name: str, prefix: str = "", required: bool = False, limit: int = LONG_TEXT) -> str:
    """Text, stripped; absent or null reads as empty, which ``required`` refuses."""
    field = field_path(prefix, name)
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise wrong_type_error(field, _("text"))
    value = value.strip()
    if required and not value:
        raise required_error(field)
    if len(value) > limit:
        raise DomainError("too_long", _("%(field)s may be at most %(n)s characters long.", field=field, n=limit),
                          field=field)
    return value


def read_uuid(value, field: str) -> str:
    """A required UUID in its canonical form."""
    if value is None or value == "":
        raise required_error(field)
    parsed = parse_uuid(value)
    if parsed is None:
        raise DomainError("invalid_uuid", _("%(field)s is not a valid UUID.", field=field), field=field)
    return parsed


def read_optional_uuid(data: dict, name: str, prefix: str) -> str | None:
    """A UUID, or None when absent, null or empty."""
    if data.get(name) in (None, ""):
        return None
    return read_uuid(data[name], field_path(prefix, name))


def read_choice(data: dict, name: str, choices, prefix: str = "", required: bool = True) -> str | None:
    """One of ``choices``; None when absent and not ``required``."""
    field = field_path(prefix, name)
    value = data.get(name)
    if value is None:
        if required:
            raise required_error(field)
        return None
    if value not in choices:
        raise DomainError("invalid_choice", _("%(field)s must be one of: %(choices)s.", field=field,
                                              choices=", ".join(choices)), field=field)
    return value


def read_positive_int(data: dict, name: str) -> int:
    """A required whole number of at least 1 (a JSON number, not text or a boolean)."""
    value = data.get(name)
    if value is None:
        raise required_error(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise wrong_type_error(name, _("a positive whole number"))
    return value


def read_time(data: dict, name: str) -> datetime:
    """A required ISO 8601 date-time with its offset."""
    if data.get(name) in (None, ""):
        raise required_error(name)
    parsed = parse_aware_datetime(data[name])
    if parsed is None:
        raise DomainError("invalid_datetime",
                          _("%(field)s must be an ISO 8601 time with its offset, e.g. 2026-05-01T09:30:00+08:00.",
                            field=name), field=name)
    return parsed


def read_number(value, field: str, low: float, high: float, range_code: str) -> float:
    """A finite JSON number between ``low`` and ``high``; out of range is the error ``range_code``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise wrong_type_error(field, _("a number"))
    if not low <= value <= high:
        raise DomainError(range_code, _("%(field)s is out of range.", field=field), field=field)
    return float(value)


def read_uuid_list(data: dict, name: str, prefix: str, limit: int) -> tuple[str, ...]:
    """An optional list of UUIDs (photo references), each checked at its own path (``photos[2]``)."""
    field = field_path(prefix, name)
    values = read_list(data, name, prefix, limit)
    return tuple(read_uuid(value, f"{field}[{n}]") for n, value in enumerate(values))
