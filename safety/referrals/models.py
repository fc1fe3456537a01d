"""A referral: who sent which hazards of which enterprise to whom, by when a reply is due, and the reply."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safety.common.types import UTCDateTime, utcnow
from safety.extensions import db
from safety.referrals.vocabulary import AWAITING, OVERDUE, REPLIED, REPORT_UP, TAKEN_OVER

# The hazards a referral carries (their photos are its evidence).
referral_hazards = Table(
    "referral_hazards", db.Model.metadata,
    Column("referral_id", ForeignKey("referrals.id", ondelete="CASCADE"), primary_key=True),
    Column("hazard_id", ForeignKey("hazards.id", ondelete="RESTRICT"), primary_key=True),
)


class RoutedReferral(db.Model):
    """A referral routed through the tool (移送 or 上报): sent to exactly one receiver, an industry department or
    a unit, who answers it here. Its status is derived from the reply. (The enforcement measure of a referral,
    its decision number and legal basis, is :class:`safety.measures.models.Measure`; ``measure`` links the two.)
    """

    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # vocabulary.KINDS
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="RESTRICT"), index=True)
    from_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    to_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="RESTRICT"),
                                                         index=True)
    to_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")  # 移送理由
    reply_due_on: Mapped[date] = mapped_column(Date)  # 要求回复日期
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reply: Mapped[str | None] = mapped_column(Text)  # 回复: what the receiver did
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    taken_over: Mapped[bool] = mapped_column(Boolean, default=False)  # a report upward the receiver took over
    # The referral decision (移送, a measure of safety.measures) this sends, when the office recorded one: the
    # receiver's answer is its reply.
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("enforcement_measures.id", ondelete="SET NULL"))

    enterprise = relationship("Enterprise")
    from_unit = relationship("Unit", foreign_keys=[from_unit_id])
    to_unit = relationship("Unit", foreign_keys=[to_unit_id])
    to_department = relationship("Department")
    sent_by = relationship("User", foreign_keys=[sent_by_id])
    replied_by = relationship("User", foreign_keys=[replied_by_id])
    hazards = relationship("Hazard", secondary=referral_hazards, order_by="Hazard.id")
    measure = relationship("Measure")

    __table_args__ = (
        CheckConstraint("(to_department_id IS NULL) <> (to_unit_id IS NULL)", name="one_receiver"),
        Index("ix_referrals_open_due", "replied_at", "reply_due_on"),
    )

    def status(self, today: date) -> str:
        if self.replied_at is not None:
            return TAKEN_OVER if self.taken_over else REPLIED
        return OVERDUE if self.reply_due_on < today else AWAITING

    @property
    def receiver_name(self) -> str:
        from safety.units.departments import department_name
        return self.to_unit.name if self.to_unit is not None else department_name(self.to_department)

    @property
    def is_report_up(self) -> bool:
        return self.kind == REPORT_UP
