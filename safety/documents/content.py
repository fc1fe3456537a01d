"""What a document says, read from the records: a fixed number of statements, however many hazards.

The content is a plain dict (kept as JSON with the issued document): the enterprise,
the hazards with their three fixes (三定) and legal basis, the re-check results,
and the photo UUIDs of the signatures drawn on the phone.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased

from safety.checklists.models import TemplateItem
from safety.common.errors import DomainError
from safety.common.office_time import office_day, start_of_office_day
from safety.documents.models import NOTICE, Document, format_reference
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.vocabulary import BY_DEADLINE, RECHECK_EVENTS, RECHECK_PASSED
from safety.inspections.models import Inspection
from safety.photos.models import Photo
from safety.users.models import User

SIGNATURE_PURPOSES = {"inspector_signature": "inspector", "representative_signature": "representative"}


def _enterprise(enterprise: Enterprise) -> dict:
    return {"code": enterprise.code, "name": enterprise.name, "address": enterprise.address, "uscc": enterprise.uscc,
            "contact_person": enterprise.contact_person, "contact_phone": enterprise.contact_phone}


def _inspection(inspection: Inspection) -> dict:
    """The inspection's facts and its two signatures (the inspector's, the enterprise representative's)."""
    inspector = db.session.get(User, inspection.inspector_id)
    signatures = {"inspector": None, "representative": None}
    for photo_uuid, purpose in db.session.execute(
            select(Photo.uuid, Photo.purpose).where(Photo.inspection_id == inspection.id,
                                                    Photo.purpose.in_(SIGNATURE_PURPOSES)).order_by(Photo.id)):
        signatures[SIGNATURE_PURPOSES[purpose]] = photo_uuid
    return {"uuid": inspection.uuid, "kind": inspection.kind, "finished_at": inspection.finished_at.isoformat(),
            "day": office_day(inspection.finished_at).isoformat(),
            "inspector": inspector.display_name if inspector else "", "co_inspectors": inspection.co_inspectors,
            "representative_name": inspection.representative_name, "signatures": signatures}


def notice_content(inspection: Inspection) -> dict:
    """整改通知书: the hazards of ``inspection`` to be rectified by a deadline, each with its three fixes."""
    rows = db.session.execute(
        select(Hazard, TemplateItem.prompt, TemplateItem.basis)
        .outerjoin(TemplateItem, TemplateItem.id == Hazard.item_id)
        .where(Hazard.inspection_id == inspection.id, Hazard.mode == BY_DEADLINE).order_by(Hazard.id)).all()
    if not rows:
        raise DomainError("no_deadline_hazards",
                          _("This inspection found no hazard to be rectified by a deadline: there is nothing to "
                            "notify."), field="inspection")
    hazards = [{"uuid": hazard.uuid, "description": hazard.description, "level": hazard.level,
                "responsible_person": hazard.responsible_person, "measures": hazard.measures,
                "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
                "item": prompt or "", "basis": basis or ""} for hazard, prompt, basis in rows]
    enterprise = db.session.get(Enterprise, inspection.enterprise_id)
    return {"enterprise": _enterprise(enterprise), "inspection": _inspection(inspection), "hazards": hazards}


def opinion_content(enterprise: Enterprise, day: date, inspection: Inspection | None = None) -> dict:
    """复查意见书: the re-checks at ``enterprise`` on the office's calendar ``day`` (one look-back visit).

    Each re-check with its result, the new deadline of a failed one, who signed it, the notice that ordered
    the rectification when one was issued, and its photos taken over the hazard's original ones (before and after).
    """
    start, end = start_of_office_day(day), start_of_office_day(day + timedelta(days=1))
    rows = db.session.execute(
        select(HazardEvent, Hazard, TemplateItem.basis, User.display_name)
        .join(Hazard, Hazard.id == HazardEvent.hazard_id)
        .outerjoin(TemplateItem, TemplateItem.id == Hazard.item_id)
        .outerjoin(User, User.id == HazardEvent.actor_id)
        .where(Hazard.enterprise_id == enterprise.id, HazardEvent.type.in_(RECHECK_EVENTS),
               HazardEvent.applied.is_(True), HazardEvent.at >= start, HazardEvent.at < end)
        .order_by(HazardEvent.at, HazardEvent.id)).all()
    if not rows:
        raise DomainError("no_rechecks", _("No re-check was recorded at %(name)s on %(day)s.", name=enterprise.name,
                                           day=day.isoformat()), field="event")
    signatures = {event_id: photo_uuid for event_id, photo_uuid in db.session.execute(
        select(Photo.hazard_event_id, Photo.uuid).where(Photo.hazard_event_id.in_([row[0].id for row in rows]),
                                                       Photo.purpose == "signature"))}
    pairs = _photo_pairs([row[0].id for row in rows])
    notices = {inspection_id: format_reference(year, number) for inspection_id, year, number in db.session.execute(
        select(Document.inspection_id, Document.year, Document.number).where(
            Document.kind == NOTICE, Document.inspection_id.in_({row[1].inspection_id for row in rows})))}
    checks = [{"hazard_uuid": hazard.uuid, "description": hazard.description, "level": hazard.level,
               "passed": event.type == RECHECK_PASSED, "note": event.note,
               "new_deadline": event.new_deadline.isoformat() if event.new_deadline else None,
               "status_after": event.to_status, "at": event.at.isoformat(), "checked_by": actor or "",
               "signed_by": event.signed_by, "signature": signatures.get(event.id), "basis": basis or "",
               "notice": notices.get(hazard.inspection_id), "pairs": pairs.get(event.id, [])}
              for event, hazard, basis, actor in rows]
    return {"enterprise": _enterprise(enterprise), "day": day.isoformat(),
            "inspection": _inspection(inspection) if inspection is not None else None, "checks": checks}


def _photo_pairs(event_ids: list[int]) -> dict[int, list[dict]]:
    """Before and after of these re-checks: ``{"before", "after"}`` photo UUIDs by event id, in one statement."""
    before = aliased(Photo)
    pairs: dict[int, list[dict]] = {}
    for event_id, after_uuid, before_uuid in db.session.execute(
            select(Photo.hazard_event_id, Photo.uuid, before.uuid).join(before, before.id == Photo.before_photo_id)
            .where(Photo.hazard_event_id.in_(event_ids)).order_by(Photo.id)):
        pairs.setdefault(event_id, []).append({"before": before_uuid, "after": after_uuid})
    return pairs


def subject_content(subject) -> dict:
    """What the document about ``subject`` (a :class:`safety.documents.queries.Subject`) says today."""
    if subject.kind == NOTICE:
        return notice_content(subject.inspection)
    if subject.inspection is not None:
        enterprise = db.session.get(Enterprise, subject.inspection.enterprise_id)
        return opinion_content(enterprise, office_day(subject.inspection.finished_at), subject.inspection)
    hazard = db.session.get(Hazard, subject.event.hazard_id)
    return opinion_content(db.session.get(Enterprise, hazard.enterprise_id), office_day(subject.event.at))
