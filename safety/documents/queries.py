"""Reading documents and the records they can be issued for, in the user's scope.

Every list is one statement (plus the count of a paginated page) whatever its length.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from safety.auth.scope import can_see_enterprise, enterprise_filter
from safety.common.errors import DomainError, Forbidden, NotFound
from safety.common.office_time import office_date, office_day
from safety.common.pagination import Page, paginate
from safety.common.parsing import parse_uuid
from safety.documents.models import KINDS, NOTICE, OPINION, Document
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.vocabulary import BY_DEADLINE, RECHECK_EVENTS
from safety.inspections.models import Inspection
from safety.inspections.vocabulary import LOOKBACK
from safety.users.models import User

CANDIDATES = 20


@dataclass
class DocumentRow:
    document: Document
    enterprise_code: str
    enterprise_name: str
    issued_by: str


@dataclass
class Candidate:
    """A record a document can be issued for, not yet covered by one."""

    kind: str
    enterprise_code: str
    enterprise_name: str
    at: datetime
    inspection_uuid: str | None = None
    event_uuid: str | None = None
    hazards: int = 0  # deadline hazards of an inspection


def get_document_for(user: User, document_id: int) -> tuple[Document, Enterprise, str]:
    """The document, its enterprise and the issuer's name: 404 when unknown, 403 outside the user's scope."""
    row = db.session.execute(
        select(Document, Enterprise, User.display_name).join(Enterprise, Enterprise.id == Document.enterprise_id)
        .join(User, User.id == Document.issued_by_id).where(Document.id == document_id)).first()
    if row is None:
        raise NotFound("document_not_found", _("No document has the number %(id)s.", id=document_id))
    if not can_see_enterprise(user, row[1]):
        raise Forbidden("document_out_of_scope", _("This document is not in your area of responsibility."))
    return row[0], row[1], row[2]


def get_issued_document(kind: str, inspection_id: int | None, hazard_event_id: int | None) -> Document | None:
    """The document of ``kind`` already issued for this inspection or re-check event, or None."""
    column, value = (Document.inspection_id, inspection_id) if inspection_id is not None else (
        Document.hazard_event_id, hazard_event_id)
    return db.session.scalar(select(Document).where(Document.kind == kind, column == value))


def get_visit_opinion(enterprise_id: int, day: date) -> Document | None:
    """The opinion already issued on the re-checks at this enterprise on this office day, or None.

    A visit re-checks several hazards; its opinion covers them all, whichever re-check it was issued from.
    """
    opinions = db.session.scalars(select(Document).where(Document.kind == OPINION,
                                                         Document.enterprise_id == enterprise_id))
    return next((opinion for opinion in opinions if opinion.content.get("day") == day.isoformat()), None)


def list_documents(user: User, kind: str = "") -> Page:
    """Issued documents in the user's scope, newest first, one page (``?page=``) of :class:`DocumentRow`."""
    statement = (select(Document).join(Enterprise, Enterprise.id == Document.enterprise_id)
                 .where(enterprise_filter(user)).order_by(Document.issued_at.desc(), Document.id.desc()))
    if kind in KINDS:
        statement = statement.where(Document.kind == kind)
    page = paginate(statement)
    names = {}
    if page.items:
        names = {row[0]: row[1:] for row in db.session.execute(
            select(Document.id, Enterprise.code, Enterprise.name, User.display_name)
            .join(Enterprise, Enterprise.id == Document.enterprise_id).join(User, User.id == Document.issued_by_id)
            .where(Document.id.in_([document.id for document in page.items])))}
    page.items = [DocumentRow(document, *names[document.id]) for document in page.items]
    return page


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


def list_notice_candidates(user: User, limit: int = CANDIDATES) -> list[Candidate]:
    """Recent inspections that found hazards to rectify by a deadline and have no notice yet."""
    deadline_hazards = (select(Hazard.inspection_id, func.count(Hazard.id).label("hazards"))
                        .where(Hazard.mode == BY_DEADLINE).group_by(Hazard.inspection_id).subquery())
    issued = exists().where(Document.kind == NOTICE, Document.inspection_id == Inspection.id)
    statement = (select(Inspection.uuid, Enterprise.code, Enterprise.name, Inspection.finished_at,
                        deadline_hazards.c.hazards)
                 .join(deadline_hazards, deadline_hazards.c.inspection_id == Inspection.id)
                 .join(Enterprise, Enterprise.id == Inspection.enterprise_id)
                 .where(enterprise_filter(user), ~issued)
                 .order_by(Inspection.finished_at.desc(), Inspection.id.desc()).limit(limit))
    return [Candidate(NOTICE, code, name, at, inspection_uuid=uuid, hazards=count)
            for uuid, code, name, at, count in db.session.execute(statement)]


