"""The summary's figures counted straight from the records, as the summary counted them before it kept daily
figures: the reference the kept figures are compared with (tests/reports/test_daily_figures.py).

Every hazard, inspection and document of the period is read and judged here; only the definitions are shared
with the code under test (the hazard rules, the vocabulary), not the counting.
"""
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select

from safety.common.office_time import start_of_office_day
from safety.documents.models import KINDS, Document
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.rules import is_overdue, needs_escalation
from safety.hazards.vocabulary import CLOSED, MAJOR, ON_THE_SPOT, OPEN_STATUSES, PENDING_VERIFICATION, RECTIFIED
from safety.inspections.models import Inspection, InspectionTeamMember
from safety.inspections.vocabulary import SUPERSEDED
from safety.reports.periods import Period
from safety.reports.summary import SUPERVISED_STATUSES
from safety.units.models import EnterpriseMove
from safety.users.models import Grid

FIGURES = ("inspections", "people_visits", "enterprises_inspected", "enterprises_supervised", "hazards_found",
           "major_hazards", "rectified", "rectified_on_the_spot", "found_on_the_spot", "found_by_deadline",
           "awaiting_recheck", "failed_recheck", "overdue", "escalated", "documents_issued")


def live_tables(enterprise_ids: list[int], period: Period, today: date) -> dict:
    """{"total": {...}, ("sector", key): {...}, ("grid", code): {...}, ("month", "YYYY-MM"): {...}} for the
    enterprises given, every figure of FIGURES (zeros left out of the rows but for the total), and
    "documents_by_type": {kind: documents issued} (every kind, zeros included)."""
    start, end = period.utc_bounds()
    enterprises = {enterprise.id: enterprise for enterprise in db.session.scalars(
        select(Enterprise).where(Enterprise.id.in_(enterprise_ids)))}
    grids = {grid.id: grid.code for grid in db.session.scalars(select(Grid))}
    tables: dict = defaultdict(lambda: dict.fromkeys(FIGURES, 0))

    moves = defaultdict(list)  # enterprise id → its moves, in order: a figure counts in the grid of its day
    for move in db.session.scalars(select(EnterpriseMove).where(EnterpriseMove.enterprise_id.in_(enterprise_ids))
                                   .order_by(EnterpriseMove.moved_at, EnterpriseMove.id)):
        moves[move.enterprise_id].append(move)

    def add(enterprise, month, figure, value=1, at=None):
        later = [move for move in moves[enterprise.id] if at is not None and move.moved_at > at]
        grid_id = later[0].from_grid_id if later else enterprise.grid_id
        keys = ["total", ("sector", enterprise.sector), ("grid", grids.get(grid_id))]
        if month is not None:
            keys.append(("month", month))
        for key in keys:
            tables[key][figure] += value

    def month_of(moment):
        for month in period.months():
            if month.start <= moment < month.end:
                return month.key
        return None

    tables["total"]  # always there
    by_type = dict.fromkeys(KINDS, 0)
    for enterprise in enterprises.values():
        if enterprise.status in SUPERVISED_STATUSES:
            add(enterprise, None, "enterprises_supervised")
    visited = set()
    for inspection in db.session.scalars(select(Inspection).where(
            Inspection.enterprise_id.in_(enterprise_ids), Inspection.finished_at >= start,
            Inspection.finished_at < end, Inspection.review_state != SUPERSEDED)):
        enterprise = enterprises[inspection.enterprise_id]
        others = db.session.scalars(select(InspectionTeamMember).where(
            InspectionTeamMember.inspection_id == inspection.id)).all()
        at = inspection.finished_at
        add(enterprise, month_of(at), "inspections", at=at)
        add(enterprise, month_of(at), "people_visits",
            1 + sum(1 for member in others if member.user_id is None or member.user_id != inspection.inspector_id),
            at=at)
        if enterprise.id not in visited:
            visited.add(enterprise.id)
            add(enterprise, None, "enterprises_inspected", at=at)
    for hazard in db.session.scalars(select(Hazard).where(
            Hazard.enterprise_id.in_(enterprise_ids), Hazard.found_at >= start, Hazard.found_at < end)):
        enterprise, month = enterprises[hazard.enterprise_id], month_of(hazard.found_at)
        closed = hazard.status == CLOSED
        for figure, counts in (
                ("hazards_found", True), ("major_hazards", hazard.level == MAJOR), ("rectified", closed),
                ("rectified_on_the_spot", closed and hazard.mode == ON_THE_SPOT),
                ("found_on_the_spot", hazard.mode == ON_THE_SPOT),
                ("found_by_deadline", hazard.mode != ON_THE_SPOT),
                ("awaiting_recheck", hazard.status in (RECTIFIED, PENDING_VERIFICATION)),
                ("failed_recheck", not closed and hazard.failed_recheck_count > 0),
                ("overdue", is_overdue(hazard, today)), ("escalated", needs_escalation(hazard, today))):
            if counts:
                add(enterprise, month, figure, at=hazard.found_at)
    for document in db.session.scalars(select(Document).where(
            Document.enterprise_id.in_(enterprise_ids), Document.issued_at >= start, Document.issued_at < end)):
        add(enterprises[document.enterprise_id], month_of(document.issued_at), "documents_issued",
            at=document.issued_at)
        by_type[document.kind] += 1
    return {**tables, "documents_by_type": dict(by_type)}


