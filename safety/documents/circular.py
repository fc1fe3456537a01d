"""通报: for a period, the enterprises with overdue hazards or repeated failed re-checks, for the office to send
to the members of the work-safety committee (安委会). The supervisor picks and confirms the list.

A hazard belongs to a period's circular when it is still open past a deadline that fell in the period
(overdue), or when it failed its re-check at least twice and one of those failures was in the period.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, exists, or_, select

from safety.auth.scope import enterprise_filter
from safety.common.errors import DomainError
from safety.common.office_time import office_today, start_of_office_day
from safety.documents.content import enterprise_content
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.rules import FAILED_RECHECKS_BEFORE_ESCALATION
from safety.hazards.vocabulary import OPEN, OPEN_STATUSES, RECHECK_FAILED
from safety.users.models import User


@dataclass
class CircularEntry:
    """One enterprise a circular may name, with the hazards that put it there."""

    enterprise: Enterprise
    hazards: list[Hazard] = field(default_factory=list)
    overdue: int = 0
    failed_rechecks: int = 0


def check_period(period_from: date | None, period_to: date | None) -> None:
    if period_from is None or period_to is None:
        raise DomainError("period_required", _("A circular needs its period: a first and a last day."),
                          field="period")
    if period_to < period_from:
        raise DomainError("period_reversed", _("The period ends before it starts."), field="period")


def list_circular_entries(user: User, period_from: date, period_to: date, today: date | None = None
                          ) -> list[CircularEntry]:
    """The enterprises in ``user``'s scope a circular of the period would name, most hazards first."""
    check_period(period_from, period_to)
    today = today or office_today()
    start, end = start_of_office_day(period_from), start_of_office_day(period_to + timedelta(days=1))
    overdue = and_(Hazard.status == OPEN, Hazard.deadline >= period_from, Hazard.deadline <= period_to,
                   Hazard.deadline < today)
    failed_in_period = exists().where(HazardEvent.hazard_id == Hazard.id, HazardEvent.type == RECHECK_FAILED,
                                      HazardEvent.applied.is_(True), HazardEvent.at >= start, HazardEvent.at < end)
    repeated = and_(Hazard.status.in_(OPEN_STATUSES),
                    Hazard.failed_recheck_count >= FAILED_RECHECKS_BEFORE_ESCALATION, failed_in_period)
    entries: dict[int, CircularEntry] = {}
    for hazard, enterprise in db.session.execute(
            select(Hazard, Enterprise).join(Enterprise, Enterprise.id == Hazard.enterprise_id)
            .where(enterprise_filter(user), or_(overdue, repeated)).order_by(Enterprise.code, Hazard.id)):
        entry = entries.setdefault(enterprise.id, CircularEntry(enterprise))
        entry.hazards.append(hazard)
        if hazard.status == OPEN and hazard.deadline and period_from <= hazard.deadline <= period_to \
                and hazard.deadline < today:
            entry.overdue += 1
        if hazard.failed_recheck_count >= FAILED_RECHECKS_BEFORE_ESCALATION:
            entry.failed_rechecks += 1
    return sorted(entries.values(), key=lambda entry: (-len(entry.hazards), entry.enterprise.code))


def circular_content(user: User, period_from: date, period_to: date, enterprise_codes=None
                     ) -> tuple[dict, list[Hazard]]:
    """The circular of the period naming the enterprises the supervisor confirmed (all candidates when None)."""
    entries = list_circular_entries(user, period_from, period_to)
    if not entries:
        raise DomainError("empty_period",
                          _("No enterprise had overdue hazards or repeatedly failed re-checks from %(start)s to "
                            "%(end)s: there is nothing to circulate.", start=period_from.isoformat(),
                            end=period_to.isoformat()), field="period")
    if enterprise_codes is not None:
        chosen = set(enterprise_codes)
        unknown = chosen - {entry.enterprise.code for entry in entries}
        if unknown:
            raise DomainError("not_a_candidate",
                              _("%(codes)s had no overdue hazard or repeated failed re-check in this period.",
                                codes="、".join(sorted(unknown))), field="enterprises")
        entries = [entry for entry in entries if entry.enterprise.code in chosen]
        if not entries:
            raise DomainError("no_enterprise_chosen", _("Choose at least one enterprise to name."),
                              field="enterprises")
    named = [{**enterprise_content(entry.enterprise), "overdue": entry.overdue,
              "failed_rechecks": entry.failed_rechecks,
              "hazards": [{"uuid": hazard.uuid, "number": hazard.number or "", "description": hazard.description,
                           "level": hazard.level, "status": hazard.status,
                           "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
                           "failed_rechecks": hazard.failed_recheck_count} for hazard in entry.hazards]}
             for entry in entries]
    content = {"enterprise": None, "period": {"from": period_from.isoformat(), "to": period_to.isoformat()},
               "team": [], "enterprises": named,
               "totals": {"enterprises": len(named), "hazards": sum(len(entry["hazards"]) for entry in named)}}
    return content, [hazard for entry in entries for hazard in entry.hazards]
