"""Tasks made in bulk: one per enterprise of the scope, the annual plan from risk, and the random draw.

Each reads what it needs in a fixed number of statements for the whole scope, decides with a pure
function (:mod:`~safety.campaigns.assignment`, :mod:`~safety.campaigns.plan`, :mod:`~safety.campaigns.draw`)
and inserts the tasks together. Flushed, never committed; a refusal leaves nothing written.
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from safety.campaigns import queries
from safety.campaigns.assignment import TeamBalancer, spread_dates
from safety.campaigns.draw import NoEligibleTeam, PoolEnterprise, PoolInspector, count_from_share, draw
from safety.campaigns.models import Campaign, Draw, Task
from safety.campaigns.operations import NewTask, enforcement_error, insert_tasks, refuse_closed
from safety.campaigns.plan import EnterpriseFacts, Proposal, propose_plan
from safety.campaigns.rules import counted_inspection_clause, scope_clause
from safety.campaigns.validation import DrawRequest
from safety.common.errors import Conflict, DomainError
from safety.common.types import utcnow
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.vocabulary import CLOSED, MAJOR
from safety.common.office_time import office_day, office_today, office_zone
from safety.hazards.rules import overdue_clause
from safety.inspections.models import Inspection
from safety.users.models import User

RECURRING_WINDOW = timedelta(days=365)


def _team_size(campaign: Campaign) -> int:
    return 2 if campaign.enforcement else 1


def _balancer(campaign: Campaign) -> TeamBalancer:
    staff = queries.list_active_inspectors()
    if len(staff) < _team_size(campaign):
        if campaign.enforcement:
            raise enforcement_error(len(staff), field="enforcement")
        raise DomainError("no_inspectors", _("There is no active inspector to give the tasks to."))
    return TeamBalancer(staff, queries.get_campaign_load(campaign.id))


def remaining_period(campaign: Campaign, today: date) -> tuple[date, date]:
    """The days of the period still ahead (from today, or its start when it has not begun): tasks made now
    are due then, never on a day already past. 409 when the period is over."""
    starts_on = max(campaign.starts_on, today)
    if starts_on > campaign.ends_on:
        raise Conflict("period_over", _("The campaign's period is over; there is nothing left to plan."),
                       field="ends_on")
    return starts_on, campaign.ends_on


def generate_tasks(user: User, campaign: Campaign, today: date | None = None, now: datetime | None = None
                   ) -> list[Task]:
    """One task per enterprise of the scope that has none in the campaign yet.

    Each grid's enterprises (by code) are spread evenly over the rest of the period, so every inspector's
    work is spread too; each task goes to the least-loaded inspectors of the enterprise's grid (two for an
    enforcement campaign; a grid with too few borrows the least-loaded of other grids).
    """
    refuse_closed(campaign)
    starts_on, ends_on = remaining_period(campaign, today or office_today())
    tasked = queries.list_tasked_enterprise_ids(campaign.id)
    enterprises = [e for e in queries.list_scope_enterprises(campaign.scope) if e.id not in tasked]
    if not enterprises:
        return []
    balancer = _balancer(campaign)
    by_grid: dict[str | None, list] = {}
    for enterprise in enterprises:
        by_grid.setdefault(enterprise.grid, []).append(enterprise)
    due = {}
    for members in by_grid.values():
        due.update(zip((e.id for e in members), spread_dates(starts_on, ends_on, len(members))))
    new_tasks = []
    for enterprise in sorted(enterprises, key=lambda e: (due[e.id], e.code)):
        team = balancer.team_for(enterprise.grid, _team_size(campaign))
        new_tasks.append(NewTask(enterprise.id, due[enterprise.id], tuple(member.user_id for member in team)))
    return insert_tasks(campaign, new_tasks, user, now)


# ---- the annual plan ----

def list_plan_facts(campaign: Campaign, starts_on: date, today: date) -> list[EnterpriseFacts]:
    """The facts of every enterprise of the scope the plan reads: three statements for the whole scope."""
    in_scope = select(Enterprise.id).where(scope_clause(campaign.scope))
    enterprises = queries.list_scope_enterprises(campaign.scope)
    last = dict(db.session.execute(
        select(Inspection.enterprise_id, func.max(Inspection.finished_at))
        .where(Inspection.enterprise_id.in_(in_scope), counted_inspection_clause())
        .group_by(Inspection.enterprise_id)).tuples().all())
    not_closed = Hazard.status != CLOSED
    recurring_since = datetime.combine(starts_on - RECURRING_WINDOW, datetime.min.time(), office_zone())
    counts = {row[0]: row[1:] for row in db.session.execute(
        select(Hazard.enterprise_id, *[func.sum(case((condition, 1), else_=0)) for condition in (
            not_closed, overdue_clause(today), not_closed & (Hazard.level == MAJOR),
            Hazard.recurring.is_(True) & (Hazard.found_at >= recurring_since))])
        .where(Hazard.enterprise_id.in_(in_scope)).group_by(Hazard.enterprise_id))}
    facts = []
    for enterprise in enterprises:
        open_count, overdue, major, recurring = (int(value or 0) for value in counts.get(enterprise.id, (0,) * 4))
        finished = last.get(enterprise.id)
        facts.append(EnterpriseFacts(enterprise.code, enterprise.supervision_class,
                                     office_day(finished) if finished else None, open_count, overdue, major,
                                     recurring))
    return facts


def propose_campaign_plan(campaign: Campaign, today: date | None = None) -> list[Proposal]:
    """What the annual plan proposes for the campaign's scope, from ``today`` (or its start) to its end."""
    today = today or office_today()
    starts_on, ends_on = remaining_period(campaign, today)
    return propose_plan(list_plan_facts(campaign, starts_on, today), starts_on, ends_on,
                        current_app.config["COVERAGE_INTERVAL_DAYS"])


