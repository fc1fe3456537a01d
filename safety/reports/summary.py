"""The office's figures for a period (the quarterly and annual summary, and the dashboard).

Five aggregate statements whatever the size of the register: each source (enterprises,
inspections, hazards, documents) is counted once, grouped by sector, grid and month, and
the totals, the sector and grid tables and the months are summed from those groups in
Python. Enterprises inspected is the one figure that cannot be summed over months (an
enterprise inspected in January and March is one enterprise), so it has its own statement,
grouped by sector and grid only: an enterprise belongs to one sector and one grid, so those
sums are exact.

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
* documents issued: notices and opinions issued in the period.

Campaigns (:mod:`safety.reports.campaigns`) and the breakdown by kind of inspection
(:func:`get_kind_breakdown`) read their own statements.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from sqlalchemy import and_, case, func, select

from safety.common.office_time import office_today
from safety.documents.models import Document
from safety.enterprises.models import Enterprise
from safety.enterprises.sectors import sector_order
from safety.enterprises.statuses import ACTIVE, SUSPENDED
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.rules import escalation_clause, overdue_clause
from safety.hazards.vocabulary import CLOSED, MAJOR, ON_THE_SPOT, PENDING_VERIFICATION, RECTIFIED
from safety.inspections.models import Inspection
from safety.inspections.vocabulary import SUPERSEDED
from safety.measures.figures import Enforcement, enforcement_json, get_enforcement
from safety.campaigns.figures import TOTAL_KEYS as CAMPAIGN_TOTAL_KEYS
from safety.reports.campaigns import CampaignLine, list_period_campaigns
from safety.reports.kinds import KindLine, get_kind_breakdown, people_visits
from safety.reports.periods import Month, Period
from safety.reports.scope import ReportScope
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


def month_bucket(column, months: list[Month]):
    """SQL: the "YYYY-MM" of the office's calendar month ``column`` falls in (NULL outside the period).

    Written as comparisons with each month's UTC bounds rather than a date function:
    SQLite (strftime) and PostgreSQL (to_char) name those differently, neither knows the
    office's time zone on SQLite, and a fixed offset would be wrong in zones with summer
    time. A period spans at most MAX_MONTHS months, so the CASE stays small.
    """
    return case(*[(and_(column >= month.start, column < month.end), month.key) for month in months], else_=None)


def _grouped(statement, column, months: list[Month]):
    """``statement`` (its first columns: sector, grid code, grid name) grouped by those and the month of ``column``.

    The month is computed in a subquery and grouped by its column: PostgreSQL does not
    recognise a CASE with bound parameters as the same expression in SELECT and GROUP BY.
    """
    inner = statement.add_columns(month_bucket(column, months).label("month")).subquery()
    keys = [inner.c.sector, inner.c.grid_code, inner.c.grid_name, inner.c.month]
    return inner, keys


def _base(model, scope: ReportScope):
    return (select(Enterprise.sector.label("sector"), Grid.code.label("grid_code"), Grid.name.label("grid_name"))
            .select_from(model).join(Enterprise, Enterprise.id == model.enterprise_id)
            .outerjoin(Grid, Grid.id == Enterprise.grid_id).where(scope.clause))


def get_summary(scope: ReportScope, period: Period, today: date | None = None, breakdowns: bool = True) -> Summary:
    """Every figure of the period within ``scope``, by sector, grid and month (five statements), enforcement
    measures by sector (one), and with
    ``breakdowns`` by kind of inspection (one) and by campaign (four at most)."""
    today = today or office_today()
    start, end = period.utc_bounds()
    months = period.months()
    rows: dict[tuple, Figures] = defaultdict(Figures)  # by (sector, grid code, grid name, month)

    supervised = db.session.execute(
        select(Enterprise.sector, Grid.code, Grid.name, func.count(Enterprise.id))
        .outerjoin(Grid, Grid.id == Enterprise.grid_id)
        .where(scope.clause, Enterprise.status.in_(SUPERVISED_STATUSES))
        .group_by(Enterprise.sector, Grid.code, Grid.name))
    for sector, grid_code, grid_name, count in supervised:
        rows[(sector, grid_code, grid_name, None)].enterprises_supervised += count

    # An earlier revision (superseded by the amended resubmission) is not a second inspection.
    counted = Inspection.review_state != SUPERSEDED
    inner, keys = _grouped(_base(Inspection, scope).add_columns(Inspection.id.label("id"), people_visits().label("people"))
                           .where(Inspection.finished_at >= start, Inspection.finished_at < end, counted),
                           Inspection.finished_at, months)
    for *key, count, people in db.session.execute(
            select(*keys, func.count(inner.c.id), func.sum(inner.c.people)).group_by(*keys)):
        rows[tuple(key)].inspections += count
        rows[tuple(key)].people_visits += int(people or 0)

    visited = db.session.execute(
        _base(Inspection, scope).add_columns(func.count(Inspection.enterprise_id.distinct()))
        .where(Inspection.finished_at >= start, Inspection.finished_at < end, counted)
        .group_by(Enterprise.sector, Grid.code, Grid.name))
    for sector, grid_code, grid_name, count in visited:
        rows[(sector, grid_code, grid_name, None)].enterprises_inspected += count

    closed = Hazard.status == CLOSED
    flags = {"major": Hazard.level == MAJOR, "closed": closed,
             "on_the_spot": and_(closed, Hazard.mode == ON_THE_SPOT),
             "overdue": overdue_clause(today), "escalated": escalation_clause(today),
             "found_on_the_spot": Hazard.mode == ON_THE_SPOT,
             "awaiting_recheck": Hazard.status.in_((RECTIFIED, PENDING_VERIFICATION)),
             "failed_recheck": and_(~closed, Hazard.failed_recheck_count > 0)}
    inner, keys = _grouped(_base(Hazard, scope).add_columns(
        *[case((clause, 1), else_=0).label(name) for name, clause in flags.items()])
        .where(Hazard.found_at >= start, Hazard.found_at < end), Hazard.found_at, months)
    sums = [func.count()] + [func.sum(inner.c[name]) for name in flags]
    for *key, found, major, closed_count, on_the_spot, overdue, escalated, found_on_the_spot, awaiting, failed \
            in db.session.execute(select(*keys, *sums).group_by(*keys)):
        figures = rows[tuple(key)]
        figures.hazards_found += found
        figures.found_on_the_spot += int(found_on_the_spot or 0)
        figures.found_by_deadline += found - int(found_on_the_spot or 0)
        figures.awaiting_recheck += int(awaiting or 0)
        figures.failed_recheck += int(failed or 0)
        figures.major_hazards += int(major or 0)
        figures.rectified += int(closed_count or 0)
        figures.rectified_on_the_spot += int(on_the_spot or 0)
        figures.overdue += int(overdue or 0)
        figures.escalated += int(escalated or 0)

    inner, keys = _grouped(_base(Document, scope).add_columns(Document.id.label("id"))
                           .where(Document.issued_at >= start, Document.issued_at < end), Document.issued_at, months)
    for *key, count in db.session.execute(select(*keys, func.count(inner.c.id)).group_by(*keys)):
        rows[tuple(key)].documents_issued += count

    summary = _summarise(period, scope, today, rows, months)
    summary.enforcement = get_enforcement(scope, period)
    if breakdowns:
        summary.by_kind = get_kind_breakdown(scope, period)
        summary.by_campaign = list_period_campaigns(scope, period, today)
    return summary


def _summarise(period: Period, scope: ReportScope, today: date, rows: dict[tuple, Figures],
               months: list[Month]) -> Summary:
    totals = Figures()
    sectors: dict[str, Figures] = defaultdict(Figures)
    grids: dict[tuple, Figures] = defaultdict(Figures)
    by_month = {month.key: Figures() for month in months}
    for (sector, grid_code, grid_name, month), figures in rows.items():
        totals.add(figures)
        sectors[sector].add(figures)
        grids[(grid_code, grid_name or "")].add(figures)
        if month is not None:
            by_month[month].add(figures)
    order = sector_order()
    return Summary(
        period=period, scope=scope, as_of=today, totals=totals,
        by_sector=sorted(sectors.items(), key=lambda item: (order.get(item[0], len(order)), item[0])),
        # Enterprises without a grid come last.
        by_grid=[(code, name, figures) for (code, name), figures in
                 sorted(grids.items(), key=lambda item: (item[0][0] is None, item[0][0] or ""))],
        by_month=list(by_month.items()))


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
        "enforcement": enforcement_json(summary.enforcement),
        "definitions": definitions(),
    }
