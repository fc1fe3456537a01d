"""Hazards and hazard events."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safety.common.revisions import Synced
from safety.common.types import UTCDateTime, UUIDString, utcnow
from safety.extensions import db
from safety.hazards.vocabulary import BY_DEADLINE, GENERAL, OPEN


class Hazard(Synced, db.Model):
    """One hazard. Its status only changes through events (see the hazard life cycle)."""

    __tablename__ = "hazards"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(UUIDString, unique=True)
    # The number people read and write (YH-2026-000123), given by the server when the hazard is stored
    # (safety.hazards.operations.number_hazards); the UUID stays the identity phones and links use.
    number: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="RESTRICT"))
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id", ondelete="RESTRICT"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("template_items.id", ondelete="RESTRICT"))
    item_key: Mapped[str | None] = mapped_column(String(40))  # for "same item" across template versions
    description: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(8), default=GENERAL)  # vocabulary.LEVELS
    mode: Mapped[str] = mapped_column(String(16), default=BY_DEADLINE)  # vocabulary.MODES
    responsible_person: Mapped[str] = mapped_column(String(100), default="")  # 三定: who
    measures: Mapped[str] = mapped_column(Text, default="")  # 三定: how
    deadline: Mapped[date | None] = mapped_column(Date)  # 三定: by when (整改期限)
    status: Mapped[str] = mapped_column(String(24), default=OPEN)  # vocabulary.STATUSES
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # phone clock of the inspection
    found_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # 移送: flagged by a supervisor's escalated event, or by the escalation rule
    escalated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 反复出现: found while another hazard of the same enterprise and item was still open
    recurring: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    failed_recheck_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # 五落实 of a major hazard, beyond the three fixes above: funds and the emergency plan
    funds: Mapped[str] = mapped_column(String(200), default="", server_default="")
    emergency_plan: Mapped[str] = mapped_column(Text, default="", server_default="")
    # 挂牌督办: who supervises the listed major hazard, and by when
    supervising_unit: Mapped[str] = mapped_column(String(200), default="", server_default="")
    supervision_deadline: Mapped[date | None] = mapped_column(Date)
    # 现场处理措施: ordered on the spot for a hazard too serious to wait — {"measure": one of
    # documents.onsite.MEASURES, "place": where, "legal_basis": the article}. It makes a
    # 现场处理措施决定书 (documents of kind onsite_measures).
    onsite_measure: Mapped[dict | None] = mapped_column(JSON)
    # What phones show of the latest event of its log (safety.hazards.lifecycle.apply_event keeps it, as it appends
    # each event): a pull lists 1,500 hazards, and looking each one's latest event up was a third of that statement.
    last_event_type: Mapped[str | None] = mapped_column(String(32))
    last_event_note: Mapped[str | None] = mapped_column(Text)
    last_event_applied: Mapped[bool | None] = mapped_column(Boolean)
    last_event_actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))

    events: Mapped[list["HazardEvent"]] = relationship(
        back_populates="hazard", order_by="HazardEvent.id", cascade="all, delete-orphan")

    __table_args__ = (
        # With the time found: a scoped ledger page's ids and counts come from the index alone.
        Index("ix_hazards_enterprise_status_found", "enterprise_id", "status", "found_at"),
        # By status and deadline, holding what a report's correction for the day judges (safety.reports.summary):
        # the open hazards whose deadline is near or ahead are read from the index alone.
        Index("ix_hazards_status_deadline_found", "status", "deadline", "found_at", "enterprise_id", "escalated",
              "failed_recheck_count"),
        # The ledger's order (newest first) with the enterprise: a page's ids, deep or scoped, from the index alone.
        Index("ix_hazards_found_order", "found_at", "id", "enterprise_id"),
        # The escalation rule's flag, one of the three indexed parts of the ledger's "escalated" filter.
        Index("ix_hazards_escalated_status", "escalated", "status"),
        Index("ix_hazards_deadline", "deadline"),  # the ledger sorted by deadline
    )


class HazardEvent(db.Model):
    """One entry of a hazard's log: never edited, never deleted.

    An event from an offline phone that no longer fits the hazard's state is
    still stored, with ``applied`` false and the ``reason``. An event type the
    sender's role may never record is refused and never becomes a row.
    """

    __tablename__ = "hazard_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(UUIDString, unique=True)
    # SHA-256 of the event document as sent (safety.common.canonical): a resend is the same body or a 409.
    # None for events the server derives, and for those stored before it was kept.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    hazard_id: Mapped[int] = mapped_column(ForeignKey("hazards.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32))  # vocabulary.EVENT_TYPES
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime)  # phone clock
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # server clock
    note: Mapped[str] = mapped_column(Text, default="")
    new_deadline: Mapped[date | None] = mapped_column(Date)
    applied: Mapped[bool] = mapped_column(Boolean, default=True)
    reason: Mapped[str | None] = mapped_column(Text)  # a stable code, translated when shown (vocabulary.REASONS)
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    # The closure chain is signed (谁治理谁签名、谁验收谁签名): the name written by whoever signed this step.
    signed_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # plan_set: the fields of the plan it set (三定, 五落实, 挂牌督办), as sent, so the log shows what changed.
    plan: Mapped[dict | None] = mapped_column(JSON)
    # The hash chain over the log (safety.evidence.chain): this event's content with the previous event's hash.
    previous_hash: Mapped[str | None] = mapped_column(String(64))
    record_hash: Mapped[str | None] = mapped_column(String(64))

    hazard: Mapped[Hazard] = relationship(back_populates="events")
