"""A campaign's figures for any unit, with a ranked table of its child units (the campaign's 通报 by unit).

Counted per grid, as the summary's roll-up is (:mod:`safety.units.rollup`): each figure of a campaign is counted
for the grid its enterprise is in, a grid belongs to one unit, so a child unit's line is the sum of the grid lines
of its subtree and a unit's totals are the sum of its children's lines and of the grids directly under it, by
construction. The definitions are the campaign page's (:mod:`safety.campaigns.figures`): tasks not cancelled,
done and past due as the task rules derive them, the counted inspections made for its tasks and the different
enterprises they visited, the hazards those inspections found and of them those struck off, and the documents
issued from those inspections or those hazards.

Five statements for the grids' lines and where each grid sits, whatever the number of units and tasks. An ended
campaign keeps the grid lines it had when it closed (:func:`freeze_grid_lines`); where a grid sits is read now.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, or_, select

from safety.campaigns.models import Campaign, Task
from safety.campaigns.rules import counted_inspection_clause, task_status_case
from safety.campaigns.vocabulary import CANCELLED, CLOSED, DONE, OVERDUE
from safety.documents.models import Document, document_hazards
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.vocabulary import CLOSED as STRUCK_OFF
from safety.hazards.vocabulary import MAJOR
from safety.inspections.models import Inspection
from safety.reports.wording import CAMPAIGN_LABELS, FIGURE_LABELS
from safety.units.models import Unit, unit_grids
from safety.units.rollup import GRID, UNIT, ChildLine, rank
from safety.units.tree import child_units, get_root
from safety.users.models import Grid

COUNT_KEYS = ("tasks", "done", "overdue", "inspections", "enterprises_inspected", "hazards_found", "major_hazards",
              "rectified", "documents")
# The columns of the children's table, in the order a campaign's circular lists them.
UNIT_KEYS = ("tasks", "done", "inspections", "hazards_found", "rectification_rate", "overdue", "documents")
UNIT_LABELS = {**CAMPAIGN_LABELS, "inspections": FIGURE_LABELS["inspections"],
               "documents": FIGURE_LABELS["documents_issued"]}
FROZEN_KEY = "by_grid_figures"  # where an ended campaign keeps its grid lines, in its frozen figures


@dataclass
class UnitFigures:
    """A campaign's counts over some grids: one grid, a unit's subtree, a child's line."""

    tasks: int = 0
    done: int = 0
    overdue: int = 0  # tasks past due
    inspections: int = 0
    enterprises_inspected: int = 0
    hazards_found: int = 0
    major_hazards: int = 0
    rectified: int = 0
    documents: int = 0

    @property
    def rectification_rate(self) -> float | None:
        """整改率: rectified of found, in percent with one decimal; None when nothing was found."""
        return round(100 * self.rectified / self.hazards_found, 1) if self.hazards_found else None

    def add(self, other: UnitFigures) -> None:
        for key in COUNT_KEYS:
            setattr(self, key, getattr(self, key) + getattr(other, key))

    def as_dict(self) -> dict:
        return {**{key: getattr(self, key) for key in COUNT_KEYS}, "rectification_rate": self.rectification_rate}


@dataclass
class CampaignRollup:
    """The campaign within ``unit``: its totals there and its children's lines, ranked."""

    unit: Unit
    totals: UnitFigures
    lines: list[ChildLine] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"unit": {"code": self.unit.code, "name": self.unit.name, "kind": self.unit.kind},
                "unit_totals": self.totals.as_dict(), "by_unit": [line.as_dict() for line in self.lines]}


