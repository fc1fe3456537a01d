"""Sealing an office day: each enterprise's hazard chains and documents of the day rolled up into one digest.

``flask seal-evidence`` runs it (nightly, after midnight on the office's clock: docs/DEPLOY.md). A day is
sealed once per enterprise; sealing it again adds only the enterprises not sealed yet. Each digest is written
to the audit log in the same transaction.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from safety.audit.operations import record_audit
from safety.common.canonical import value_hash
from safety.common.office_time import start_of_office_day
from safety.documents.models import Document
from safety.enterprises.models import Enterprise
from safety.evidence.chain import GENESIS
from safety.evidence.models import EvidenceDigest
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent

SEALED = "evidence.sealed"  # the audit log's action


def document_sha256(content: dict) -> str:
    """SHA-256 of a document's frozen content as canonical JSON (sorted keys, no whitespace, UTF-8): the form the
    documents package freezes a document with (``safety.common.canonical.value_hash``), so a document's own
    ``sha256`` and its leaf in a daily digest are the same hash."""
    return value_hash(content)


def digest_of(previous_digest: str, leaves: dict) -> str:
    """The day's digest: its leaves (canonical JSON) chained to the enterprise's digest of its day before."""
    text = previous_digest + "\n" + json.dumps(leaves, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _bounds(day: date) -> tuple[datetime, datetime]:
    return start_of_office_day(day), start_of_office_day(day + timedelta(days=1))


def day_leaves(enterprise_id: int, day: date) -> tuple[dict, int]:
    """What the enterprise's evidence of ``day`` holds now, as the digest rolls it up; and the day's events."""
    start, end = _bounds(day)
    of_day = (select(HazardEvent.hazard_id, func.count().label("events")).join(Hazard)
              .where(Hazard.enterprise_id == enterprise_id, HazardEvent.received_at >= start,
                     HazardEvent.received_at < end)
              .group_by(HazardEvent.hazard_id).subquery())
    last = (select(HazardEvent.hazard_id, func.max(HazardEvent.id).label("last_id"))
            .where(HazardEvent.hazard_id.in_(select(of_day.c.hazard_id)), HazardEvent.received_at < end)
            .group_by(HazardEvent.hazard_id).subquery())
    heads = db.session.execute(select(Hazard.uuid, HazardEvent.record_hash)
                               .join(last, last.c.hazard_id == Hazard.id)
                               .join(HazardEvent, HazardEvent.id == last.c.last_id)).tuples()
    events = db.session.scalar(select(func.coalesce(func.sum(of_day.c.events), 0)))
    documents = db.session.execute(select(Document.id, Document.content).where(
        Document.enterprise_id == enterprise_id, Document.issued_at >= start, Document.issued_at < end)).tuples()
    return ({"hazards": {uuid: head for uuid, head in heads},
             "documents": {str(document_id): document_sha256(content) for document_id, content in documents}},
            int(events))


def _enterprises_of_day(day: date) -> list[int]:
    start, end = _bounds(day)
    with_events = (select(Hazard.enterprise_id).join(HazardEvent)
                   .where(HazardEvent.received_at >= start, HazardEvent.received_at < end))
    with_documents = select(Document.enterprise_id).where(Document.issued_at >= start, Document.issued_at < end)
    sealed = select(EvidenceDigest.enterprise_id).where(EvidenceDigest.day == day)
    return sorted(set(db.session.scalars(with_events.union(with_documents))) - set(db.session.scalars(sealed)))


def previous_digest(enterprise_id: int, day: date) -> str:
    """The enterprise's digest of its last sealed day before ``day``; zeros before its first."""
    found = db.session.scalar(select(EvidenceDigest.digest).where(
        EvidenceDigest.enterprise_id == enterprise_id, EvidenceDigest.day < day)
        .order_by(EvidenceDigest.day.desc()).limit(1))
    return found or GENESIS


def seal_day(day: date) -> list[EvidenceDigest]:
    """Write the digest of ``day`` for every enterprise with hazard events or documents that day and none yet,
    each with its audit entry. Flushed, never committed."""
    sealed = []
    for enterprise_id in _enterprises_of_day(day):
        leaves, events = day_leaves(enterprise_id, day)
        previous = previous_digest(enterprise_id, day)
        digest = EvidenceDigest(enterprise_id=enterprise_id, day=day, previous_digest=previous,
                                digest=digest_of(previous, leaves), leaves=leaves,
                                hazard_count=len(leaves["hazards"]), event_count=events,
                                document_count=len(leaves["documents"]))
        db.session.add(digest)
        enterprise = db.session.get(Enterprise, enterprise_id)
        record_audit(None, SEALED, "enterprise", enterprise.code, enterprise.name, changes={
            "day": [None, day.isoformat()], "digest": [None, digest.digest],
            "hazards": [None, digest.hazard_count], "documents": [None, digest.document_count]})
        sealed.append(digest)
    db.session.flush()
    return sealed
