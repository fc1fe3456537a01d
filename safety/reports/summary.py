"""The office's figures for a period (the quarterly and annual summary, and the dashboard).

Four aggregate statements whatever the size of the register, each answering the totals, the sector
and grid tables and the months at once. The inspections, hazards and documents are not counted
from their rows but from the figures kept per enterprise and day as they are written
(:mod:`safety.reports.rollup`): a year is some twenty thousand daily rows, not a hundred thousand
hazards. What is judged on the day the report is read (overdue, escalated for being overdue too
long) starts from those figures and takes away the open hazards whose deadline is near or ahead;
enterprises under supervision are counted from the register. Enterprises
inspected is the one figure that cannot be summed over months (an enterprise inspected in
January and March is one enterprise), so it has its own statement, grouped by sector and grid
only: an enterprise belongs to one sector and one grid, so those sums are exact.

What the figures mean (the office's report wording depends on it):

* inspections: inspections finished in the period; enterprises inspected: how many
  different enterprises they visited; enterprises supervised: those not closed.
* people-visits (出动人次): each inspection counts its team, the inspector and every other member
  recorded on it (colleagues, experts, other departments); an inspection without a team counts 1.
* hazards found: found in the period, split by how they were to be rectified: on the spot
  (立即整改) or by a deadline (限期整改). Of those: major hazards; rectified, closed now
  (struck off after acceptance, those rectified on the spot included); awaiting re-check,
  reported rectified and not yet accepted (never counted as rectified); overdue and
  escalated, as the hazard rules judge them today (derived, never stored).
* rectification rate (整改率): rectified (struck off) of found. Pass rate (整改合格率):
  struck off of those whose rectification was judged (struck off, or failed a re-check and
  not struck off since).
* documents issued: enforcement documents issued in the period (执法文书, 整改复查意见书 included), by kind in
  ``documents_by_type``; a circular (通报) names no one enterprise, so it counts in the totals and the months of
  the whole jurisdiction only, never in a sector's or a grid's row.

Campaigns (:mod:`safety.reports.campaigns`) and the breakdown by kind of inspection
(:func:`get_kind_breakdown`) read their own statements.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta

from sqlalchemy import String, and_, case, cast, func, literal, null, select, union_all

from safety.common.office_time import office_today
from safety.documents.figures import count_circulars
from safety.documents.models import CIRCULAR, KINDS as DOCUMENT_KINDS
from safety.enterprises.models import Enterprise
from safety.enterprises.sectors import sector_order
from safety.enterprises.statuses import ACTIVE, SUSPENDED
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.rules import (
    overdue_clause,
    overdue_days_before_escalation,
    overdue_escalation_clause,
    standing_escalation_clause,
)
from safety.hazards.vocabulary import OPEN
from safety.measures.figures import Enforcement, enforcement_json, get_enforcement
from safety.campaigns.figures import TOTAL_KEYS as CAMPAIGN_TOTAL_KEYS
from safety.reports.campaigns import CampaignLine, list_period_campaigns
from safety.reports.kinds import KindLine, get_kind_breakdown
from safety.reports.periods import Month, Period
from safety.reports.rollup import COUNT_NAMES, DOCUMENT_KIND_OF, FIGURE_OF, DailyFigures, in_period, in_scope
from safety.reports.scope import ReportScope
from safety.units.moves import grid_at
from safety.users.models import Grid

SUPERVISED_STATUSES = (ACTIVE, SUSPENDED)  # a closed enterprise is struck off the register's work


@dataclass
class Figures:
    """The counts of one row of the report (the totals, a sector, a grid or a month)."""

    inspections: int = 0
    enterprises_inspected: int = 0
    enterprises_supervised: int = 0
    hazards_found: int = 0
    major_hazards: int = 0
    rectified: int = 0
    rectified_on_the_spot: int = 0  # of rectified: fixed on the spot (立即整改)
    people_visits: int = 0  # 出动人次: each inspection's team, at least its inspector
    found_on_the_spot: int = 0  # of found: to be rectified on the spot (立即整改)
    found_by_deadline: int = 0  # of found: to be rectified by a deadline (限期整改)
    awaiting_recheck: int = 0  # of found: reported rectified, not yet accepted (整改待复查/待核查)
    failed_recheck: int = 0  # of found: not struck off, and failed a re-check at least once
    overdue: int = 0
    escalated: int = 0
    documents_issued: int = 0

    @property
    def rectification_rate(self) -> float | None:
        """整改率: rectified of found, in percent with one decimal; None when nothing was found."""
        if not self.hazards_found:
            return None
        return round(100 * self.rectified / self.hazards_found, 1)

    @property
    def rectification_pass_rate(self) -> float | None:
        """整改合格率: struck off of those whose rectification was judged (struck off, or failed a re-check and
        still not struck off), in percent with one decimal; None when none was judged."""
        judged = self.rectified + self.failed_recheck
        if not judged:
            return None
        return round(100 * self.rectified / judged, 1)

    def add(self, other: Figures) -> None:
        # Through the instance dictionaries: a year's report adds a few thousand groups (sector × grid ×
        # month) four times each, and getattr/setattr per field made that most of the dashboard's time.
        mine, theirs = self.__dict__, other.__dict__
        for name in FIGURE_FIELDS:
            mine[name] += theirs[name]

    def as_dict(self) -> dict:
        return {**asdict(self), "rectification_rate": self.rectification_rate,
                "rectification_pass_rate": self.rectification_pass_rate}


FIGURE_FIELDS = tuple(f.name for f in fields(Figures))


@dataclass
class Summary:
    period: Period
    scope: ReportScope
    as_of: date  # the day overdue and escalation are judged on
    totals: Figures
    by_sector: list[tuple[str, Figures]] = field(default_factory=list)  # (sector key, figures)
    by_grid: list[tuple[str | None, str, Figures]] = field(default_factory=list)  # (grid code, name, figures)
    by_month: list[tuple[str, Figures]] = field(default_factory=list)  # ("YYYY-MM", figures)
    by_kind: list[KindLine] = field(default_factory=list)  # every report category, in the vocabulary's order
    by_campaign: list[CampaignLine] = field(default_factory=list)  # the campaigns of the period (检查行动)
    enforcement: Enforcement | None = None  # cases, fines, stopped and closed (safety.measures.figures)
    documents_by_type: dict[str, int] = field(default_factory=dict)  # documents issued, by kind


def month_bucket(column, months: list[Month]):
    """SQL: the "YYYY-MM" of the office's calendar month ``column`` falls in (NULL outside the period).

    Written as comparisons with each month's UTC bounds rather than a date function:
    SQLite (strftime) and PostgreSQL (to_char) name those differently, neither knows the
    office's time zone on SQLite, and a fixed offset would be wrong in zones with summer
    time. A period spans at most MAX_MONTHS months, so the CASE stays small.
    """
    return case(*[(and_(column >= month.start, column < month.end), month.key) for month in months], else_=None)


TOTAL, SECTOR, GRID, MONTH = "total", "sector", "grid", "month"


def _margins(rows, names: list[str]):
    """The sums of ``names`` over ``rows`` (a select of sector, grid_id, month and those columns) for the
    whole period, by sector, by grid (with its code and name) and by month: one statement, about seventy rows.

    The rows are grouped by sector, grid and month once; the four sums are read from those groups (the
    databases keep a subquery used four times as one temporary result), so Python adds up a few dozen
    rows rather than thousands.
    """
    inner = rows.subquery()
    groups = (select(inner.c.sector, inner.c.grid_id, inner.c.month, *[func.sum(inner.c[name]).label(name)
                                                                        for name in names])
              .group_by(inner.c.sector, inner.c.grid_id, inner.c.month).cte("groups"))
    sums = [func.sum(groups.c[name]) for name in names]
    none = cast(null(), String)
    return union_all(
        select(literal(TOTAL), none, none, none, none, *sums).select_from(groups),
        select(literal(SECTOR), groups.c.sector, none, none, none, *sums).group_by(groups.c.sector),
        select(literal(GRID), none, Grid.code, Grid.name, none, *sums).select_from(groups)
        .outerjoin(Grid, Grid.id == groups.c.grid_id).group_by(groups.c.grid_id, Grid.code, Grid.name),
        select(literal(MONTH), none, none, none, groups.c.month, *sums).where(groups.c.month.is_not(None))
        .group_by(groups.c.month))


class _Tables:
    """The figures of the period as they are added up: the totals, by sector, by grid and by month."""

    def __init__(self, months: list[Month]):
        self.totals = Figures()
        self.sectors: dict[str, Figures] = defaultdict(Figures)
        self.grids: dict[tuple, Figures] = defaultdict(Figures)  # by (grid code, grid name); (None, "") no grid
        self.months = {month.key: Figures() for month in months}
        self.documents_by_type: dict[str, int] = {}  # of the totals: documents issued, by kind


    def target(self, margin: str, sector, grid_code, grid_name, month) -> Figures:
        if margin == TOTAL:
            return self.totals
        if margin == SECTOR:
            return self.sectors[sector]
        if margin == GRID:
            return self.grids[(grid_code, grid_name or "")]
        return self.months[month]

    def add(self, statement, counts: list[str], sign: int = 1) -> None:
        """Add (or take away) the sums of a :func:`_margins` statement of ``counts`` to their figures
        (``FIGURE_OF``); the documents by kind go to the totals' documents_by_type."""
        figures = [(position, FIGURE_OF.get(name, name)) for position, name in enumerate(counts)
                   if name not in DOCUMENT_KIND_OF]
        kinds = [(position, DOCUMENT_KIND_OF[name]) for position, name in enumerate(counts) if name in DOCUMENT_KIND_OF]
        for margin, sector, grid_code, grid_name, month, *values in db.session.execute(statement):
            target = self.target(margin, sector, grid_code, grid_name, month).__dict__
            for position, name in figures:
                target[name] += sign * int(values[position] or 0)
            if margin == TOTAL:
                for position, kind in kinds:
                    self.documents_by_type[kind] = self.documents_by_type.get(kind, 0) + sign * int(values[position] or 0)

    def add_by_grid(self, statement, figure: str) -> None:
        """Add a count grouped by sector and grid (no months: enterprises) to the totals, sectors and grids."""
        for sector, grid_code, grid_name, count in db.session.execute(statement):
            for target in (self.totals, self.sectors[sector], self.grids[(grid_code, grid_name or "")]):
                target.__dict__[figure] += count


