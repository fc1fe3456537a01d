"""Checking the evidence: every hazard's event chain, every photo original, every sealed day and document.

The check reports and never repairs: a break is named (what, where, how it differs) and left
as found. Hazards are read in batches, so a district's ledger is checked in constant memory.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from safety.audit.models import AuditEntry
from safety.common.office_time import start_of_office_day
from safety.documents.models import Document
from safety.enterprises.models import Enterprise
from safety.evidence.chain import GENESIS, EventEvidence, record_hash
from safety.evidence.digests import SEALED, day_leaves, digest_of, document_sha256
from safety.evidence.models import EvidenceDigest
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.validation import SIGNATURE_PURPOSE
from safety.inspections.models import Answer, Inspection
from safety.photos.copies import MISMATCH, MISSING, check_original
from safety.photos.models import Photo

BATCH = 500


@dataclass(frozen=True)
class Break:
    """One place where the evidence is not what was recorded: ``kind`` (a stable code), ``where`` (the record,
    named as people find it) and ``detail`` (how it differs)."""

    kind: str
    where: str
    detail: str
    # ``where`` in the reader's language, for the pages (the command line keeps ``where``); None: as ``where``.
    place: object = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


@dataclass
class Report:
    """What was checked, and every break found."""

    breaks: list[Break] = field(default_factory=list)
    hazards: int = 0
    events: int = 0
    photos: int = 0
    documents: int = 0
    digests: int = 0

    @property
    def intact(self) -> bool:
        return not self.breaks


def _hazard_name(hazard_number: str | None, hazard_uuid: str) -> str:
    return f"hazard {hazard_number or hazard_uuid}"


def check_chain(hazard_uuid: str, hazard_number: str | None, events: list[HazardEvent],
                evidence: dict[int, EventEvidence]) -> list[Break]:
    """The breaks of one hazard's log, ``events`` in the order stored (by id)."""
    breaks = []
    previous = GENESIS
    for position, event in enumerate(events, start=1):
        where = (f"{_hazard_name(hazard_number, hazard_uuid)}, event {position} of {len(events)} "
                 f"({event.type} {event.uuid})")
        place = _l("hazard %(hazard)s, event %(position)s of %(count)s (%(type)s %(uuid)s)",
                   hazard=hazard_number or hazard_uuid, position=position, count=len(events), type=event.type,
                   uuid=event.uuid)
        if event.record_hash is None:
            breaks.append(Break("event_unsealed", where, "stored without a hash", place))
        else:
            if event.previous_hash != previous:
                breaks.append(Break("chain_broken", where,
                                    f"it follows {event.previous_hash} but the event before it is {previous}: "
                                    "an event was removed, inserted or reordered", place))
            computed = record_hash(hazard_uuid, event, evidence.get(event.id, EventEvidence()), event.previous_hash)
            if computed != event.record_hash:
                breaks.append(Break("event_changed", where,
                                    f"its content (note, times, actor, photos…) hashes to {computed}, "
                                    f"the chain holds {event.record_hash}", place))
        previous = event.record_hash or previous
    return breaks


def _evidence_of(event_ids: list[int]) -> dict[int, EventEvidence]:
    photos: dict[int, list[str]] = defaultdict(list)
    pairs: dict[int, list[tuple[str, str]]] = defaultdict(list)
    signatures: dict[int, str] = {}
    before = aliased(Photo)
    for event_id, sha256, purpose, before_sha256 in db.session.execute(
            select(Photo.hazard_event_id, Photo.sha256, Photo.purpose, before.sha256)
            .outerjoin(before, before.id == Photo.before_photo_id).where(Photo.hazard_event_id.in_(event_ids))):
        if purpose == SIGNATURE_PURPOSE:
            signatures[event_id] = sha256
        else:
            photos[event_id].append(sha256)
            if before_sha256 is not None:
                pairs[event_id].append((sha256, before_sha256))
    return {event_id: EventEvidence(tuple(photos.get(event_id, ())), signatures.get(event_id),
                                    tuple(pairs.get(event_id, ())))
            for event_id in event_ids}