def summary_tables(summary) -> dict:
    """The same shape from a :class:`safety.reports.summary.Summary` (rows where every figure is 0 left out)."""
    tables = {"total": {name: getattr(summary.totals, name) for name in FIGURES},
              "documents_by_type": dict(summary.documents_by_type)}
    rows = ([(("sector", key), figures) for key, figures in summary.by_sector]
            + [(("grid", code), figures) for code, _name, figures in summary.by_grid]
            + [(("month", key), figures) for key, figures in summary.by_month])
    for key, figures in rows:
        values = {name: getattr(figures, name) for name in FIGURES}
        if any(values.values()):
            tables[key] = values
    return tables


def live_standing(enterprise_ids: list[int]) -> dict[int, tuple]:
    """{enterprise id: (hazards not closed, of them major, last inspection finished)} from every record."""
    standing = {}
    for enterprise_id in enterprise_ids:
        unclosed = db.session.scalars(select(Hazard).where(Hazard.enterprise_id == enterprise_id,
                                                           Hazard.status.in_(OPEN_STATUSES))).all()
        finished = db.session.scalars(select(Inspection.finished_at).where(
            Inspection.enterprise_id == enterprise_id)).all()
        standing[enterprise_id] = (len(unclosed), sum(1 for hazard in unclosed if hazard.level == MAJOR),
                                   max(finished, default=None))
    return standing


def live_most_open(enterprise_ids: list[int], today: date, limit: int) -> list[tuple]:
    """(code, name, grid name, not closed, major, overdue) of the enterprises with most hazards not closed."""
    lines = []
    for enterprise_id, (unclosed, major, _last) in live_standing(enterprise_ids).items():
        if unclosed:
            enterprise = db.session.get(Enterprise, enterprise_id)
            overdue = sum(1 for hazard in db.session.scalars(select(Hazard).where(Hazard.enterprise_id == enterprise_id))
                          if is_overdue(hazard, today))
            lines.append((enterprise.code, enterprise.name, enterprise.grid.name if enterprise.grid else None,
                          unclosed, major, overdue))
    return sorted(lines, key=lambda line: (-line[3], line[0]))[:limit]


def live_coverage(enterprise_ids: list[int], as_of: date, intervals: dict[str, int]) -> tuple[dict, list]:
    """(counts by supervision class, rows (code, class, last inspection, days since) longest first) of the
    supervised enterprises not inspected within their class's interval up to ``as_of``."""
    day_after = start_of_office_day(as_of + timedelta(days=1))
    counts, rows = dict.fromkeys(intervals, 0), []
    for enterprise in db.session.scalars(select(Enterprise).where(Enterprise.id.in_(enterprise_ids))):
        if enterprise.status not in SUPERVISED_STATUSES:
            continue
        last = max((at for at in db.session.scalars(select(Inspection.finished_at).where(
            Inspection.enterprise_id == enterprise.id)) if at < day_after), default=None)
        since = start_of_office_day(as_of - timedelta(days=intervals[enterprise.supervision_class] - 1))
        if last is None or last < since:
            counts[enterprise.supervision_class] += 1
            rows.append((enterprise.code, enterprise.supervision_class, last,
                         None if last is None else (day_after - last).days))
    rows.sort(key=lambda row: (row[2] is not None, row[2] or day_after, row[0]))
    return counts, rows