def get_summary(scope: ReportScope, period: Period, today: date | None = None, breakdowns: bool = True) -> Summary:
    """Every figure of the period within ``scope``, by sector, grid and month (four statements), enforcement
    measures by sector (one), and with
    ``breakdowns`` by kind of inspection (one) and by campaign (four at most).

    The inspections, hazards and documents are counted from their daily figures (:mod:`safety.reports.rollup`);
    what is judged on ``today`` corrected by the hazards whose deadline is near; enterprises from the register.
    """
    today = today or office_today()
    start, end = period.utc_bounds()
    months = period.months()
    tables = _Tables(months)

    tables.add_by_grid(select(Enterprise.sector, Grid.code, Grid.name, func.count(Enterprise.id))
                       .outerjoin(Grid, Grid.id == Enterprise.grid_id)
                       .where(scope.clause, Enterprise.status.in_(SUPERVISED_STATUSES))
                       .group_by(Enterprise.sector, Grid.code, Grid.name), "enterprises_supervised")

    kept = DailyFigures.__table__.c
    days = and_(in_period(period.start, period.end), in_scope(scope))
    tables.add(_margins(select(kept.sector, kept.grid_id, kept.month,
                               *[kept[name] for name in COUNT_NAMES]).where(days), list(COUNT_NAMES)),
               list(COUNT_NAMES))

    visited = (select(kept.sector, kept.grid_id, func.count(kept.enterprise_id.distinct()).label("count"))
               .where(days, kept.inspections > 0).group_by(kept.sector, kept.grid_id).subquery())
    tables.add_by_grid(select(visited.c.sector, Grid.code, Grid.name, visited.c.count)
                       .outerjoin(Grid, Grid.id == visited.c.grid_id), "enterprises_inspected")

    # The kept figures count every open hazard with a deadline as overdue, and those not escalated otherwise as
    # escalated for being overdue too long: take away the ones whose deadline has not passed on ``today`` (or
    # not by the limit). Only hazards with a deadline near or ahead are read.
    not_late = ~overdue_escalation_clause(today)
    # Counted where the kept figures counted them: the grid the enterprise was in when the hazard was found.
    found_in = grid_at(Hazard.enterprise_id, Enterprise.grid_id, Hazard.found_at)
    near = (select(Enterprise.sector, found_in.label("grid_id"), month_bucket(Hazard.found_at, months).label("month"),
                   case((~overdue_clause(today), 1), else_=0).label("not_overdue"),
                   case((and_(not_late, ~standing_escalation_clause()), 1), else_=0).label("not_escalated"))
            .join(Enterprise, Enterprise.id == Hazard.enterprise_id)
            .where(scope.clause if scope.grid_ids is None else found_in.in_(scope.grid_ids),
                   Hazard.found_at >= start, Hazard.found_at < end, Hazard.status == OPEN,
                   Hazard.deadline >= today - timedelta(days=overdue_days_before_escalation())))
    tables.add(_margins(near, ["not_overdue", "not_escalated"]), ["overdue", "escalated"], sign=-1)

    for figures in (tables.totals, *tables.sectors.values(), *tables.grids.values(), *tables.months.values()):
        figures.found_by_deadline = figures.hazards_found - figures.found_on_the_spot
    order = sector_order()
    summary = Summary(
        period=period, scope=scope, as_of=today, totals=tables.totals,
        by_sector=sorted(tables.sectors.items(), key=lambda item: (order.get(item[0], len(order)), item[0])),
        # Enterprises without a grid come last.
        by_grid=[(code, name, figures) for (code, name), figures in
                 sorted(tables.grids.items(), key=lambda item: (item[0][0] is None, item[0][0] or ""))],
        by_month=list(tables.months.items()))
    circulars = count_circulars(scope.clause, start, end, lambda column: month_bucket(column, months),
                                with_circulars=scope.grid is None)
    summary.documents_by_type = {kind: tables.documents_by_type.get(kind, 0) for kind in DOCUMENT_KINDS}
    summary.documents_by_type[CIRCULAR] = circulars.count
    summary.totals.documents_issued += sum(circulars.by_month.values())
    for month, figures in summary.by_month:
        figures.documents_issued += circulars.by_month.get(month, 0)
    summary.enforcement = get_enforcement(scope, period)
    if breakdowns:
        summary.by_kind = get_kind_breakdown(scope, period)
        summary.by_campaign = list_period_campaigns(scope, period, today)
    return summary


