"""The documents a report counts by kind (``documents_by_type``), and the circulars, which name no one enterprise."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select

from safety.documents.models import CIRCULAR, KINDS, Document
from safety.enterprises.models import Enterprise
from safety.extensions import db


@dataclass
class DocumentCounts:
    by_type: dict[str, int]
    circulars_by_month: dict[str | None, int] = field(default_factory=dict)  # "YYYY-MM" → circulars issued


def count_documents(enterprise_clause, start: datetime, end: datetime, month_of, with_circulars: bool
                    ) -> DocumentCounts:
    """How many documents of each kind were issued from ``start`` to ``end`` (UTC bounds) to the enterprises
    ``enterprise_clause`` selects, and, when ``with_circulars``, the circulars by month (``month_of``: the SQL
    "YYYY-MM" of a time). One statement; every kind present, 0 when none."""
    addressed = Document.enterprise_id.in_(select(Enterprise.id).where(enterprise_clause))
    inner = (select(Document.kind.label("kind"), month_of(Document.issued_at).label("month"))
             .where(Document.issued_at >= start, Document.issued_at < end,
                    or_(addressed, Document.kind == CIRCULAR) if with_circulars else addressed).subquery())
    counts = DocumentCounts(dict.fromkeys(KINDS, 0))
    circulars: dict[str | None, int] = defaultdict(int)
    for kind, month, count in db.session.execute(
            select(inner.c.kind, inner.c.month, func.count()).group_by(inner.c.kind, inner.c.month)):
        counts.by_type[kind] = counts.by_type.get(kind, 0) + count
        if kind == CIRCULAR:
            circulars[month] += count
    counts.circulars_by_month = dict(circulars)
    return counts
