"""Reading referrals: those a user sent or may see, those waiting for their answer, the overdue ones."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from safety.auth.scope import enterprise_filter
from safety.common.errors import Forbidden, NotFound
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.referrals.models import RoutedReferral
from safety.units.tree import get_root
from safety.users.models import Role, User


def _received_clause(user: User):
    if user.department is not None:
        return RoutedReferral.to_department_id == user.department.id
    own = user.unit or get_root()
    if own is None or Role(user.role) not in (Role.SUPERVISOR, Role.ADMIN):
        return None
    return RoutedReferral.to_unit_id == own.id


def visible_clause(user: User):
    """Received by the user, or about an enterprise in their scope (a department's user: received only)."""
    received = _received_clause(user)
    if user.department is not None:
        return received
    in_scope = RoutedReferral.enterprise_id.in_(select(Enterprise.id).where(enterprise_filter(user)))
    return in_scope if received is None else or_(in_scope, received)


def list_referrals(user: User, overdue_on: date | None = None, waiting_for_me: bool = False, limit: int = 200):
    """The referrals ``user`` may see, newest first; only those past their reply date unanswered with
    ``overdue_on``; only those ``user`` is to answer with ``waiting_for_me``. Two statements."""
    clause = _received_clause(user) if waiting_for_me else visible_clause(user)
    if clause is None:
        return []
    statement = (select(RoutedReferral).where(clause)
                 .options(selectinload(RoutedReferral.enterprise), selectinload(RoutedReferral.to_unit),
                          selectinload(RoutedReferral.to_department), selectinload(RoutedReferral.from_unit))
                 .order_by(RoutedReferral.sent_at.desc(), RoutedReferral.id.desc()).limit(limit))
    if overdue_on is not None:
        statement = statement.where(RoutedReferral.replied_at.is_(None), RoutedReferral.reply_due_on < overdue_on)
    if waiting_for_me:
        statement = statement.where(RoutedReferral.replied_at.is_(None))
    return list(db.session.scalars(statement))


def get_referral_for(user: User, referral_id: int) -> RoutedReferral:
    """The referral if ``user`` may see it: 404 when unknown, 403 otherwise."""
    referral = db.session.get(RoutedReferral, referral_id)
    if referral is None:
        raise NotFound("referral_not_found", _("No such referral."))
    clause = visible_clause(user)
    if clause is None or not db.session.scalar(select(RoutedReferral.id)
                                               .where(RoutedReferral.id == referral.id, clause)):
        raise Forbidden("referral_out_of_scope", _("This referral is not yours to see."))
    return referral
