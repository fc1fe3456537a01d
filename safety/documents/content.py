"""What a document says, read from the records: a fixed number of statements, however many hazards.

The content is a plain dict, kept as JSON with the issued document and hashed (SHA-256 of its
canonical serialisation) at issue. Every kind shares a frame: the issuing office, the number,
the day of issue, the addressee, the team with their enforcement certificate numbers
(执法证号) and the document it corrects; each kind adds its own body.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from safety.checklists.models import ChecklistTemplate, TemplateItem, TemplateVersion
from safety.common.errors import DomainError
from safety.common.office_time import office_day, start_of_office_day
from safety.documents.models import RECTIFICATION_ORDER, Document
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.vocabulary import BY_DEADLINE, RECHECK_EVENTS, RECHECK_PASSED
from safety.inspections.models import Answer, Inspection, InspectionTeamMember
from safety.photos.models import Photo
from safety.users.models import INSPECTING_ROLES, User

SIGNATURE_PURPOSES = {"inspector_signature": "inspector", "representative_signature": "representative"}


def enterprise_content(enterprise: Enterprise) -> dict:
    return {"code": enterprise.code, "name": enterprise.name, "address": enterprise.address, "uscc": enterprise.uscc,
            "contact_person": enterprise.contact_person, "contact_phone": enterprise.contact_phone}


def _member(user: User, role: str = "staff", organisation: str = "") -> dict:
    return {"name": user.display_name, "certificate_number": user.certificate_number or "", "role": role,
            "organisation": organisation, "enforcement": user.role in {r.value for r in INSPECTING_ROLES}}


def inspection_team(inspection: Inspection) -> list[dict]:
    """The inspectors of ``inspection`` (the one who recorded it first), then experts and other departments."""
    lead = db.session.get(User, inspection.inspector_id)
    team, seen = [_member(lead)], {lead.id}
    for member, user in db.session.execute(
            select(InspectionTeamMember, User).outerjoin(User, User.id == InspectionTeamMember.user_id)
            .where(InspectionTeamMember.inspection_id == inspection.id).order_by(InspectionTeamMember.position)):
        if user is not None:
            if user.id not in seen:
                seen.add(user.id)
                team.append(_member(user, member.role, member.organisation))
        else:
            team.append({"name": member.name, "certificate_number": "", "role": member.role,
                         "organisation": member.organisation, "enforcement": False})
    return team


def users_team(user_ids) -> list[dict]:
    """The office's people who did the work (a visit's re-checks), in the order given."""
    users = {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(set(user_ids))))}
    return [_member(users[user_id]) for user_id in dict.fromkeys(user_ids) if user_id in users]


def check_certificates(team: list[dict]) -> None:
    """Refuse, naming them, when an inspector of the team has no enforcement certificate number on record."""
    missing = [member["name"] for member in team if member["enforcement"] and not member["certificate_number"]]
    if missing:
        raise DomainError("certificate_missing",
                          _("%(names)s has no enforcement certificate number (执法证号) on record: an administrator "
                            "adds it on the user's page, then issue the document again.", names="、".join(missing)),
                          field="team")


def _signatures(inspection: Inspection) -> dict:
    signatures = {"inspector": None, "representative": None}
    for photo_uuid, purpose in db.session.execute(
            select(Photo.uuid, Photo.purpose).where(Photo.inspection_id == inspection.id,
                                                    Photo.purpose.in_(SIGNATURE_PURPOSES)).order_by(Photo.id)):
        signatures[SIGNATURE_PURPOSES[purpose]] = photo_uuid
    return signatures


def inspection_facts(inspection: Inspection) -> dict:
    """The inspection's time, place and signatures (the inspector's, the enterprise representative's)."""
    inspector = db.session.get(User, inspection.inspector_id)
    enterprise = db.session.get(Enterprise, inspection.enterprise_id)
    return {"uuid": inspection.uuid, "kind": inspection.kind, "started_at": inspection.started_at.isoformat(),
            "finished_at": inspection.finished_at.isoformat(), "day": office_day(inspection.finished_at).isoformat(),
            "place": enterprise.address or enterprise.name,
            "inspector": inspector.display_name if inspector else "", "co_inspectors": inspection.co_inspectors,
            "representative_name": inspection.representative_name,
            "representative_absent_reason": inspection.representative_absent_reason or "",
            "signatures": _signatures(inspection)}


