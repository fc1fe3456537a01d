"""Parsing the values phones send: client-made UUIDs and times with their offset."""
import re
import uuid as uuid_module
from datetime import date, datetime, timezone

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_uuid(value) -> str | None:
    """The canonical lowercase form of a UUID given as text, or None when it is not one."""
    if not isinstance(value, str) or len(value) > 45:
        return None
    try:
        return str(uuid_module.UUID(value))
    except ValueError:
        return None


def parse_aware_datetime(value) -> datetime | None:
    """An ISO 8601 date-time that carries its UTC offset (``Z`` or ``+08:00``), or None.

    A time without an offset is refused: a phone's local clock means nothing
    on the server without it.
    """
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return None
    try:
        parsed.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:05+05:00 is still year 0 in UTC: no clock, hash or column holds it
        return None
    return parsed


def parse_iso_date(value) -> date | None:
    """A calendar date written ``YYYY-MM-DD``, or None."""
    # Python also reads week dates (2026-W01-1); the contract means the plain calendar form only.
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