def check_hazards(hazard_ids: list[int]) -> tuple[list[Break], int]:
    """The breaks of these hazards' chains, and how many events were checked."""
    events = list(db.session.scalars(select(HazardEvent).where(HazardEvent.hazard_id.in_(hazard_ids))
                                     .order_by(HazardEvent.hazard_id, HazardEvent.id)))
    evidence = _evidence_of([event.id for event in events])
    by_hazard: dict[int, list[HazardEvent]] = defaultdict(list)
    for event in events:
        by_hazard[event.hazard_id].append(event)
    names = dict((hazard_id, (uuid, number)) for hazard_id, uuid, number in db.session.execute(
        select(Hazard.id, Hazard.uuid, Hazard.number).where(Hazard.id.in_(hazard_ids))))
    breaks = []
    for hazard_id in hazard_ids:
        uuid, number = names[hazard_id]
        breaks += check_chain(uuid, number, by_hazard.get(hazard_id, []), evidence)
    return breaks, len(events)


def check_photo(photo_uuid: str, sha256: str) -> Break | None:
    """The original of one photo against its recorded SHA-256 (the photos package's own check): None when it
    matches."""
    where, place = f"photo {photo_uuid}", _l("photo %(uuid)s", uuid=photo_uuid)
    check = check_original(_Recorded(sha256))
    if check == MISSING:
        return Break("photo_missing", where, f"no original stored under {sha256}", place)
    if check == MISMATCH:
        return Break("photo_changed", where, f"the stored original no longer hashes to {sha256}, the SHA-256 "
                                             "on its record", place)
    return None


@dataclass(frozen=True)
class _Recorded:
    """What the check of an original reads of a photo's record: its SHA-256."""

    sha256: str


def check_digest(digest: EvidenceDigest, enterprise_code: str, previous: str, audited: str | None) -> list[Break]:
    """One sealed day against what its records hold now, its place in the enterprise's chain of days and the
    audit log's copy. A document is named by its number when its content no longer hashes as sealed."""
    where = f"digest of {digest.day.isoformat()} for enterprise {enterprise_code}"
    breaks = []
    if digest.digest != digest_of(digest.previous_digest, digest.leaves):
        breaks.append(Break("digest_changed", where, "its stored leaves no longer hash to its digest"))
    if digest.previous_digest != previous:
        breaks.append(Break("digest_chain_broken", where,
                            f"it follows {digest.previous_digest}, the enterprise's day before is {previous}"))
    if audited != digest.digest:
        breaks.append(Break("digest_not_audited", where,
                            f"the audit log holds {audited or 'no entry'}, the table {digest.digest}"))
    now, _events = day_leaves(digest.enterprise_id, digest.day)
    sealed_hazards, current_hazards = digest.leaves.get("hazards", {}), now["hazards"]
    for hazard_uuid in sorted(set(sealed_hazards) | set(current_hazards)):
        if sealed_hazards.get(hazard_uuid) != current_hazards.get(hazard_uuid):
            breaks.append(Break("hazard_differs_from_digest", f"hazard {_number_of(hazard_uuid)}",
                                f"its chain at the end of {digest.day.isoformat()} ends in "
                                f"{current_hazards.get(hazard_uuid) or 'nothing'}, the day was sealed with "
                                f"{sealed_hazards.get(hazard_uuid) or 'nothing'}"))
    sealed_documents, current_documents = digest.leaves.get("documents", {}), now["documents"]
    for document_id in sorted(set(sealed_documents) | set(current_documents), key=int):
        if sealed_documents.get(document_id) != current_documents.get(document_id):
            breaks.append(Break("document_changed", _document_name(int(document_id)),
                                f"its frozen content hashes to {current_documents.get(document_id) or 'nothing'}, "
                                f"it was sealed on {digest.day.isoformat()} as "
                                f"{sealed_documents.get(document_id) or 'nothing'}"))
    return breaks


def _number_of(hazard_uuid: str) -> str:
    return db.session.scalar(select(Hazard.number).where(Hazard.uuid == hazard_uuid)) or hazard_uuid


def _document_name(document_id: int) -> str:
    document = db.session.get(Document, document_id)
    if document is None:
        return f"document {document_id} (no longer stored)"
    return f"document {document.reference} ({document.kind}, id {document.id})"


