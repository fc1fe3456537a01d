"""Derived hazard facts: overdue, due for escalation. Derived, never stored, so they are always current.

Each rule exists twice on purpose: as a SQL expression for lists and counts
(the ledger, the dashboard), and as a Python function for one hazard in hand.
"""
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_, or_

from safety.hazards.models import Hazard
from safety.hazards.vocabulary import OPEN, OPEN_STATUSES

FAILED_RECHECKS_BEFORE_ESCALATION = 2


def overdue_days_before_escalation() -> int:
    """How many days past its deadline an open hazard may go before it is flagged for escalation (移送)."""
    return int(current_app.config.get("HAZARD_ESCALATION_OVERDUE_DAYS", 30))


def overdue_clause(today: date):
    """SQL: an open hazard past its deadline (the contract's definition of overdue)."""
    return and_(Hazard.status == OPEN, Hazard.deadline.is_not(None), Hazard.deadline < today)


def is_overdue(hazard: Hazard, today: date) -> bool:
    return hazard.status == OPEN and hazard.deadline is not None and hazard.deadline < today


def escalation_clause(today: date):
    """SQL: escalated by a supervisor, or due for it: two failed re-checks, or overdue by more than the limit."""
    return or_(standing_escalation_clause(), overdue_escalation_clause(today))


def standing_escalation_clause():
    """SQL: the part of :func:`escalation_clause` that does not depend on the day (the reports keep it per day)."""
    return or_(
        Hazard.escalated.is_(True),
        and_(Hazard.status.in_(OPEN_STATUSES), Hazard.failed_recheck_count >= FAILED_RECHECKS_BEFORE_ESCALATION),
    )


def overdue_escalation_clause(today: date):
    """SQL: overdue by more than the limit on ``today``."""
    return and_(overdue_clause(today), Hazard.deadline < today - timedelta(days=overdue_days_before_escalation()))


def needs_escalation(hazard: Hazard, today: date) -> bool:
    if hazard.escalated:
        return True
    if hazard.status in OPEN_STATUSES and hazard.failed_recheck_count >= FAILED_RECHECKS_BEFORE_ESCALATION:
        return True
    return is_overdue(hazard, today) and hazard.deadline < today - timedelta(days=overdue_days_before_escalation())
