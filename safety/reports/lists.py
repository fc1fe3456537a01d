"""The records behind the summary's figures, for the workbook: the hazards found and the inspections finished.

One statement each, whatever their number; counts and names come joined, never per row. The rows are read as
the workbook writes them (in batches), never held all at once: a district's quarter is some 40,000 hazards.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Bundle

from safety.checklists.models import TemplateItem
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.rules import escalation_clause, overdue_clause
from safety.inspections.models import Inspection
from safety.inspections.vocabulary import SUPERSEDED
from safety.reports.periods import Period
from safety.reports.scope import ReportScope
from safety.users.models import Grid, User


# What the workbook shows of each hazard, read as columns (a row with these attributes), not as ORM objects.
HAZARD_COLUMNS = ("found_at", "description", "level", "mode", "responsible_person", "measures", "deadline", "status",
                  "closed_at", "number", "uuid")
BATCH = 2000


@dataclass
class HazardLine:
    hazard: object  # HAZARD_COLUMNS of the hazard
    enterprise_code: str
    enterprise_name: str
    sector: str
    grid_name: str | None
    basis: str | None  # 依据 of the checklist item that found it
    found_by: str | None
    overdue: bool
    escalated: bool


@dataclass
class InspectionLine:
    uuid: str
    enterprise_code: str
    enterprise_name: str
    sector: str
    grid_name: str | None
    inspector: str
    kind: str
    finished_at: datetime
    review_state: str
    hazards: int


def list_period_hazards(scope: ReportScope, period: Period, today: date) -> Iterator[HazardLine]:
    """The hazards found in the period, oldest first, with what the hazard list of the workbook shows."""
    start, end = period.utc_bounds()
    hazard = Bundle("hazard", *[getattr(Hazard, name) for name in HAZARD_COLUMNS])
    statement = (select(hazard, Enterprise.code, Enterprise.name, Enterprise.sector, Grid.name, TemplateItem.basis,
                        User.display_name, overdue_clause(today), escalation_clause(today))
                 .join(Enterprise, Enterprise.id == Hazard.enterprise_id)
                 .outerjoin(Grid, Grid.id == Enterprise.grid_id)
                 .outerjoin(TemplateItem, TemplateItem.id == Hazard.item_id)
                 .outerjoin(User, User.id == Hazard.found_by_id)
                 .where(scope.clause, Hazard.found_at >= start, Hazard.found_at < end)
                 .order_by(Hazard.found_at, Hazard.id).execution_options(yield_per=BATCH))
    for row, code, name, sector, grid_name, basis, found_by, overdue, escalated in db.session.execute(statement):
        yield HazardLine(row, code, name, sector, grid_name, basis, found_by, bool(overdue), bool(escalated))


def list_period_inspections(scope: ReportScope, period: Period) -> Iterator[InspectionLine]:
    """The inspections finished in the period, oldest first, each with the number of hazards it found."""
    start, end = period.utc_bounds()
    found = (select(Hazard.inspection_id, func.count(Hazard.id).label("hazards"))
             .group_by(Hazard.inspection_id).subquery())
    statement = (select(Inspection.uuid, Enterprise.code, Enterprise.name, Enterprise.sector, Grid.name,
                        User.display_name, Inspection.kind, Inspection.finished_at, Inspection.review_state,
                        func.coalesce(found.c.hazards, 0))
                 .join(Enterprise, Enterprise.id == Inspection.enterprise_id)
                 .outerjoin(Grid, Grid.id == Enterprise.grid_id)
                 .join(User, User.id == Inspection.inspector_id)
                 .outerjoin(found, found.c.inspection_id == Inspection.id)
                 .where(scope.clause, Inspection.finished_at >= start, Inspection.finished_at < end,
                        Inspection.review_state != SUPERSEDED)  # as the summary counts them
                 .order_by(Inspection.finished_at, Inspection.id).execution_options(yield_per=BATCH))
    for row in db.session.execute(statement):
        yield InspectionLine(*row)