def plan_tasks(user: User, campaign: Campaign, today: date | None = None, now: datetime | None = None) -> list[Task]:
    """The plan's visits as tasks, each with its reasons, for the enterprises with no task in the plan yet."""
    refuse_closed(campaign)
    if campaign.kind != "plan":
        raise Conflict("not_a_plan", _("Only an annual plan proposes tasks from risk."), field="kind")
    proposals = propose_campaign_plan(campaign, today)
    tasked = queries.list_tasked_enterprise_ids(campaign.id)
    enterprises = {e.code: e for e in queries.list_scope_enterprises(campaign.scope) if e.id not in tasked}
    visits = [(visit, enterprises[proposal.code]) for proposal in proposals if proposal.code in enterprises
              for visit in proposal.visits]
    if not visits:
        return []
    balancer = _balancer(campaign)
    new_tasks = []
    for visit, enterprise in sorted(visits, key=lambda pair: (pair[0].due_on, pair[1].code)):
        team = balancer.team_for(enterprise.grid, _team_size(campaign))
        new_tasks.append(NewTask(enterprise.id, visit.due_on, tuple(member.user_id for member in team),
                                 reason=[dict(reason) for reason in visit.reasons]))
    return insert_tasks(campaign, new_tasks, user, now)


# ---- the random draw ----

def _draw_staff(campaign: Campaign, request: DrawRequest) -> list:
    """The staff pool: the usernames given, or the active inspectors of the scope's grids (all of them when
    the scope names no grid). Supervisors are not drawn: they review what the inspectors bring back."""
    if request.staff:
        staff = queries.list_active_inspectors(usernames=request.staff)
        missing = sorted(set(request.staff) - {member.username for member in staff})
        if missing:
            raise DomainError("unknown_inspector", _("%(username)s is not an active inspector.", username=missing[0]),
                              field="staff")
        return staff
    return queries.list_active_inspectors(grid_codes=campaign.scope.get("grids") or None)


def draw_tasks(user: User, campaign: Campaign, request: DrawRequest, today: date | None = None,
               now: datetime | None = None) -> tuple[Draw, list[Task]]:
    """Draw enterprises from the scope and a team for each (:mod:`safety.campaigns.draw`), record the draw and
    make its tasks, due dates spread over the rest of the period in draw order. One draw per campaign, before
    any task."""
    refuse_closed(campaign)
    starts_on, ends_on = remaining_period(campaign, today or office_today())
    if db.session.scalar(select(func.count()).select_from(Draw).where(Draw.campaign_id == campaign.id)):
        raise Conflict("already_drawn", _("This campaign has had its draw; a draw is made once."))
    if queries.list_tasked_enterprise_ids(campaign.id):
        raise Conflict("campaign_has_tasks", _("This campaign already has tasks; draw in a campaign without any, so "
                                               "the draw alone decides who is inspected."))
    if campaign.enforcement and request.team_size < 2:
        raise enforcement_error(request.team_size, field="team_size")
    enterprises = queries.list_scope_enterprises(campaign.scope)
    if not enterprises:
        raise DomainError("empty_scope", _("The campaign's scope holds no enterprise to draw from."), field="scope")
    count = request.count if request.count is not None else count_from_share(request.share, len(enterprises))
    if count > len(enterprises):
        raise DomainError("draw_exceeds_scope", _("The scope holds %(pool)s enterprises; %(count)s cannot be drawn "
                                                  "from it.", pool=len(enterprises), count=count), field="count")
    staff = _draw_staff(campaign, request)
    if len(staff) < request.team_size:
        raise DomainError("staff_too_few", _("The staff pool has %(pool)s inspectors; a team of %(size)s cannot be "
                                             "drawn from it.", pool=len(staff), size=request.team_size),
                          field="team_size")
    seed = request.seed or secrets.token_hex(8)
    pool = [PoolEnterprise(e.code, e.grid) for e in enterprises]
    inspectors = [PoolInspector(member.username, member.grids) for member in staff]
    try:
        drawn = draw(seed, pool, inspectors, count, request.team_size, campaign.exclude_own_grid_alone)
    except NoEligibleTeam as refusal:
        raise DomainError("no_eligible_team", _("No team for %(code)s can include an inspector from outside its grid "
                                                "%(grid)s: add inspectors of other grids to the staff pool.",
                                                code=refusal.enterprise.code, grid=refusal.enterprise.grid),
                          field="staff") from None
    record = Draw(campaign_id=campaign.id, seed=seed, count=count,
                  share=str(request.share) if request.share is not None else None, team_size=request.team_size,
                  exclude_own_grid_alone=campaign.exclude_own_grid_alone,
                  enterprise_pool=[{"code": e.code, "grid": e.grid} for e in sorted(pool, key=lambda e: e.code)],
                  staff_pool=[{"username": i.username, "grids": sorted(i.grids)}
                              for i in sorted(inspectors, key=lambda i: i.username)],
                  result=[{"enterprise": d.enterprise.code, "hash": d.hash, "team": list(d.team)} for d in drawn],
                  drawn_by_id=user.id, drawn_at=now or utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:  # a colleague's draw of the same campaign committed first
        raise Conflict("already_drawn", _("This campaign has had its draw; a draw is made once.")) from None
    ids = {e.code: e.id for e in enterprises}
    user_ids = {member.username: member.user_id for member in staff}
    due = spread_dates(starts_on, ends_on, len(drawn))
    tasks = insert_tasks(campaign, [NewTask(ids[d.enterprise.code], due_on, tuple(user_ids[u] for u in d.team),
                                            draw_id=record.id) for d, due_on in zip(drawn, due)], user, now)
    return record, tasks