def inspection_chain_ids(inspection: Inspection) -> list[int]:
    """The ids of ``inspection`` and its earlier revisions: a revision's hazards were stored with the first."""
    original = inspection.original_id or inspection.id
    return list(db.session.scalars(select(Inspection.id).where(
        or_(Inspection.id == original, Inspection.original_id == original), Inspection.id <= inspection.id)))


def _hazard(hazard: Hazard, prompt: str | None, basis: str | None) -> dict:
    return {"uuid": hazard.uuid, "number": hazard.number or "", "description": hazard.description,
            "level": hazard.level, "mode": hazard.mode, "responsible_person": hazard.responsible_person,
            "measures": hazard.measures, "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
            "item": prompt or "", "basis": basis or ""}


def _hazard_rows(*where) -> list[tuple]:
    return db.session.execute(
        select(Hazard, TemplateItem.prompt, TemplateItem.basis)
        .outerjoin(TemplateItem, TemplateItem.id == Hazard.item_id).where(*where).order_by(Hazard.id)).all()


def inspection_record_content(inspection: Inspection) -> tuple[dict, list[Hazard]]:
    """现场检查记录: time, place, team, what was checked (each item with its result) and what was found."""
    version = db.session.execute(
        select(ChecklistTemplate.name, TemplateVersion.version).join(
            TemplateVersion, TemplateVersion.template_id == ChecklistTemplate.id)
        .where(TemplateVersion.id == inspection.template_version_id)).one()
    items = [{"item": prompt, "result": result or "", "value": value or "", "note": note or ""}
             for prompt, result, value, note in db.session.execute(
                 select(TemplateItem.prompt, Answer.result, Answer.value, Answer.note)
                 .join(TemplateItem, TemplateItem.id == Answer.item_id)
                 .where(Answer.inspection_id == inspection.id).order_by(TemplateItem.position, Answer.id))]
    rows = _hazard_rows(Hazard.inspection_id.in_(inspection_chain_ids(inspection)))
    content = {"enterprise": enterprise_content(db.session.get(Enterprise, inspection.enterprise_id)),
               "inspection": inspection_facts(inspection), "team": inspection_team(inspection),
               "checklist": {"name": version[0], "version": version[1]}, "checked": items,
               "notes": inspection.notes or "", "hazards": [_hazard(*row) for row in rows]}
    return content, [row[0] for row in rows]


def order_content(inspection: Inspection | None, hazards: list[Hazard] | None = None) -> tuple[dict, list[Hazard]]:
    """责令限期整改指令书: the deadline hazards of an inspection (or those named), with 三定 and legal basis."""
    if hazards is not None:
        rows = _hazard_rows(Hazard.id.in_([hazard.id for hazard in hazards]), Hazard.mode == BY_DEADLINE)
    else:
        rows = _hazard_rows(Hazard.inspection_id.in_(inspection_chain_ids(inspection)), Hazard.mode == BY_DEADLINE)
    if not rows:
        raise DomainError("no_deadline_hazards",
                          _("No hazard here is to be rectified by a deadline: there is nothing to order."),
                          field="inspection")
    if inspection is None and rows[0][0].inspection_id is not None:
        inspection = db.session.get(Inspection, rows[0][0].inspection_id)
    enterprise = db.session.get(Enterprise, rows[0][0].enterprise_id)
    content = {"enterprise": enterprise_content(enterprise),
               "inspection": inspection_facts(inspection) if inspection is not None else None,
               "team": inspection_team(inspection) if inspection is not None else
               users_team([row[0].found_by_id for row in rows if row[0].found_by_id]),
               "hazards": [_hazard(*row) for row in rows]}
    return content, [row[0] for row in rows]


