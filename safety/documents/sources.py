"""What a document is made from, named by a request and checked against the user's scope.

A request names its kind and one source: an inspection, hazards, a re-check event, or a period.
The source's key (``inspection:12``, ``visit:4:2026-12-04``, ``hazards:<sha256>``,
``period:2026-10-01/2026-12-31``) is what a repeated request finds the document by.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from safety.auth.access import OFFICE
from safety.auth.scope import can_see_enterprise
from safety.common.errors import DomainError, Forbidden, NotFound
from safety.common.office_time import office_day
from safety.common.parsing import parse_uuid
from safety.documents.models import (CIRCULAR, INSPECTION_RECORD, KINDS, ONSITE_MEASURES, RECHECK_OPINION,
                                     RECTIFICATION_ORDER)
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.vocabulary import RECHECK_EVENTS
from safety.inspections.models import Inspection
from safety.inspections.vocabulary import LOOKBACK
from safety.users.models import User

MAX_HAZARDS = 200


@dataclass(frozen=True)
class DocumentRequest:
    """A request to issue: its kind and one source. ``enterprise_codes`` is a circular's confirmed list (None:
    every enterprise the period names); ``corrects`` the id of the document this one replaces."""

    kind: str
    inspection_uuid: str = ""
    hazard_uuids: tuple[str, ...] = ()
    event_uuid: str = ""
    period_from: date | None = None
    period_to: date | None = None
    enterprise_codes: tuple[str, ...] | None = None
    corrects: int | None = None
    field: object = None  # safety.documents.field.FieldIssue: issued on a phone, with its number and receipt


@dataclass
class Source:
    """The records a document is made from, found and allowed."""

    kind: str
    key: str
    enterprise: Enterprise | None = None
    inspection: Inspection | None = None
    event: HazardEvent | None = None
    hazards: list[Hazard] | None = None
    day: date | None = None  # an opinion's visit day
    period_from: date | None = None
    period_to: date | None = None
    extra: dict = field(default_factory=dict)


def resolve_source(user: User, request: DocumentRequest) -> Source:
    """The source named by ``request``, in ``user``'s scope: 400 when malformed, 404 unknown, 403 out of scope."""
    from safety.inspections.queries import get_inspection_for  # the inspections feature reads its own records

    kind = request.kind
    if not kind and request.event_uuid:
        kind = RECHECK_OPINION
    elif not kind and request.inspection_uuid:  # a form that names only the inspection: its usual document
        kind = default_kind_for(get_inspection_for(user, request.inspection_uuid))
    if kind not in KINDS:
        raise DomainError("unknown_type", _("%(type)s is not a kind of document. Known: %(known)s.",
                                            type=str(kind)[:40], known=", ".join(KINDS)), field="type")
    if kind == CIRCULAR:
        if not user.has_role(*OFFICE):
            raise Forbidden("circular_office_only", _("A circular is issued by a supervisor of the office."))
        from safety.documents.circular import check_period
        check_period(request.period_from, request.period_to)
        return Source(kind, f"period:{request.period_from.isoformat()}/{request.period_to.isoformat()}",
                      period_from=request.period_from, period_to=request.period_to)
    if kind == RECHECK_OPINION and request.event_uuid:
        event, hazard, enterprise = get_recheck_event_for(user, request.event_uuid)
        day = office_day(event.at)
        return Source(kind, f"visit:{enterprise.id}:{day.isoformat()}", enterprise=enterprise, event=event, day=day)
    if request.inspection_uuid:
        inspection = get_inspection_for(user, request.inspection_uuid)
        enterprise = db.session.get(Enterprise, inspection.enterprise_id)
        if kind == RECHECK_OPINION:
            day = office_day(inspection.finished_at)
            return Source(kind, f"visit:{enterprise.id}:{day.isoformat()}", enterprise=enterprise,
                          inspection=inspection, day=day)
        return Source(kind, f"inspection:{inspection.original_id or inspection.id}", enterprise=enterprise,
                      inspection=inspection)
    if request.hazard_uuids and kind in (RECTIFICATION_ORDER, ONSITE_MEASURES):
        hazards = _hazards_for(user, request.hazard_uuids)
        digest = hashlib.sha256(",".join(sorted(hazard.uuid for hazard in hazards)).encode()).hexdigest()
        return Source(kind, f"hazards:{digest}", enterprise=db.session.get(Enterprise, hazards[0].enterprise_id),
                      hazards=hazards)
    if kind == INSPECTION_RECORD:
        message = _("An inspection record is made from an inspection: send inspection_uuid.")
    elif kind == RECHECK_OPINION:
        message = _("A re-inspection opinion is made from a look-back inspection or a re-check: send "
                    "inspection_uuid or the re-check's event.")
    else:
        message = _("Send the inspection_uuid, or the hazard_uuids, the document is made from.")
    raise DomainError("source_missing", message, field="inspection_uuid")


