"""Changing campaigns and their tasks by hand: create, edit, activate, close; add, reassign, reschedule,
cancel a task; the verdict on a target enterprise. Generated, planned and drawn tasks are in
:mod:`safety.campaigns.generation`.

Every function checks who acts (the caller has found the campaign with
:func:`~safety.campaigns.queries.get_campaign_to_manage`), flushes and never commits: the view or command
is the transaction, so a refusal leaves nothing half-written. A closed campaign and its tasks are never
changed again (409). Uniqueness (campaign code, one task per enterprise and day, one verdict per
enterprise) is the database's constraints, tried in a savepoint.
"""
from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from safety.auth.scope import can_see_enterprise, jurisdiction_grid_codes, sees_every_enterprise
from safety.campaigns import queries
from safety.campaigns.figures import compute_campaign_figures
from safety.campaigns.models import Campaign, CampaignOutcome, CampaignTemplate, Task, TaskMember
from safety.campaigns.rollup import FROZEN_KEY, freeze_grid_lines
from safety.campaigns.validation import (CampaignDocument, Scope, TaskDocument, parse_cancel_reason,
                                         parse_outcome, parse_team)
from safety.campaigns.vocabulary import ACTIVE, CLOSED, OUTCOME_KINDS, STAFF_USER_ROLES, campaign_kind_label
from safety.checklists.models import ChecklistTemplate
from safety.common.errors import Conflict, DomainError, Forbidden
from safety.common.revisions import touch
from safety.common.types import utcnow
from safety.enterprises.models import Enterprise
from safety.enterprises.statuses import CLOSED as ENTERPRISE_CLOSED
from safety.extensions import db
from safety.common.office_time import office_today
from safety.units.models import Unit
from safety.units.tree import get_root, get_unit, is_root, subtree_grid_ids
from safety.users.models import Grid, User

TEAM_ROLES_ALLOWED = STAFF_USER_ROLES  # who may be sent on a task


def refuse_closed(campaign: Campaign) -> None:
    if campaign.status == CLOSED:
        raise Conflict("campaign_closed", _("Campaign %(code)s has ended: it and its tasks can no longer be "
                                            "changed.", code=campaign.code))


def enforcement_error(given: int, field: str = "team") -> DomainError:
    return DomainError("enforcement_needs_two",
                       _("An enforcement check needs at least two inspectors on every task (执法人员不少于两人); "
                         "%(n)s given.", n=given), field=field)


# ---- the campaign ----

def _checked_scope(user: User, scope: Scope, unit_grids: set[str] | None = None) -> dict:
    """The scope as stored: grids and enterprises that exist, within ``user``'s jurisdiction.

    A supervisor whose jurisdiction is their grids gets their grids as the scope's grids when it names
    none (unless it is only a list of enterprises), so their campaign stays theirs to manage: those of them in
    ``unit_grids``, the grids of the campaign's unit (None: the bureau's, every grid).
    """
    grids = list(scope.grids)
    if grids:
        known = set(db.session.scalars(select(Grid.code).where(Grid.code.in_(grids))))
        unknown = [code for code in grids if code not in known]
        if unknown:
            raise DomainError("unknown_grid", _("No grid has the code %(code)s.", code=unknown[0]), field="scope.grids")
    if not sees_every_enterprise(user):
        own = jurisdiction_grid_codes(user)  # a town's or park's supervisor: the grids of its subtree
        outside = [code for code in grids if code not in own]
        if outside:
            raise Forbidden("grid_out_of_scope", _("Grid %(code)s is not in your jurisdiction.", code=outside[0]),
                            field="scope.grids")
        if not grids and (scope.sectors or scope.classes or not scope.enterprises):
            grids = sorted(own if unit_grids is None else own & unit_grids)
    if scope.enterprises:
        listed = {enterprise.code: enterprise for enterprise in db.session.scalars(
            select(Enterprise).where(Enterprise.code.in_(scope.enterprises)))}
        for code in scope.enterprises:
            _check_inspectable(user, code, listed.get(code), field="scope.enterprises")
    return Scope(scope.sectors, tuple(grids), scope.classes, scope.enterprises).as_json()


