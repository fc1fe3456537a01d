"""Who carries how much: per member of staff, and per outside participant, the tasks assigned, done, past due
and still to do, and the inspections they were on, in a period, overall or for one campaign. The table a
supervisor rebalances tasks from.

How it counts:

* a task counts once for each member of its team (a task for two is in both members' lines); a cancelled task
  does not count; a task belongs to the period when it is due in it; done, past due and to do are the task
  status rules (:mod:`safety.campaigns.rules`) on today's date;
* an inspection counts once for each person on it, its inspector and everyone on its team
  (:func:`safety.inspections.teams.inspection_member_clause`), when it is counted (not superseded by a
  revision) and finished in the period, on the office's calendar; for one campaign, the inspections made for
  its tasks;
* outside participants (experts, other departments on a joint check) are named as the phones recorded them,
  by name and organisation; they are on inspections, never on tasks.

Scope: only the tasks and inspections at enterprises the reader sees. The lines are the active inspectors of
the reader's jurisdiction (so one with nothing to do shows, with zeros) and anyone else counted there (a
supervisor on a team, an inspector of another grid drawn for a random check). Five statements, whatever the
number of tasks and inspections.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select, union

from safety.auth.scope import enterprise_filter, jurisdiction_grid_ids, sees_every_enterprise
from safety.campaigns.models import Campaign, Task, TaskMember
from safety.campaigns.rules import counted_inspection_clause, task_status_case
from safety.campaigns.vocabulary import DONE, OUTSIDE_ROLES, OVERDUE, PENDING
from safety.common.office_time import start_of_office_day
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.inspections.models import Inspection, InspectionTeamMember
from safety.users.models import Grid, Role, User, user_grids


@dataclass(frozen=True)
class WorkloadLine:
    """One person's load. ``username`` is empty for an outside participant, whose ``role`` is expert or
    department; staff carry their account's role (inspector, supervisor)."""

    name: str
    username: str
    role: str
    organisation: str = ""
    grids: tuple[str, ...] = ()  # grid codes
    active: bool = True
    tasks: int = 0  # assigned, not cancelled
    done: int = 0
    overdue: int = 0
    pending: int = 0  # still to do, not yet due
    inspections: int = 0

    @property
    def open_tasks(self) -> int:
        return self.overdue + self.pending


@dataclass(frozen=True)
class Workload:
    staff: list[WorkloadLine]
    outside: list[WorkloadLine]


def _inspections_in(user: User, start, end, campaign: Campaign | None):
    """A select of the ids of the counted inspections at enterprises ``user`` sees, finished from ``start``
    (included) to ``end`` (excluded), made for ``campaign``'s tasks when one is given."""
    statement = (select(Inspection.id).join(Enterprise, Enterprise.id == Inspection.enterprise_id)
                 .where(enterprise_filter(user), counted_inspection_clause(), Inspection.finished_at >= start,
                        Inspection.finished_at < end))
    if campaign is not None:
        statement = statement.where(Inspection.task_id.in_(select(Task.id).where(Task.campaign_id == campaign.id)))
    return statement


def _task_counts(user: User, first: date, last: date, campaign: Campaign | None, today: date) -> dict[int, dict]:
    """``{user id: {"tasks", "done", "overdue", "pending"}}`` of the tasks due from ``first`` to ``last``: one
    statement."""
    inner = (select(TaskMember.user_id.label("user_id"), task_status_case(today).label("status"))
             .join(Task, Task.id == TaskMember.task_id).join(Enterprise, Enterprise.id == Task.enterprise_id)
             .where(enterprise_filter(user), Task.due_on >= first, Task.due_on <= last))
    if campaign is not None:
        inner = inner.where(Task.campaign_id == campaign.id)
    inner = inner.subquery()

    def count(*statuses):
        return func.sum(case((inner.c.status.in_(statuses), 1), else_=0))

    rows = db.session.execute(select(inner.c.user_id, count(PENDING, DONE, OVERDUE), count(DONE), count(OVERDUE),
                                     count(PENDING)).group_by(inner.c.user_id))
    return {user_id: {"tasks": int(tasks or 0), "done": int(done or 0), "overdue": int(overdue or 0),
                      "pending": int(pending or 0)}
            for user_id, tasks, done, overdue, pending in rows}


