"""What needs the office's attention beyond the period's figures: coverage and open hazards.

* Coverage (分级分类监管): enterprises not inspected within the interval their supervision
  class requires (``COVERAGE_INTERVAL_DAYS``), judged on the last day of the period, or
  today when the period is not over.
* The enterprises with the most open hazards today.

Each list is one statement (plus one for the coverage counts) whatever the register's size, reading the open
hazards and last inspection kept per enterprise (:mod:`safety.reports.standing`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, case, func, or_, select

from safety.common.office_time import start_of_office_day
from safety.enterprises.models import SUPERVISION_CLASSES, Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.rules import overdue_clause
from safety.hazards.vocabulary import OPEN_STATUSES
from safety.reports.periods import Period
from safety.reports.scope import ReportScope
from safety.reports.standing import last_inspected, most_open
from safety.reports.summary import SUPERVISED_STATUSES
from safety.users.models import Grid

COVERAGE_ROWS = 50
TOP_ENTERPRISES = 10


@dataclass
class UncoveredEnterprise:
    code: str
    name: str
    sector: str
    supervision_class: str
    grid_name: str | None
    last_inspected: datetime | None
    days_since: int | None  # whole days from the last inspection to the coverage day


@dataclass
class Coverage:
    as_of: date
    intervals: dict[str, int]  # days, by supervision class
    counts: dict[str, int]  # enterprises not covered, by supervision class
    rows: list[UncoveredEnterprise]  # the longest uninspected first, at most COVERAGE_ROWS

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class OpenHazardsAt:
    code: str
    name: str
    grid_name: str | None
    open: int
    major: int
    overdue: int


def coverage_intervals() -> dict[str, int]:
    configured = current_app.config.get("COVERAGE_INTERVAL_DAYS") or {}
    return {cls: int(configured.get(cls, 90)) for cls in SUPERVISION_CLASSES}


def _uncovered_statement(scope: ReportScope, as_of: date, intervals: dict[str, int]):
    day_after = start_of_office_day(as_of + timedelta(days=1))
    last = last_inspected(day_after)
    # Inspected within N days up to the coverage day: on or after the office's midnight N - 1 days before it.
    late = or_(*[and_(Enterprise.supervision_class == cls,
                      or_(last.c.last.is_(None), last.c.last < start_of_office_day(as_of - timedelta(days=days - 1))))
                 for cls, days in intervals.items()])
    statement = (select(Enterprise.code, Enterprise.name, Enterprise.sector, Enterprise.supervision_class, Grid.name,
                        last.c.last)
                 .outerjoin(last, last.c.enterprise_id == Enterprise.id)
                 .outerjoin(Grid, Grid.id == Enterprise.grid_id)
                 .where(scope.clause, Enterprise.status.in_(SUPERVISED_STATUSES), late))
    return statement, last


def get_coverage(scope: ReportScope, period: Period, today: date, limit: int = COVERAGE_ROWS) -> Coverage:
    """Enterprises whose class interval passed without an inspection: counts by class and the longest first."""
    as_of = min(period.end, today)
    intervals = coverage_intervals()
    statement, last = _uncovered_statement(scope, as_of, intervals)
    counted = statement.with_only_columns(Enterprise.supervision_class, func.count()).group_by(
        Enterprise.supervision_class)
    counts = {cls: 0 for cls in SUPERVISION_CLASSES}
    counts.update({cls: count for cls, count in db.session.execute(counted)})
    listed = statement.order_by(last.c.last.is_(None).desc(), last.c.last, Enterprise.code).limit(limit)
    end_of_day = start_of_office_day(as_of + timedelta(days=1))
    rows = [UncoveredEnterprise(code, name, sector, cls, grid_name, last_at,
                                None if last_at is None else (end_of_day - last_at).days)
            for code, name, sector, cls, grid_name, last_at in db.session.execute(listed)]
    return Coverage(as_of=as_of, intervals=intervals, counts=counts, rows=rows)


def list_most_open_hazards(scope: ReportScope, today: date, limit: int = TOP_ENTERPRISES) -> list[OpenHazardsAt]:
    """The enterprises with the most hazards not yet closed today, with how many are major and overdue.

    The open and major counts are the ones kept per enterprise (:mod:`safety.reports.standing`): the ten are
    read from one row per enterprise, and only their hazards are then read for what is overdue today.
    """
    top = most_open(None if scope.whole_register else select(Enterprise.id).where(scope.clause), limit).subquery()
    # Summed over the enterprise's unclosed hazards, so that the database finds them by enterprise, not by deadline.
    overdue = (select(func.sum(case((overdue_clause(today), 1), else_=0)))
               .where(Hazard.enterprise_id == top.c.enterprise_id, Hazard.status.in_(OPEN_STATUSES)).scalar_subquery())
    statement = (select(Enterprise.code, Enterprise.name, Grid.name, top.c.open, top.c.major, overdue)
                 .select_from(top).join(Enterprise, Enterprise.id == top.c.enterprise_id)
                 .outerjoin(Grid, Grid.id == Enterprise.grid_id)
                 .order_by(top.c.open.desc(), Enterprise.code))
    return [OpenHazardsAt(code, name, grid_name, count, int(major or 0), int(overdue or 0))
            for code, name, grid_name, count, major, overdue in db.session.execute(statement)]