def _unit_grid_codes(unit: Unit) -> set[str] | None:
    """The codes of the grids in ``unit`` and below it; None for the bureau's, which holds every grid."""
    if is_root(unit):
        return None
    return set(db.session.scalars(select(Grid.code).where(Grid.id.in_(subtree_grid_ids(unit)))))


def _check_scope_in_unit(unit: Unit, inside: set[str] | None, scope: dict) -> None:
    """A campaign's named grids and enterprises lie in the unit it belongs to (``inside``: its grids, None for the
    bureau's: anywhere), or its figures would count another unit's work in this one's reports."""
    if inside is None:
        return
    outside_grids = [code for code in scope.get("grids", []) if code not in inside]
    if outside_grids:
        raise DomainError("scope_outside_unit", _("Grid %(grid)s is not in %(unit)s, the unit the campaign belongs to.",
                                                  grid=outside_grids[0], unit=unit.name), field="scope.grids")
    codes = scope.get("enterprises", [])
    if codes:
        outside = db.session.scalars(select(Enterprise.code).outerjoin(Grid, Enterprise.grid_id == Grid.id)
                                     .where(Enterprise.code.in_(codes),
                                            or_(Grid.code.is_(None), Grid.code.not_in(inside)))
                                     .order_by(Enterprise.code).limit(1)).first()
        if outside:
            raise DomainError("scope_outside_unit",
                              _("Enterprise %(code)s is not in %(unit)s, the unit the campaign belongs to.",
                                code=outside, unit=unit.name), field="scope.enterprises")


def _checked_templates(template_ids) -> list[CampaignTemplate]:
    template_ids = list(template_ids)
    active = {}
    if template_ids:
        active = dict(db.session.execute(select(ChecklistTemplate.id, ChecklistTemplate.active)
                                         .where(ChecklistTemplate.id.in_(template_ids))).tuples().all())
    for template_id in template_ids:
        if template_id not in active:
            raise DomainError("unknown_template", _("No checklist template has the id %(id)s.", id=template_id),
                              field="template_ids")
        if not active[template_id]:
            raise DomainError("template_inactive", _("Checklist template %(id)s is no longer in use.", id=template_id),
                              field="template_ids")
    return [CampaignTemplate(template_id=template_id, position=n) for n, template_id in enumerate(template_ids)]


def _checked_unit(user: User, code: str, current: Unit | None = None) -> Unit:
    """The unit a campaign belongs to: the one named (404 when none has the code, 403 when it is outside
    ``user``'s unit), else ``current`` (an edit), else the creator's own unit (the bureau for one without)."""
    own = user.unit or get_root()
    if not code:
        return current or own
    unit = get_unit(code)
    if not sees_every_enterprise(user) and not own.contains(unit):
        raise Forbidden("unit_out_of_scope", _("Unit %(code)s is not in your jurisdiction.", code=unit.code),
                        field="unit")
    return unit


def count_campaign_scope(user: User, scope: Scope) -> int:
    """How many enterprises ``scope`` covers as it would be stored for ``user`` (the form's preview count),
    refused as :func:`create_campaign` would refuse it."""
    return queries.count_scope_enterprises(_checked_scope(user, scope))


def set_draw_rule(campaign: Campaign, exclude_own_grid_alone: bool) -> Campaign:
    """Whether the campaign's draw may send an enterprise's own grid inspectors alone (set on the draw form)."""
    refuse_closed(campaign)
    campaign.exclude_own_grid_alone = bool(exclude_own_grid_alone)
    db.session.flush()
    return campaign


