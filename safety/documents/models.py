"""Documents the office issues (执法文书): the rectification notice and the re-inspection opinion."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from safety.common.types import UTCDateTime, utcnow
from safety.extensions import db

NOTICE = "rectification_notice"  # 整改通知书
OPINION = "recheck_opinion"  # 复查意见书
KINDS = (NOTICE, OPINION)


class Document(db.Model):
    """One issued document, numbered per kind and year (〔2026〕第012号).

    ``content`` keeps what the document said when it was issued (the enterprise, the
    hazards with their three fixes and legal basis, the re-check results): a reprint
    must read like the paper the enterprise signed, even after the records moved on.
    It is about one record: an inspection (a notice, or the opinion of a look-back
    inspection) or a re-check event of a hazard.
    """

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    year: Mapped[int] = mapped_column(Integer)  # the office's calendar year of issue
    number: Mapped[int] = mapped_column(Integer)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="RESTRICT"), index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id", ondelete="RESTRICT"))
    hazard_event_id: Mapped[int | None] = mapped_column(ForeignKey("hazard_events.id", ondelete="RESTRICT"))
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[dict] = mapped_column(JSON)

    __table_args__ = (
        # Two supervisors issuing at once must never share a number: the database decides.
        UniqueConstraint("kind", "year", "number", name="uq_documents_kind_year_number"),
        # One document of a kind per record: issuing again shows the one already issued.
        UniqueConstraint("kind", "inspection_id", name="uq_documents_kind_inspection_id"),
        UniqueConstraint("kind", "hazard_event_id", name="uq_documents_kind_hazard_event_id"),
        Index("ix_documents_issued_at", "issued_at"),
    )

    @property
    def reference(self) -> str:
        """The document number as printed: 〔2026〕第012号."""
        return format_reference(self.year, self.number)


def format_reference(year: int, number: int) -> str:
    return f"〔{year}〕第{number:03d}号"
