"""The reporting period: presets (this month, this quarter, 一季度…四季度, this year) or two dates.

A period is a run of the office's calendar days, not of UTC days. Offices report by
their own calendar: a hazard found at 07:00 on 1 April in Shanghai (23:00 UTC on
31 March) belongs to the second quarter. So the days are turned into UTC bounds at the
office's midnights (``TIMEZONE``, Asia/Shanghai unless set), and every query compares the
stored UTC times with those bounds: plain comparisons that read the same on SQLite and
PostgreSQL and use the indexes on the time columns.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.dates import format_skeleton
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from safety.common.errors import DomainError
from safety.common.office_time import office_today, start_of_office_day
from safety.common.parsing import parse_iso_date

QUARTERS = ("q1", "q2", "q3", "q4")
PRESETS = ("month", "quarter", "year") + QUARTERS
DEFAULT_PRESET = "quarter"  # offices report quarterly
CUSTOM = "custom"
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_MONTHS = 120  # ten years: a longer custom period is a mistyped year

PRESET_LABELS = {
    "month": _l("This month"), "quarter": _l("This quarter"), "year": _l("This year"),
    "q1": _l("First quarter"), "q2": _l("Second quarter"), "q3": _l("Third quarter"), "q4": _l("Fourth quarter"),
}


def invalid(message: str, field: str) -> DomainError:
    return DomainError("invalid_period", message, field=field)


@dataclass(frozen=True)
class Month:
    """One calendar month of a period, cut to the period, with its UTC bounds."""

    key: str  # "YYYY-MM"
    start: datetime
    end: datetime  # exclusive


@dataclass(frozen=True)
class Period:
    """The office's calendar days from ``start`` to ``end``, both included."""

    start: date
    end: date
    preset: str  # one of PRESETS, or CUSTOM

    @property
    def year(self) -> int:
        return self.start.year

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """The first instant of ``start`` and the first instant after ``end``, at the office's midnights, in UTC."""
        return start_of_office_day(self.start), start_of_office_day(self.end + timedelta(days=1))

    def months(self) -> list[Month]:
        """The calendar months the period touches, in order, each cut to the period."""
        months, day = [], self.start
        while day <= self.end:
            following = _first_of_next_month(day)
            last = min(following - timedelta(days=1), self.end)
            months.append(Month(f"{day:%Y-%m}", start_of_office_day(day),
                                start_of_office_day(last + timedelta(days=1))))
            day = following
        return months

    def as_args(self) -> dict[str, str]:
        """Query arguments that name this period again (for links, exports and bookmarks)."""
        if self.preset in QUARTERS or self.preset == "year":
            return {"period": self.preset, "year": str(self.year)}
        if self.preset == CUSTOM:
            return {"from": self.start.isoformat(), "to": self.end.isoformat()}
        return {"period": self.preset}

    @property
    def name(self) -> str:
        """The period as a report names it: "the first quarter of 2026", "March 2026", "the year 2026", or two dates.

        Named by its dates, so a bookmarked ``from=2026-01-01&to=2026-03-31`` reads as the quarter it is.
        """
        start, end = self.start, self.end
        if start.day != 1 or _first_of_next_month(end) != end + timedelta(days=1):
            return _("the period from %(start)s to %(end)s", start=format_date(start, "long"),
                     end=format_date(end, "long"))
        if (start.month, end.month) == (1, 12) and start.year == end.year:
            return _("the year %(year)s", year=start.year)
        if start.month % 3 == 1 and (start.year, start.month + 2) == (end.year, end.month):
            return _quarter_name((start.month - 1) // 3 + 1, start.year)
        if (start.year, start.month) == (end.year, end.month):
            return format_skeleton("yMMMM", start, locale=get_locale())
        return _("the period from %(start)s to %(end)s", start=format_date(start, "long"),
                 end=format_date(end, "long"))


def _quarter_name(number: int, year: int) -> str:
    """一季度…四季度 of a year, as the paragraph and the headings name them."""
    return (_("the first quarter of %(year)s", year=year), _("the second quarter of %(year)s", year=year),
            _("the third quarter of %(year)s", year=year), _("the fourth quarter of %(year)s", year=year))[number - 1]


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _quarter(year: int, number: int) -> tuple[date, date]:
    start = date(year, 3 * number - 2, 1)
    end = date(year, 12, 31) if number == 4 else date(year, 3 * number + 1, 1) - timedelta(days=1)
    return start, end


def _read_year(args: Mapping, today: date) -> int:
    value = str(args.get("year") or "").strip()
    if not value:
        return today.year
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise invalid(_("The year must be a number from %(first)s to %(last)s (“%(value)s” is not).",
                        first=FIRST_YEAR, last=LAST_YEAR, value=value[:20]), "year")
    return int(value)


def _read_date(args: Mapping, name: str) -> date:
    value = str(args.get(name) or "").strip()
    parsed = parse_iso_date(value)
    if parsed is None:
        raise invalid(_("Enter the date as YYYY-MM-DD (“%(value)s” is not a date).", value=value[:40]), name)
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise invalid(_("Enter a date from %(first)s to %(last)s.", first=FIRST_YEAR, last=LAST_YEAR), name)
    return parsed


def _custom(args: Mapping) -> Period:
    if not (args.get("from") or "").strip() or not (args.get("to") or "").strip():
        missing = "to" if (args.get("from") or "").strip() else "from"
        raise invalid(_("Give both the first and the last day of the period."), missing)
    start, end = _read_date(args, "from"), _read_date(args, "to")
    if start > end:
        raise invalid(_("The first day (%(start)s) is after the last day (%(end)s).", start=start.isoformat(),
                        end=end.isoformat()), "from")
    period = Period(start, end, CUSTOM)
    if len(period.months()) > MAX_MONTHS:
        raise invalid(_("A period may span at most ten years."), "to")
    return period


def parse_period(args: Mapping, today: date | None = None) -> Period:
    """The period named by a query string: ``from``/``to`` dates, or ``period`` (with ``year`` for a quarter).

    Nothing given means this quarter. Anything malformed raises a :class:`DomainError`
    (400, code ``invalid_period``) naming the offending argument.
    """
    today = today or office_today()
    preset = str(args.get("period") or "").strip()
    if preset == CUSTOM or (not preset and ((args.get("from") or "").strip() or (args.get("to") or "").strip())):
        return _custom(args)
    preset = preset or DEFAULT_PRESET
    if preset not in PRESETS:
        raise invalid(_("“%(value)s” is not a known period.", value=preset[:40]), "period")
    if preset == "month":
        return Period(today.replace(day=1), _first_of_next_month(today) - timedelta(days=1), preset)
    if preset == "quarter":
        return Period(*_quarter(today.year, (today.month - 1) // 3 + 1), preset)
    year = _read_year(args, today)
    if preset == "year":
        return Period(date(year, 1, 1), date(year, 12, 31), preset)
    return Period(*_quarter(year, QUARTERS.index(preset) + 1), preset)
