"""The documents a report counts: issued in a period, by kind (``documents_by_type``)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select

from safety.documents.models import CIRCULAR, KINDS, Document
from safety.enterprises.models import Enterprise
from safety.extensions import db


def count_documents_by_type(enterprise_clause, start: datetime, end: datetime, with_circulars: bool) -> dict[str, int]:
    """How many documents of each kind were issued from ``start`` to ``end`` (UTC bounds) to the enterprises
    ``enterprise_clause`` selects; circulars (addressed to no one enterprise) when ``with_circulars``. One
    statement; every kind present, 0 when none."""
    addressed = Document.enterprise_id.in_(select(Enterprise.id).where(enterprise_clause))
    scope = or_(addressed, Document.kind == CIRCULAR) if with_circulars else addressed
    counts = {kind: count for kind, count in db.session.execute(
        select(Document.kind, func.count(Document.id))
        .where(Document.issued_at >= start, Document.issued_at < end, scope).group_by(Document.kind))}
    return {kind: counts.get(kind, 0) for kind in KINDS}
