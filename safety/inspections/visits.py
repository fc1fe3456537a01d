"""Several checklists in one visit: the inspections that share a ``visit_uuid``.

The sync contract's inspection document names one template. An inspector who needs the fire and the
hazardous-chemicals checklists at one enterprise starts both at once on the phone, which sends one
inspection per checklist with the same visit UUID; nothing in the contract's own fields changes.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from safety.checklists.models import ChecklistTemplate, TemplateVersion
from safety.common.errors import Conflict
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.inspections.models import Inspection


def check_visit(document, enterprise: Enterprise) -> None:
    """A visit is at one enterprise: a document joining a visit stored at another is a 409."""
    if document.visit_uuid is None:
        return
    other = db.session.scalar(
        select(Enterprise.code).join(Inspection, Inspection.enterprise_id == Enterprise.id)
        .where(Inspection.visit_uuid == document.visit_uuid, Inspection.enterprise_id != enterprise.id).limit(1))
    if other is not None:
        raise Conflict("visit_at_another_enterprise", _(
            "Visit %(visit)s is at enterprise %(other)s; an inspection of %(code)s cannot join it.",
            visit=document.visit_uuid, other=other, code=enterprise.code), field="visit_uuid")


@dataclass(frozen=True)
class VisitChecklist:
    """Another checklist of the same visit, as the review page links it."""

    uuid: str
    template_name: str
    review_state: str


def list_visit_checklists(inspection: Inspection) -> list[VisitChecklist]:
    """The visit's other inspections, the latest revision of each, in the order they were received."""
    if inspection.visit_uuid is None:
        return []
    rows = db.session.execute(
        select(Inspection.id, Inspection.original_id, Inspection.uuid, Inspection.review_state,
               ChecklistTemplate.name)
        .join(TemplateVersion, TemplateVersion.id == Inspection.template_version_id)
        .join(ChecklistTemplate, ChecklistTemplate.id == TemplateVersion.template_id)
        .where(Inspection.visit_uuid == inspection.visit_uuid)
        .order_by(Inspection.id)).all()
    own = inspection.original_id or inspection.id
    latest: dict[int, VisitChecklist] = {}  # by first document: a later revision replaces an earlier one
    for row_id, original_id, uuid, state, name in rows:
        first = original_id or row_id
        if first != own:
            latest[first] = VisitChecklist(uuid, name, state)
    return list(latest.values())
