"""Reading campaigns and tasks, and who may read or manage them.

A campaign belongs to a unit (the bureau, a town, a park). Who sees a campaign: administrators and supervisors
of the whole register, all of them; a supervisor of a town or park (a unit without grids of their own), the
campaigns of their unit and the units below it, and a campaign of another unit that reaches into their area
(one of the units above them over the whole register, one whose scope names one of their grids, one with a
task in their grids); a supervisor whose jurisdiction is their grids, the campaigns of the whole register,
those whose scope names one of their grids, and those with a task in their grids; an inspector, the campaigns
they have a task in. Who manages one (edits it, adds tasks, draws): administrators and supervisors of the whole
register, and another supervisor for a campaign whose scope stays within their grids (it names only their grids,
or it is a list of enterprises of their grids) and, for a town's or park's supervisor, of their unit or one
below it. Each reader is a fixed number of statements, whatever the number of tasks and units.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from safety.auth.scope import jurisdiction_grid_codes, jurisdiction_grid_ids, sees_every_enterprise
from safety.campaigns.assignment import StaffMember
from safety.campaigns.models import Campaign, CampaignOutcome, Draw, Task, TaskMember
from safety.campaigns.rules import fulfilled_clause, scope_clause, scope_criteria, task_status_case
from safety.campaigns.vocabulary import ACTIVE, CANCELLED, DONE, NOT_INSPECTED, OUTCOMES, OVERDUE, TASK_STATUSES
from safety.common.pagination import paginate
from safety.common.errors import Forbidden, NotFound
from safety.common.parsing import parse_uuid
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.units.tree import is_root
from safety.users.models import Grid, Role, User, user_grids


def get_campaign_by_code(code: str) -> Campaign | None:
    """The campaign with ``code`` (any case), its templates loaded, or None."""
    return db.session.scalar(select(Campaign).options(selectinload(Campaign.template_links))
                             .where(Campaign.code == str(code).strip().upper()[:32]))


def _grid_codes(user: User) -> set[str]:
    return jurisdiction_grid_codes(user)


def _has_task_of(user: User, campaign_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(
        TaskMember.user_id == user.id, TaskMember.task_id == Task.id, Task.campaign_id == campaign_id))))


def _has_task_in_grids(user: User, campaign_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(
        Task.campaign_id == campaign_id, Task.enterprise_id == Enterprise.id,
        Enterprise.grid_id.in_(jurisdiction_grid_ids(user))))))


def _unit_supervisor(user: User):
    """The town or park whose subtree ``user`` supervises, or None (a grid jurisdiction, the bureau, another role)."""
    if Role(user.role) is Role.SUPERVISOR and not user.grids and not is_root(user.unit):
        return user.unit
    return None


def _reaches(user: User, campaign: Campaign, own_grids: set[str], tasked_here) -> bool:
    """Whether a campaign of another unit reaches into ``user``'s area: over the whole register of a unit above
    them, naming one of their grids, or with a task in their grids (``tasked_here()``)."""
    scope_grids = set(scope_criteria(campaign.scope)["grids"])
    unit = _unit_supervisor(user)
    over_everything = not scope_grids and (unit is None or campaign.unit.contains(unit))
    return over_everything or bool(scope_grids & own_grids) or tasked_here()


def can_read_campaign(user: User, campaign: Campaign) -> bool:
    role = Role(user.role)
    if role is Role.ENTERPRISE:
        return False
    if role is Role.INSPECTOR:
        return _has_task_of(user, campaign.id)
    if sees_every_enterprise(user):
        return True
    unit = _unit_supervisor(user)
    if unit is not None and unit.contains(campaign.unit):
        return True
    return _reaches(user, campaign, _grid_codes(user), lambda: _has_task_in_grids(user, campaign.id))


def can_manage_campaign(user: User, campaign: Campaign) -> bool:
    if not user.has_role(Role.SUPERVISOR, Role.ADMIN):
        return False
    if sees_every_enterprise(user):
        return True
    unit = _unit_supervisor(user)
    if unit is not None and not unit.contains(campaign.unit):
        return False  # another unit's campaign, even over their grids
    criteria = scope_criteria(campaign.scope)
    if criteria["grids"]:
        return set(criteria["grids"]) <= _grid_codes(user)
    if criteria["sectors"] or criteria["classes"] or not criteria["enterprises"]:
        return False  # the whole register, or some of it in every grid
    own_grids = jurisdiction_grid_ids(user)
    outside = select(Enterprise.id).where(Enterprise.code.in_(criteria["enterprises"]),
                                          or_(Enterprise.grid_id.is_(None), Enterprise.grid_id.not_in(own_grids)))
    return not db.session.scalar(select(exists(outside)))


def get_campaign_for(user: User, code: str) -> Campaign:
    """The campaign if ``user`` may read it: 404 when unknown, 403 otherwise."""
    campaign = get_campaign_by_code(code)
    if campaign is None:
        raise NotFound("campaign_not_found", _("No campaign has the code %(code)s.", code=str(code)[:32]))
    if not can_read_campaign(user, campaign):
        raise Forbidden("campaign_out_of_scope", _("Campaign %(code)s is not yours to see.", code=campaign.code))
    return campaign


def get_campaign_to_manage(user: User, code: str) -> Campaign:
    """The campaign if ``user`` may change it: 404 when unknown, 403 otherwise."""
    campaign = get_campaign_for(user, code)
    if not can_manage_campaign(user, campaign):
        raise Forbidden("campaign_out_of_scope",
                        _("Campaign %(code)s covers more than your jurisdiction; a supervisor of the whole "
                          "register manages it.", code=campaign.code))
    return campaign


def list_campaigns_for(user: User) -> list[Campaign]:
    """The campaigns ``user`` may read, newest period first, templates loaded: two or three statements."""
    statement = (select(Campaign).options(selectinload(Campaign.template_links))
                 .order_by(Campaign.starts_on.desc(), Campaign.code))
    role = Role(user.role)
    if role is Role.ENTERPRISE:
        return []
    if role is Role.INSPECTOR:
        mine = (select(Task.campaign_id).join(TaskMember, TaskMember.task_id == Task.id)
                .where(TaskMember.user_id == user.id))
        return list(db.session.scalars(statement.where(Campaign.id.in_(mine))))
    campaigns = list(db.session.scalars(statement))
    if sees_every_enterprise(user):
        return campaigns
    own = _grid_codes(user)
    with_tasks_here = set(db.session.scalars(
        select(Task.campaign_id).distinct().join(Enterprise, Enterprise.id == Task.enterprise_id)
        .where(Enterprise.grid_id.in_(jurisdiction_grid_ids(user)))))
    unit = _unit_supervisor(user)
    return [campaign for campaign in campaigns
            if (unit is not None and unit.contains(campaign.unit))
            or _reaches(user, campaign, own, lambda campaign=campaign: campaign.id in with_tasks_here)]


def get_task_counts(campaign_ids, today: date, enterprise_clause=None) -> dict[int, dict[str, int]]:
    """``{campaign id: {"tasks", "done", "overdue"}}`` (tasks not cancelled), in one statement; only the tasks at
    enterprises matching ``enterprise_clause`` (on :class:`Enterprise`) when one is given."""
    campaign_ids = list(campaign_ids)
    if not campaign_ids:
        return {}
    statement = (select(Task.campaign_id.label("campaign_id"), task_status_case(today).label("status"))
                 .where(Task.campaign_id.in_(campaign_ids)))
    if enterprise_clause is not None:
        statement = statement.join(Enterprise, Enterprise.id == Task.enterprise_id).where(enterprise_clause)
    inner = statement.subquery()
    rows = db.session.execute(
        select(inner.c.campaign_id, func.sum(case((inner.c.status != CANCELLED, 1), else_=0)),
               func.sum(case((inner.c.status == DONE, 1), else_=0)),
               func.sum(case((inner.c.status == OVERDUE, 1), else_=0)))
        .group_by(inner.c.campaign_id))
    return {campaign_id: {"tasks": int(tasks or 0), "done": int(done or 0), "overdue": int(overdue or 0)}
            for campaign_id, tasks, done, overdue in rows}


@dataclass(frozen=True)
class ScopeEnterprise:
    id: int
    code: str
    grid: str | None  # grid code
    sector: str
    supervision_class: str


def list_scope_enterprises(scope: dict) -> list[ScopeEnterprise]:
    """The enterprises a campaign's ``scope`` covers now, by code: one statement."""
    rows = db.session.execute(
        select(Enterprise.id, Enterprise.code, Grid.code, Enterprise.sector, Enterprise.supervision_class)
        .outerjoin(Grid, Grid.id == Enterprise.grid_id).where(scope_clause(scope)).order_by(Enterprise.code))
    return [ScopeEnterprise(*row) for row in rows]


