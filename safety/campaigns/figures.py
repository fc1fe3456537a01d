"""A campaign's figures: how far it is, and what its inspections found. Four statements, whatever its size.

The definitions are the summary's (:mod:`safety.reports.summary`), read over the campaign's
inspections instead of a period:

* tasks: not cancelled; done and overdue as the task rules derive them today.
* enterprises inspected: the different enterprises of the counted inspections (not superseded by a
  revision) made for the campaign's tasks. An inspection that arrives for a task cancelled
  meanwhile was still made for the campaign and counts here (never as a task done).
* hazards found: found by the inspections made for the campaign's tasks. A revision's hazards are
  stored once, with the revision that first found them, so every revision of such an inspection is
  read and none is counted twice. Of those: major hazards; rectified, closed now (struck off after
  acceptance, those rectified on the spot included), whenever they were closed: a hazard closed
  after the campaign's end still counts while the campaign is open.
* rectification rate: rectified of found, in percent with one decimal; None when nothing was found.

When a campaign closes, these figures are frozen (:func:`safety.campaigns.operations.close_campaign`) and
the closed campaign answers them from then on.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from safety.campaigns.models import Campaign, Task, TaskMember
from safety.campaigns.queries import get_task_counts
from safety.campaigns.rules import counted_inspection_clause, overdue_clause, task_status_case
from safety.campaigns.vocabulary import CANCELLED, CLOSED, DONE, OVERDUE
from safety.enterprises.models import Enterprise
from safety.enterprises.sectors import sector_order
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.vocabulary import CLOSED as STRUCK_OFF
from safety.hazards.vocabulary import MAJOR
from safety.common.office_time import office_today
from safety.inspections.models import Inspection
from safety.users.models import Grid, User

TOTAL_KEYS = ("tasks", "done", "overdue", "enterprises_inspected", "hazards_found", "major_hazards", "rectified")


@dataclass
class CampaignFigures:
    as_of: date  # the day overdue is judged on (the closing day, for frozen figures)
    tasks: int = 0
    done: int = 0
    overdue: int = 0
    enterprises_inspected: int = 0
    hazards_found: int = 0
    major_hazards: int = 0
    rectified: int = 0
    # [{"grid": code or None, "name", "tasks", "done", "overdue"}], grids by code, no grid last
    by_grid: list[dict] = field(default_factory=list)
    # [{"sector", "tasks", "done", "overdue"}], in the register's order of sectors
    by_sector: list[dict] = field(default_factory=list)
    # [{"username", "name", "overdue"}], most overdue first
    overdue_by_inspector: list[dict] = field(default_factory=list)
    frozen: bool = False

    @property
    def rectification_rate(self) -> float | None:
        """整改率: rectified of found, in percent with one decimal; None when nothing was found."""
        if not self.hazards_found:
            return None
        return round(100 * self.rectified / self.hazards_found, 1)

    def as_json(self) -> dict:
        return {**asdict(self), "as_of": self.as_of.isoformat(), "rectification_rate": self.rectification_rate}

    @classmethod
    def from_json(cls, data: dict) -> CampaignFigures:
        values = {key: data[key] for key in TOTAL_KEYS + ("by_grid", "by_sector", "overdue_by_inspector")}
        return cls(as_of=date.fromisoformat(data["as_of"]), frozen=True, **values)


def get_campaign_figures(campaign: Campaign, today: date | None = None) -> CampaignFigures:
    """The campaign's figures: frozen when it is closed, else counted now (four statements)."""
    if campaign.status == CLOSED and campaign.frozen_figures:
        return CampaignFigures.from_json(campaign.frozen_figures)
    return compute_campaign_figures(campaign, today or office_today())


def _coverage(figures: CampaignFigures, campaign_id: int, today: date) -> None:
    inner = (select(Grid.code.label("grid_code"), Grid.name.label("grid_name"), Enterprise.sector.label("sector"),
                    task_status_case(today).label("status"))
             .select_from(Task).join(Enterprise, Enterprise.id == Task.enterprise_id)
             .outerjoin(Grid, Grid.id == Enterprise.grid_id).where(Task.campaign_id == campaign_id).subquery())
    keys = (inner.c.grid_code, inner.c.grid_name, inner.c.sector)
    rows = db.session.execute(select(*keys, *[func.sum(case((condition, 1), else_=0)) for condition in (
        inner.c.status != CANCELLED, inner.c.status == DONE, inner.c.status == OVERDUE)]).group_by(*keys))
    grids: dict[tuple, dict] = {}
    sectors: dict[str, dict] = {}
    for grid_code, grid_name, sector, tasks, done, overdue in rows:
        counts = {"tasks": int(tasks or 0), "done": int(done or 0), "overdue": int(overdue or 0)}
        if not counts["tasks"]:
            continue  # only cancelled tasks there
        grid = grids.setdefault((grid_code, grid_name or ""), {"tasks": 0, "done": 0, "overdue": 0})
        line = sectors.setdefault(sector, {"tasks": 0, "done": 0, "overdue": 0})
        for key, value in counts.items():
            grid[key] += value
            line[key] += value
            setattr(figures, key, getattr(figures, key) + value)
    figures.by_grid = [{"grid": code, "name": name, **counts} for (code, name), counts in
                       sorted(grids.items(), key=lambda item: (item[0][0] is None, item[0][0] or ""))]
    order = sector_order()
    figures.by_sector = [{"sector": sector, **counts} for sector, counts in
                         sorted(sectors.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))]