def create_campaign(user: User, document: CampaignDocument, now: datetime | None = None) -> Campaign:
    """A draft campaign from ``document``: 400 for unknown grids, enterprises or templates, 403 for a scope
    beyond ``user``'s jurisdiction, 409 when the code is taken."""
    unit = _checked_unit(user, document.unit)
    unit_grids = _unit_grid_codes(unit)
    campaign = Campaign(code=document.code, name=document.name, kind=document.kind,
                        basis_number=document.basis_number, basis_title=document.basis_title,
                        starts_on=document.starts_on, ends_on=document.ends_on,
                        scope=_checked_scope(user, document.scope, unit_grids), enforcement=document.enforcement,
                        exclude_own_grid_alone=document.exclude_own_grid_alone, status="draft",
                        created_by_id=user.id, created_at=now or utcnow())
    campaign.unit = unit
    _check_scope_in_unit(unit, unit_grids, campaign.scope)
    campaign.template_links = _checked_templates(document.template_ids)
    try:
        with db.session.begin_nested():
            db.session.add(campaign)
    except IntegrityError:
        raise Conflict("campaign_code_taken", _("Another campaign already has the code %(code)s.",
                                                code=document.code), field="code") from None
    return campaign


def update_campaign(user: User, campaign: Campaign, document: CampaignDocument) -> Campaign:
    """Change a campaign that has not ended. Its code never changes (it is in every link); its kind only
    while it has no tasks; its period must still hold its tasks, and enforcement needs two inspectors on
    every task it has."""
    refuse_closed(campaign)
    if document.code != campaign.code:
        raise DomainError("code_fixed", _("A campaign's code cannot change."), field="code")
    tasks = list(db.session.execute(select(Task.id, Task.due_on).where(Task.campaign_id == campaign.id,
                                                                       Task.cancelled_at.is_(None))))
    if document.kind != campaign.kind and tasks:
        raise Conflict("kind_fixed", _("The campaign already has tasks; its kind cannot change."), field="kind")
    outside = [due_on for _id, due_on in tasks if not document.starts_on <= due_on <= document.ends_on]
    if outside:
        raise DomainError("tasks_outside_period",
                          _("%(n)s tasks are due outside the new period (e.g. on %(day)s); reschedule them first.",
                            n=len(outside), day=min(outside).isoformat()), field="ends_on")
    if document.enforcement and tasks:
        team_sizes = queries.get_team_sizes([task_id for task_id, _due in tasks])
        smallest = min(team_sizes.values(), default=0)
        if smallest < 2:
            raise enforcement_error(smallest, field="enforcement")
    unit = _checked_unit(user, document.unit, campaign.unit)
    unit_grids = _unit_grid_codes(unit)
    scope, templates = _checked_scope(user, document.scope, unit_grids), _checked_templates(document.template_ids)
    _check_scope_in_unit(unit, unit_grids, scope)
    campaign.unit = unit
    for name in ("name", "kind", "basis_number", "basis_title", "starts_on", "ends_on", "enforcement",
                 "exclude_own_grid_alone"):
        setattr(campaign, name, getattr(document, name))
    campaign.scope = scope
    campaign.template_links = templates
    db.session.flush()
    return campaign


def activate_campaign(campaign: Campaign, now: datetime | None = None) -> Campaign:
    """Start the campaign: its tasks go out to the inspectors. Activating an active campaign changes nothing."""
    refuse_closed(campaign)
    if campaign.status != ACTIVE:
        campaign.status = ACTIVE
        campaign.activated_at = now or utcnow()
        db.session.flush()
    return campaign


def close_campaign(campaign: Campaign, now: datetime | None = None, today: date | None = None) -> Campaign:
    """End the campaign and freeze its figures as they stand: a closed campaign answers these from then on.
    Closing a closed campaign changes nothing."""
    if campaign.status == CLOSED:
        return campaign
    today = today or office_today()
    campaign.frozen_figures = {**compute_campaign_figures(campaign, today).as_json(),
                               FROZEN_KEY: freeze_grid_lines(campaign, today)}
    campaign.status = CLOSED
    campaign.closed_at = now or utcnow()
    db.session.flush()
    return campaign


# ---- tasks by hand ----

@dataclass(frozen=True)
class NewTask:
    """A task about to be inserted: the generators and the hand make the same."""

    enterprise_id: int
    due_on: date
    user_ids: tuple[int, ...]
    reason: list | None = None
    draw_id: int | None = None


