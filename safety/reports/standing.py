"""What each enterprise stands at now (企业现状): its hazards not yet closed, how many of them are major, and its
last inspection, kept as records are written, so that the dashboard's ten enterprises with most open hazards and
its coverage read one row per enterprise instead of grouping every hazard and every inspection.

Kept beside the daily figures (:mod:`safety.reports.rollup`) and by the same step: the transaction that stamps a
hazard or an inspection counts its enterprise's row again before it commits.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, bindparam, delete, func, insert, select, union_all
from sqlalchemy.orm import Mapped, mapped_column

from safety.common.types import UTCDateTime
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.vocabulary import MAJOR, OPEN_STATUSES
from safety.inspections.models import Inspection


class EnterpriseStanding(db.Model):
    """One enterprise's open hazards and last inspection, as its records stand (every enterprise counted once
    has a row; an enterprise without records may have none)."""

    __tablename__ = "enterprise_standing"

    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True)
    open_hazards: Mapped[int] = mapped_column(Integer, default=0, server_default="0", index=True)  # not closed
    open_major: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # of open_hazards: major
    # The latest finish of any of its inspections (superseded revisions included, as the coverage counts them).
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def _counted(by_enterprise: bool):
    """A select of (enterprise id, open hazards, open major, last finished) from the records, of the ``ids``
    enterprises when ``by_enterprise``, else of every enterprise."""
    open_ = (Hazard.enterprise_id == Enterprise.id) & Hazard.status.in_(OPEN_STATUSES)
    statement = select(
        Enterprise.id,
        select(func.count()).select_from(Hazard).where(open_).correlate(Enterprise).scalar_subquery(),
        select(func.count()).select_from(Hazard).where(open_, Hazard.level == MAJOR).correlate(Enterprise)
        .scalar_subquery(),
        select(func.max(Inspection.finished_at)).where(Inspection.enterprise_id == Enterprise.id)
        .correlate(Enterprise).scalar_subquery())
    if by_enterprise:
        statement = statement.where(Enterprise.id.in_(bindparam("ids", expanding=True)))
    return statement


_COLUMNS = ("enterprise_id", "open_hazards", "open_major", "last_finished_at")
_STATEMENTS: dict[str, object] = {}  # by dialect, built once: a sync pays for executing it, not for building it


def _upsert(dialect: str):
    """The rows of the ``ids`` enterprises written from their records in one statement (INSERT ... ON CONFLICT,
    which SQLite and PostgreSQL both read)."""
    if dialect not in _STATEMENTS:
        from sqlalchemy.dialects import postgresql, sqlite
        insert_for = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert_for(EnterpriseStanding.__table__).from_select(_COLUMNS, _counted(True))
        _STATEMENTS[dialect] = statement.on_conflict_do_update(
            index_elements=["enterprise_id"], set_={name: statement.excluded[name] for name in _COLUMNS[1:]})
    return _STATEMENTS[dialect]


def recount_standing(connection, enterprise_ids=None) -> None:
    """Count the rows of ``enterprise_ids`` (every enterprise: None) again from the records: one statement (two
    for every enterprise)."""
    if enterprise_ids is not None and not enterprise_ids:
        return
    table = EnterpriseStanding.__table__
    if enterprise_ids is None:
        connection.execute(delete(table))
        connection.execute(insert(table).from_select(_COLUMNS, _counted(False)))
        return
    bind = connection.get_bind() if hasattr(connection, "get_bind") else connection
    connection.execute(_upsert(bind.dialect.name), {"ids": sorted(enterprise_ids)})


def last_inspected(before: datetime):
    """A subquery of (enterprise_id, last): each enterprise's latest inspection finished before ``before``.

    From the kept row when its latest is before; for the few others (a period that ended before their latest
    inspection) from their inspections, through the (enterprise, finished) index.
    """
    kept = EnterpriseStanding.__table__.c
    later = select(kept.enterprise_id).where(kept.last_finished_at >= before)
    return union_all(
        select(kept.enterprise_id, kept.last_finished_at.label("last")).where(kept.last_finished_at < before),
        select(Inspection.enterprise_id, func.max(Inspection.finished_at))
        .where(Inspection.enterprise_id.in_(later), Inspection.finished_at < before)
        .group_by(Inspection.enterprise_id)).subquery("last_inspected")


def most_open(enterprise_ids, limit: int):
    """A select of (enterprise id, open, major) of the ``limit`` enterprises with most hazards not closed among
    ``enterprise_ids`` (a select of ids; None: every enterprise), the most first, then by code."""
    kept = EnterpriseStanding.__table__.c
    statement = (select(kept.enterprise_id, kept.open_hazards.label("open"), kept.open_major.label("major"))
                 .join(Enterprise, Enterprise.id == kept.enterprise_id).where(kept.open_hazards > 0)
                 .order_by(kept.open_hazards.desc(), Enterprise.code).limit(limit))
    return statement if enterprise_ids is None else statement.where(kept.enterprise_id.in_(enterprise_ids))
