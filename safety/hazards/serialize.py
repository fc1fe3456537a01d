"""Hazards as the API sends them: in ``pull`` for phones, and one hazard with its whole log.

Reasons of events not applied are stored as codes and written out here, in the
language of whoever reads them.
"""
from __future__ import annotations

from datetime import date

from flask import g, url_for

from safety.common.office_time import office_today
from safety.enterprises.models import Enterprise
from safety.hazards.lifecycle import reason_message
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.queries import HazardContext, get_hazard_context
from safety.hazards.rules import is_overdue, needs_escalation


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


_UUID_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def _photo_url_templates() -> tuple[str, str]:
    """The thumbnail and display URLs of a photo with a placeholder for its UUID, made once per request:
    a pull lists thousands of photos, and a canonical UUID reads the same in a URL path."""
    templates = g.get("photo_url_templates")
    if templates is None:
        templates = g.photo_url_templates = (url_for("photos.thumb", photo_uuid=_UUID_PLACEHOLDER),
                                             url_for("photos.display", photo_uuid=_UUID_PLACEHOLDER))
    return templates


def photo_urls(photo_uuid: str) -> dict:
    """Where a phone fetches a stored photo's thumbnail and display size."""
    thumb, display = _photo_url_templates()
    return {"thumb_url": thumb.replace(_UUID_PLACEHOLDER, photo_uuid),
            "display_url": display.replace(_UUID_PLACEHOLDER, photo_uuid)}


def photo_ref_json(photo) -> dict:
    """A photo as evidence on a hazard: where to fetch its thumbnail and display size, when it was taken, and its
    hash (``photo``: a Photo, or a row of its columns uuid, purpose, sha256 and taken_at)."""
    return {**photo_urls(photo.uuid), "uuid": photo.uuid, "purpose": photo.purpose,
            "taken_at": photo.taken_at.isoformat() if photo.taken_at else None, "sha256": photo.sha256}


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
        "number": hazard.number,  # the readable number (YH-2026-000123) the office writes and says
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


def pulled_hazards_json(rows) -> list[dict]:
    """The pull's hazards (contract fields: uuid, enterprise_code, status, level, description, deadline), with what
    the phone shows of each in its look-back list: the number, the enterprise's name, the responsible person and
    measures, when and by whom it was found, its flags, its evidence photos and its latest step.

    ``rows``: as ``safety.sync.queries.list_hazards`` reads them, one per evidence photo, a hazard's rows
    together. Of each photo the phone keeps the thumbnail (``thumb_url``; ``purpose`` picks the "before" photos
    of a before/after overlay); of the latest step it shows the type, actor and note, unless it was not applied.
    What the phone never reads stays out, a full pull being bounded in size: the major-hazard plan (funds,
    emergency plan, supervising unit and deadline), mode and item key, the derived flags (``overdue``, which
    the phone derives from the deadline and its own date, and ``needs_escalation``), the photos' display URLs
    and times, the latest step's time. ``GET /api/v1/hazards/<uuid>`` answers all of them, with the whole log.

    ``deadline`` and ``found_at`` stay a date and a UTC datetime: the pull is written by orjson, which writes them
    as ``isoformat()`` does, in a fraction of the time (1,500 ``isoformat()`` calls were 4 ms of a pull).
    """
    thumb_prefix, _placeholder, thumb_suffix = _photo_url_templates()[0].partition(_UUID_PLACEHOLDER)
    hazards, current_id, photos = [], None, []
    for (hazard_id, uuid, number, code, name, status, level, description, deadline, responsible_person, measures,
         found_at, found_by, escalated, recurring, failed_recheck_count, kind, note, applied, actor,
         photo_uuid, purpose) in rows:
        if hazard_id != current_id:
            current_id, photos = hazard_id, []
            hazards.append({
                "uuid": uuid, "number": number, "enterprise_code": code, "enterprise_name": name, "status": status,
                "level": level, "description": description, "deadline": deadline,
                "responsible_person": responsible_person, "measures": measures,
                "found_at": found_at, "found_by": found_by,
                "escalated": escalated, "recurring": recurring, "failed_recheck_count": failed_recheck_count,
                "photos": photos,
                "last_event": {"type": kind, "note": note, "actor": actor, "applied": applied} if kind else None,
            })
        if photo_uuid is not None:
            photos.append({"uuid": photo_uuid, "purpose": purpose,
                           "thumb_url": thumb_prefix + photo_uuid + thumb_suffix})
    return hazards