def resolve_team(usernames, campaign: Campaign, field: str = "team") -> list[User]:
    """The users named by ``usernames``, in order: each known, active and staff, two or more for an
    enforcement campaign. One statement."""
    usernames = list(usernames)
    if campaign.enforcement and len(usernames) < 2:
        raise enforcement_error(len(usernames), field=field)
    found = {user.username: user for user in db.session.scalars(select(User).where(User.username.in_(usernames)))}
    for username in usernames:
        member = found.get(username)
        if member is None:
            raise DomainError("unknown_user", _("No user is called %(username)s.", username=username), field=field)
        if not member.active:
            raise DomainError("user_deactivated", _("%(name)s (%(username)s) is deactivated and cannot be sent on a "
                                                    "task.", name=member.display_name, username=username), field=field)
        if member.role not in TEAM_ROLES_ALLOWED:
            raise DomainError("not_staff", _("%(username)s is not an inspector or supervisor.", username=username),
                              field=field)
    return [found[username] for username in usernames]


def insert_tasks(campaign: Campaign, new_tasks: list[NewTask], user: User | None,
                 now: datetime | None = None) -> list[Task]:
    """Insert tasks with their teams, all or none: 409 when one already exists (same enterprise, same day)."""
    now = now or utcnow()
    tasks = [Task(uuid=str(uuid_module.uuid4()), campaign_id=campaign.id, enterprise_id=new.enterprise_id,
                  due_on=new.due_on, reason=new.reason, draw_id=new.draw_id,
                  created_by_id=user.id if user is not None else None, created_at=now,
                  members=[TaskMember(position=n, user_id=user_id) for n, user_id in enumerate(new.user_ids)])
             for new in new_tasks]
    try:
        with db.session.begin_nested():
            db.session.add_all(tasks)
    except IntegrityError:
        raise Conflict("task_exists", _("The enterprise already has a task in this campaign on that day."),
                       field="due_on") from None
    return tasks


def _check_due(campaign: Campaign, due_on: date) -> None:
    if not campaign.starts_on <= due_on <= campaign.ends_on:
        raise DomainError("due_outside_period",
                          _("The due date must fall within the campaign's period, %(start)s to %(end)s.",
                            start=campaign.starts_on.isoformat(), end=campaign.ends_on.isoformat()), field="due_on")


def _enterprise_for_task(user: User, code: str) -> Enterprise:
    enterprise = db.session.scalar(select(Enterprise).where(Enterprise.code == code))
    return _check_inspectable(user, code, enterprise, field="enterprise_code")


def _check_inspectable(user: User, code: str, enterprise: Enterprise | None, *, field: str) -> Enterprise:
    """The enterprise registered under ``code``, in ``user``'s scope and not closed, or the refusal on ``field``."""
    if enterprise is None:
        raise DomainError("unknown_enterprise", _("No enterprise has the code %(code)s.", code=code), field=field)
    if not can_see_enterprise(user, enterprise):
        raise Forbidden("enterprise_out_of_scope",
                        _("Enterprise %(code)s is not in your area of responsibility.", code=code), field=field)
    if enterprise.status == ENTERPRISE_CLOSED:
        raise DomainError("enterprise_closed", _("Enterprise %(code)s is closed and cannot be inspected.", code=code),
                          field=field)
    return enterprise


def add_task(user: User, campaign: Campaign, document: TaskDocument, now: datetime | None = None) -> Task:
    """A task picked by hand: the enterprise in ``user``'s scope, due within the period (its last day when no
    date is given), its team resolved by :func:`resolve_team`."""
    refuse_closed(campaign)
    enterprise = _enterprise_for_task(user, document.enterprise_code)
    due_on = document.due_on or campaign.ends_on
    _check_due(campaign, due_on)
    team = resolve_team(document.team, campaign)
    return insert_tasks(campaign, [NewTask(enterprise.id, due_on, tuple(member.id for member in team))], user,
                        now)[0]