def campaign_json(line: CampaignLine) -> dict:
    """One campaign of the summary's by_campaign: what it is, and its figures as the campaign page counts them."""
    campaign, figures = line.campaign, line.figures
    return {"code": campaign.code, "name": campaign.name, "kind": campaign.kind, "status": campaign.status,
            "starts_on": campaign.starts_on.isoformat(), "ends_on": campaign.ends_on.isoformat(),
            "frozen": figures.frozen, "as_of": figures.as_of.isoformat(),
            **{key: getattr(figures, key) for key in CAMPAIGN_TOTAL_KEYS},
            "rectification_rate": figures.rectification_rate}


def summary_json(summary: Summary) -> dict:
    """The summary as /reports/summary.json answers it: the totals at the top level, then the tables, and what the
    figures count (``definitions``, in the reader's language)."""
    from safety.campaigns.vocabulary import report_category_label
    from safety.enterprises.sectors import sector_label
    from safety.reports.wording import definitions
    return {
        "period": {"from": summary.period.start.isoformat(), "to": summary.period.end.isoformat(),
                   "preset": summary.period.preset, "name": summary.period.name},
        "grid": summary.scope.grid.code if summary.scope.grid is not None else None,
        "as_of": summary.as_of.isoformat(),
        **summary.totals.as_dict(),
        "by_sector": [{"sector": key, "label": sector_label(key), **figures.as_dict()}
                      for key, figures in summary.by_sector],
        "by_grid": [{"grid": code, "name": name, **figures.as_dict()} for code, name, figures in summary.by_grid],
        "by_month": [{"month": key, **figures.as_dict()} for key, figures in summary.by_month],
        "campaigns": len(summary.by_campaign),  # 检查行动N次
        "by_campaign": [campaign_json(line) for line in summary.by_campaign],
        "by_kind": [{"kind": line.category, "label": report_category_label(line.category),
                     "inspections": line.inspections, "people_visits": line.people_visits}
                    for line in summary.by_kind],
        "documents_by_type": dict(summary.documents_by_type),
        "enforcement": enforcement_json(summary.enforcement),
        "definitions": definitions(),
    }
