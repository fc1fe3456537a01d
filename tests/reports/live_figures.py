"""The summary's figures counted straight from the records, as the summary counted them before it kept daily
figures: the reference the kept figures are compared with (tests/reports/test_daily_figures.py).

Every hazard, inspection and document of the period is read and judged here; only the definitions are shared
with the code under test (the hazard rules, the vocabulary), not the counting.
"""
from collections import defaultdict
from datetime import date

from sqlalchemy import select

from safety.documents.models import KINDS, Document
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.rules import is_overdue, needs_escalation
from safety.hazards.vocabulary import CLOSED, MAJOR, ON_THE_SPOT, PENDING_VERIFICATION, RECTIFIED
from safety.inspections.models import Inspection, InspectionTeamMember
from safety.inspections.vocabulary import SUPERSEDED
from safety.reports.periods import Period
from safety.reports.summary import SUPERVISED_STATUSES
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

    def add(enterprise, month, figure, value=1):
        keys = ["total", ("sector", enterprise.sector), ("grid", grids.get(enterprise.grid_id))]
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
        add(enterprise, month_of(inspection.finished_at), "inspections")
        add(enterprise, month_of(inspection.finished_at), "people_visits",
            1 + sum(1 for member in others if member.user_id is None or member.user_id != inspection.inspector_id))
        if enterprise.id not in visited:
            visited.add(enterprise.id)
            add(enterprise, None, "enterprises_inspected")
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
                add(enterprise, month, figure)
    for document in db.session.scalars(select(Document).where(
            Document.enterprise_id.in_(enterprise_ids), Document.issued_at >= start, Document.issued_at < end)):
        add(enterprises[document.enterprise_id], month_of(document.issued_at), "documents_issued")
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
