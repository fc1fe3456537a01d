"""Reading documents and the records they can be issued for, in the user's scope.

Every list is one statement (plus the count of a paginated page) whatever its length.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import String, and_, cast, exists, func, literal, or_, select
from sqlalchemy.orm import aliased

from safety.auth.access import OFFICE
from safety.auth.scope import can_see_enterprise, enterprise_filter
from safety.common.errors import Forbidden, NotFound
from safety.common.filters import ListFilters
from safety.common.office_time import office_date, start_of_office_day
from safety.common.pagination import Page, paginate
from safety.documents.models import (CIRCULAR, INSPECTION_RECORD, KINDS, ONSITE_MEASURES, RECHECK_OPINION,
                                     RECTIFICATION_ORDER, Document, document_hazards)
from safety.documents.printing import verify_path
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.vocabulary import BY_DEADLINE, RECHECK_EVENTS
from safety.inspections.models import Inspection
from safety.inspections.vocabulary import LOOKBACK
from safety.users.models import Role, User

CANDIDATES = 20


@dataclass(frozen=True)
class DocumentFilters(ListFilters):
    """The ledger's filters (from the query string): kind, office days of issue, enterprise code, issuer."""

    kind: str = ""
    start: date | None = None
    end: date | None = None
    enterprise: str = ""
    inspector: int | None = None


@dataclass
class DocumentRow:
    document: Document
    enterprise_code: str
    enterprise_name: str
    issued_by: str
    superseded_by: str | None = None


@dataclass
class Candidate:
    """A record a document can be issued for, not yet covered by one."""

    kind: str
    enterprise_code: str
    enterprise_name: str
    at: datetime
    inspection_uuid: str | None = None
    event_uuid: str | None = None
    hazards: int = 0  # the hazards the document would name


def document_scope(user: User):
    """WHERE: the documents ``user`` may read. An enterprise reads those addressed to it; the office its area's,
    and the circulars, which go to the whole committee."""
    addressed = Document.enterprise_id.in_(select(Enterprise.id).where(enterprise_filter(user)))
    if Role(user.role) is Role.ENTERPRISE:
        return addressed
    return or_(addressed, Document.kind == CIRCULAR)


def can_read_document(user: User, document: Document) -> bool:
    if document.enterprise_id is None:
        return Role(user.role) is not Role.ENTERPRISE
    return can_see_enterprise(user, db.session.get(Enterprise, document.enterprise_id))


def get_document_for(user: User, document_id: int) -> tuple[Document, Enterprise | None, str]:
    """The document, its enterprise (None for a circular) and the issuer's name: 404 unknown, 403 out of scope."""
    row = db.session.execute(
        select(Document, Enterprise, User.display_name).outerjoin(Enterprise, Enterprise.id == Document.enterprise_id)
        .join(User, User.id == Document.issued_by_id).where(Document.id == document_id)).first()
    if row is None:
        raise NotFound("document_not_found", _("No document has the number %(id)s.", id=document_id))
    if not can_read_document(user, row[0]):
        raise Forbidden("document_out_of_scope", _("This document is not in your area of responsibility."))
    return row[0], row[1], row[2]


def get_superseding(document: Document) -> Document | None:
    """The correction that replaced ``document``, if any."""
    return db.session.scalar(select(Document).where(Document.supersedes_id == document.id))


def filtered_documents(user: User, filters: DocumentFilters):
    """SELECT of the documents in the user's scope matching ``filters``, newest first."""
    statement = select(Document).where(document_scope(user))
    if filters.kind in KINDS:
        statement = statement.where(Document.kind == filters.kind)
    if filters.start:
        statement = statement.where(Document.issued_at >= start_of_office_day(filters.start))
    if filters.end:
        statement = statement.where(Document.issued_at < start_of_office_day(filters.end + timedelta(days=1)))
    if filters.enterprise:
        code = filters.enterprise.strip()
        named = select(Enterprise.id).where(Enterprise.code == code)
        in_circular = select(document_hazards.c.document_id).join(Hazard, Hazard.id == document_hazards.c.hazard_id) \
            .where(Hazard.enterprise_id.in_(named))
        statement = statement.where(or_(Document.enterprise_id.in_(named),
                                        and_(Document.kind == CIRCULAR, Document.id.in_(in_circular))))
    if filters.inspector:
        statement = statement.where(Document.issued_by_id == filters.inspector)
    return statement.order_by(Document.issued_at.desc(), Document.id.desc())