def _changeable_task(user: User, task_uuid: str) -> tuple[Task, Campaign]:
    task, campaign = queries.get_task_for(user, task_uuid)
    refuse_closed(campaign)
    enterprise = db.session.get(Enterprise, task.enterprise_id)
    if not can_see_enterprise(user, enterprise):
        raise Forbidden("enterprise_out_of_scope", _("Enterprise %(code)s is not in your area of responsibility.",
                                                     code=enterprise.code))
    if task.cancelled_at is not None:
        raise Conflict("task_cancelled", _("This task was cancelled; it can no longer be changed."))
    if queries.is_fulfilled(task):
        raise Conflict("task_done", _("This task has been done; it can no longer be changed."))
    return task, campaign


def reassign_task(user: User, task_uuid: str, usernames) -> Task:
    """Give the task a new team (in order)."""
    task, campaign = _changeable_task(user, task_uuid)
    team = resolve_team(parse_team(usernames), campaign)
    task.members = []
    db.session.flush()  # the old rows go before the new ones take their positions
    task.members = [TaskMember(position=n, user_id=member.id) for n, member in enumerate(team)]
    touch(task)  # the team lives in its own rows; phones must see the task as changed
    db.session.flush()
    return task


def reschedule_task(user: User, task_uuid: str, due_on: date) -> Task:
    """Move the task to another day within the campaign's period."""
    task, campaign = _changeable_task(user, task_uuid)
    _check_due(campaign, due_on)
    task.due_on = due_on
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise Conflict("task_exists", _("The enterprise already has a task in this campaign on that day."),
                       field="due_on") from None
    return task


def cancel_task(user: User, task_uuid: str, reason, now: datetime | None = None) -> Task:
    """Cancel the task, saying why (required). A task already done or cancelled cannot be cancelled."""
    reason = parse_cancel_reason(reason)
    task, _campaign = _changeable_task(user, task_uuid)
    task.cancelled_at = now or utcnow()
    task.cancel_reason = reason
    task.cancelled_by_id = user.id
    db.session.flush()
    return task


# ---- the verdict on each target enterprise (整治 campaigns) ----

def set_outcome(user: User, campaign: Campaign, enterprise_code: str, outcome, note="",
                now: datetime | None = None) -> CampaignOutcome:
    """Record (or change) the verdict on one target enterprise of a 整治 campaign: an enterprise of its scope
    or with a task in it."""
    refuse_closed(campaign)
    if campaign.kind not in OUTCOME_KINDS:
        raise Conflict("outcome_not_for_kind", _("A %(kind)s has no verdict per enterprise.",
                                                 kind=campaign_kind_label(campaign.kind)), field="outcome")
    outcome, note = parse_outcome(outcome, note)
    enterprise = _enterprise_for_task(user, str(enterprise_code).strip().upper())
    if not queries.is_campaign_target(campaign, enterprise.id):
        raise DomainError("not_a_target", _("Enterprise %(code)s is not a target of this campaign.",
                                            code=enterprise.code), field="enterprise_code")
    now = now or utcnow()
    existing = db.session.scalar(select(CampaignOutcome).where(CampaignOutcome.campaign_id == campaign.id,
                                                               CampaignOutcome.enterprise_id == enterprise.id))
    if existing is None:
        existing = CampaignOutcome(campaign_id=campaign.id, enterprise_id=enterprise.id)
        try:
            with db.session.begin_nested():
                existing.outcome, existing.note, existing.set_by_id, existing.set_at = outcome, note, user.id, now
                db.session.add(existing)
            return existing
        except IntegrityError:  # a colleague recorded it at the same moment: ours is the later word
            existing = db.session.scalar(select(CampaignOutcome).where(
                CampaignOutcome.campaign_id == campaign.id, CampaignOutcome.enterprise_id == enterprise.id))
    existing.outcome, existing.note, existing.set_by_id, existing.set_at = outcome, note, user.id, now
    db.session.flush()
    return existing