def compute_campaign_figures(campaign: Campaign, today: date) -> CampaignFigures:
    """The campaign's figures as they stand ``today``, whatever its status."""
    figures = CampaignFigures(as_of=today)
    _coverage(figures, campaign.id, today)

    figures.enterprises_inspected = count_enterprises_inspected([campaign.id]).get(campaign.id, 0)
    found = count_hazards_found([campaign.id]).get(campaign.id, {})
    figures.hazards_found = found.get("hazards_found", 0)
    figures.major_hazards = found.get("major_hazards", 0)
    figures.rectified = found.get("rectified", 0)

    figures.overdue_by_inspector = [
        {"username": username, "name": name, "overdue": count} for username, name, count in db.session.execute(
            select(User.username, User.display_name, func.count())
            .select_from(TaskMember).join(Task, Task.id == TaskMember.task_id).join(User, User.id == TaskMember.user_id)
            .where(Task.campaign_id == campaign.id, overdue_clause(today))
            .group_by(User.username, User.display_name).order_by(func.count().desc(), User.username))]
    return figures


def count_enterprises_inspected(campaign_ids, enterprise_clause=None) -> dict[int, int]:
    """``{campaign id: enterprises inspected}`` by the definition above, in one statement; only enterprises matching
    ``enterprise_clause`` (on :class:`Enterprise`) when one is given."""
    statement = (select(Task.campaign_id, func.count(Inspection.enterprise_id.distinct()))
                 .select_from(Inspection).join(Task, Task.id == Inspection.task_id)
                 .where(Task.campaign_id.in_(list(campaign_ids)), counted_inspection_clause())
                 .group_by(Task.campaign_id))
    if enterprise_clause is not None:
        statement = statement.join(Enterprise, Enterprise.id == Inspection.enterprise_id).where(enterprise_clause)
    return dict(db.session.execute(statement).tuples().all())


def count_hazards_found(campaign_ids, enterprise_clause=None) -> dict[int, dict[str, int]]:
    """``{campaign id: {"hazards_found", "major_hazards", "rectified"}}`` by the definitions above, in one statement;
    only at enterprises matching ``enterprise_clause`` (on :class:`Enterprise`) when one is given."""
    statement = (select(Task.campaign_id, func.count(Hazard.id), func.sum(case((Hazard.level == MAJOR, 1), else_=0)),
                        func.sum(case((Hazard.status == STRUCK_OFF, 1), else_=0)))
                 .select_from(Hazard).join(Inspection, Inspection.id == Hazard.inspection_id)
                 .join(Task, Task.id == Inspection.task_id)
                 .where(Task.campaign_id.in_(list(campaign_ids))).group_by(Task.campaign_id))
    if enterprise_clause is not None:
        statement = statement.join(Enterprise, Enterprise.id == Hazard.enterprise_id).where(enterprise_clause)
    return {campaign_id: {"hazards_found": found or 0, "major_hazards": int(major or 0),
                          "rectified": int(rectified or 0)}
            for campaign_id, found, major, rectified in db.session.execute(statement)}


def count_campaign_totals(campaign_ids, today: date, enterprise_clause=None) -> dict[int, CampaignFigures]:
    """The totals of each campaign (no coverage tables) as they stand ``today``, in three statements, whatever
    the number of campaigns; counted only at enterprises matching ``enterprise_clause`` when one is given."""
    campaign_ids = list(campaign_ids)
    if not campaign_ids:
        return {}
    tasks = get_task_counts(campaign_ids, today, enterprise_clause)
    inspected = count_enterprises_inspected(campaign_ids, enterprise_clause)
    hazards = count_hazards_found(campaign_ids, enterprise_clause)
    return {campaign_id: CampaignFigures(as_of=today, **tasks.get(campaign_id, {}),
                                         enterprises_inspected=inspected.get(campaign_id, 0),
                                         **hazards.get(campaign_id, {}))
            for campaign_id in campaign_ids}