def rows_for(documents: list[Document]) -> list[DocumentRow]:
    """Each document with its enterprise, issuer and the correction that replaced it: one statement."""
    if not documents:
        return []
    later = aliased(Document)
    names = {row[0]: row[1:] for row in db.session.execute(
        select(Document.id, Enterprise.code, Enterprise.name, User.display_name, later.reference)
        .outerjoin(Enterprise, Enterprise.id == Document.enterprise_id).join(User, User.id == Document.issued_by_id)
        .outerjoin(later, later.supersedes_id == Document.id)
        .where(Document.id.in_([document.id for document in documents])))}
    return [DocumentRow(document, names[document.id][0] or "", names[document.id][1] or "", names[document.id][2],
                        names[document.id][3]) for document in documents]


def list_documents(user: User, filters: DocumentFilters | None = None) -> Page:
    """One page (``?page=``) of :class:`DocumentRow` in the user's scope."""
    page = paginate(filtered_documents(user, filters or DocumentFilters()))
    page.items = rows_for(page.items)
    return page


def list_issuers(user: User) -> list[tuple[int, str]]:
    """The people who issued documents the user can read, for the ledger's filter."""
    return [tuple(row) for row in db.session.execute(
        select(User.id, User.display_name).where(User.id.in_(
            select(Document.issued_by_id).where(document_scope(user)))).order_by(User.display_name))]


def list_documents_of_hazard(hazard: Hazard) -> list[Document]:
    """The documents made from ``hazard``, oldest first."""
    return list(db.session.scalars(select(Document).join(document_hazards, document_hazards.c.document_id ==
                                                         Document.id)
                                   .where(document_hazards.c.hazard_id == hazard.id).order_by(Document.id)))


def list_documents_of_inspection(inspection: Inspection) -> list[Document]:
    """The documents made from ``inspection`` (or its revisions), oldest first."""
    original = inspection.original_id or inspection.id
    ids = select(Inspection.id).where(or_(Inspection.id == original, Inspection.original_id == original))
    return list(db.session.scalars(select(Document).where(Document.inspection_id.in_(ids)).order_by(Document.id)))


def get_linked_hazards(document: Document) -> list[Hazard]:
    return list(db.session.scalars(select(Hazard).join(document_hazards, document_hazards.c.hazard_id == Hazard.id)
                                   .where(document_hazards.c.document_id == document.id).order_by(Hazard.id)))


def _issued_for_inspection(kind: str):
    source = func.coalesce(Inspection.original_id, Inspection.id)
    return exists().where(Document.kind == kind,
                          Document.source_key == literal("inspection:", String) + cast(source, String))


def list_inspection_candidates(user: User, kind: str, limit: int = CANDIDATES) -> list[Candidate]:
    """Recent inspections that can make a document of ``kind`` (record, order, on-site measures) and have none."""
    statement = (select(Inspection.uuid, Enterprise.code, Enterprise.name, Inspection.finished_at)
                 .join(Enterprise, Enterprise.id == Inspection.enterprise_id)
                 .where(enterprise_filter(user), Inspection.original_id.is_(None)))
    if kind == RECTIFICATION_ORDER:
        statement = statement.where(exists().where(Hazard.inspection_id == Inspection.id,
                                                   Hazard.mode == BY_DEADLINE))
    elif kind == ONSITE_MEASURES:
        statement = statement.where(exists().where(Hazard.inspection_id == Inspection.id,
                                                   Hazard.onsite_measure.is_not(None)))
    statement = statement.where(~_issued_for_inspection(kind)).order_by(Inspection.finished_at.desc(),
                                                                        Inspection.id.desc()).limit(limit)
    return [Candidate(kind, code, name, at, inspection_uuid=uuid) for uuid, code, name, at in
            db.session.execute(statement)]