def _inspection_counts(inspections) -> dict[int, int]:
    """``{user id: inspections}``: each person counted once per inspection, as its inspector or on its team
    (the two are often both): one statement."""
    pairs = union(
        select(Inspection.inspector_id.label("user_id"), Inspection.id.label("inspection_id"))
        .where(Inspection.id.in_(inspections)),
        select(InspectionTeamMember.user_id.label("user_id"), InspectionTeamMember.inspection_id.label("inspection_id"))
        .where(InspectionTeamMember.inspection_id.in_(inspections), InspectionTeamMember.user_id.is_not(None)),
    ).subquery()
    return dict(db.session.execute(select(pairs.c.user_id, func.count()).group_by(pairs.c.user_id)).tuples().all())


def _outside_lines(inspections) -> list[WorkloadLine]:
    """The outside participants, each with the inspections they were on, most first: one statement."""
    rows = db.session.execute(
        select(InspectionTeamMember.name, InspectionTeamMember.organisation, InspectionTeamMember.role,
               func.count(InspectionTeamMember.inspection_id.distinct()).label("inspections"))
        .where(InspectionTeamMember.inspection_id.in_(inspections), InspectionTeamMember.role.in_(OUTSIDE_ROLES))
        .group_by(InspectionTeamMember.name, InspectionTeamMember.organisation, InspectionTeamMember.role)
        .order_by(func.count(InspectionTeamMember.inspection_id.distinct()).desc(), InspectionTeamMember.name,
                  InspectionTeamMember.organisation))
    return [WorkloadLine(name=name, username="", role=role, organisation=organisation, inspections=int(count))
            for name, organisation, role, count in rows]


def _jurisdiction_inspectors(user: User):
    """SQL on :class:`User`: the active inspectors of ``user``'s jurisdiction (every one for the whole
    register)."""
    inspectors = and_(User.role == Role.INSPECTOR.value, User.active.is_(True))
    if sees_every_enterprise(user):
        return inspectors
    in_grids = select(user_grids.c.user_id).where(user_grids.c.grid_id.in_(jurisdiction_grid_ids(user)))
    return and_(inspectors, User.id.in_(in_grids))


def get_workload(user: User, first: date, last: date, today: date, campaign: Campaign | None = None) -> Workload:
    """The load of each person in ``user``'s scope from ``first`` to ``last`` (office days, both included), for
    ``campaign`` or overall. Staff with the most still to do first."""
    inspections = _inspections_in(user, start_of_office_day(first), start_of_office_day(last + timedelta(days=1)),
                                  campaign)
    tasks = _task_counts(user, first, last, campaign, today)
    visits = _inspection_counts(inspections)
    counted = set(tasks) | set(visits)
    people = db.session.execute(
        select(User.id, User.username, User.display_name, User.role, User.active)
        .where(or_(User.id.in_(counted), _jurisdiction_inspectors(user)))).all()
    grids: dict[int, list[str]] = {}
    for user_id, code in db.session.execute(
            select(user_grids.c.user_id, Grid.code).join(Grid, Grid.id == user_grids.c.grid_id)
            .where(user_grids.c.user_id.in_([person[0] for person in people])).order_by(Grid.code)):
        grids.setdefault(user_id, []).append(code)
    staff = [WorkloadLine(name=name or username, username=username, role=role, grids=tuple(grids.get(user_id, ())),
                          active=active, inspections=visits.get(user_id, 0), **tasks.get(user_id, {}))
             for user_id, username, name, role, active in people]
    staff.sort(key=lambda line: (-line.open_tasks, -line.tasks, line.username))
    return Workload(staff=staff, outside=_outside_lines(inspections))
