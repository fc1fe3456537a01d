"""Documents the office issues (执法文书), frozen when issued, and the hazards each one was made from."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from safety.common.types import UTCDateTime, utcnow
from safety.extensions import db

INSPECTION_RECORD = "inspection_record"  # 现场检查记录
RECTIFICATION_ORDER = "rectification_order"  # 责令限期整改指令书 (the former 整改通知书)
RECHECK_OPINION = "recheck_opinion"  # 整改复查意见书
ONSITE_MEASURES = "onsite_measures"  # 现场处理措施决定书
CIRCULAR = "circular"  # 通报
KINDS = (INSPECTION_RECORD, RECTIFICATION_ORDER, RECHECK_OPINION, ONSITE_MEASURES, CIRCULAR)
# The names the code used before the full set; kept so older callers read plainly.
NOTICE, OPINION = RECTIFICATION_ORDER, RECHECK_OPINION


def document_series(kind: str) -> str:
    """The numbering series of a kind (safety.common.numbering): one per kind, counting per office year."""
    return f"doc:{kind}"


# Links both ways between a document and the hazards it was made from.
document_hazards = Table(
    "document_hazards", db.Model.metadata,
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("hazard_id", ForeignKey("hazards.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Document(db.Model):
    """One issued document, numbered per kind and office year (园安监责改〔2026〕第012号).

    ``content`` is what the document said when it was issued, office and team included: a
    reprint reads like the paper the enterprise signed even after the records moved on.
    ``sha256`` is the hash of its canonical serialisation, taken at issue; the verify page
    recomputes it, so an altered byte shows. ``source_key`` names what the document was made
    from (an inspection, a visit, a set of hazards, a period): the same request again finds
    it. A correction is a new document of the next ``edition`` that ``supersedes`` the old.
    """

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))  # KINDS; "type" in the API
    year: Mapped[int] = mapped_column(Integer)  # the office's calendar year of issue
    number: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(80))  # the number as printed, prefix included
    source_key: Mapped[str] = mapped_column(String(120))
    edition: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id", ondelete="RESTRICT"), index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id", ondelete="RESTRICT"), index=True)
    hazard_event_id: Mapped[int | None] = mapped_column(ForeignKey("hazard_events.id", ondelete="RESTRICT"))
    period_from: Mapped[date | None] = mapped_column(Date)  # a circular's period
    period_to: Mapped[date | None] = mapped_column(Date)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[dict] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        # Two supervisors issuing at once must never share a number: the database decides.
        UniqueConstraint("kind", "year", "number", name="uq_documents_kind_year_number"),
        # One document per source and edition: a twin request meets this index and finds the first.
        UniqueConstraint("kind", "source_key", "edition", name="uq_documents_kind_source_edition"),
        Index("ix_documents_issued_at", "issued_at"),
        Index("ix_documents_kind_issued", "kind", "issued_at"),  # a report's circulars (safety.documents.figures)
    )


def format_reference(year: int, number: int, prefix: str = "") -> str:
    """The number as printed: ``园安监责改〔2026〕第012号``."""
    return f"{prefix}〔{year}〕第{number:03d}号"
