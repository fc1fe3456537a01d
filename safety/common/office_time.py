"""The office's clock and calendar.

An office works by its own calendar, not by UTC's: a hazard found at 07:00 on 1 April
in Shanghai (23:00 UTC on 31 March) was found on 1 April and belongs to the second
quarter, and a deadline ends at the office's midnight, not the server's. The office's
zone is ``TIMEZONE`` (Asia/Shanghai unless set). Times are stored in UTC; a day is
turned into UTC bounds at the office's midnights, which every query compares with
plainly, on SQLite and PostgreSQL alike.
"""
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import get_timezone


def office_zone() -> ZoneInfo:
    """The office's time zone.

    Through zoneinfo: Flask-Babel hands out a pytz zone, whose offset is only right through ``localize``;
    attached with ``tzinfo=`` it is the zone's first historic offset (+08:06 for Shanghai).
    """
    return ZoneInfo(str(get_timezone()))


def office_now() -> datetime:
    """Now, aware, on the office's clock."""
    return datetime.now(office_zone())


def office_today() -> date:
    """Today on the office's calendar."""
    return office_now().date()


def office_day(moment: datetime) -> date:
    """The office's calendar day of an aware time."""
    return moment.astimezone(office_zone()).date()


def start_of_office_day(day: date) -> datetime:
    """The office's midnight at the start of ``day``, as an aware UTC time.

    A run of office days from ``first`` to ``last`` is ``start_of_office_day(first) <= t <
    start_of_office_day(last + 1 day)``.
    """
    return datetime.combine(day, time.min, tzinfo=office_zone()).astimezone(UTC)


def office_date(value: datetime | str | None) -> str:
    """An aware time (or its ISO text) as the office's calendar date, YYYY-MM-DD; empty for None.

    The ``office_date`` template filter.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return office_day(value).isoformat()
