"""Hazards as the API sends them: in ``pull`` for phones, and one hazard with its whole log.

Reasons of events not applied are stored as codes and written out here, in the
language of whoever reads them.
"""
from __future__ import annotations

from datetime import date

from flask import url_for

from safety.enterprises.models import Enterprise
from safety.hazards.lifecycle import reason_message
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.queries import HazardContext, get_hazard_context
from safety.hazards.rules import is_overdue, needs_escalation, office_today
from safety.photos.models import Photo

# The states a phone needs for look-back re-checks; closed hazards leave the phone.
OPEN_STATUSES = ("open", "rectified", "pending_verification")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def photo_ref_json(photo: Photo) -> dict:
    """A photo as evidence on a hazard: where to fetch its thumbnail and display size, and its hash."""
    return {
        "uuid": photo.uuid,
        "purpose": photo.purpose,
        "thumb_url": url_for("photos.thumb", photo_uuid=photo.uuid),
        "display_url": url_for("photos.display", photo_uuid=photo.uuid),
        "sha256": photo.sha256,
        "taken_at": photo.taken_at.isoformat() if photo.taken_at else None,
    }


def reason_text(event: HazardEvent) -> str | None:
    """Why ``event`` was not applied, in the current language; None when it was applied."""
    if event.applied:
        return None
    return reason_message(event.reason, event.type, event.from_status, event.role)


def event_json(event: HazardEvent, context: HazardContext | None = None) -> dict:
    """One event of a hazard's log (contract: uuid, type, actor, role, at, applied, reason)."""
    if context is None:
        context = get_hazard_context(event.hazard)
    signature = context.signatures.get(event.id)
    return {
        "uuid": event.uuid,
        "type": event.type,
        "actor": context.names.get(event.actor_id),
        "role": event.role,
        "at": event.at.isoformat(),
        "received_at": event.received_at.isoformat() if event.received_at else None,
        "note": event.note,
        "new_deadline": _day(event.new_deadline),
        "applied": event.applied,
        "reason": reason_text(event),
        "signed_by": event.signed_by,
        "plan": event.plan,
        "photos": [photo_ref_json(photo) for photo in context.event_photos.get(event.id, [])],
        "signature": photo_ref_json(signature) if signature is not None else None,
    }


def _hazard_fields(hazard: Hazard, enterprise: Enterprise, found_by: str | None, today: date) -> dict:
    return {
        "uuid": hazard.uuid,
        "enterprise_code": enterprise.code,
        "enterprise_name": enterprise.name,
        "status": hazard.status,
        "level": hazard.level,
        "description": hazard.description,
        "deadline": _day(hazard.deadline),
        "mode": hazard.mode,
        "responsible_person": hazard.responsible_person,
        "measures": hazard.measures,
        "funds": hazard.funds,
        "emergency_plan": hazard.emergency_plan,
        "supervising_unit": hazard.supervising_unit,
        "supervision_deadline": _day(hazard.supervision_deadline),
        "item_id": hazard.item_key,  # the template item's key, as in the inspection document
        "found_at": hazard.found_at.isoformat() if hazard.found_at else None,
        "found_by": found_by,
        "overdue": is_overdue(hazard, today),
        "escalated": hazard.escalated,
        "needs_escalation": needs_escalation(hazard, today),
        "recurring": hazard.recurring,
        "failed_recheck_count": hazard.failed_recheck_count,
    }


def hazard_detail_json(hazard: Hazard, context: HazardContext | None = None) -> dict:
    """One hazard with its evidence and its whole log, oldest event first (``GET /api/v1/hazards/<uuid>``)."""
    context = context or get_hazard_context(hazard)
    body = _hazard_fields(hazard, context.enterprise, context.names.get(hazard.found_by_id), office_today())
    body["photos"] = [photo_ref_json(photo) for photo in context.hazard_photos]
    body["events"] = [event_json(event, context) for event in hazard.events]
    return body


def hazard_json(hazard: Hazard, enterprise: Enterprise, found_by: str | None, photos: list[Photo],
                last_event: dict | None, today: date) -> dict:
    """One hazard in the pull's shape (contract fields: uuid, enterprise_code, status, level, description,
    deadline), with what a look-back re-check needs on the phone: the plan, the evidence, the last step."""
    body = _hazard_fields(hazard, enterprise, found_by, today)
    body["photos"] = [photo_ref_json(photo) for photo in photos]
    body["last_event"] = last_event
    return body


def last_event_json(event: HazardEvent, actor: str | None) -> dict:
    """The latest step of a hazard, as the look-back list shows it."""
    return {"type": event.type, "at": event.at.isoformat(), "note": event.note, "actor": actor,
            "applied": event.applied}
