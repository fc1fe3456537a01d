"""What a pull carries of the office's year: the user's own tasks, the campaigns they are in, and the staff
list the phone picks an inspection's team from offline.

A task goes to the phones of its team while its campaign is active and it is not cancelled, done ones
included (the phone shows them done). Each reader is one statement (or a fixed few), whatever the number
of tasks.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import selectinload

from safety.campaigns.models import Campaign, Task, TaskMember
from safety.campaigns.queries import list_task_views
from safety.campaigns.serialize import task_json
from safety.campaigns.vocabulary import ACTIVE, DRAFT, STAFF_USER_ROLES, campaign_kind_label, task_inspection_kind
from safety.extensions import db
from safety.users.models import Grid, User, user_grids


def _member(user: User):
    return Task.id.in_(select(TaskMember.task_id).where(TaskMember.user_id == user.id))


def _sent(user: User):
    """SQL on Task joined with its Campaign: the tasks ``user``'s phone holds."""
    return and_(_member(user), Campaign.status == ACTIVE, Task.cancelled_at.is_(None))


def list_campaigns(user: User) -> list[Campaign]:
    """The active campaigns ``user`` has a task in (not cancelled), newest period first, templates loaded."""
    mine = (select(Task.campaign_id).join(TaskMember, TaskMember.task_id == Task.id)
            .where(TaskMember.user_id == user.id, Task.cancelled_at.is_(None)))
    return list(db.session.scalars(
        select(Campaign).options(selectinload(Campaign.template_links))
        .where(Campaign.status == ACTIVE, Campaign.id.in_(mine)).order_by(Campaign.starts_on.desc(), Campaign.code)))


def list_task_ids(user: User, since: int | None) -> list[int]:
    """Ids of the tasks ``user``'s phone holds (changed after ``since``, itself or its campaign), by due day."""
    statement = (select(Task.id).join(Campaign, Campaign.id == Task.campaign_id).where(_sent(user))
                 .order_by(Task.due_on, Task.id))
    if since is not None:
        statement = statement.where(or_(Task.sync_rev > since, Campaign.sync_rev > since))
    return list(db.session.scalars(statement))


def list_removed_task_uuids(user: User, since: int) -> list[str]:
    """UUIDs of tasks changed after ``since`` that ``user``'s phone must drop: cancelled, given to others,
    or of a campaign that closed.

    A task whose team no longer holds the user leaves no trace of them, so every task changed since the
    cursor and not the user's now is named: a phone may receive a UUID it never held, as with enterprises,
    and simply has nothing to drop. A campaign's own change names only the user's tasks of it.
    """
    statement = (select(Task.uuid).join(Campaign, Campaign.id == Task.campaign_id)
                 .where(Campaign.status != DRAFT,  # a draft's tasks were never sent
                        or_(Task.sync_rev > since, and_(Campaign.sync_rev > since, _member(user))),
                        not_(_sent(user)))
                 .order_by(Task.id))
    return list(db.session.scalars(statement))


def list_staff() -> list[dict]:
    """Active inspectors and supervisors, by username, each with their grid codes: one statement."""
    rows = db.session.execute(
        select(User.username, User.display_name, Grid.code)
        .outerjoin(user_grids, user_grids.c.user_id == User.id).outerjoin(Grid, Grid.id == user_grids.c.grid_id)
        .where(User.active.is_(True), User.role.in_(STAFF_USER_ROLES)).order_by(User.username, Grid.code))
    staff: dict[str, dict] = {}
    for username, display_name, grid_code in rows:
        member = staff.setdefault(username, {"username": username, "display_name": display_name, "grids": []})
        if grid_code:
            member["grids"].append(grid_code)
    return list(staff.values())


def campaign_pull_json(campaign: Campaign) -> dict:
    """A campaign as the phone needs it for "my tasks": what it is, its period and checklists."""
    return {
        "code": campaign.code, "name": campaign.name, "kind": campaign.kind,
        "kind_label": campaign_kind_label(campaign.kind),
        "basis": {"number": campaign.basis_number, "title": campaign.basis_title},
        "starts_on": campaign.starts_on.isoformat(), "ends_on": campaign.ends_on.isoformat(),
        "template_ids": campaign.template_ids, "enforcement": campaign.enforcement,
        "inspection_kind": task_inspection_kind(campaign.kind),
    }


def pull_tasks(user: User, since: int | None, today: date) -> dict:
    """The pull's ``tasks``, ``campaigns`` and ``staff``, and the tasks ``removed`` (an empty list in a full pull).

    ``campaigns`` and ``staff`` are short and always complete, in a delta too: the phone replaces them.
    Someone who records no inspections (an enterprise account, an administrator) has none of them.
    """
    if user.role not in STAFF_USER_ROLES:
        return {"tasks": [], "campaigns": [], "staff": [], "removed": []}
    campaigns = list_campaigns(user)
    by_id = {campaign.id: campaign for campaign in campaigns}
    tasks = [task_json(view, by_id[view.task.campaign_id])
             for view in list_task_views(list_task_ids(user, since), today)]
    return {"tasks": tasks, "campaigns": [campaign_pull_json(campaign) for campaign in campaigns],
            "staff": list_staff(), "removed": [] if since is None else list_removed_task_uuids(user, since)}