def list_active_inspectors(grid_codes=None, usernames=None) -> list[StaffMember]:
    """Active inspectors with their grid codes, by username (of ``grid_codes`` or named in ``usernames``
    when given): one statement."""
    statement = (select(User.id, User.username, Grid.code)
                 .outerjoin(user_grids, user_grids.c.user_id == User.id)
                 .outerjoin(Grid, Grid.id == user_grids.c.grid_id)
                 .where(User.role == Role.INSPECTOR.value, User.active.is_(True)).order_by(User.username))
    if usernames:
        statement = statement.where(User.username.in_(list(usernames)))
    members: dict[int, tuple[str, set[str]]] = {}
    for user_id, username, grid_code in db.session.execute(statement):
        members.setdefault(user_id, (username, set()))[1].update({grid_code} if grid_code else set())
    staff = [StaffMember(user_id, username, frozenset(grids)) for user_id, (username, grids) in members.items()]
    if grid_codes:
        wanted = set(grid_codes)
        staff = [member for member in staff if member.grids & wanted]
    return staff


def get_campaign_load(campaign_id: int) -> dict[int, int]:
    """How many tasks (not cancelled) each inspector already has in the campaign: one statement."""
    return dict(db.session.execute(
        select(TaskMember.user_id, func.count()).join(Task, Task.id == TaskMember.task_id)
        .where(Task.campaign_id == campaign_id, Task.cancelled_at.is_(None))
        .group_by(TaskMember.user_id)).tuples().all())


