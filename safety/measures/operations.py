"""Recording, serving and lifting measures, and the restart inspection that lifts a shutdown order.

Every operation flushes and leaves the commit to its caller (a form's one transaction); a refusal raises a
DomainError before anything of it is written, or within a savepoint that is rolled back.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from safety.common.errors import Conflict, DomainError
from safety.common.office_time import office_day
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.vocabulary import CLOSED as HAZARD_CLOSED
from safety.inspections.models import Inspection
from safety.inspections.vocabulary import RESTART
from safety.measures.models import Measure, Referral
from safety.measures.rules import active_after_restart, follow_measures, in_force_clause, refuse_switched_off
from safety.measures.validation import MeasureInput, parse_note
from safety.measures.vocabulary import (CLOSURE, FINE, KIND_GROUP, ONSITE, REFERRAL, SHUTDOWN, WARNING,
                                        kind_label)
from safety.users.models import User


def record_measure(user: User | None, enterprise: Enterprise, data: MeasureInput,
                   hazard: Hazard | None = None) -> Measure:
    """A new measure against ``enterprise``; the enterprise's status follows it when it is served already.

    ``hazard``: the hazard an on-site measure was ordered for on the phone, which the measure then records.
    """
    refuse_switched_off(data.kind)
    if hazard is not None:
        if hazard.enterprise_id != enterprise.id or not hazard.onsite_measure:
            raise DomainError("hazard_without_onsite_measure", _(
                "No on-site measure was ordered for this hazard at %(name)s.", name=enterprise.name))
        if KIND_GROUP.get(data.kind) != ONSITE:
            raise DomainError("kind_not_onsite", _(
                "The measure ordered on the phone is an on-site measure: choose one of those types."), field="kind")
    measure = Measure(enterprise=enterprise, recorded_by_id=user.id if user else None,
                      hazard_id=hazard.id if hazard is not None else None)
    _fill(measure, data)
    _save(measure)
    follow_measures(enterprise)
    return measure


def record_onsite_decision(document, hazards: list[Hazard], served_on: date | None) -> list[Measure]:
    """The measures a 现场处理措施决定书 decides, one per hazard it names, each numbered with the document.

    Called when the document is issued (safety.documents.operations): a hazard whose measure the office recorded
    by hand already has it linked and renumbered; a correction (the document's next edition) renumbers the
    measures of the edition it replaces. Decided on the document's day; served on the day of its receipt when
    the phone served it on the spot, else when the office records the service.
    """
    decided_on = office_day(document.issued_at)
    existing = {measure.hazard_id: measure for measure in db.session.scalars(
        select(Measure).where(Measure.hazard_id.in_([hazard.id for hazard in hazards])))}
    measures = []
    for hazard in hazards:
        ordered = hazard.onsite_measure or {}
        measure = existing.get(hazard.id)
        if measure is None:
            measure = Measure(enterprise_id=hazard.enterprise_id, hazard_id=hazard.id, kind=ordered.get("measure"),
                              legal_basis=ordered.get("legal_basis", ""), subject=ordered.get("place", ""),
                              decided_on=decided_on, served_on=served_on, lift_note="",
                              recorded_by_id=document.issued_by_id)
            db.session.add(measure)
        measure.decision_number, measure.document_id = document.reference, document.id
        measures.append(measure)
    db.session.flush()
    for enterprise_id in sorted({hazard.enterprise_id for hazard in hazards}):
        follow_measures(db.session.get(Enterprise, enterprise_id))
    return measures


def update_measure(measure: Measure, data: MeasureInput) -> Measure:
    """Correct a measure that has not been lifted. A served measure keeps its type and its date of service."""
    if measure.lifted_on is not None:
        raise Conflict("measure_lifted", _("Measure %(number)s was lifted on %(date)s; it can no longer be changed.",
                                           number=measure.decision_number, date=measure.lifted_on.isoformat()))
    if data.kind != measure.kind:
        if measure.served_on is not None:
            raise DomainError("kind_fixed_once_served", _(
                "Measure %(number)s has been served: its type can no longer be changed. Record the new decision "
                "as a measure of its own.", number=measure.decision_number), field="kind")
        refuse_switched_off(data.kind)
    if measure.served_on is not None and data.served_on is None:
        raise DomainError("served_on_required", _("A served measure keeps its date of service."), field="served_on")
    _fill(measure, data)
    _save(measure)
    follow_measures(measure.enterprise)
    return measure


def serve_measure(measure: Measure, served_on: date) -> Measure:
    """Record that the decision was served (送达): in force from ``served_on``."""
    if measure.served_on is not None:
        raise Conflict("measure_already_served", _("Measure %(number)s was served on %(date)s already.",
                                                   number=measure.decision_number, date=measure.served_on.isoformat()))
    if served_on < measure.decided_on:
        raise DomainError("served_before_decided", _(
            "A measure cannot be served before it was decided (%(date)s).", date=measure.decided_on.isoformat()),
            field="served_on")
    measure.served_on = served_on
    db.session.flush()
    follow_measures(measure.enterprise)
    return measure


def lift_measure(measure: Measure, lifted_on: date, note: str) -> Measure:
    """Lift an on-site measure or a seizure by hand, or record a referral's reply (its end)."""
    if measure.lifted_on is not None:
        raise Conflict("measure_already_lifted", _("Measure %(number)s was lifted on %(date)s already.",
                                                   number=measure.decision_number, date=measure.lifted_on.isoformat()))
    if measure.kind == SHUTDOWN:
        raise DomainError("shutdown_lifted_by_restart", _(
            "A shutdown order is lifted by a restart inspection (复产验收) that passes, not by hand."), field="kind")
    if measure.kind in (WARNING, FINE, CLOSURE):
        raise DomainError("not_liftable", _("A measure of the type \"%(kind)s\" stands once served: it is not lifted.",
                                            kind=kind_label(measure.kind)), field="kind")
    if lifted_on < measure.decided_on:
        raise DomainError("lifted_before_decided", _(
            "A measure cannot be lifted before it was decided (%(date)s).", date=measure.decided_on.isoformat()),
            field="lifted_on")
    if measure.served_on is None:
        raise DomainError("lifted_before_served", _(
            "Measure %(number)s has not been served yet: record its service first.", number=measure.decision_number),
            field="lifted_on")
    if lifted_on < measure.served_on:
        raise DomainError("lifted_before_served", _(
            "A measure cannot be lifted before it was served (%(date)s).", date=measure.served_on.isoformat()),
            field="lifted_on")
    referral = measure.kind == REFERRAL
    measure.lift_note = parse_note(note, required=referral, missing=_("Write down the department's reply."))
    measure.lifted_on = lifted_on
    db.session.flush()
    return measure


def restart_inspection_passed(inspection: Inspection) -> bool:
    """Whether a restart inspection (复产验收) passed: every hazard it found is struck off (rectified on the spot)."""
    left_open = db.session.scalar(select(Hazard.id).where(Hazard.inspection_id == inspection.id,
                                                          Hazard.status != HAZARD_CLOSED).limit(1))
    return left_open is None


def lift_shutdowns_by_restart(inspection: Inspection) -> list[Measure]:
    """On the approval of a restart inspection that passed: lift the enterprise's shutdown orders in force (on
    the inspection's day) and let it operate again unless a closure is in force. Any other inspection, or one
    that did not pass, lifts nothing."""
    if inspection.kind != RESTART or not restart_inspection_passed(inspection):
        return []
    day = office_day(inspection.finished_at)
    lifted = list(db.session.scalars(select(Measure).where(
        Measure.enterprise_id == inspection.enterprise_id, Measure.kind == SHUTDOWN, in_force_clause(),
        Measure.served_on <= day)))
    for measure in lifted:
        measure.lifted_on, measure.lifted_by_inspection_id = day, inspection.id
    if lifted:
        active_after_restart(db.session.get(Enterprise, inspection.enterprise_id))
    return lifted


def _fill(measure: Measure, data: MeasureInput) -> None:
    measure.kind, measure.decision_number, measure.legal_basis = data.kind, data.decision_number, data.legal_basis
    measure.subject, measure.fine_yuan = data.subject, data.fine_yuan
    measure.decided_on, measure.served_on = data.decided_on, data.served_on
    if data.kind == REFERRAL:
        if measure.referral is None:
            measure.referral = Referral(department=data.department, reply_due_on=data.reply_due_on)
        else:
            measure.referral.department, measure.referral.reply_due_on = data.department, data.reply_due_on
    else:
        measure.referral = None


def _save(measure: Measure) -> None:
    """Write the measure in a savepoint: a decision number already used for this type is refused at its field."""
    try:
        with db.session.begin_nested():
            db.session.add(measure)
            db.session.flush()
    except IntegrityError as exc:
        # SQLite names the columns, PostgreSQL the constraint: both say "decision" (or "hazard"). Anything else
        # is no duplicate.
        if "hazard" in str(exc.orig).lower():
            raise Conflict("hazard_measure_recorded", _(
                "The on-site measure ordered for this hazard has been recorded already.")) from None
        if "decision" not in str(exc.orig).lower():
            raise
        raise Conflict("decision_number_taken", _(
            "Decision %(number)s already has a measure of the type \"%(kind)s\".", number=measure.decision_number,
            kind=kind_label(measure.kind)), field="decision_number") from None
