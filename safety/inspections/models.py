"""Inspections and their answers."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safety.common.revisions import Synced
from safety.common.types import UTCDateTime, UUIDString, utcnow
from safety.extensions import db
from safety.inspections.vocabulary import ROUTINE, SUBMITTED


class Inspection(Synced, db.Model):
    """A finished inspection as the phone sent it, with the server's receipt time."""

    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(primary_key=True)
    # The phone makes the UUID; the unique constraint makes a re-sent document land once.
    uuid: Mapped[str] = mapped_column(UUIDString, unique=True)
    # SHA-256 of the document as sent (safety.common.canonical): a resend is the same content or a 409.
    # None for inspections stored before it was kept, compared with what they hold instead.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="RESTRICT"), index=True)
    template_version_id: Mapped[int] = mapped_column(ForeignKey("template_versions.id", ondelete="RESTRICT"),
                                                     index=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    co_inspectors: Mapped[str] = mapped_column(String(200), default="")  # names of colleagues along
    kind: Mapped[str] = mapped_column(String(16), default=ROUTINE)  # vocabulary.KINDS
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)  # phone clock
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # phone clock
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # server clock
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    identified_by: Mapped[str] = mapped_column(String(8))  # vocabulary.IDENTIFIED_BY
    notes: Mapped[str] = mapped_column(Text, default="")
    # Who signed for the enterprise; the signatures themselves are photos with a signature purpose.
    representative_name: Mapped[str] = mapped_column(String(100), default="")
    # Which revision each signature belongs to, and what the representative signed (safety.inspections.signatures):
    # the fingerprint of this document's signed content, and the one the attached representative signature was
    # given for. The two differ when a revision carried a signature over content changed since. None: stored
    # before signatures were tied to content, or not signed.
    signed_content_sha256: Mapped[str | None] = mapped_column(String(64))
    inspector_signed_revision: Mapped[int | None] = mapped_column(Integer)
    representative_signed_revision: Mapped[int | None] = mapped_column(Integer)
    representative_signed_sha256: Mapped[str | None] = mapped_column(String(64))
    # Why the enterprise did not sign (amended at the office without the enterprise, a refusal to sign).
    representative_absent_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    review_state: Mapped[str] = mapped_column(String(16), default=SUBMITTED, index=True)  # vocabulary.REVIEW_STATES
    review_comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The returned inspection this one amends; unique, so a returned inspection has one revision at most.
    # The self-references are NO ACTION, not RESTRICT: checked at the end of a statement, so deleting a whole
    # chain in one statement works, while deleting an earlier revision alone is still refused.
    revision_of_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"), unique=True)
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # 1 for the first document
    # The first document of a revised inspection (None for a first document): every revision of one
    # inspection is found with one comparison, whatever the number of revisions.
    original_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"), index=True)
    # The campaign task this inspection was made for; it fulfils the task unless a revision superseded it.
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="RESTRICT"), index=True)
    # The visit this inspection was one checklist of: the phone gives every checklist it went through at one
    # enterprise in one visit the same UUID (the document names one template; a visit may need several).
    visit_uuid: Mapped[str | None] = mapped_column(UUIDString, index=True)

    answers: Mapped[list["Answer"]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="Answer.id")

    # Each enterprise's last inspection (the dashboard's coverage) read from the index alone.
    __table_args__ = (Index("ix_inspections_enterprise_finished", "enterprise_id", "finished_at"),)


class Answer(db.Model):
    """The answer to one item of the template version the inspection used."""

    __tablename__ = "answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("template_items.id", ondelete="RESTRICT"), index=True)
    result: Mapped[str | None] = mapped_column(String(4))  # vocabulary.RESULTS, for pass_fail items
    value: Mapped[str | None] = mapped_column(Text)  # number or text items
    note: Mapped[str] = mapped_column(Text, default="")

    inspection: Mapped[Inspection] = relationship(back_populates="answers")

    __table_args__ = (UniqueConstraint("inspection_id", "item_id", name="uq_answers_inspection_item"),)


class InspectionTeamMember(db.Model):
    """One member of an inspection's team, in the order the phone listed them.

    Staff (``role`` staff) carry their user; outside participants (an expert, another department on a
    joint check) carry only the name and organisation typed on the phone. A member the server cannot take
    as sent (an account deactivated while the phone was offline) is stored with a ``flag``, never dropped:
    the team is what the phone recorded.
    """

    __tablename__ = "inspection_team"
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    name: Mapped[str] = mapped_column(String(100), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))  # campaigns.vocabulary.TEAM_ROLES: staff, expert, department
    flag: Mapped[str | None] = mapped_column(String(16))  # campaigns.vocabulary.TEAM_FLAGS, e.g. deactivated
