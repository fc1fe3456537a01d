"""Issuing a document: its content read from the records, the team's certificates checked, a number of its
own, and the content frozen with its SHA-256.

Numbers run per kind and office year (safety.common.numbering, series ``doc:<kind>``): the sequence row
is bumped in the issuing transaction and held until it ends, so two supervisors issuing at once queue on
it and a failed issue gives its number back — no gaps, no doubles. A twin request (the same kind and
source, sent twice at once) meets the unique index (kind, source_key, edition) at the flush; the view
rolls the whole transaction back (number included) and asks again, which finds the twin's document
(safety.common.api.commit_or_meet_twin).
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import insert, select

from safety.common.canonical import value_hash
from safety.common.errors import Conflict, NotFound
from safety.common.numbering import take_numbers
from safety.common.office_time import office_day, office_zone
from safety.common.types import utcnow
from safety.documents.circular import circular_content
from safety.documents.blocks import record_use
from safety.documents.content import (check_certificates, inspection_record_content, onsite_measures_content,
                                      opinion_content, order_content)
from safety.documents.field import field_number, receipt_content
from safety.documents.models import (CIRCULAR, INSPECTION_RECORD, ONSITE_MEASURES, RECHECK_OPINION,
                                     RECTIFICATION_ORDER, Document, document_hazards, document_series,
                                     format_reference)
from safety.documents.sources import DocumentRequest, Source, resolve_source
from safety.extensions import db
from safety.measures.operations import record_onsite_decision
from safety.office.operations import get_office
from safety.users.models import User


def get_current_document(kind: str, source_key: str) -> Document | None:
    """The latest edition of the document of ``kind`` made from ``source_key``, or None."""
    return db.session.scalar(select(Document).where(Document.kind == kind, Document.source_key == source_key)
                             .order_by(Document.edition.desc()).limit(1))


def build_content(user: User, source: Source, request: DocumentRequest) -> tuple[dict, list]:
    """The body of the document about ``source`` as it would be issued now, and the hazards it names."""
    if source.kind == INSPECTION_RECORD:
        return inspection_record_content(source.inspection)
    if source.kind == RECTIFICATION_ORDER:
        return order_content(source.inspection, source.hazards)
    if source.kind == ONSITE_MEASURES:
        return onsite_measures_content(source.inspection, source.hazards)
    if source.kind == RECHECK_OPINION:
        return opinion_content(source.enterprise, source.day, source.inspection)
    return circular_content(user, source.period_from, source.period_to, request.enterprise_codes)


def preview_document(user: User, request: DocumentRequest) -> tuple[dict | None, Document | None]:
    """The content the document would have if issued now (no number yet), or the document already issued."""
    source = resolve_source(user, request)
    current = get_current_document(source.kind, source.key)
    if current is not None and request.corrects is None:
        return None, current
    body, _hazards = build_content(user, source, request)
    return {"type": source.kind, "reference": None, "issued_on": None, "office": get_office().as_content(),
            **body, "corrects": None}, None


def issue_document(user: User, request: DocumentRequest, now: datetime | None = None) -> tuple[Document, bool]:
    """Issue the document ``request`` asks for: ``(document, True)``, or the one already issued for the same
    kind and source and ``False``. A request that ``corrects`` a document issues its next edition, citing it."""
    source = resolve_source(user, request)
    current = get_current_document(source.kind, source.key)
    corrected = None
    if request.corrects is not None:
        corrected = db.session.get(Document, request.corrects)
        if corrected is None or corrected.kind != source.kind or corrected.source_key != source.key:
            raise NotFound("corrected_not_found",
                           _("The document to correct is not a %(kind)s made from these records.",
                             kind=source.kind), field="corrects")
        if current is not None and current.id != corrected.id:
            return current, False  # corrected already: the correction is the current edition
    elif current is not None:
        return current, False
    body, hazards = build_content(user, source, request)
    check_certificates(body.get("team", []))
    field = request.field
    now = field.issued_at if field is not None else (now or utcnow())
    year = now.astimezone(office_zone()).year
    office = get_office()
    prefix = office.prefix_for(source.kind)
    reserved = None
    if field is not None:
        try:
            reserved = field_number(user, field, source.kind)
        except Conflict as refused:
            twin = get_current_document(source.kind, source.key) if refused.code == "number_used" else None
            if twin is not None:
                return twin, False  # the same document sent twice at once: its twin stored it first
            raise
    if reserved is not None:  # the number the phone gave from its block
        year, number = reserved.year, reserved.number
    else:
        [number] = take_numbers(document_series(source.kind), year)  # held until the commit: call it last
    reference = format_reference(year, number, prefix)
    content = {"type": source.kind, "reference": reference, "issued_on": office_day(now).isoformat(),
               "office": office.as_content(), **body,
               "corrects": {"id": corrected.id, "reference": corrected.reference} if corrected else None}
    if field is not None:
        inspection_id = source.inspection.id if source.inspection is not None else hazards[0].inspection_id
        content["receipt"] = receipt_content(user, field, inspection_id)
    document = Document(kind=source.kind, year=year, number=number, reference=reference, source_key=source.key,
                        edition=corrected.edition + 1 if corrected else 1,
                        supersedes_id=corrected.id if corrected else None,
                        enterprise_id=source.enterprise.id if source.enterprise is not None else None,
                        inspection_id=source.inspection.id if source.inspection is not None else _inspection_of(body),
                        hazard_event_id=source.event.id if source.event is not None else None,
                        period_from=source.period_from, period_to=source.period_to, issued_by_id=user.id,
                        issued_at=now, content=content, sha256=value_hash(content))
    if source.kind == CIRCULAR:
        document.enterprise_id = None
    db.session.add(document)
    db.session.flush()  # a twin of this request meets the unique index here
    if reserved is not None:
        record_use(reserved, document.id)
    hazard_ids = sorted({hazard.id for hazard in hazards})
    if hazard_ids:
        db.session.execute(insert(document_hazards), [{"document_id": document.id, "hazard_id": hazard_id}
                                                      for hazard_id in hazard_ids])
    if source.kind == ONSITE_MEASURES:  # the decision decides the measures: they carry its number
        record_onsite_decision(document, hazards, office_day(field.receipt.served_at) if field is not None else None)
    return document, True


def _inspection_of(body: dict) -> int | None:
    """The inspection a document made from hazards came from, when they say so."""
    from safety.inspections.models import Inspection

    inspection = body.get("inspection")
    if not inspection:
        return None
    return db.session.scalar(select(Inspection.id).where(Inspection.uuid == inspection["uuid"]))


def issue_rectification_order(user: User, inspection, now: datetime | None = None) -> tuple[Document, bool]:
    """责令限期整改指令书 for the deadline hazards of ``inspection``."""
    return issue_document(user, DocumentRequest(RECTIFICATION_ORDER, inspection_uuid=inspection.uuid), now=now)


def issue_recheck_opinion(user: User, *, inspection=None, event=None, now: datetime | None = None
                          ) -> tuple[Document, bool]:
    """整改复查意见书 of the visit of a look-back ``inspection`` or of a re-check ``event``."""
    request = DocumentRequest(RECHECK_OPINION, inspection_uuid=inspection.uuid if inspection is not None else "",
                              event_uuid=event.uuid if event is not None and inspection is None else "")
    return issue_document(user, request, now=now)