def _hazards_for(user: User, hazard_uuids) -> list[Hazard]:
    """The hazards named, all found, all of one enterprise in the user's scope."""
    uuids = []
    for value in hazard_uuids:
        canonical = parse_uuid(value if isinstance(value, str) else "")
        if canonical is None:
            raise DomainError("invalid_uuid", _("%(value)s is not a valid UUID.", value=str(value)[:60]),
                              field="hazard_uuids")
        uuids.append(canonical)
    if len(uuids) > MAX_HAZARDS:
        raise DomainError("too_many_hazards", _("At most %(count)s hazards in one document.", count=MAX_HAZARDS),
                          field="hazard_uuids")
    rows = db.session.execute(select(Hazard, Enterprise).join(Enterprise, Enterprise.id == Hazard.enterprise_id)
                              .where(Hazard.uuid.in_(uuids))).all()
    missing = set(uuids) - {hazard.uuid for hazard, _enterprise in rows}
    if missing:
        raise NotFound("hazard_not_found", _("No hazard has the UUID %(uuid)s.", uuid=sorted(missing)[0]),
                       field="hazard_uuids")
    if len({enterprise.id for _hazard, enterprise in rows}) > 1:
        raise DomainError("hazards_of_several_enterprises",
                          _("The hazards of one document belong to one enterprise."), field="hazard_uuids")
    if not can_see_enterprise(user, rows[0][1]):
        raise Forbidden("hazard_out_of_scope", _("This hazard is not in your area of responsibility."))
    return [hazard for hazard, _enterprise in rows]


def get_recheck_event_for(user: User, event_uuid: str) -> tuple[HazardEvent, Hazard, Enterprise]:
    """A re-check event (passed or failed, applied) with its hazard and enterprise, in the user's scope."""
    canonical = parse_uuid(event_uuid or "")
    if canonical is None:
        raise DomainError("invalid_uuid", _("%(value)s is not a valid UUID.", value=(event_uuid or "")[:60]),
                          field="event")
    row = db.session.execute(
        select(HazardEvent, Hazard, Enterprise).join(Hazard, Hazard.id == HazardEvent.hazard_id)
        .join(Enterprise, Enterprise.id == Hazard.enterprise_id).where(HazardEvent.uuid == canonical)).first()
    if row is None:
        raise NotFound("event_not_found", _("No hazard event has the UUID %(uuid)s.", uuid=canonical), field="event")
    event, hazard, enterprise = row
    if not can_see_enterprise(user, enterprise):
        raise Forbidden("event_out_of_scope", _("This hazard is not in your area of responsibility."))
    if event.type not in RECHECK_EVENTS or not event.applied:
        raise DomainError("not_a_recheck", _("A re-inspection opinion is issued for a re-check that was recorded."),
                          field="event")
    return event, hazard, enterprise


def default_kind_for(inspection: Inspection) -> str:
    """The document an inspection most often makes: the opinion of a look-back, else the order."""
    return RECHECK_OPINION if inspection.kind == LOOKBACK else RECTIFICATION_ORDER
