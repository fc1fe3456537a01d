"""A stored inspection in the shape of the contract's inspection document.

The field names are those the phone sent (contract), plus what the server
adds: ``received_at``, ``review_state``, ``review_comment``, ``inspector``,
``revision`` (1, 2, … of a returned inspection amended and sent again), each
hazard's current ``status``, what was signed (safety.inspections.signatures):
``signed_content_sha256`` and, under ``signatures``, the revision each signature
belongs to and the content the representative's covers, the whole ``team`` (the
inspector alone when none was sent) and the ``flags`` the office is told about it
(safety.inspections.teams). Times are given in UTC with their offset.
"""
from __future__ import annotations

from collections import defaultdict

from safety.hazards.lifecycle import derived_event_uuid
from safety.hazards.vocabulary import FOUND, RECTIFICATION_REPORTED
from safety.inspections.queries import InspectionContents
from safety.inspections.signatures import signed_content_sha256
from safety.inspections.teams import team_flags, team_json


def inspection_json(contents: InspectionContents) -> dict:
    """The inspection document as the server holds it."""
    inspection = contents.inspection
    by_answer, by_event, signatures = defaultdict(list), defaultdict(list), {}
    for photo_uuid, purpose, answer_id, _hazard_id, event_uuid, inspection_id in contents.photos:
        if answer_id is not None:
            by_answer[answer_id].append(photo_uuid)
        if event_uuid is not None:
            by_event[event_uuid].append(photo_uuid)
        if inspection_id is not None and purpose:
            signatures[purpose] = photo_uuid
    location = None
    if inspection.latitude is not None and inspection.longitude is not None:
        location = {"lat": inspection.latitude, "lng": inspection.longitude, "accuracy_m": inspection.accuracy_m}
    body = {
        "uuid": inspection.uuid,
        "enterprise_code": contents.enterprise_code,
        "template_id": contents.template_id,
        "template_version": contents.template_version,
        "kind": inspection.kind,
        "started_at": inspection.started_at.isoformat(),
        "finished_at": inspection.finished_at.isoformat(),
        "identified_by": inspection.identified_by,
        "location": location,
        "answers": [{"item_id": key, "result": result, "value": _value(value, kind), "note": note,
                     "photos": by_answer.get(answer_id, [])}
                    for answer_id, key, kind, result, value, note in contents.answers],
        "hazards": [_hazard_json(hazard, by_event) for hazard in contents.hazards],
        "notes": inspection.notes,
        "signatures": {"inspector": signatures.get("inspector_signature"),
                       "representative": signatures.get("representative_signature"),
                       "representative_name": inspection.representative_name,
                       "inspector_signed_revision": inspection.inspector_signed_revision,
                       "representative_signed_revision": inspection.representative_signed_revision,
                       "representative_signed_sha256": inspection.representative_signed_sha256,
                       "representative_absent_reason": inspection.representative_absent_reason},
        "received_at": inspection.received_at.isoformat(),
        "review_state": inspection.review_state,
        "review_comment": inspection.review_comment,
        "inspector": {"username": contents.inspector_username, "name": contents.inspector_name},
        "revision_of": contents.revision_of,
        "visit_uuid": inspection.visit_uuid,
        "revision": inspection.revision,
        "signed_content_sha256": inspection.signed_content_sha256,
        "task_uuid": contents.task_uuid,
        "team": team_json(contents.team, contents.inspector_username, contents.inspector_name),
        "flags": team_flags(contents.team, contents.enforcement),
    }
    if inspection.signed_content_sha256 is None:
        # Stored before fingerprints were kept: a first document's signature was drawn with what it holds.
        body["signed_content_sha256"] = signed_content_sha256(body)
        if inspection.revision == 1 and body["signatures"]["representative"]:
            body["signatures"]["representative_signed_sha256"] = body["signed_content_sha256"]
    return body


def _hazard_json(hazard, by_event: dict) -> dict:
    return {
        "uuid": hazard.uuid,
        "number": hazard.number,  # given by the server as it stored the hazard: YH-2026-000123
        "item_id": hazard.item_key,
        "description": hazard.description,
        "level": hazard.level,
        "mode": hazard.mode,
        "responsible_person": hazard.responsible_person,
        "measures": hazard.measures,
        "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
        "photos": by_event.get(derived_event_uuid(hazard.uuid, FOUND), []),
        "rectification_photos": by_event.get(derived_event_uuid(hazard.uuid, RECTIFICATION_REPORTED), []),
        "onsite_measure": hazard.onsite_measure,  # 现场处理措施, or None (safety.documents.onsite)
        "status": hazard.status,
    }


def _value(stored: str | None, kind: str):
    """Numbers go back as numbers, as the phone sent them."""
    if stored is None or kind != "number":
        return stored
    number = float(stored)
    return int(number) if number.is_integer() else number