def is_campaign_target(campaign: Campaign, enterprise_id: int) -> bool:
    """Whether the enterprise is in the campaign's scope or has a task in it: one statement."""
    in_scope = select(Enterprise.id).where(Enterprise.id == enterprise_id, scope_clause(campaign.scope))
    tasked = select(Task.id).where(Task.campaign_id == campaign.id, Task.enterprise_id == enterprise_id)
    return bool(db.session.scalar(select(exists(in_scope) | exists(tasked))))


def get_team_sizes(task_ids) -> dict[int, int]:
    """How many inspectors each of the tasks has: one statement."""
    task_ids = list(task_ids)
    sizes = dict.fromkeys(task_ids, 0)
    if task_ids:
        sizes.update(db.session.execute(select(TaskMember.task_id, func.count()).where(TaskMember.task_id.in_(task_ids))
                                        .group_by(TaskMember.task_id)).tuples().all())
    return sizes


def list_tasked_enterprise_ids(campaign_id: int) -> set[int]:
    """The enterprises that have a task (even cancelled) in the campaign: one statement."""
    return set(db.session.scalars(select(Task.enterprise_id).distinct().where(Task.campaign_id == campaign_id)))


def get_task_for(user: User, task_uuid: str) -> tuple[Task, Campaign]:
    """The task and its campaign if ``user`` may manage them: 404 when unknown, 403 otherwise."""
    canonical = parse_uuid(task_uuid)
    row = None if canonical is None else db.session.execute(
        select(Task, Campaign).join(Campaign, Campaign.id == Task.campaign_id).where(Task.uuid == canonical)).first()
    if row is None:
        raise NotFound("task_not_found", _("No task has the UUID %(uuid)s.", uuid=str(task_uuid)[:40]))
    task, campaign = row
    if not can_read_campaign(user, campaign) or not can_manage_campaign(user, campaign):
        raise Forbidden("campaign_out_of_scope", _("Campaign %(code)s is not yours to change.", code=campaign.code))
    return task, campaign


def is_fulfilled(task: Task) -> bool:
    """Whether a counted inspection fulfils ``task``: one statement."""
    return bool(db.session.scalar(select(fulfilled_clause()).select_from(Task).where(Task.id == task.id)))


@dataclass(frozen=True)
class TaskView:
    """A task with what its JSON shows."""

    task: Task
    enterprise_code: str
    enterprise_name: str
    team: tuple[str, ...]  # usernames, in order
    status: str


def list_task_views(task_ids, today: date) -> list[TaskView]:
    """The tasks with ``task_ids`` (in that order), their enterprise, team and status: two statements."""
    task_ids = list(task_ids)
    if not task_ids:
        return []
    rows = db.session.execute(
        select(Task, Enterprise.code, Enterprise.name, task_status_case(today, task_ids))
        .join(Enterprise, Enterprise.id == Task.enterprise_id).where(Task.id.in_(task_ids))).all()
    teams: dict[int, list[str]] = {}
    for task_id, username in db.session.execute(
            select(TaskMember.task_id, User.username).join(User, User.id == TaskMember.user_id)
            .where(TaskMember.task_id.in_(task_ids)).order_by(TaskMember.task_id, TaskMember.position)):
        teams.setdefault(task_id, []).append(username)
    views = {task.id: TaskView(task, code, name, tuple(teams.get(task.id, ())), status)
             for task, code, name, status in rows}
    return [views[task_id] for task_id in task_ids if task_id in views]


# ---- the back office's campaign page ----

def count_scope_enterprises(scope: dict) -> int:
    """How many enterprises a ``scope`` covers now: one statement (the form's preview)."""
    return db.session.scalar(select(func.count()).select_from(Enterprise).where(scope_clause(scope))) or 0


def get_status_counts(campaign_id: int, today: date) -> dict[str, int]:
    """``{status: tasks}`` for every task status (zeros included), in one statement."""
    inner = select(task_status_case(today).label("status")).where(Task.campaign_id == campaign_id).subquery()
    counts = dict.fromkeys(TASK_STATUSES, 0)
    counts.update(db.session.execute(select(inner.c.status, func.count()).group_by(inner.c.status)).tuples().all())
    return counts