def count_grid_lines(campaign_id: int, today: date) -> dict[int | None, UnitFigures]:
    """``{grid id (None: no grid): figures}`` of the campaign as they stand ``today``: four statements."""
    lines: dict[int | None, UnitFigures] = {}

    def line(grid_id) -> UnitFigures:
        return lines.setdefault(grid_id, UnitFigures())

    status = (select(Enterprise.grid_id.label("grid_id"), task_status_case(today).label("status"))
              .select_from(Task).join(Enterprise, Enterprise.id == Task.enterprise_id)
              .where(Task.campaign_id == campaign_id).subquery())
    for grid_id, tasks, done, overdue in db.session.execute(
            select(status.c.grid_id, *[func.sum(case((condition, 1), else_=0)) for condition in (
                status.c.status != CANCELLED, status.c.status == DONE, status.c.status == OVERDUE)])
            .group_by(status.c.grid_id)):
        target = line(grid_id)
        target.tasks, target.done, target.overdue = int(tasks or 0), int(done or 0), int(overdue or 0)
    for grid_id, inspections, enterprises in db.session.execute(
            select(Enterprise.grid_id, func.count(Inspection.id), func.count(Inspection.enterprise_id.distinct()))
            .select_from(Inspection).join(Task, Task.id == Inspection.task_id)
            .join(Enterprise, Enterprise.id == Inspection.enterprise_id)
            .where(Task.campaign_id == campaign_id, counted_inspection_clause()).group_by(Enterprise.grid_id)):
        line(grid_id).inspections, line(grid_id).enterprises_inspected = inspections, enterprises
    for grid_id, found, major, rectified in db.session.execute(
            select(Enterprise.grid_id, func.count(Hazard.id), func.sum(case((Hazard.level == MAJOR, 1), else_=0)),
                   func.sum(case((Hazard.status == STRUCK_OFF, 1), else_=0)))
            .select_from(Hazard).join(Inspection, Inspection.id == Hazard.inspection_id)
            .join(Task, Task.id == Inspection.task_id).join(Enterprise, Enterprise.id == Hazard.enterprise_id)
            .where(Task.campaign_id == campaign_id).group_by(Enterprise.grid_id)):
        target = line(grid_id)
        target.hazards_found, target.major_hazards, target.rectified = found, int(major or 0), int(rectified or 0)
    campaign_inspections = (select(Inspection.id).join(Task, Task.id == Inspection.task_id)
                            .where(Task.campaign_id == campaign_id))
    campaign_hazards = select(Hazard.id).where(Hazard.inspection_id.in_(campaign_inspections))
    from_hazards = select(document_hazards.c.document_id).where(document_hazards.c.hazard_id.in_(campaign_hazards))
    for grid_id, documents in db.session.execute(
            select(Enterprise.grid_id, func.count(Document.id)).join(Enterprise, Enterprise.id == Document.enterprise_id)
            .where(or_(Document.inspection_id.in_(campaign_inspections), Document.id.in_(from_hazards)))
            .group_by(Enterprise.grid_id)):
        line(grid_id).documents = documents
    return lines


def freeze_grid_lines(campaign: Campaign, today: date) -> list[dict]:
    """The grid lines as an ended campaign keeps them in its frozen figures."""
    return [{"grid_id": grid_id, **{key: getattr(figures, key) for key in COUNT_KEYS}}
            for grid_id, figures in sorted(count_grid_lines(campaign.id, today).items(),
                                           key=lambda item: (item[0] is None, item[0] or 0))]


def _grid_lines(campaign: Campaign, today: date) -> dict[int | None, UnitFigures]:
    frozen = (campaign.frozen_figures or {}).get(FROZEN_KEY) if campaign.status == CLOSED else None
    if frozen is None:
        return count_grid_lines(campaign.id, today)
    return {row["grid_id"]: UnitFigures(**{key: row[key] for key in COUNT_KEYS}) for row in frozen}


def campaign_rollup(campaign: Campaign, unit: Unit, today: date) -> CampaignRollup:
    """The campaign's totals within ``unit`` and its lines, ranked: its child units (each its subtree summed)
    and the grids directly under it."""
    grid_lines = _grid_lines(campaign, today)
    root = get_root()
    places = {grid_id: (code, name, path or root.path) for grid_id, code, name, path in db.session.execute(
        select(Grid.id, Grid.code, Grid.name, Unit.path).outerjoin(unit_grids, unit_grids.c.grid_id == Grid.id)
        .outerjoin(Unit, Unit.id == unit_grids.c.unit_id).where(Grid.id.in_([g for g in grid_lines if g])))}
    children = child_units(unit)
    lines = {child.id: ChildLine(UNIT, child.code, child.name, UnitFigures()) for child in children}
    own: list[ChildLine] = []
    totals = UnitFigures()
    for grid_id, figures in grid_lines.items():
        code, name, path = places.get(grid_id, (None, "", root.path))  # no grid: the root's
        if not path.startswith(unit.path):
            continue
        totals.add(figures)
        child = next((child for child in children if path.startswith(child.path)), None)
        if child is not None:
            lines[child.id].figures.add(figures)
        else:
            own.append(ChildLine(GRID, code, name, figures))
    return CampaignRollup(unit, totals, rank([*lines.values(), *own]))


def get_rollup_for(user, campaign: Campaign, unit_code: str | None, today: date) -> CampaignRollup | None:
    """The roll-up the campaign's page and report show ``user``: of the unit asked for (``?unit=``; 404 when no
    unit has the code, 403 outside the user's unit), else of the campaign's unit when the user's unit holds it,
    else of the user's own unit. None for a supervisor whose jurisdiction is their grids (no unit to add up)."""
    from safety.auth.scope import sees_every_enterprise
    from safety.reports.scope import unit_in_scope

    if (unit_code or "").strip():
        return campaign_rollup(campaign, unit_in_scope(user, unit_code), today)
    if sees_every_enterprise(user):
        return campaign_rollup(campaign, campaign.unit, today)
    if user.grids:
        return None
    own = user.unit or get_root()
    return campaign_rollup(campaign, campaign.unit if own.contains(campaign.unit) else own, today)