def list_opinion_candidates(user: User, limit: int = CANDIDATES) -> list[Candidate]:
    """Recent visits with re-checks and no opinion yet: one line per enterprise and office day.

    A look-back inspection stands for its visit; otherwise the visit's latest re-check does.
    Three statements: the re-checks, the look-back inspections, the opinions already issued.
    """
    events = db.session.execute(
        select(HazardEvent.uuid, Enterprise.id, Enterprise.code, Enterprise.name, HazardEvent.at)
        .join(Hazard, Hazard.id == HazardEvent.hazard_id).join(Enterprise, Enterprise.id == Hazard.enterprise_id)
        .where(enterprise_filter(user), HazardEvent.type.in_(RECHECK_EVENTS), HazardEvent.applied.is_(True))
        .order_by(HazardEvent.at.desc(), HazardEvent.id.desc()).limit(4 * limit))
    lookbacks = db.session.execute(
        select(Inspection.uuid, Enterprise.id, Enterprise.code, Enterprise.name, Inspection.finished_at)
        .join(Enterprise, Enterprise.id == Inspection.enterprise_id)
        .where(enterprise_filter(user), Inspection.kind == LOOKBACK)
        .order_by(Inspection.finished_at.desc(), Inspection.id.desc()).limit(limit))
    visits: dict[tuple[int, str], Candidate] = {}
    for uuid, enterprise_id, code, name, at in lookbacks:
        visits.setdefault((enterprise_id, office_date(at)),
                          Candidate(RECHECK_OPINION, code, name, at, inspection_uuid=uuid))
    for uuid, enterprise_id, code, name, at in events:
        visits.setdefault((enterprise_id, office_date(at)), Candidate(RECHECK_OPINION, code, name, at, event_uuid=uuid))
    covered = set()
    if visits:
        covered = set(db.session.scalars(select(Document.source_key).where(
            Document.kind == RECHECK_OPINION,
            Document.source_key.in_([f"visit:{key[0]}:{key[1]}" for key in visits]))))
    open_visits = [candidate for key, candidate in visits.items() if f"visit:{key[0]}:{key[1]}" not in covered]
    return sorted(open_visits, key=lambda candidate: candidate.at, reverse=True)[:limit]


def list_candidates(user: User) -> dict[str, list[Candidate]]:
    """The records waiting for a document, by kind (the circular is chosen by period on its own page)."""
    return {INSPECTION_RECORD: list_inspection_candidates(user, INSPECTION_RECORD),
            RECTIFICATION_ORDER: list_inspection_candidates(user, RECTIFICATION_ORDER),
            ONSITE_MEASURES: list_inspection_candidates(user, ONSITE_MEASURES),
            RECHECK_OPINION: list_opinion_candidates(user)}


def is_office(user: User) -> bool:
    return user.has_role(*OFFICE)


PHONE_DOCUMENTS = 100  # the newest documents an enterprise's phone keeps; older ones are on the back office's list


def list_documents_for_phone(user: User) -> list[dict]:
    """The documents addressed to an enterprise account's own enterprise, the newest first, as its phone keeps
    them (the pull's ``documents``): always the complete list, which the phone replaces. Empty for other roles:
    the office reads its documents in the back office."""
    if Role(user.role) is not Role.ENTERPRISE:
        return []
    superseded = aliased(Document)
    rows = db.session.execute(
        select(Document, exists().where(superseded.supersedes_id == Document.id))
        .where(document_scope(user)).order_by(Document.issued_at.desc(), Document.id.desc()).limit(PHONE_DOCUMENTS))
    return [{"id": document.id, "type": document.kind, "number": document.reference,
             "issued_on": document.content.get("issued_on") or office_date(document.issued_at),
             "sha256": document.sha256, "superseded": bool(replaced), "pdf_url": f"/documents/{document.id}.pdf",
             "verify_url": verify_path(document)}
            for document, replaced in rows]
