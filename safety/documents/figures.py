"""The circulars (通报) a report counts: they name no one enterprise, so they are not in the daily figures.

The other kinds of document are counted per enterprise and day as they are issued (``documents_<kind>`` in
:mod:`safety.reports.rollup`); a report adds this statement's circulars to them.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select

from safety.documents.models import CIRCULAR, Document
from safety.enterprises.models import Enterprise
from safety.extensions import db


@dataclass
class CircularCounts:
    count: int = 0  # circulars the report counts (its documents_by_type)
    by_month: dict[str | None, int] = field(default_factory=dict)  # "YYYY-MM" → circulars issued


def count_circulars(enterprise_clause, start: datetime, end: datetime, month_of, with_circulars: bool
                    ) -> CircularCounts:
    """The circulars issued from ``start`` to ``end`` (UTC bounds) addressed to the enterprises
    ``enterprise_clause`` selects, or, when ``with_circulars`` (a report of the whole jurisdiction), every
    circular, with those by month (``month_of``: the SQL "YYYY-MM" of a time). One statement, reading circulars
    only (``ix_documents_kind_issued``)."""
    addressed = Document.enterprise_id.in_(select(Enterprise.id).where(enterprise_clause))
    inner = (select(month_of(Document.issued_at).label("month"))
             .where(Document.kind == CIRCULAR, Document.issued_at >= start, Document.issued_at < end,
                    or_(addressed, Document.kind == CIRCULAR) if with_circulars else addressed).subquery())
    counts = CircularCounts()
    by_month: dict[str | None, int] = defaultdict(int)
    for month, count in db.session.execute(select(inner.c.month, func.count()).group_by(inner.c.month)):
        counts.count += count
        by_month[month] += count
    counts.by_month = dict(by_month)
    return counts
