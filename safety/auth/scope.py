"""Scope: which enterprises and hazards a user may see and change.

Every view and API endpoint that touches enterprise data goes through these
functions, so the rules of the design live in one place:

* admin: everything;
* supervisor: everything, or only their grids when they have grids (a jurisdiction);
* inspector: the enterprises of their grids, and the hazards at them;
* enterprise: its own enterprise only.
"""
from flask_babel import gettext as _
from sqlalchemy import false, select, true

from safety.common.errors import Forbidden, NotFound
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.users.models import Role, User, user_grids


def sees_every_enterprise(user: User) -> bool:
    """Whether ``user``'s scope is the whole register (an administrator, a supervisor without grids):
    a list can then leave the scope out of its query rather than compare every row with everything."""
    role = Role(user.role)
    return role is Role.ADMIN or (role is Role.SUPERVISOR and not user.grids)


def enterprise_filter(user: User):
    """A WHERE clause on :class:`Enterprise` selecting what ``user`` may see."""
    if sees_every_enterprise(user):
        return true()
    if Role(user.role) is Role.ENTERPRISE:
        return Enterprise.id == user.enterprise_id if user.enterprise_id else false()
    grid_ids = select(user_grids.c.grid_id).where(user_grids.c.user_id == user.id).scalar_subquery()
    return Enterprise.grid_id.in_(grid_ids)


def visible_enterprises(user: User):
    """A select of the enterprises ``user`` may see (add ordering and filters to it)."""
    return select(Enterprise).where(enterprise_filter(user))


def can_see_enterprise(user: User, enterprise: Enterprise) -> bool:
    role = Role(user.role)
    if role is Role.ADMIN or (role is Role.SUPERVISOR and not user.grids):
        return True
    if role is Role.ENTERPRISE:
        return enterprise.id == user.enterprise_id
    return enterprise.grid_id in {g.id for g in user.grids}


def get_enterprise_for(user: User, code: str) -> Enterprise:
    """The enterprise with ``code`` if ``user`` may see it: 404 when unknown, 403 when out of scope."""
    enterprise = db.session.scalar(select(Enterprise).where(Enterprise.code == code))
    if enterprise is None:
        raise NotFound("enterprise_not_found", _("No enterprise has the code %(code)s.", code=code))
    if not can_see_enterprise(user, enterprise):
        raise Forbidden("enterprise_out_of_scope",
                        _("Enterprise %(code)s is not in your area of responsibility.", code=code))
    return enterprise


def hazard_filter(user: User):
    """A WHERE clause on Hazard selecting what ``user`` may see (joins through the enterprise)."""
    from safety.hazards.models import Hazard
    return Hazard.enterprise_id.in_(select(Enterprise.id).where(enterprise_filter(user)))
