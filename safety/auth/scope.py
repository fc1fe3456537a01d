"""Scope: which enterprises and hazards a user may see and change.

Every view and API endpoint that touches enterprise data goes through these
functions, so the rules of the design live in one place:

* admin: everything;
* supervisor: the subtree of their unit (everything at the root bureau), or only their grids when they have
  grids (a jurisdiction narrower than a unit);
* inspector: the enterprises of their grids, and the hazards at them; and, while they have an open task
  there (its campaign active, the task neither cancelled nor done), an enterprise outside their grids that a
  campaign sends them to (a random draw pairs enterprises with inspectors of other grids);
* enterprise: its own enterprise only;
* a user of an industry department (住建, 消防…): the enterprises referred to that department.
"""
from flask_babel import gettext as _
from sqlalchemy import exists, false, or_, select, true, union

from safety.campaigns.models import Campaign, Task, TaskMember
from safety.campaigns.rules import fulfilled_clause
from safety.campaigns.vocabulary import ACTIVE
from safety.common.errors import Forbidden, NotFound
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.units.tree import is_root, subtree_grid_ids
from safety.users.models import Grid, Role, User, user_grids


def sees_every_enterprise(user: User) -> bool:
    """Whether ``user``'s scope is the whole register (an administrator, a supervisor of the root bureau
    without grids): a list can then leave the scope out of its query rather than compare every row with
    everything."""
    role = Role(user.role)
    return role is Role.ADMIN or (role is Role.SUPERVISOR and not user.grids and is_root(user.unit)
                                  and user.department is None)


def _referred_to_department(user: User):
    """A select of the enterprises referred (移送) to the user's industry department."""
    from safety.referrals.models import RoutedReferral
    return select(RoutedReferral.enterprise_id).where(RoutedReferral.to_department_id == user.department.id)


def jurisdiction_grid_ids(user: User):
    """A select of the grids ``user`` works in: their own grids when they have some (an inspector always
    works from grids), else the grids of their unit's subtree. Ask :func:`sees_every_enterprise` first."""
    if user.grids or Role(user.role) is not Role.SUPERVISOR or is_root(user.unit):
        return _grid_ids(user)
    return subtree_grid_ids(user.unit)


def jurisdiction_grid_codes(user: User) -> set[str]:
    """The codes of :func:`jurisdiction_grid_ids`: one statement (none when the user's grids are loaded)."""
    if user.grids or Role(user.role) is not Role.SUPERVISOR:
        return {grid.code for grid in user.grids}
    return set(db.session.scalars(select(Grid.code).where(Grid.id.in_(jurisdiction_grid_ids(user)))))


def enterprise_filter(user: User):
    """A WHERE clause on :class:`Enterprise` selecting what ``user`` may see."""
    if sees_every_enterprise(user):
        return true()
    if Role(user.role) is Role.ENTERPRISE:
        return Enterprise.id == user.enterprise_id if user.enterprise_id else false()
    if user.department is not None:  # an industry department's user: what was referred to it
        return Enterprise.id.in_(_referred_to_department(user))
    in_grids = select(Enterprise.id).where(Enterprise.grid_id.in_(jurisdiction_grid_ids(user)))
    if Role(user.role) is not Role.INSPECTOR:
        return Enterprise.id.in_(in_grids)
    # One list of ids, so the database looks enterprises up by id instead of testing each row against two lists.
    return Enterprise.id.in_(union(in_grids, _open_task_enterprise_ids(user)))


def _grid_ids(user: User):
    return select(user_grids.c.grid_id).where(user_grids.c.user_id == user.id)


def _open_task_enterprise_ids(user: User):
    """A select of the enterprises of ``user``'s open tasks: campaign active, task neither cancelled nor done."""
    return (select(Task.enterprise_id).join(TaskMember, TaskMember.task_id == Task.id)
            .join(Campaign, Campaign.id == Task.campaign_id)
            .where(TaskMember.user_id == user.id, Campaign.status == ACTIVE, Task.cancelled_at.is_(None),
                   ~fulfilled_clause()))


def _referred_column():
    from safety.referrals.models import RoutedReferral
    return RoutedReferral.enterprise_id


def list_task_only_enterprise_ids(user: User) -> list[int]:
    """The enterprises outside ``user``'s grids that they see only through an open task, by id: one statement
    for an inspector, none for anyone else.

    The pull's cursor covers them (safety.sync.cursor): when one comes or goes, rows entered or left the
    user's scope without changing themselves.
    """
    if Role(user.role) is not Role.INSPECTOR:
        return []
    return list(db.session.scalars(
        select(Enterprise.id).where(Enterprise.id.in_(_open_task_enterprise_ids(user)),
                                    or_(Enterprise.grid_id.is_(None), Enterprise.grid_id.not_in(_grid_ids(user))))
        .order_by(Enterprise.id)))


def has_open_task_at(user: User, enterprise_id: int) -> bool:
    """Whether ``user`` has an open task at the enterprise: one statement."""
    return bool(db.session.scalar(select(exists(_open_task_enterprise_ids(user)
                                                .where(Task.enterprise_id == enterprise_id)))))


def visible_enterprises(user: User):
    """A select of the enterprises ``user`` may see (add ordering and filters to it)."""
    return select(Enterprise).where(enterprise_filter(user))


def can_see_enterprise(user: User, enterprise: Enterprise) -> bool:
    role = Role(user.role)
    if sees_every_enterprise(user):
        return True
    if role is Role.ENTERPRISE:
        return enterprise.id == user.enterprise_id
    if user.department is not None:
        return bool(db.session.scalar(select(exists(_referred_to_department(user)
                                                    .where(_referred_column() == enterprise.id)))))
    if enterprise.grid_id in {g.id for g in user.grids}:
        return True
    if role is Role.SUPERVISOR and not user.grids:  # their unit's subtree
        area = enterprise.grid.unit if enterprise.grid is not None else None
        return area is not None and user.unit.contains(area)
    return role is Role.INSPECTOR and has_open_task_at(user, enterprise.id)


def get_enterprise(code: str) -> Enterprise:
    """The enterprise with ``code``: 404 when unknown. Whether the user may see it is the caller's question."""
    enterprise = db.session.scalar(select(Enterprise).where(Enterprise.code == code))
    if enterprise is None:
        raise NotFound("enterprise_not_found", _("No enterprise has the code %(code)s.", code=code))
    return enterprise


def get_enterprise_for(user: User, code: str) -> Enterprise:
    """The enterprise with ``code`` if ``user`` may see it: 404 when unknown, 403 when out of scope."""
    enterprise = get_enterprise(code)
    if not can_see_enterprise(user, enterprise):
        raise Forbidden("enterprise_out_of_scope",
                        _("Enterprise %(code)s is not in your area of responsibility.", code=code))
    return enterprise


def hazard_filter(user: User):
    """A WHERE clause on Hazard selecting what ``user`` may see (joins through the enterprise)."""
    from safety.hazards.models import Hazard
    return Hazard.enterprise_id.in_(select(Enterprise.id).where(enterprise_filter(user)))
