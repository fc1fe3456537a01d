"""Enforcement measures and the referrals among them (the office's penalty powers are in safety.office)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safety.common.types import UTCDateTime, utcnow
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.measures.vocabulary import DECIDED, IN_FORCE, LIFTED


class Measure(db.Model):
    """One enforcement measure against an enterprise, from its decision to its service and, for some, its lifting.

    The status is never stored: it follows from the dates (decided; served: in force; lifted). A referral keeps
    its department and reply date in :class:`Referral`; its reply is recorded as its lifting.
    """

    __tablename__ = "enforcement_measures"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)  # vocabulary.KINDS
    decision_number: Mapped[str] = mapped_column(String(64))  # 决定书文号, e.g. X应急罚〔2026〕12号
    legal_basis: Mapped[str] = mapped_column(Text)  # 法律依据
    subject: Mapped[str] = mapped_column(String(300), default="")  # the equipment, area or goods it applies to
    fine_yuan: Mapped[int | None] = mapped_column(Integer)  # 罚款金额 in yuan; fines only
    decided_on: Mapped[date] = mapped_column(Date, index=True)  # 决定日期
    served_on: Mapped[date | None] = mapped_column(Date)  # 送达日期: in force from then
    lifted_on: Mapped[date | None] = mapped_column(Date)  # 解除日期 (a referral: the day the reply came)
    lift_note: Mapped[str] = mapped_column(Text, default="")  # why lifted; a referral: the department's reply
    # The restart inspection (复产验收) whose approval lifted a shutdown order.
    lifted_by_inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id", ondelete="RESTRICT"))
    # The hazard the on-site measure was ordered for on the phone (Hazard.onsite_measure): one measure at most.
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazards.id", ondelete="RESTRICT"), unique=True)
    # The 现场处理措施决定书 that decided it: its number is the measure's decision number (documents.onsite).
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"), index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    enterprise: Mapped[Enterprise] = relationship()
    referral: Mapped["Referral | None"] = relationship(back_populates="measure", cascade="all, delete-orphan",
                                                      uselist=False)

    __table_args__ = (
        # One decision may impose a warning and a fine together, never two fines: a second is a duplicate entry.
        # A decision on on-site measures may stop two machines, one measure per hazard: those are unique by hazard.
        Index("uq_enforcement_measures_decision_kind", "decision_number", "kind", unique=True,
              sqlite_where=hazard_id.is_(None), postgresql_where=hazard_id.is_(None)),
        Index("ix_enforcement_measures_enterprise_kind", "enterprise_id", "kind"))

    @property
    def status(self) -> str:
        if self.lifted_on is not None:
            return LIFTED
        return IN_FORCE if self.served_on is not None else DECIDED

    def __repr__(self) -> str:
        return f"<Measure {self.kind} {self.decision_number}>"


class Referral(db.Model):
    """Where a referral (移送) went and by when a reply is expected.

    Kept apart from the measure so that the department can later be a receiving unit of the office's tree.
    """

    __tablename__ = "measure_referrals"
    measure_id: Mapped[int] = mapped_column(ForeignKey("enforcement_measures.id", ondelete="CASCADE"),
                                            primary_key=True)
    department: Mapped[str] = mapped_column(String(200))  # 接收部门, e.g. 区市场监督管理局
    reply_due_on: Mapped[date] = mapped_column(Date)  # 要求回复日期

    measure: Mapped[Measure] = relationship(back_populates="referral")