def check_documents(documents) -> list[Break]:
    """Documents that carry their own SHA-256 (a ``sha256`` column) against their frozen content."""
    if not hasattr(Document, "sha256"):
        return []
    return [Break("document_changed", _document_name(document.id),
                  f"its frozen content hashes to {document_sha256(document.content)}, it was issued as "
                  f"{document.sha256}")
            for document in documents if document.sha256 and document.sha256 != document_sha256(document.content)]


def verify_evidence(enterprise_code: str | None = None, since: date | None = None) -> Report:
    """Recompute everything: each hazard's chain (of an enterprise, or with an event since ``since``), each photo
    original, each sealed day and each document carrying its own hash. Reads only."""
    report = Report()
    enterprise = None
    if enterprise_code is not None:
        enterprise = db.session.scalar(select(Enterprise).where(Enterprise.code == enterprise_code))
        if enterprise is None:
            raise LookupError(enterprise_code)
    start = start_of_office_day(since) if since is not None else None

    hazards = select(Hazard.id).order_by(Hazard.id)
    if enterprise is not None:
        hazards = hazards.where(Hazard.enterprise_id == enterprise.id)
    if start is not None:
        hazards = hazards.where(Hazard.id.in_(select(HazardEvent.hazard_id).where(HazardEvent.received_at >= start)))
    hazard_ids = list(db.session.scalars(hazards))
    for first in range(0, len(hazard_ids), BATCH):
        breaks, events = check_hazards(hazard_ids[first:first + BATCH])
        report.breaks += breaks
        report.events += events
        db.session.expunge_all()
    report.hazards = len(hazard_ids)

    photos = select(Photo.uuid, Photo.sha256).order_by(Photo.id)
    if enterprise is not None:
        of_enterprise = select(Inspection.id).where(Inspection.enterprise_id == enterprise.id)
        photos = photos.where(or_(
            Photo.hazard_id.in_(select(Hazard.id).where(Hazard.enterprise_id == enterprise.id)),
            Photo.inspection_id.in_(of_enterprise),
            Photo.answer_id.in_(select(Answer.id).where(Answer.inspection_id.in_(of_enterprise)))))
    if start is not None:
        photos = photos.where(Photo.received_at >= start)
    for photo_uuid, sha256 in db.session.execute(photos).tuples().all():
        report.photos += 1
        found = check_photo(photo_uuid, sha256)
        if found is not None:
            report.breaks.append(found)

    digests = (select(EvidenceDigest, Enterprise.code).join(Enterprise, Enterprise.id == EvidenceDigest.enterprise_id)
               .order_by(EvidenceDigest.enterprise_id, EvidenceDigest.day))
    audits = select(AuditEntry.target_key, AuditEntry.changes).where(AuditEntry.action == SEALED)
    if enterprise is not None:
        digests = digests.where(EvidenceDigest.enterprise_id == enterprise.id)
        audits = audits.where(AuditEntry.target_key == enterprise.code)
    audited = {}
    for code, changes in db.session.execute(audits).tuples():
        audited[(code, changes.get("day", [None, None])[1])] = changes.get("digest", [None, None])[1]
    previous: dict[int, str] = {}
    for digest, code in db.session.execute(digests).tuples():
        before = previous.get(digest.enterprise_id, GENESIS)
        previous[digest.enterprise_id] = digest.digest
        if since is not None and digest.day < since:
            continue
        report.digests += 1
        report.breaks += check_digest(digest, code, before, audited.get((code, digest.day.isoformat())))

    documents = select(Document).order_by(Document.id)
    if enterprise is not None:
        documents = documents.where(Document.enterprise_id == enterprise.id)
    if start is not None:
        documents = documents.where(Document.issued_at >= start)
    checked = list(db.session.scalars(documents))
    report.documents = len(checked)
    report.breaks += check_documents(checked)
    return report


def verify_hazard(hazard: Hazard) -> list[Break]:
    """One hazard's chain and its photos' originals, as its page shows them."""
    breaks, _events = check_hazards([hazard.id])
    for photo_uuid, sha256 in db.session.execute(
            select(Photo.uuid, Photo.sha256).where(Photo.hazard_id == hazard.id).order_by(Photo.id)).tuples():
        found = check_photo(photo_uuid, sha256)
        if found is not None:
            breaks.append(found)
    return breaks
