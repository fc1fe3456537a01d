"""Reading measures in the user's scope: an enterprise's measures, the filtered list and its export, one measure.

Every list is one statement (plus the count of a paginated page) whatever its length.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from safety.auth.scope import can_see_enterprise, enterprise_filter
from safety.common.errors import Forbidden, NotFound
from safety.common.filters import ListFilters
from safety.common.pagination import Page, paginate
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.common.parsing import parse_uuid
from safety.documents.models import Document
from safety.hazards.models import Hazard
from safety.inspections.models import Inspection
from safety.inspections.vocabulary import RESTART
from safety.measures.models import Measure, Referral
from safety.measures.rules import in_force_clause, status_case
from safety.measures.vocabulary import GROUPS, IN_FORCE, KIND_GROUP, KINDS, REFERRAL, SHUTDOWN, STATUSES
from safety.users.models import User


@dataclass(frozen=True)
class MeasureFilters(ListFilters):
    """The measures list's filters: type or group of types, status, the decision's dates."""

    kind: str = ""  # a type, or a group of types (onsite, penalty…)
    status: str = ""
    decided_from: date | None = None
    decided_to: date | None = None
    reply_overdue: bool = False  # referrals past their reply date without a reply


def get_measure_for(user: User, measure_id: int) -> Measure:
    """The measure with its enterprise: 404 when unknown, 403 outside the user's scope."""
    measure = db.session.scalar(select(Measure).options(selectinload(Measure.referral))
                                .join(Measure.enterprise).options(contains_eager(Measure.enterprise))
                                .where(Measure.id == measure_id))
    if measure is None:
        raise NotFound("measure_not_found", _("No measure has the number %(id)s.", id=measure_id))
    if not can_see_enterprise(user, measure.enterprise):
        raise Forbidden("measure_out_of_scope", _("This measure is not in your area of responsibility."))
    return measure


def list_enterprise_measures(enterprise: Enterprise) -> list[Measure]:
    """Every measure against the enterprise, the newest decision first."""
    return list(db.session.scalars(select(Measure).options(selectinload(Measure.referral))
                                   .where(Measure.enterprise_id == enterprise.id)
                                   .order_by(Measure.decided_on.desc(), Measure.id.desc())))


def list_phone_onsite_measures(enterprise: Enterprise) -> list[Hazard]:
    """The enterprise's hazards for which an on-site measure was ordered on the phone and not yet recorded here,
    the latest first."""
    recorded = select(Measure.hazard_id).where(Measure.hazard_id.is_not(None))
    hazards = db.session.scalars(select(Hazard).where(Hazard.enterprise_id == enterprise.id,
                                                      Hazard.id.not_in(recorded))
                                 .order_by(Hazard.found_at.desc()))
    # A JSON null and SQL NULL differ by database: the few hazards of one enterprise are sorted out here.
    return [hazard for hazard in hazards if hazard.onsite_measure]


def get_hazard_measure(hazard: Hazard) -> tuple[Measure, Document | None] | None:
    """The measure ordered on the spot for ``hazard`` and the decision (现场处理措施决定书) that decided it,
    or None while none was recorded."""
    row = db.session.execute(select(Measure, Document).outerjoin(Document, Document.id == Measure.document_id)
                             .where(Measure.hazard_id == hazard.id)).first()
    return tuple(row) if row is not None else None


def get_phone_onsite_hazard(enterprise: Enterprise, hazard_uuid: str) -> Hazard:
    """The enterprise's hazard with an on-site measure ordered on the phone: 404 otherwise."""
    hazard = db.session.scalar(select(Hazard).where(Hazard.enterprise_id == enterprise.id,
                                                    Hazard.uuid == (parse_uuid(hazard_uuid) or "")))
    if hazard is None or not hazard.onsite_measure:
        raise NotFound("hazard_not_found", _("No on-site measure was ordered for this hazard at %(name)s.",
                                              name=enterprise.name))
    return hazard


def list_shutdowns_in_force(enterprise_id: int) -> list[Measure]:
    """The enterprise's shutdown orders in force, the oldest first."""
    return list(db.session.scalars(select(Measure).where(Measure.enterprise_id == enterprise_id,
                                                         Measure.kind == SHUTDOWN, in_force_clause())
                                   .order_by(Measure.served_on, Measure.id)))


def list_restart_inspections(enterprise: Enterprise) -> list[Inspection]:
    """The enterprise's restart inspections (复产验收), the latest first."""
    return list(db.session.scalars(select(Inspection).where(Inspection.enterprise_id == enterprise.id,
                                                            Inspection.kind == RESTART)
                                   .order_by(Inspection.finished_at.desc())))


def _filtered(user: User, filters: MeasureFilters, today: date):
    statement = (select(Measure).join(Measure.enterprise).options(contains_eager(Measure.enterprise))
                 .options(selectinload(Measure.referral)).where(enterprise_filter(user)))
    if filters.kind in KINDS:
        statement = statement.where(Measure.kind == filters.kind)
    elif filters.kind in GROUPS:
        statement = statement.where(Measure.kind.in_([k for k, group in KIND_GROUP.items() if group == filters.kind]))
    if filters.status in STATUSES:
        statement = statement.where(status_case() == filters.status)
    if filters.decided_from:
        statement = statement.where(Measure.decided_on >= filters.decided_from)
    if filters.decided_to:
        statement = statement.where(Measure.decided_on <= filters.decided_to)
    if filters.reply_overdue:
        statement = statement.where(Measure.kind == REFERRAL, status_case() == IN_FORCE,
                                    Measure.id.in_(select(Referral.measure_id).where(Referral.reply_due_on < today)))
    return statement.order_by(Measure.decided_on.desc(), Measure.id.desc())


def list_measures(user: User, filters: MeasureFilters, today: date) -> Page:
    """One page of the measures in ``user``'s scope that pass ``filters``."""
    return paginate(_filtered(user, filters, today))


def list_measures_for_export(user: User, filters: MeasureFilters, today: date) -> list[Measure]:
    """Every measure of the filtered list, for the workbook."""
    return list(db.session.scalars(_filtered(user, filters, today)).unique())


def reply_overdue(measure: Measure, today: date) -> bool:
    """A referral in force whose reply was due before today."""
    return (measure.kind == REFERRAL and measure.status == IN_FORCE and measure.referral is not None
            and measure.referral.reply_due_on < today)
