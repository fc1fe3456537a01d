"""The daily digest: one row per enterprise and office day, rolling up that day's hazard chains and documents."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from safety.common.types import UTCDateTime, utcnow
from safety.extensions import db


class EvidenceDigest(db.Model):
    """What an enterprise's evidence stood at when one office day ended, as one SHA-256.

    ``leaves`` keeps what was rolled up, so a check names the hazard or document that no
    longer matches: ``{"hazards": {hazard UUID: record hash of its last event received by the
    end of the day}, "documents": {document id: SHA-256 of its frozen content}}`` for the
    hazards with events and the documents issued that day. ``digest`` is the SHA-256 of
    ``previous_digest`` (the enterprise's digest of its day before, or zeros) and the leaves,
    so the days are a chain too. Each digest is also written to the audit log. Rows are only
    ever added.
    """

    __tablename__ = "evidence_digests"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="RESTRICT"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)  # the office's calendar day
    previous_digest: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
    leaves: Mapped[dict] = mapped_column(JSON)
    hazard_count: Mapped[int] = mapped_column(Integer)
    event_count: Mapped[int] = mapped_column(Integer)  # events of the day
    document_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Sealing a day twice (two cron runs racing) must never make two digests: the database decides.
    __table_args__ = (UniqueConstraint("enterprise_id", "day", name="uq_evidence_digests_enterprise_day"),)