def onsite_measures_content(inspection: Inspection | None, hazards: list[Hazard] | None = None
                            ) -> tuple[dict, list[Hazard]]:
    """现场处理措施决定书: the hazards for which a measure was ordered on the spot, each with the measure,
    the place and its legal basis."""
    if hazards is not None:
        rows = _hazard_rows(Hazard.id.in_([hazard.id for hazard in hazards]), Hazard.onsite_measure.is_not(None))
    else:
        rows = _hazard_rows(Hazard.inspection_id.in_(inspection_chain_ids(inspection)),
                            Hazard.onsite_measure.is_not(None))
    rows = [row for row in rows if row[0].onsite_measure]
    if not rows:
        raise DomainError("no_onsite_measures",
                          _("No hazard here was given a measure on the spot (stop using equipment, stop work in "
                            "an area, withdraw people): there is nothing to decide."), field="inspection")
    if inspection is None and rows[0][0].inspection_id is not None:
        inspection = db.session.get(Inspection, rows[0][0].inspection_id)
    measures = []
    for hazard, prompt, basis in rows:
        entry = _hazard(hazard, prompt, basis)
        measure = hazard.onsite_measure or {}
        entry.update(measure=measure.get("measure", ""), place=measure.get("place", ""),
                     legal_basis=measure.get("legal_basis", "") or basis or "")
        measures.append(entry)
    content = {"enterprise": enterprise_content(db.session.get(Enterprise, rows[0][0].enterprise_id)),
               "inspection": inspection_facts(inspection) if inspection is not None else None,
               "team": inspection_team(inspection) if inspection is not None else
               users_team([row[0].found_by_id for row in rows if row[0].found_by_id]),
               "hazards": measures}
    return content, [row[0] for row in rows]


def opinion_content(enterprise: Enterprise, day: date, inspection: Inspection | None = None
                    ) -> tuple[dict, list[Hazard]]:
    """整改复查意见书: the re-checks at ``enterprise`` on the office's calendar ``day`` (one look-back visit).

    Each re-check with its result, the new deadline of a failed one, who signed it, the order that required
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
    orders = {inspection_id: reference for inspection_id, reference in db.session.execute(
        select(Document.inspection_id, Document.reference).where(
            Document.kind == RECTIFICATION_ORDER, Document.inspection_id.in_({row[1].inspection_id for row in rows}))
        .order_by(Document.edition))}
    checks = [{"hazard_uuid": hazard.uuid, "number": hazard.number or "", "description": hazard.description,
               "level": hazard.level, "passed": event.type == RECHECK_PASSED, "note": event.note,
               "new_deadline": event.new_deadline.isoformat() if event.new_deadline else None,
               "status_after": event.to_status, "at": event.at.isoformat(), "checked_by": actor or "",
               "signed_by": event.signed_by, "signature": signatures.get(event.id), "basis": basis or "",
               "notice": orders.get(hazard.inspection_id), "pairs": pairs.get(event.id, [])}
              for event, hazard, basis, actor in rows]
    team = inspection_team(inspection) if inspection is not None else users_team(
        [row[0].actor_id for row in rows if row[0].actor_id])
    content = {"enterprise": enterprise_content(enterprise), "day": day.isoformat(),
               "inspection": inspection_facts(inspection) if inspection is not None else None,
               "team": team, "checks": checks}
    hazards = list({row[1].id: row[1] for row in rows}.values())
    return content, hazards


def _photo_pairs(event_ids: list[int]) -> dict[int, list[dict]]:
    """Before and after of these re-checks: ``{"before", "after"}`` photo UUIDs by event id, in one statement."""
    before = aliased(Photo)
    pairs: dict[int, list[dict]] = {}
    for event_id, after_uuid, before_uuid in db.session.execute(
            select(Photo.hazard_event_id, Photo.uuid, before.uuid).join(before, before.id == Photo.before_photo_id)
            .where(Photo.hazard_event_id.in_(event_ids)).order_by(Photo.id)):
        pairs.setdefault(event_id, []).append({"before": before_uuid, "after": after_uuid})
    return pairs