def list_opinion_candidates(user: User, limit: int = CANDIDATES) -> list[Candidate]:
    """Recent visits with re-checks and no opinion yet: one line per enterprise and office day.

    A look-back inspection stands for its visit; otherwise the visit's latest re-check does.
    Three statements: the re-checks, the look-back inspections, the opinions already issued.
    """
    issued_for_event = exists().where(Document.kind == OPINION, Document.hazard_event_id == HazardEvent.id)
    events = db.session.execute(
        select(HazardEvent.uuid, Enterprise.id, Enterprise.code, Enterprise.name, HazardEvent.at)
        .join(Hazard, Hazard.id == HazardEvent.hazard_id).join(Enterprise, Enterprise.id == Hazard.enterprise_id)
        .where(enterprise_filter(user), HazardEvent.type.in_(RECHECK_EVENTS), HazardEvent.applied.is_(True),
               ~issued_for_event)
        .order_by(HazardEvent.at.desc(), HazardEvent.id.desc()).limit(4 * limit))
    issued_for_inspection = exists().where(Document.kind == OPINION, Document.inspection_id == Inspection.id)
    lookbacks = db.session.execute(
        select(Inspection.uuid, Enterprise.id, Enterprise.code, Enterprise.name, Inspection.finished_at)
        .join(Enterprise, Enterprise.id == Inspection.enterprise_id)
        .where(enterprise_filter(user), Inspection.kind == LOOKBACK, ~issued_for_inspection)
        .order_by(Inspection.finished_at.desc(), Inspection.id.desc()).limit(limit))
    visits: dict[tuple[int, str], Candidate] = {}
    for uuid, enterprise_id, code, name, at in lookbacks:
        visits.setdefault((enterprise_id, office_date(at)), Candidate(OPINION, code, name, at, inspection_uuid=uuid))
    for uuid, enterprise_id, code, name, at in events:
        visits.setdefault((enterprise_id, office_date(at)), Candidate(OPINION, code, name, at, event_uuid=uuid))
    covered = set()
    if visits:
        covered = {(enterprise_id, content.get("day")) for enterprise_id, content in db.session.execute(
            select(Document.enterprise_id, Document.content).where(
                Document.kind == OPINION, Document.enterprise_id.in_({key[0] for key in visits})))}
    open_visits = [candidate for key, candidate in visits.items() if key not in covered]
    return sorted(open_visits, key=lambda candidate: candidate.at, reverse=True)[:limit]



@dataclass
class Subject:
    """The record a document is to be issued for: an inspection or a re-check event."""

    kind: str
    inspection: Inspection | None = None
    event: HazardEvent | None = None


def get_subject_for(user: User, kind: str = "", inspection_uuid: str = "", event_uuid: str = "") -> Subject:
    """The record named by a form or query string, in the user's scope.

    A re-check event makes a re-inspection opinion; an inspection a rectification notice,
    or an opinion when ``kind`` asks for one or it was a look-back inspection.
    """
    from safety.inspections.queries import get_inspection_for  # the inspections feature reads its own records

    if event_uuid:
        return Subject(OPINION, event=get_recheck_event_for(user, event_uuid)[0])
    if not inspection_uuid:
        raise DomainError("subject_missing", _("Choose the inspection or the re-check the document is about."),
                          field="inspection")
    inspection = get_inspection_for(user, inspection_uuid)
    if kind not in KINDS:
        kind = OPINION if inspection.kind == LOOKBACK else NOTICE
    return Subject(kind, inspection=inspection)


def get_document_issued_for(subject: Subject) -> Document | None:
    """The document already issued for ``subject``: for its record, or for an opinion, for its visit."""
    inspection_id = subject.inspection.id if subject.inspection is not None else None
    issued = get_issued_document(subject.kind, inspection_id, subject.event.id if subject.event else None)
    if issued is not None or subject.kind != OPINION:
        return issued
    if subject.inspection is not None:
        return get_visit_opinion(subject.inspection.enterprise_id, office_day(subject.inspection.finished_at))
    enterprise_id = db.session.scalar(select(Hazard.enterprise_id).where(Hazard.id == subject.event.hazard_id))
    return get_visit_opinion(enterprise_id, office_day(subject.event.at))