def list_campaign_tasks(campaign_id: int, status: str | None, today: date, total: int):
    """One page (``?page=``) of the campaign's tasks of ``status`` (all when None), due first; ``total`` is how
    many there are. Three statements: the page's ids, then :func:`list_task_views`."""
    statement = select(Task.id).where(Task.campaign_id == campaign_id).order_by(Task.due_on, Task.id)
    if status:
        statement = statement.where(task_status_case(today) == status)
    page = paginate(statement, total=total)
    page.items = list_task_views(page.items, today)
    return page


@dataclass(frozen=True)
class OutcomeLine:
    enterprise_code: str
    enterprise_name: str
    outcome: str
    note: str
    set_at: object  # aware datetime
    set_by: str  # display name


def get_outcome_counts(campaign: Campaign) -> dict[str, int]:
    """``{outcome: enterprises}`` over the campaign's targets (its scope and its tasked enterprises, as
    :func:`is_campaign_target` reads them); a target with no verdict yet counts as not inspected. Two statements."""
    counts = dict.fromkeys(OUTCOMES, 0)
    counts.update(db.session.execute(select(CampaignOutcome.outcome, func.count())
                                     .where(CampaignOutcome.campaign_id == campaign.id)
                                     .group_by(CampaignOutcome.outcome)).tuples().all())
    tasked = select(Task.enterprise_id).where(Task.campaign_id == campaign.id)
    targets = db.session.scalar(select(func.count()).select_from(Enterprise).where(
        or_(scope_clause(campaign.scope), Enterprise.id.in_(tasked)))) or 0
    counts[NOT_INSPECTED] += max(0, targets - sum(counts.values()))
    return counts


def list_outcomes(campaign_id: int, limit: int | None = None) -> list[OutcomeLine]:
    """The verdicts recorded in the campaign, latest first (the first ``limit``): one statement."""
    statement = (select(Enterprise.code, Enterprise.name, CampaignOutcome.outcome, CampaignOutcome.note,
                        CampaignOutcome.set_at, User.display_name)
                 .join(Enterprise, Enterprise.id == CampaignOutcome.enterprise_id)
                 .outerjoin(User, User.id == CampaignOutcome.set_by_id)
                 .where(CampaignOutcome.campaign_id == campaign_id)
                 .order_by(CampaignOutcome.set_at.desc(), Enterprise.code))
    if limit:
        statement = statement.limit(limit)
    return [OutcomeLine(code, name, outcome, note, set_at, by or "") for code, name, outcome, note, set_at, by
            in db.session.execute(statement)]


def get_draw(campaign_id: int) -> Draw | None:
    """The campaign's draw, or None: one statement."""
    return db.session.scalar(select(Draw).where(Draw.campaign_id == campaign_id))


def list_team_choices() -> list[tuple[str, str]]:
    """(username, display name) of every active inspector and supervisor, who may be sent on a task: one
    statement."""
    return list(db.session.execute(
        select(User.username, User.display_name).where(User.active.is_(True),
                                                      User.role.in_((Role.INSPECTOR.value, Role.SUPERVISOR.value)))
        .order_by(User.role, User.username)).tuples().all())


def list_enterprise_names(codes) -> dict[str, str]:
    """``{code: name}`` of the enterprises with ``codes``: one statement."""
    codes = list(codes)
    if not codes:
        return {}
    return dict(db.session.execute(select(Enterprise.code, Enterprise.name).where(Enterprise.code.in_(codes)))
                .tuples().all())


def list_display_names(usernames) -> dict[str, str]:
    """``{username: display name}`` of the users named: one statement."""
    usernames = list(usernames)
    if not usernames:
        return {}
    return dict(db.session.execute(select(User.username, User.display_name).where(User.username.in_(usernames)))
                .tuples().all())


def list_all_task_views(campaign_id: int, today: date) -> list[TaskView]:
    """Every task of the campaign, due first, for the report's workbook: three statements."""
    ids = list(db.session.scalars(select(Task.id).where(Task.campaign_id == campaign_id)
                                  .order_by(Task.due_on, Task.id)))
    return list_task_views(ids, today)


def list_active_campaigns_with_progress(user: User, today: date) -> list[tuple[Campaign, dict[str, int]]]:
    """The campaigns under way that ``user`` may read, each with its tasks, done and overdue (the dashboard's):
    a fixed number of statements."""
    campaigns = [campaign for campaign in list_campaigns_for(user) if campaign.status == ACTIVE]
    counts = get_task_counts([campaign.id for campaign in campaigns], today)
    return [(campaign, counts.get(campaign.id, {})) for campaign in campaigns]
