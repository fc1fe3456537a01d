"""What a supervisor acts on, counted in their scope for the home page: inspections awaiting review, hazards
overdue, look-backs due (rectified, awaiting a re-check), and major hazards not yet struck off. Two statements
whatever the size of the jurisdiction; each count links to the list it counts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func

from safety.extensions import db
from safety.hazards.ledger import LedgerFilters, filtered_hazards
from safety.hazards.models import Hazard
from safety.hazards.rules import overdue_clause
from safety.hazards.vocabulary import MAJOR, OPEN_STATUSES, PENDING_VERIFICATION, RECTIFIED
from safety.review.queue import QueueFilters, filtered_inspections
from safety.users.models import User


@dataclass(frozen=True)
class SupervisorCounts:
    pending_reviews: int  # 待审核
    overdue_hazards: int  # 逾期未整改
    lookbacks_due: int  # 已整改待复查 (回头看)
    major_open: int  # 重大隐患未销号
    major_awaiting_verification: int  # of which a supervisor's verification closes


def get_supervisor_counts(user: User, today: date) -> SupervisorCounts:
    """The counts of the home page for ``user`` (a supervisor or an administrator), in their scope."""
    pending = db.session.scalar(filtered_inspections(user, QueueFilters()).with_only_columns(func.count()))

    def number(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    major = Hazard.level == MAJOR
    overdue, lookbacks, major_open, awaiting = db.session.execute(
        filtered_hazards(user, LedgerFilters(), today).with_only_columns(
            number(overdue_clause(today)), number(Hazard.status == RECTIFIED),
            number(and_(major, Hazard.status.in_(OPEN_STATUSES))),
            number(and_(major, Hazard.status == PENDING_VERIFICATION)))).one()
    return SupervisorCounts(pending, int(overdue), int(lookbacks), int(major_open), int(awaiting))
